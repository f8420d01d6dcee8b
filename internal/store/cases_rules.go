package store

import (
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
)

// caseCategory is the category of a case, for its triage, priority and time limits.
func (t *Tx) caseCategory(id int64) (*cases.Category, error) {
	tree, err := t.categories()
	if err != nil {
		return nil, err
	}
	c := tree.ByID(id)
	if c == nil {
		return nil, errs.FieldInvalid("category_id", "err.case_category")
	}
	return c, nil
}

// chosenCategory is the category a new report names: a minor class still in use.
func (t *Tx) chosenCategory(id int64) (*cases.Category, error) {
	tree, err := t.categories()
	if err != nil {
		return nil, err
	}
	if _, err := tree.Choosable(id, "category_id"); err != nil {
		return nil, errs.FieldInvalid("category_id", "err.case_category")
	}
	return tree.ByID(id), nil
}

// categoryName is the name of a category, "" when unknown.
func (t *Tx) categoryName(id int64) string {
	if c, err := t.caseCategory(id); err == nil {
		return c.Name
	}
	return ""
}

// categories is the category tree for a write: read (from the cache, checked against the
// table) once per SQL transaction and kept for the other writes sharing it. Like
// Categories, it is the committed tree: a category edit commits on its own.
func (t *Tx) categories() (*cases.Tree, error) {
	c := t.stmts
	if c != nil {
		c.mu.Lock()
		tree := c.tree
		c.mu.Unlock()
		if tree != nil {
			return tree, nil
		}
	}
	// The stamp is read in the transaction: on SQLite the writer has the table's pages
	// at hand, where a reader would read them again after every commit.
	var n, versions int64
	if err := t.queryRow(categoriesStamp).Scan(&n, &versions); err != nil {
		return nil, mapErr(err, "entity.category")
	}
	tree, err := t.db.categoriesAt(t.ctx, n, versions)
	if err != nil || c == nil {
		return tree, err
	}
	c.mu.Lock()
	c.tree = tree
	c.mu.Unlock()
	return tree, nil
}
