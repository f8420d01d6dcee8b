package tabular

import (
	"bytes"
	"encoding/xml"
	"io"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/errs"
)

// openXLSX reads what has to be in memory before the first row (the workbook's
// sheet list, the shared strings table, the cell formats) and opens the sheet's zip
// entry for streaming.
func openXLSX(r io.ReaderAt, size int64, opts Options) (*Reader, error) {
	p, err := openPkg(r, size)
	if err != nil {
		return nil, err
	}
	wb, err := p.findWorkbook()
	if err != nil {
		return nil, err
	}
	ref, err := wb.pick(opts.Sheet)
	if err != nil {
		return nil, err
	}
	f := p.part(ref.part)
	if f == nil {
		return nil, corrupt(errMissingPart(ref.part))
	}
	src := &sheetSource{date1904: wb.date1904, sst: &sharedStrings{}}
	if sf := p.related(wb, "sharedStrings", "sharedStrings.xml"); sf != nil {
		if src.sst, err = p.loadSharedStrings(sf, opts.sharedLimit(), opts.xmlLimit()); err != nil {
			return nil, err
		}
	}
	if sf := p.related(wb, "styles", "styles.xml"); sf != nil {
		if src.styles, err = p.loadStyles(sf); err != nil {
			return nil, err
		}
	}
	rc, err := f.Open()
	if err != nil {
		return nil, corrupt(err)
	}
	src.rc = rc
	src.x = newXMLStream(rc, opts.xmlLimit())
	names := make([]string, len(wb.sheets))
	for i, s := range wb.sheets {
		names[i] = s.name
	}
	return &Reader{src: src, format: FormatXLSX, sheet: ref.name, sheets: names}, nil
}

// errMissingPart is the logged cause when a relationship points at no part.
type errMissingPart string

// Error implements error.
func (e errMissingPart) Error() string { return "tabular: missing part " + string(e) }

// sheetSource streams the rows of one worksheet.
type sheetSource struct {
	rc       io.ReadCloser
	x        *xmlStream
	sst      *sharedStrings
	styles   []numFmt
	date1904 bool

	inData bool // inside <sheetData>
	row    []string
	rowNum int
	col    int    // column of the last cell read in the row
	text   []byte // scratch for the current cell's text
}

func (s *sheetSource) close() error { return s.rc.Close() }

