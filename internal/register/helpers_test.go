package register_test

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/errs/errstest"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
)

// now is the fixed present of the tests: 2 March 2026, 10:00 in China.
var now = time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)

// The administrative tree of the fixtures: 姑苏区 › 平江街道 › 平江路社区 › grid 01 ›
// micro-grid 01, with the full codes the tree would give them.
var (
	gusu      = &admin.Node{ID: 1, Level: admin.District, Code: "320508", FullCode: "320508", Path: "/1/"}
	pingjiang = &admin.Node{ID: 2, ParentID: 1, Level: admin.Street, Code: "002", FullCode: "320508002", Path: "/1/2/"}
	community = &admin.Node{ID: 3, ParentID: 2, Level: admin.Community, Code: "003", FullCode: "320508002003", Path: "/1/2/3/"}
	grid01    = &admin.Node{ID: 4, ParentID: 3, Level: admin.Grid, Code: "01", FullCode: "32050800200301", Path: "/1/2/3/4/"}
	micro01   = &admin.Node{ID: 5, ParentID: 4, Level: admin.Microgrid, Code: "01", FullCode: "3205080020030101", Path: "/1/2/3/4/5/"}
	retiredAt = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
)

// retired returns a copy of n retired at retiredAt.
func retired(n *admin.Node) *admin.Node {
	c := *n
	c.Retired = &retiredAt
	return &c
}

// pt returns a pointer to a position in 姑苏区 (or wherever the test says).
func pt(lng, lat float64) *geo.Point { return &geo.Point{Lng: lng, Lat: lat} }

// day returns a pointer to a civil date.
func day(y int, m time.Month, d int) *time.Time { t := register.Date(y, m, d); return &t }

// withCheck appends the GB 11643 check character to 17 digits.
func withCheck(t *testing.T, first17 string) string {
	t.Helper()
	c, ok := register.IDCheckChar(first17)
	if !ok {
		t.Fatalf("IDCheckChar(%q) failed", first17)
	}
	return first17 + string(c)
}

// fe and checkTranslatable are the shared validation assertions.
var (
	fe                = errstest.FE
	checkTranslatable = errstest.CheckTranslatable
)

// checkFields asserts the field errors of err (see errstest.CheckFields), and also that
// every field is a JSON field of in, the input validated, so that a form and the API
// can show the error in place.
func checkFields(t *testing.T, in any, err error, want []errs.FieldError) {
	t.Helper()
	errstest.CheckFields(t, err, want)
	if e := errs.As(err); e != nil && len(want) > 0 {
		fields := jsonFields(reflect.TypeOf(in))
		for _, f := range e.Fields {
			if !fields[indexRE.ReplaceAllString(f.Field, ".#.")] {
				t.Errorf("field %q is not a JSON field of %T", f.Field, in)
			}
		}
	}
}

// indexRE finds the element index in a field name such as members.2.relation.
var indexRE = regexp.MustCompile(`\.\d+\.`)

// jsonFields lists the JSON names of a struct's fields; fields of slices of structs are
// listed as name.#.field.
func jsonFields(t reflect.Type) map[string]bool {
	out := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		if name == "" || name == "-" {
			continue
		}
		out[name] = true
		if f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct {
			for sub := range jsonFields(f.Type.Elem()) {
				out[name+".#."+sub] = true
			}
		}
	}
	return out
}

// runes returns s repeated n times.
func runes(s string, n int) string { return strings.Repeat(s, n) }
