package tabular

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Excel refuses a workbook with a longer cell (in UTF-16 code units).
const maxCellChars = 32767

// Column widths, in characters, when not given: wide enough for the header, within
// reason.
const (
	minWidth = 8
	maxWidth = 50
)

// XLSXOptions adjust an XLSXWriter. The zero value is ready to use.
type XLSXOptions struct {
	// Sheet names the worksheet; empty means "Sheet1". Characters Excel forbids in
	// sheet names are replaced and it is cut to Excel's 31 characters.
	Sheet string
	// Widths sets column widths in characters; a zero or missing entry is sized
	// from the header cell.
	Widths []int
	// Numbers marks the columns of figures: their cells that are decimal numbers
	// ("972", "93.72", "-3") are written as numbers, which Excel can add up; the
	// header and every other cell stay text.
	Numbers []bool
}

// XLSXWriter writes a single-sheet workbook as rows arrive: the sheet XML goes
// straight into the zip stream, so memory does not grow with the number of rows.
// Every cell is an inline string styled as text, so ID numbers, phone numbers and
// codes with leading zeros keep every digit, and nothing is taken for a formula.
//
//	x := tabular.NewXLSXWriter(w, tabular.XLSXOptions{Sheet: "实有人口"})
//	x.WriteHeader(spec.Headers())
//	for … { x.Write(row) }
//	err := x.Close()
//
// Errors are sticky: after one, every call returns it.
type XLSXWriter struct {
	w    io.Writer
	zw   *zip.Writer
	bw   *bufio.Writer
	opts XLSXOptions

	started   bool
	closed    bool
	rows      int
	truncated int
	letters   []string // column letters, cached
	num       []byte   // the row number, formatted
	links     []xlsxLink
	err       error
}

// xlsxLink is a cell's hyperlink, written after the rows.
type xlsxLink struct{ ref, url string }

// MaxLinks is the most hyperlinks a sheet holds (Excel opens no more); later ones are
// left out.
const MaxLinks = 65_000

// NewXLSXWriter returns a writer to w. Nothing is written until the first row.
// Close finishes the file; it does not close w.
func NewXLSXWriter(w io.Writer, opts XLSXOptions) *XLSXWriter {
	return &XLSXWriter{w: w, opts: opts}
}

// WriteHeader writes the header row: bold, on grey, and frozen so it stays in view
// while scrolling. It must come before any other row.
func (x *XLSXWriter) WriteHeader(cells []string) error {
	if x.err == nil && x.started {
		x.err = fmt.Errorf("tabular: WriteHeader after the first row")
	}
	return x.writeRow(cells, true, func(int) int { return styleHeader })
}

// Write writes a row of text cells.
func (x *XLSXWriter) Write(cells []string) error {
	return x.writeRow(cells, false, nil)
}

// Rows returns the number of rows written, the header included.
func (x *XLSXWriter) Rows() int { return x.rows }

// Truncated returns how many cells were cut to Excel's 32,767 characters: a longer
// cell makes Excel refuse the whole file.
func (x *XLSXWriter) Truncated() int { return x.truncated }

