package tabular

import (
	"io"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/i18n"
)

// Problem is one thing wrong with a row, already translated for the person who will
// read the report.
type Problem struct {
	// Col is the zero-based file column the problem is about (its cell is
	// highlighted and its header names the problem), or -1 for the row as a whole.
	Col int
	// Text says what is wrong and, ideally, how to fix it.
	Text string
}

// ErrorReport writes the rows an import rejected back into a workbook a person can
// fix and upload again: the original header and cells, the cells at fault
// highlighted, then a column with the row's number in the uploaded file and one
// saying what is wrong. The original columns keep their letters and headers, so the
// corrected file imports like the original (the two extra columns are ignored as
// unknown).
type ErrorReport struct {
	x      *XLSXWriter
	header []string
	width  int
	lang   i18n.Lang
	marks  []bool
	buf    []string
}

// NewErrorReport starts a report with the header row of the uploaded file, in the
// language of the person who will read it.
func NewErrorReport(w io.Writer, header []string, lang i18n.Lang) (*ErrorReport, error) {
	width := len(trimTrailingEmpty(header))
	widths := make([]int, width+2)
	widths[width], widths[width+1] = 10, 60
	r := &ErrorReport{
		x:      NewXLSXWriter(w, XLSXOptions{Sheet: i18n.T(lang, "tabular.report_sheet"), Widths: widths}),
		header: header[:width],
		width:  width,
		lang:   lang,
	}
	row := append(append([]string(nil), r.header...), i18n.T(lang, "tabular.report_line"), i18n.T(lang, "tabular.report_problems"))
	if err := r.x.WriteHeader(row); err != nil {
		return nil, err
	}
	return r, nil
}

// Add writes a rejected row: line is where it was in the uploaded file (Reader.Line),
// row its cells as read. Cells beyond the header's width, which have no column to
// go in, follow the two report columns so that nothing of the row is lost.
func (r *ErrorReport) Add(line int, row []string, problems ...Problem) error {
	w := r.width
	r.buf = append(r.buf[:0], row[:min(len(row), w)]...)
	for len(r.buf) < w {
		r.buf = append(r.buf, "")
	}
	texts := make([]string, 0, len(problems))
	r.marks = append(r.marks[:0], make([]bool, max(len(row), w)+2)...)
	for _, p := range problems {
		t := p.Text
		if p.Col >= 0 && p.Col < len(r.marks)-2 {
			r.marks[reportCol(p.Col, w)] = true
			if p.Col < w && strings.TrimSpace(r.header[p.Col]) != "" {
				t = i18n.T(r.lang, "tabular.report_item", strings.TrimSpace(r.header[p.Col]), t)
			}
		}
		texts = append(texts, t)
	}
	r.buf = append(r.buf, strconv.Itoa(line), strings.Join(texts, i18n.T(r.lang, "tabular.report_sep")))
	if len(row) > w {
		r.buf = append(r.buf, row[w:]...)
	}
	return r.x.writeRow(r.buf, false, func(col int) int {
		switch {
		case col == w+1:
			return styleProblem
		case col < len(r.marks) && r.marks[col]:
			return styleHighlight
		}
		return styleText
	})
}

// reportCol is where file column c goes in the report: the line and problems columns
// sit right after the header's columns.
func reportCol(c, width int) int {
	if c < width {
		return c
	}
	return c + 2
}

// Rows returns the number of rejected rows written.
func (r *ErrorReport) Rows() int { return max(r.x.Rows()-1, 0) }

// Close finishes the workbook; it does not close the underlying writer.
func (r *ErrorReport) Close() error { return r.x.Close() }