func (s *sheetSource) next() ([]string, int, error) {
	for {
		t, err := s.x.token()
		if err == io.EOF {
			return nil, 0, io.EOF
		}
		if err != nil {
			return nil, 0, xmlError(err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "sheetData":
				s.inData = true
			case !s.inData:
			case t.Name.Local == "row":
				if err := s.startRow(t); err != nil {
					return nil, 0, err
				}
			case t.Name.Local == "c":
				if err := s.cell(t); err != nil {
					return nil, 0, err
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "row":
				if s.inData {
					return s.row, s.rowNum, nil
				}
			case "sheetData":
				return nil, 0, io.EOF // what follows (merges, filters, drawings) is not data
			}
		}
	}
}

func (s *sheetSource) startRow(se xml.StartElement) error {
	n := s.rowNum + 1
	if v := attr(se, "r"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 || n > MaxSheetRows {
			return corrupt(errBadRef("row " + v))
		}
	}
	if n > MaxSheetRows {
		return corrupt(errBadRef("row " + strconv.Itoa(n)))
	}
	s.rowNum, s.row, s.col = n, s.row[:0], -1
	return nil
}

// errBadRef is the logged cause for a cell or row reference that cannot be.
type errBadRef string

// Error implements error.
func (e errBadRef) Error() string { return "tabular: bad cell reference " + string(e) }

// cell reads one <c> element through its end tag and stores its value in the row.
func (s *sheetSource) cell(se xml.StartElement) error {
	var ref, typ, style string
	for _, a := range se.Attr {
		switch a.Name.Local {
		case "r":
			ref = a.Value
		case "t":
			typ = a.Value
		case "s":
			style = a.Value
		}
	}
	col := s.col + 1
	if ref != "" {
		c, _, ok := parseCellRef(ref)
		if !ok {
			return corrupt(errBadRef(ref))
		}
		col = c
	}
	if col >= MaxColumns {
		return corrupt(errBadRef(ColumnName(col) + strconv.Itoa(s.rowNum)))
	}
	s.col = col
	if err := s.readContent(); err != nil {
		return err
	}
	v, err := s.value(typ, style, col)
	if err != nil {
		return err
	}
	if v == "" {
		return nil // gaps are filled by later cells; trailing ones are trimmed anyway
	}
	for len(s.row) < col {
		s.row = append(s.row, "")
	}
	if col < len(s.row) {
		s.row[col] = v // cells out of order: the last one wins
	} else {
		s.row = append(s.row, v)
	}
	return nil
}

// readContent collects the cell's text into s.text: the <v> value, or the <t> runs of
// an inline string (without phonetic guides). Formulas are skipped: the cached value
// in <v> is what Excel shows.
func (s *sheetSource) readContent() error {
	s.text = s.text[:0]
	depth, phon := 0, 0
	collect := false
	for {
		t, err := s.x.token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return xmlError(err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			depth++
			switch t.Name.Local {
			case "v":
				collect = true
			case "t":
				collect = phon == 0
			case "rPh":
				phon++
			}
		case xml.CharData:
			if collect {
				s.text = append(s.text, t...)
			}
		case xml.EndElement:
			if depth == 0 {
				return nil // </c>
			}
			depth--
			switch t.Name.Local {
			case "v", "t":
				collect = false
			case "rPh":
				phon--
			}
		}
	}
}

// value renders the collected text according to the cell type.
func (s *sheetSource) value(typ, style string, col int) (string, error) {
	switch typ {
	case "s":
		i, ok := atoi(s.text)
		v, found := s.sst.get(i)
		if !ok || !found {
			return "", corrupt(errBadRef("shared string " + string(s.text)))
		}
		return v, nil
	case "inlineStr", "str":
		return string(unescapeXString(s.text)), nil
	case "b":
		switch strings.TrimSpace(string(s.text)) {
		case "1", "true":
			return "TRUE", nil
		case "":
			return "", nil
		}
		return "FALSE", nil
	case "e":
		return string(s.text), nil // #N/A, #VALUE!…: the importer's checks will name it
	case "d":
		return isoDate(string(s.text)), nil
	}
	if len(s.text) == 0 {
		return "", nil
	}
	v := string(s.text)
	f := s.format(style)
	if f.kind != kindNumber {
		if d, ok := formatSerial(v, f.kind, s.date1904); ok {
			return d, nil
		}
	}
	n, ok := formatNumber(v)
	if !ok {
		return "", errs.Wrap(ErrPrecisionLost, errs.Invalid, "err.tabular_number_precision",
			s.rowNum, ColumnName(col))
	}
	if int(f.pad) > len(n) && plainInt(n) && n[0] != '-' {
		n = strings.Repeat("0", int(f.pad)-len(n)) + n
	}
	return n, nil
}

// format returns the number format of a style index (the s attribute).
func (s *sheetSource) format(style string) numFmt {
	if style == "" || len(s.styles) == 0 {
		return numFmt{}
	}
	i, err := strconv.Atoi(style)
	if err != nil || i < 0 || i >= len(s.styles) {
		return numFmt{}
	}
	return s.styles[i]
}

// isoDate shortens an ISO 8601 date cell (t="d", written by strict OOXML tools) to
// the date, or date and time when there is a time of day.
func isoDate(v string) string {
	v = strings.TrimSpace(v)
	d, t, found := strings.Cut(v, "T")
	if !found {
		return v
	}
	t = strings.TrimSuffix(t, "Z")
	if i := strings.IndexAny(t, ".+-"); i >= 0 {
		t = t[:i]
	}
	if t == "" || t == "00:00:00" || t == "00:00" {
		return d
	}
	return d + " " + t
}

// atoi parses a non-negative decimal index without converting to a string first:
// it runs for every shared-string cell.
func atoi(b []byte) (int, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || len(b) > 10 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
