package register

import (
	"errors"

	"github.com/shequ-dev/shequ/internal/errs"
)

// Problem is why a single value was refused, named by its catalogue key, so a form, the
// JSON API and an import error report all say the same thing in the reader's language.
// Problems are comparable constants: test for one with errors.Is or ==.
type Problem string

// Error returns the catalogue key; it is never shown to users as it is.
func (p Problem) Error() string { return string(p) }

// Key is the catalogue key of the problem's message.
func (p Problem) Key() string { return string(p) }

// addProblem records err against field. Parsers in this package only return Problems;
// anything else is a programming error, reported as a plain invalid value rather than
// hidden.
func addProblem(v *errs.Validation, field string, err error) {
	var p Problem
	if errors.As(err, &p) {
		v.Add(field, p.Key())
		return
	}
	v.Add(field, "err.invalid")
}
