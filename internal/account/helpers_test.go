package account_test

import (
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/errs/errstest"
)

// runes returns s repeated n times.
func runes(s string, n int) string { return strings.Repeat(s, n) }

// The shared validation assertions, under the short names the tables use.
var (
	fe                = errstest.FE
	checkTranslatable = errstest.CheckTranslatable
)

func checkFields(t *testing.T, err error, want []errs.FieldError) {
	t.Helper()
	errstest.CheckFields(t, err, want)
}
