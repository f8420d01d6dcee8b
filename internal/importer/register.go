package importer

import (
	"context"

	"github.com/shequ-dev/shequ/internal/tabular"
)

// Register describes one register for import and export.
type Register struct {
	// Name is the register's name in addresses: /registers/{Name}/import.
	Name string
	// Entity is the catalogue key of what one row is ("entity.building").
	Entity string
	// Title is the catalogue key of the register's name ("import.register.buildings"),
	// used for sheet names and file names.
	Title string
	// Spec lists the columns in template and export order.
	Spec tabular.Spec
	// Fields maps the field names of the register input's validation errors (its JSON
	// names, "floors_above") to the column that holds the field ("floors_above"), so
	// that the error report highlights the right cell. A field with no column is a
	// problem of the row as a whole.
	Fields map[string]string
	// Parse turns one data row into the register's row value (*BuildingRow…). Problems
	// with the cells themselves (a floor that is not a number) are returned as an
	// *errs.Error of field errors named like the input's fields.
	Parse func(m *tabular.Mapping, row []string) (any, error)
	// Group, when set, names the group a parsed row belongs to (the household of a
	// member's row): consecutive rows of one group are prepared in the same batch, so
	// that the sink can check and store them together.
	Group func(v any) string
	// choices are the columns that take one of a list of values.
	choices map[string]namer
}

// namer lists the accepted values of a choice column.
type namer interface{ list() string }

// ChoiceNames lists, in Chinese, the values a column of reg takes, or "" when it is
// free text.
func ChoiceNames(reg *Register, key string) string {
	if c, ok := reg.choices[key]; ok {
		return c.list()
	}
	return ""
}

// Status is what an import does, or would do, with a row.
type Status int

// The statuses of a row.
const (
	Pending   Status = iota // not yet prepared
	New                     // no record has its natural key: it is inserted
	Changed                 // a record has its key and differs: it is updated
	Unchanged               // a record has its key and the same values: nothing to do
	Failed                  // the row has errors and is skipped
)

// Item is one data row on its way through an import.
type Item struct {
	// Line is where the row is in the file (tabular.Reader.Line).
	Line int
	// Cells are the row's cells as read, for the error report.
	Cells []string
	// Value is what Register.Parse made of the row.
	Value any
	// Key is the row's natural key, set by Sink.Prepare; "" when the row does not
	// carry enough to be matched, and then it is always inserted.
	Key string
	// Status is set by Sink.Prepare; Failed when Err is set.
	Status Status
	// Err says what is wrong with the row: an *errs.Error whose field errors name
	// the register input's fields.
	Err error
	// ID is the record's id once matched or written.
	ID int64
	// Prep is what Sink.Prepare worked out for Sink.Write (the resolved grid…). Prepare
	// of one batch runs while the previous batch is written, so a sink keeps per-row
	// state here rather than in itself.
	Prep any
}

// Fail marks the item as failed with err.
func (it *Item) Fail(err error) {
	it.Status, it.Err = Failed, err
}

// Sink checks and stores the rows of one register for one caller. Storage implements
// it; every method enforces the caller's permissions and scope.
type Sink interface {
	// Prepare resolves, validates and classifies a batch without writing anything:
	// it may run while Write stores the previous batch, never alongside another Prepare.
	// for each item it sets Key and Status (New, Changed, Unchanged), or calls Fail.
	// Items already failed are left alone. An error means the batch could not be
	// checked at all (the database went away), not that rows are bad.
	Prepare(ctx context.Context, m *tabular.Mapping, items []*Item) error
	// Write stores the New and Changed items of a prepared batch in one
	// transaction, with one audit entry for the batch.
	Write(ctx context.Context, items []*Item) error
}

// All lists the registers that can be imported and exported, in menu order.
var All = []*Register{Buildings, Houses, Residents, Organisations, Facilities, Households, Rentals}

// ByName returns the register called name, or nil.
func ByName(name string) *Register {
	for _, r := range All {
		if r.Name == name {
			return r
		}
	}
	return nil
}