// writeRow writes one row; style gives a cell's style, nil meaning plain text. Empty
// cells with the plain style are left out: the column style already makes them text.
func (x *XLSXWriter) writeRow(cells []string, header bool, style func(col int) int) error {
	if x.err != nil {
		return x.err
	}
	if x.closed {
		return ErrClosed
	}
	if !x.started {
		if x.err = x.start(cells, header); x.err != nil {
			return x.err
		}
	}
	if x.rows >= MaxSheetRows {
		x.err = tooLarge("err.tabular_xlsx_rows", MaxSheetRows)
		return x.err
	}
	if len(cells) > MaxColumns {
		x.err = tooLarge("err.tabular_xlsx_columns", MaxColumns)
		return x.err
	}
	x.rows++
	x.num = strconv.AppendInt(x.num[:0], int64(x.rows), 10)
	r := x.num
	bw := x.bw
	bw.WriteString(`<row r="`)
	bw.Write(r)
	bw.WriteString(`">`)
	for i, c := range cells {
		s := styleText
		if style != nil {
			s = style(i)
		}
		if c == "" && s == styleText {
			continue
		}
		if !header && i < len(x.opts.Numbers) && x.opts.Numbers[i] && isDecimal(c) {
			if s == styleText {
				s = styleNumber
			}
			bw.WriteString(`<c r="`)
			bw.WriteString(x.letter(i))
			bw.Write(r)
			bw.WriteString(`" s="`)
			bw.WriteByte(byte('0' + s))
			bw.WriteString(`"><v>`)
			bw.WriteString(c)
			bw.WriteString(`</v></c>`)
			continue
		}
		bw.WriteString(`<c r="`)
		bw.WriteString(x.letter(i))
		bw.Write(r)
		bw.WriteString(`" s="`)
		bw.WriteByte(byte('0' + s))
		if c == "" {
			bw.WriteString(`"/>`)
			continue
		}
		bw.WriteString(`" t="inlineStr"><is><t`)
		if c[0] == ' ' || c[len(c)-1] == ' ' || c[0] == '\n' || c[len(c)-1] == '\n' {
			bw.WriteString(` xml:space="preserve"`)
		}
		bw.WriteByte('>')
		x.text(c)
		bw.WriteString(`</t></is></c>`)
	}
	_, err := bw.WriteString(`</row>`)
	if err != nil {
		x.err = err
	}
	return x.err
}

func (x *XLSXWriter) letter(i int) string {
	for len(x.letters) <= i {
		x.letters = append(x.letters, ColumnName(len(x.letters)))
	}
	return x.letters[i]
}

// start writes the fixed parts and opens the sheet, whose column widths and frozen
// pane have to precede the rows in the XML.
func (x *XLSXWriter) start(first []string, header bool) error {
	x.started = true
	x.zw = zip.NewWriter(x.w)
	// Level 1 compresses sheet XML nearly as well as the default level (the markup
	// repeats) at several times the speed.
	x.zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypesXML},
		{"_rels/.rels", rootRelsXML},
		{"xl/workbook.xml", fmt.Sprintf(workbookXML, escapeAttr(sheetName(x.opts.Sheet)))},
		{"xl/_rels/workbook.xml.rels", workbookRelsXML},
		{"xl/styles.xml", stylesXML},
	}
	for _, p := range parts {
		f, err := x.zw.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return err
		}
	}
	f, err := x.zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	x.bw = bufio.NewWriterSize(f, 64<<10)
	x.bw.WriteString(sheetStart)
	if header {
		x.bw.WriteString(frozenHeaderView)
	} else {
		x.bw.WriteString(plainView)
	}
	n := max(len(first), len(x.opts.Widths))
	if n > 0 {
		x.bw.WriteString(`<cols>`)
		for i := 0; i < n; i++ {
			w := 0
			if i < len(x.opts.Widths) {
				w = x.opts.Widths[i]
			}
			if w <= 0 {
				w = minWidth
				if i < len(first) {
					w = min(max(displayWidth(first[i])+2, minWidth), maxWidth)
				}
			}
			c := strconv.Itoa(i + 1)
			fmt.Fprintf(x.bw, `<col min="%s" max="%s" width="%d" customWidth="1" style="%d"/>`, c, c, w, styleText)
		}
		x.bw.WriteString(`</cols>`)
	}
	_, err = x.bw.WriteString(`<sheetData>`)
	return err
}

// WriteLinked writes a row whose cells links[i] names an absolute http or https
// address for are links to it, blue and underlined: in a workbook of figures, each
// figure can open the list of the cases behind it. Numbers stay numbers.
func (x *XLSXWriter) WriteLinked(cells, links []string) error {
	linked := func(i int) bool {
		return i < len(links) && (strings.HasPrefix(links[i], "https://") || strings.HasPrefix(links[i], "http://"))
	}
	err := x.writeRow(cells, false, func(i int) int {
		if linked(i) && cells[i] != "" {
			return styleLinked
		}
		return styleText
	})
	if err != nil {
		return err
	}
	for i := range cells {
		if linked(i) && cells[i] != "" && len(x.links) < MaxLinks {
			x.links = append(x.links, xlsxLink{ref: x.letter(i) + strconv.Itoa(x.rows), url: links[i]})
		}
	}
	return nil
}

