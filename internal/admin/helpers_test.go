package admin_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/errs/errstest"
)

// retiredAt is a fixed retirement time for fixtures.
var retiredAt = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// retired returns a copy of n retired at retiredAt.
func retired(n *admin.Node) *admin.Node {
	c := *n
	c.Retired = &retiredAt
	return &c
}

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
