package importer

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"golang.org/x/text/width"
)

// fold reduces a cell to what matters for comparing it with a list of names or reading
// a number: full-width folded to half-width (Chinese input methods type "１２"), white
// space removed, letters lower-cased.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, width.Fold.String(s))
}

// parseInt reads an optional integer cell, allowing a unit suffix people add ("6层");
// blank gives def.
func parseInt(v *errs.Validation, field, cell string, def int, suffixes ...string) int {
	s := fold(cell)
	for _, suf := range suffixes {
		s = strings.TrimSuffix(s, suf)
	}
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		// Excel may have stored the number as 6.0
		if f, ferr := strconv.ParseFloat(s, 64); ferr == nil && f == math.Trunc(f) && math.Abs(f) < 1e9 {
			return int(f)
		}
		v.Add(field, "err.import_integer", strings.TrimSpace(cell))
		return def
	}
	return n
}

// parseFloat reads an optional decimal cell, allowing unit suffixes ("89.5㎡"); ok is
// false for a blank cell or a bad number (recorded in v).
func parseFloat(v *errs.Validation, field, cell string, suffixes ...string) (float64, bool) {
	s := fold(cell)
	for _, suf := range suffixes {
		s = strings.TrimSuffix(s, suf)
	}
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		v.Add(field, "err.import_number", strings.TrimSpace(cell))
		return 0, false
	}
	return f, true
}

// choices matches cells against the names of a list of values: the code itself
// ("residential"), its Chinese and English names, and extra aliases.
type choices[T ~string] struct {
	values []T
	key    func(T) string
	names  map[string]T
}

func newChoices[T ~string](values []T, key func(T) string, aliases map[string]T) *choices[T] {
	c := &choices[T]{values: values, key: key, names: map[string]T{}}
	for _, v := range values {
		zh, en := i18n.Entry(key(v))
		for _, n := range []string{string(v), zh, en} {
			c.names[fold(n)] = v
		}
	}
	for n, v := range aliases {
		c.names[fold(n)] = v
	}
	return c
}

// parse returns the value named by cell; blank gives "" (the domain's Validate says
// whether that is allowed), an unknown name records an error listing the choices.
func (c *choices[T]) parse(v *errs.Validation, field, cell string) T {
	s := fold(cell)
	if s == "" {
		return ""
	}
	if x, ok := c.names[s]; ok {
		return x
	}
	v.Add(field, "err.import_choice", strings.TrimSpace(cell), c.list())
	return ""
}

// list names the values in Chinese, in order.
func (c *choices[T]) list() string {
	names := make([]string, len(c.values))
	for i, x := range c.values {
		names[i] = name(c.key(x))
	}
	return strings.Join(names, "、")
}

// name is the Chinese name of a value, as templates and exports write it.
func name(key string) string {
	zh, _ := i18n.Entry(key)
	return zh
}

// formatFloat writes a number the short way: 89.5, not 89.500000.
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// IsMasked reports whether a cell holds a masked value from an export ("张*",
// "138****5678"): importing it must not overwrite the real value.
func IsMasked(cell string) bool { return strings.Contains(cell, "*") }
