package cases

import (
	"sort"

	"github.com/shequ-dev/shequ/internal/errs"
)

// Tree is every category, retired ones included, indexed for lookups. It is read-only
// once built: storage builds a new tree after each change and shares it between readers.
type Tree struct {
	all      []*Category
	byID     map[int64]*Category
	byCode   map[CategoryKind]map[string]*Category
	children map[int64][]*Category
}

// NewTree indexes cats, which it orders by kind and code.
func NewTree(cats []*Category) *Tree {
	t := &Tree{all: append([]*Category(nil), cats...), byID: map[int64]*Category{},
		byCode: map[CategoryKind]map[string]*Category{}, children: map[int64][]*Category{}}
	rank := map[CategoryKind]int{}
	for i, k := range CategoryKinds {
		rank[k] = i
	}
	sort.SliceStable(t.all, func(i, j int) bool {
		a, b := t.all[i], t.all[j]
		if a.Kind != b.Kind {
			return rank[a.Kind] < rank[b.Kind]
		}
		return a.Code < b.Code
	})
	for _, c := range t.all {
		t.byID[c.ID] = c
		if t.byCode[c.Kind] == nil {
			t.byCode[c.Kind] = map[string]*Category{}
		}
		t.byCode[c.Kind][c.Code] = c
		t.children[c.ParentID] = append(t.children[c.ParentID], c)
	}
	return t
}

// All lists every category by kind and code.
func (t *Tree) All() []*Category { return t.all }

// ByID returns the category with that id, or nil.
func (t *Tree) ByID(id int64) *Category {
	if t == nil {
		return nil
	}
	return t.byID[id]
}

// ByCode returns the category of kind k with that code, or nil.
func (t *Tree) ByCode(k CategoryKind, code string) *Category {
	if t == nil {
		return nil
	}
	return t.byCode[k][code]
}

// Majors lists the major classes of kind k by code.
func (t *Tree) Majors(k CategoryKind) []*Category {
	var out []*Category
	for _, c := range t.children[0] {
		if c.Kind == k {
			out = append(out, c)
		}
	}
	return out
}

// Children lists the minor classes of the major class id by code.
func (t *Tree) Children(id int64) []*Category {
	if id == 0 {
		return nil
	}
	return t.children[id]
}

// Leaves lists the minor classes of kind k that a new case may be given: neither they nor
// their major class retired. With retired, the retired ones are listed too.
func (t *Tree) Leaves(k CategoryKind, retired bool) []*Category {
	var out []*Category
	for _, m := range t.Majors(k) {
		for _, c := range t.children[m.ID] {
			if retired || !(c.IsRetired() || m.IsRetired()) {
				out = append(out, c)
			}
		}
	}
	return out
}

// Major returns the major class of c (c itself when it is one).
func (t *Tree) Major(c *Category) *Category {
	if c == nil || c.IsMajor() {
		return c
	}
	return t.ByID(c.ParentID)
}

// Path lists the categories from the major class down to id ([major, minor] for a minor
// class), or nil when there is no such category.
func (t *Tree) Path(id int64) []*Category {
	c := t.ByID(id)
	if c == nil {
		return nil
	}
	if c.IsMajor() {
		return []*Category{c}
	}
	if m := t.ByID(c.ParentID); m != nil {
		return []*Category{m, c}
	}
	return []*Category{c}
}

// Choosable returns the minor class id for a new case, with a field error on field when
// it is unknown, a major class, or retired.
func (t *Tree) Choosable(id int64, field string) (*Category, error) {
	c := t.ByID(id)
	switch {
	case id == 0:
		return nil, errs.FieldInvalid(field, "err.required")
	case c == nil:
		return nil, errs.FieldInvalid(field, "err.not_found", errs.M("entity.category"))
	case c.IsMajor():
		return nil, errs.FieldInvalid(field, "err.category_not_leaf")
	case c.IsRetired() || t.Major(c) == nil || t.Major(c).IsRetired():
		return nil, errs.FieldInvalid(field, "err.category_retired")
	}
	return c, nil
}
