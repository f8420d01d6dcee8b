package tabular

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
)

// CSVOptions adjust a CSVWriter. The zero value writes for Excel.
type CSVOptions struct {
	// Comma is the separator; zero means ','.
	Comma rune
	// Raw writes plain RFC 4180 CSV for programs: no BOM, LF line ends, cells
	// exactly as given. Without it the writer protects the data from Excel (see
	// CSVWriter).
	Raw bool
}

// CSVWriter writes CSV. By default the output is meant to be double-clicked open in
// Excel, which guesses at CSV and gets Chinese registers wrong in three ways the
// writer prevents:
//
//   - without a BOM it reads UTF-8 as GBK and shows mojibake: a BOM is written;
//   - it turns long digit strings into numbers, showing 1.10105E+17 for an ID number
//     and dropping the leading zero of codes: digit strings of 12 or more digits, or
//     with a leading zero, are written as ="…", which Excel shows as text (and
//     Open reads back as the bare digits);
//   - it runs cells starting with =, +, - or @ as formulas (CSV injection): such
//     cells, unless they are plain numbers, get a leading apostrophe.
//
// Errors are sticky, as with encoding/csv.
type CSVWriter struct {
	bw  *bufio.Writer
	cw  *csv.Writer
	raw bool
	buf []string
}

// NewCSVWriter returns a writer to w. Close flushes it; it does not close w.
func NewCSVWriter(w io.Writer, opts CSVOptions) *CSVWriter {
	bw := bufio.NewWriterSize(w, 64<<10)
	if !opts.Raw {
		bw.Write(utf8BOM)
	}
	cw := csv.NewWriter(bw) // reuses bw: same size, no second buffer
	if opts.Comma != 0 {
		cw.Comma = opts.Comma
	}
	cw.UseCRLF = !opts.Raw
	return &CSVWriter{bw: bw, cw: cw, raw: opts.Raw}
}

// Write writes one record.
func (c *CSVWriter) Write(cells []string) error {
	if c.raw {
		return c.cw.Write(cells)
	}
	c.buf = c.buf[:0]
	for _, s := range cells {
		c.buf = append(c.buf, excelSafe(s))
	}
	return c.cw.Write(c.buf)
}

// Close flushes what is buffered and reports any error met while writing.
func (c *CSVWriter) Close() error {
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}

// excelSafe protects one cell from Excel's guessing; see CSVWriter.
func excelSafe(s string) string {
	if s == "" {
		return s
	}
	if longDigits(s) {
		return `="` + s + `"`
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return "'" + s
		}
	}
	return s
}

// longDigits reports digit strings Excel would mangle: 12 digits or more (shown in
// scientific notation, and beyond 15 rounded) or a leading zero (dropped). An
// optional sign counts with them ("+8613800138000").
func longDigits(s string) bool {
	d := s
	if d[0] == '+' || d[0] == '-' {
		d = d[1:]
	}
	if len(d) < 2 {
		return false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	return len(d) >= 12 || d[0] == '0'
}
