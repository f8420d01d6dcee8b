package errs_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/shequ-dev/shequ/internal/errs"
)

func TestValidationMerge(t *testing.T) {
	for _, tc := range []struct {
		name   string
		err    error
		merged bool
		fields string
	}{
		{"nil", nil, true, "[from]"},
		{"field problems", errs.FieldInvalid("to", "err.date"), true, "[from to]"},
		{"the same field again keeps the first", errs.FieldInvalid("from", "err.date"), true, "[from]"},
		{"not a validation", errs.ForbiddenErr(), false, "[from]"},
		{"not ours", errors.New("disk full"), false, "[from]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v errs.Validation
			v.Add("from", "err.required")
			if got := v.Merge(tc.err); got != tc.merged {
				t.Errorf("Merge = %v, want %v", got, tc.merged)
			}
			var fields []string
			for _, f := range errs.As(v.Err()).Fields {
				fields = append(fields, f.Field)
			}
			if fmt.Sprint(fields) != tc.fields {
				t.Errorf("fields %v, want %s", fields, tc.fields)
			}
		})
	}
}
