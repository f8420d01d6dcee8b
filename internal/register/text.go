package register

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
)

// Length limits, in characters (runes), shared by forms, the API and imports.
const (
	MaxAddressLen = 200 // a full Chinese address with building, unit and room fits easily
	MaxNoteLen    = 200
)

// foldWidth turns full-width ASCII (ＡＢＣ１２３, the ideographic space) into ordinary
// ASCII. Chinese input methods and Excel sheets produce full-width digits often, and a
// grid worker should not be told that "１３８…" is not a phone number.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '！' && r <= '～':
			return r - '！' + '!'
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}

// clean trims s and collapses every run of white space (ideographic spaces, tabs and line
// breaks pasted from spreadsheets included) into one ordinary space.
func clean(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

// compact removes all white space and folds full width: the form of identifiers, where a
// space is never meaningful.
func compact(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, foldWidth(s))
}

// checkText validates a free-text field: required when asked, at most max characters.
func checkText(v *errs.Validation, field, s string, max int, required bool) {
	if required && !v.Require(field, s) {
		return
	}
	v.Check(utf8.RuneCountInString(s) <= max, field, "err.too_long", max)
}

// checkNode validates the grid or micro-grid a record is attached to; node is what the
// caller looked up by NodeID, nil when there is none.
func checkNode(v *errs.Validation, node *admin.Node) {
	switch {
	case node == nil:
		v.Add("node_id", "err.required")
	case node.IsRetired():
		v.Add("node_id", "err.node_parent_retired")
	case node.Level != admin.Grid && node.Level != admin.Microgrid:
		// Registers are kept by the grid workers of a grid: a building "in the community"
		// would be nobody's to visit.
		v.Add("node_id", "err.register_node_level")
	}
}

// checkLocation validates an optional (or, with required, mandatory) WGS-84 position.
func checkLocation(v *errs.Validation, field string, p *geo.Point, required bool) {
	if p == nil {
		v.Check(!required, field, "err.required")
		return
	}
	if v.Check(ValidLocation(*p), field, "err.location") {
		// The registers are of grids in China: a point elsewhere is a typo, or latitude
		// and longitude swapped by a spreadsheet, never a building or a facility.
		v.Check(!geo.OutOfChina(*p), field, "err.location_china")
	}
}

// ValidLocation reports whether p is a usable longitude/latitude: finite, in range, and
// not (0, 0), which is what a phone reports when it has no fix rather than a real place.
func ValidLocation(p geo.Point) bool {
	for _, f := range []float64{p.Lng, p.Lat} {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
	}
	return p.Lng >= -180 && p.Lng <= 180 && p.Lat >= -90 && p.Lat <= 90 && p != (geo.Point{})
}

// oneOf reports whether v is among the allowed values of an enumeration.
func oneOf[T comparable](v T, all []T) bool { return slices.Contains(all, v) }

// allDigits reports whether s is non-empty and only ASCII digits.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
