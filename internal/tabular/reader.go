package tabular

import (
	"io"
	"strings"

	"github.com/shequ-dev/shequ/internal/errs"
)

// Format is the kind of file a Reader reads.
type Format string

// The formats Open recognises.
const (
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
)

// rowSource is one format's row decoder. next returns io.EOF after the last row; the
// returned slice may be reused by the following call.
type rowSource interface {
	next() (row []string, line int, err error)
	close() error
}

// Reader yields the rows of a spreadsheet one at a time:
//
//	r, err := tabular.Open(f, size, tabular.Options{})
//	…
//	defer r.Close()
//	for r.Next() {
//		use(r.Line(), r.Row())
//	}
//	if err := r.Err(); err != nil { … }
//
// Rows whose cells are all blank are skipped and trailing empty cells are dropped.
type Reader struct {
	src      rowSource
	format   Format
	encoding Encoding
	comma    rune
	sheet    string
	sheets   []string

	row     []string
	line    int
	rows    int
	maxRows int
	err     error
}

// Next advances to the next non-blank row. It returns false at the end of the file or
// on an error; Err tells which.
func (r *Reader) Next() bool {
	if r.err != nil || r.src == nil {
		return false
	}
	for {
		row, line, err := r.src.next()
		if err != nil {
			if err != io.EOF {
				r.err = err
			}
			r.row = nil
			return false
		}
		row = trimTrailingEmpty(row)
		if blank(row) {
			continue
		}
		r.rows++
		if r.maxRows > 0 && r.rows > r.maxRows {
			r.err = fail(ErrTooLarge, errs.TooLarge, "err.tabular_too_many_rows", r.maxRows)
			r.row = nil
			return false
		}
		r.row, r.line = row, line
		return true
	}
}

// Row returns the current row. The slice is reused by the next call to Next (copy it
// to keep it); the strings in it stay valid. Strings from an XLSX shared strings
// table point into the table, so keeping one keeps the table in memory: clone
// (strings.Clone) what is kept for long, such as keys remembered across rows.
func (r *Reader) Row() []string { return r.row }

// Line returns the current row's position as a person would look for it: the line
// number where the record starts in a CSV file, the row number in a worksheet.
func (r *Reader) Line() int { return r.line }

// Err returns the error that stopped Next, or nil at a clean end of file.
func (r *Reader) Err() error { return r.err }

// Format reports whether the file is CSV or XLSX.
func (r *Reader) Format() Format { return r.format }

// Encoding reports the text encoding detected in a CSV file; it is empty for XLSX,
// whose XML is always Unicode.
func (r *Reader) Encoding() Encoding { return r.encoding }

// Comma reports the separator detected in a CSV file; zero for XLSX.
func (r *Reader) Comma() rune { return r.comma }

// Sheet returns the name of the worksheet being read; empty for CSV.
func (r *Reader) Sheet() string { return r.sheet }

// Sheets lists the workbook's worksheets in tab order, so a form can offer a choice;
// nil for CSV.
func (r *Reader) Sheets() []string { return r.sheets }

// Close releases the decompressor of an XLSX sheet. It does not close the
// io.ReaderAt given to Open.
func (r *Reader) Close() error {
	if r.src == nil {
		return nil
	}
	err := r.src.close()
	r.src = nil
	return err
}

// trimTrailingEmpty drops empty cells at the end of a row: Excel exports often carry
// a trailing separator or formatted but empty cells, which are not columns.
func trimTrailingEmpty(row []string) []string {
	n := len(row)
	for n > 0 && row[n-1] == "" {
		n--
	}
	return row[:n]
}

// blank reports whether no cell holds anything but white space.
func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
