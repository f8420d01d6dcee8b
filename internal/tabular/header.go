package tabular

import (
	"fmt"
	"strings"

	"github.com/shequ-dev/shequ/internal/errs"
)

// Column describes one column a register expects in its files.
type Column struct {
	// Key is the stable name code uses for the column ("id_number").
	Key string
	// Header is the Chinese header written in templates and exports ("身份证号").
	Header string
	// English is the English header, also accepted on import ("ID number").
	English string
	// Aliases are other headers people use for the same thing ("公民身份号码",
	// "证件号码"); matching is as tolerant as for Header.
	Aliases []string
	// Required columns must be present in the header row.
	Required bool
	// Width is the column width in characters for templates and exports; zero
	// sizes it to the header.
	Width int
}

// label is what messages call the column.
func (c Column) label() string {
	if c.Header != "" {
		return c.Header
	}
	return c.English
}

func (c Column) english() string {
	if c.English != "" {
		return c.English
	}
	return c.Header
}

// Spec is the ordered list of columns of one kind of file; the order is the order of
// templates and exports.
type Spec []Column

// Headers returns the Chinese headers in order, for templates and exports.
func (s Spec) Headers() []string {
	out := make([]string, len(s))
	for i, c := range s {
		out[i] = c.label()
	}
	return out
}

// Widths returns the column widths in order, for XLSXOptions.Widths.
func (s Spec) Widths() []int {
	out := make([]int, len(s))
	for i, c := range s {
		out[i] = c.Width
	}
	return out
}

// lookup maps every normalised name of every column to the column's position. A
// clash is a bug in the spec, so it panics: tests catch it before anyone uploads.
func (s Spec) lookup() map[string]int {
	m := make(map[string]int, len(s)*3)
	keys := make(map[string]bool, len(s))
	for i, c := range s {
		if c.Key == "" || keys[c.Key] {
			panic(fmt.Sprintf("tabular: spec column %d has an empty or repeated key %q", i, c.Key))
		}
		keys[c.Key] = true
		for _, name := range append([]string{c.Key, c.Header, c.English}, c.Aliases...) {
			n := normHeader(name)
			if n == "" {
				continue
			}
			if j, ok := m[n]; ok && j != i {
				panic(fmt.Sprintf("tabular: spec columns %q and %q both answer to %q", s[j].Key, c.Key, name))
			}
			m[n] = i
		}
	}
	return m
}

// UnknownColumn is a header cell that matches no column of the spec.
type UnknownColumn struct {
	Index  int    // zero-based column index in the file
	Header string // the header as written
}

// Mapping says where each column of a spec is in a file.
type Mapping struct {
	spec    Spec
	keys    map[string]int // key → spec position
	index   []int          // spec position → file column, -1 when absent
	width   int
	unknown []UnknownColumn
}

// Map matches a header row to the spec. Names are compared ignoring case, spaces,
// full-width/half-width differences, "*" required markers and a trailing note in
// brackets ("身份证号（必填）"). Missing required columns and columns given twice are
// errors, all reported at once as field errors keyed by column key; unknown columns
// are not (see Mapping.Unknown), since people add their own notes columns.
func (s Spec) Map(header []string) (*Mapping, error) {
	names := s.lookup()
	m := &Mapping{spec: s, keys: make(map[string]int, len(s)), index: make([]int, len(s)), width: len(header)}
	for i, c := range s {
		m.keys[c.Key] = i
		m.index[i] = -1
	}
	var v errs.Validation
	found := 0
	for col, h := range header {
		pos, ok := matchHeader(names, h)
		if !ok {
			if strings.TrimSpace(h) != "" {
				m.unknown = append(m.unknown, UnknownColumn{Index: col, Header: h})
			}
			continue
		}
		if first := m.index[pos]; first >= 0 {
			v.Add(s[pos].Key, "err.tabular_column_duplicate", s[pos].label(), ColumnName(first), ColumnName(col), s[pos].english())
			continue
		}
		m.index[pos] = col
		found++
	}
	if found == 0 && len(s) > 0 {
		return nil, &errs.Error{Code: errs.Invalid, Msg: errs.M("err.tabular_header_none", strings.Join(s.Headers(), ", ")), Err: ErrHeader}
	}
	for i, c := range s {
		if c.Required && m.index[i] < 0 {
			v.Add(c.Key, "err.tabular_column_missing", c.label(), c.english())
		}
	}
	if err := v.Err(); err != nil {
		e := errs.As(err)
		e.Msg, e.Err = errs.M("err.tabular_header"), ErrHeader
		return nil, e
	}
	return m, nil
}

func matchHeader(names map[string]int, h string) (int, bool) {
	n := normHeader(h)
	if n == "" {
		return 0, false
	}
	if pos, ok := names[n]; ok {
		return pos, true
	}
	if i := strings.LastIndexByte(n, '('); i > 0 && strings.HasSuffix(n, ")") {
		pos, ok := names[n[:i]]
		return pos, ok
	}
	return 0, false
}

// Find reads up to maxRows rows (10 when maxRows ≤ 0) looking for the header row:
// registers kept in Excel often have a title row or two above it ("某某社区实有人口
// 台账"). It returns the mapping of the first row that matches, having consumed it,
// so the reader is positioned at the first data row. When none matches, the error is
// the one for the row that came closest.
func (s Spec) Find(r *Reader, maxRows int) (*Mapping, error) {
	if maxRows <= 0 {
		maxRows = 10
	}
	var best error
	bestFound := -1
	for i := 0; i < maxRows && r.Next(); i++ {
		m, err := s.Map(r.Row())
		if err == nil {
			return m, nil
		}
		if n := s.recognised(r.Row()); n > bestFound {
			best, bestFound = err, n
		}
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	if best == nil {
		return nil, invalid(ErrEmpty, "err.tabular_empty")
	}
	return nil, best
}

func (s Spec) recognised(row []string) int {
	names := s.lookup()
	n := 0
	for _, h := range row {
		if _, ok := matchHeader(names, h); ok {
			n++
		}
	}
	return n
}

// Index returns the file column of key, or -1 when the file does not have it.
// It panics for a key not in the spec: that is a bug, not bad input.
func (m *Mapping) Index(key string) int {
	pos, ok := m.keys[key]
	if !ok {
		panic("tabular: no column " + key + " in the spec")
	}
	return m.index[pos]
}

// Has reports whether the file has the column.
func (m *Mapping) Has(key string) bool { return m.Index(key) >= 0 }

// Get returns the cell of row in the key column with surrounding white space
// (including the ideographic space U+3000) removed, or "" when the file lacks the
// column or the row is short.
func (m *Mapping) Get(row []string, key string) string {
	i := m.Index(key)
	if i < 0 || i >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[i])
}

// Width is the number of cells in the header row.
func (m *Mapping) Width() int { return m.width }

// Unknown lists the header cells that match no column; they are ignored on import.
func (m *Mapping) Unknown() []UnknownColumn { return m.unknown }

// Warnings returns a message per unknown column, for an import preview.
func (m *Mapping) Warnings() []errs.Message {
	out := make([]errs.Message, len(m.unknown))
	for i, u := range m.unknown {
		out[i] = errs.M("tabular.unknown_column", strings.TrimSpace(u.Header), ColumnName(u.Index))
	}
	return out
}