// Close ends the sheet and the zip. A writer that never received a row still
// produces a valid, empty workbook.
func (x *XLSXWriter) Close() error {
	if x.closed {
		return x.err
	}
	if x.err == nil && !x.started {
		x.err = x.start(nil, false)
	}
	x.closed = true
	if x.err != nil {
		return x.err
	}
	x.bw.WriteString(`</sheetData>`)
	if len(x.links) > 0 {
		x.bw.WriteString(`<hyperlinks>`)
		for i, l := range x.links {
			fmt.Fprintf(x.bw, `<hyperlink ref="%s" r:id="rId%d"/>`, l.ref, i+1)
		}
		x.bw.WriteString(`</hyperlinks>`)
	}
	x.bw.WriteString(`</worksheet>`)
	if err := x.bw.Flush(); err != nil {
		x.err = err
		return err
	}
	if len(x.links) > 0 {
		if x.err = x.writeLinkRels(); x.err != nil {
			return x.err
		}
	}
	x.err = x.zw.Close()
	return x.err
}

// writeLinkRels writes the sheet's relationships: where each hyperlink leads.
func (x *XLSXWriter) writeLinkRels() error {
	f, err := x.zw.Create("xl/worksheets/_rels/sheet1.xml.rels")
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	w.WriteString(xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i, l := range x.links {
		fmt.Fprintf(w, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="%s" TargetMode="External"/>`,
			i+1, escapeAttr(l.url))
	}
	w.WriteString(`</Relationships>`)
	return w.Flush()
}

// text writes s as XML character data. Characters XML 1.0 cannot carry (control
// characters other than tab and line breaks) are written as OOXML _xHHHH_ escapes,
// and a literal "_x" that would read as one is protected, so the cell reads back
// exactly. Invalid UTF-8 becomes U+FFFD.
func (x *XLSXWriter) text(s string) {
	if len(s) > maxCellChars && utf16Len(s) > maxCellChars {
		s = truncateUTF16(s, maxCellChars)
		x.truncated++
	}
	bw := x.bw
	last := 0
	for i := 0; i < len(s); {
		b := s[i]
		var esc string
		switch {
		case b == '&':
			esc = "&amp;"
		case b == '<':
			esc = "&lt;"
		case b == '>':
			esc = "&gt;"
		case b == '\r':
			esc = "&#13;" // a raw CR would be normalised away by XML parsers
		case b < 0x20 && b != '\t' && b != '\n':
			esc = fmt.Sprintf("_x%04X_", b)
		case b == '_' && isXEscape(s[i:]):
			esc = "_x005F_"
		case b >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[i:])
			if (r == utf8.RuneError && n == 1) || r == 0xfffe || r == 0xffff {
				bw.WriteString(s[last:i])
				bw.WriteString("\ufffd")
				i += n
				last = i
				continue
			}
			i += n
			continue
		default:
			i++
			continue
		}
		bw.WriteString(s[last:i])
		bw.WriteString(esc)
		i++
		last = i
	}
	bw.WriteString(s[last:])
}

// isXEscape reports whether s starts with something a reader would decode as an
// _xHHHH_ escape.
func isXEscape(s string) bool {
	if len(s) < 7 || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for _, c := range s[2:6] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

func truncateUTF16(s string, max int) string {
	n := 0
	for i, r := range s {
		n += utf16.RuneLen(r)
		if n > max {
			return s[:i]
		}
	}
	return s
}

// sheetName makes name acceptable to Excel: no []:*?/\, at most 31 characters, not
// empty, not starting or ending with an apostrophe.
func sheetName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) || r < 0x20 {
			return '_'
		}
		return r
	}, strings.TrimSpace(name))
	if utf16Len(name) > 31 {
		name = truncateUTF16(name, 31)
	}
	name = strings.Trim(name, "'")
	if name == "" {
		return "Sheet1"
	}
	return name
}

func escapeAttr(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isDecimal reports whether s is a plain decimal number: an optional minus, digits, and
// at most one point with digits after it. Nothing Excel would read otherwise (1e5, 0x1F,
// a leading plus) and no code with a leading zero passes.
func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	whole, frac, dotted := strings.Cut(s, ".")
	if whole == "" || len(s) > 17 || (dotted && frac == "") || (len(whole) > 1 && whole[0] == '0') {
		return false // a leading zero is a code's (007), not a number's
	}
	for _, part := range []string{whole, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return false
			}
		}
	}
	return true
}
