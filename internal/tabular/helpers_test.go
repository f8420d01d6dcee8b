package tabular

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/errs"
)

// readAll opens b and returns every row with its line number, or the error.
func readAll(t *testing.T, b []byte, opts Options) (*Reader, []line, error) {
	t.Helper()
	r, err := Open(bytes.NewReader(b), int64(len(b)), opts)
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	var out []line
	for r.Next() {
		out = append(out, line{r.Line(), append([]string(nil), r.Row()...)})
	}
	return r, out, r.Err()
}

// line is a row as read, with where it was.
type line struct {
	n     int
	cells []string
}

// mustRead is readAll for files that must read without error.
func mustRead(t *testing.T, b []byte, opts Options) (*Reader, []line) {
	t.Helper()
	r, rows, err := readAll(t, b, opts)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return r, rows
}

// cells drops line numbers.
func cells(rows []line) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r.cells
	}
	return out
}

// wantErr checks err wraps sentinel and carries the message key.
func wantErr(t *testing.T, err, sentinel error, key string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s", key)
	}
	if !errors.Is(err, sentinel) {
		t.Errorf("error %v does not wrap %v", err, sentinel)
	}
	e := errs.As(err)
	if e == nil {
		t.Fatalf("error %v is not an *errs.Error", err)
	}
	if e.Msg.Key != key {
		t.Errorf("message key = %s, want %s (%v)", e.Msg.Key, key, err)
	}
}

// The parts of a minimal workbook as Excel lays it out; tests replace some.
const (
	testContentTypes = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`
	testRootRels     = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	testWorkbookRels = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>` +
		`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
		`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`</Relationships>`
	testWorkbook = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<workbookPr/><sheets><sheet name="居民" sheetId="1" r:id="rId1"/><sheet name="说明" sheetId="2" r:id="rId2"/></sheets></workbook>`
	// Styles: 0 General, 1 built-in date 14, 2 custom yyyy/m/d, 3 text "@",
	// 4 built-in 22 (m/d/yy h:mm), 5 built-in 20 (h:mm), 6 Chinese 31 (yyyy年m月d日),
	// 7 custom 0.00%, 8 custom [h]:mm, 9 custom 0000.
	testStyles = `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy/m/d;@"/><numFmt numFmtId="165" formatCode="0.00%"/><numFmt numFmtId="166" formatCode="[h]:mm"/><numFmt numFmtId="167" formatCode="0000"/></numFmts>` +
		`<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>` +
		`<cellXfs count="10"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="49"/><xf numFmtId="22"/><xf numFmtId="20"/><xf numFmtId="31"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/></cellXfs>` +
		`</styleSheet>`
	testSheet2 = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>第二页</t></is></c></row></sheetData></worksheet>`
)

// sheetXML wraps rows in a worksheet, with some of the elements Excel puts around
// sheetData so the reader has to step over them.
func sheetXML(rows string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<dimension ref="A1:F9"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><cols><col min="1" max="2" width="9"/></cols>` +
		`<sheetData>` + rows + `</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>`
}

// sst builds a shared strings part.
func sst(items ...string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for _, s := range items {
		if strings.HasPrefix(s, "<") {
			b.WriteString("<si>" + s + "</si>") // already markup: rich text
		} else {
			b.WriteString("<si><t>" + s + "</t></si>")
		}
	}
	b.WriteString(`</sst>`)
	return b.String()
}

// xlsxFile zips the default parts with the given ones added or replaced; an empty
// body removes a part.
func xlsxFile(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	all := map[string]string{
		"[Content_Types].xml":        testContentTypes,
		"_rels/.rels":                testRootRels,
		"xl/workbook.xml":            testWorkbook,
		"xl/_rels/workbook.xml.rels": testWorkbookRels,
		"xl/styles.xml":              testStyles,
		"xl/sharedStrings.xml":       sst(),
		"xl/worksheets/sheet2.xml":   testSheet2,
	}
	for k, v := range parts {
		all[k] = v
	}
	return zipOf(t, all)
}

func zipOf(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range parts {
		if body == "" {
			continue
		}
		f, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func equalRows(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

// asErr is errs.As for tests that already checked the type.
func asErr(err error) *errs.Error { return errs.As(err) }
