package tabular

import (
	"bytes"
	"testing"
)

// Files people upload by mistake are refused with a message that says what to do.
func TestOpenRefuses(t *testing.T) {
	valid := xlsxFile(t, map[string]string{"xl/worksheets/sheet1.xml": sheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>`)})
	tests := []struct {
		name     string
		file     []byte
		sentinel error
		key      string
	}{
		{"empty", nil, ErrEmpty, "err.tabular_empty"},
		{"xls", append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 600)...), ErrLegacyExcel, "err.tabular_xls"},
		{"pdf", []byte("%PDF-1.7\n…"), ErrNotSpreadsheet, "err.tabular_not_spreadsheet"},
		{"png", []byte("\x89PNG\r\n\x1a\n...."), ErrNotSpreadsheet, "err.tabular_not_spreadsheet"},
		{"binary with NULs", []byte("abc\x00\x01\x02\x00\x00\x00\x00\xff\x00\x00\xee\x00\x00"), ErrNotSpreadsheet, "err.tabular_not_spreadsheet"},
		{"html saved as xls", []byte("\ufeff  <html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><table><tr><td>姓名</td></tr></table></html>"), ErrMarkup, "err.tabular_markup"},
		{"bare html table", []byte("<TABLE border=1><TR><TD>姓名</TD></TR></TABLE>"), ErrMarkup, "err.tabular_markup"},
		{"xml spreadsheet 2003", []byte(`<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook/>`), ErrMarkup, "err.tabular_markup"},
		{"word document", zipOf(t, map[string]string{"word/document.xml": "<w:document/>", "[Content_Types].xml": testContentTypes}), ErrNotSpreadsheet, "err.tabular_zip_not_xlsx"},
		{"ods", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"}), ErrNotSpreadsheet, "err.tabular_ods"},
		{"zip header then garbage", append([]byte("PK\x03\x04"), bytes.Repeat([]byte("garbage"), 50)...), ErrCorrupt, "err.tabular_corrupt"},
		{"truncated workbook", valid[:len(valid)/2], ErrCorrupt, "err.tabular_corrupt"},
		{"workbook is not XML", xlsxFile(t, map[string]string{"xl/workbook.xml": "<workbook><sheets><sheet name=\"a\" r:id=\"rId1\"></workbook>"}), ErrCorrupt, "err.tabular_corrupt"},
		{"no worksheets", xlsxFile(t, map[string]string{"xl/workbook.xml": `<workbook><sheets/></workbook>`}), ErrSheetNotFound, "err.tabular_no_sheet"},
		{"sheet part missing", xlsxFile(t, nil), ErrCorrupt, "err.tabular_corrupt"},
		{"unknown sheet name", valid, ErrSheetNotFound, "err.tabular_sheet_not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{}
			if tt.name == "unknown sheet name" {
				opts.Sheet = "户籍"
			}
			_, _, err := readAll(t, tt.file, opts)
			wantErr(t, err, tt.sentinel, tt.key)
		})
	}
}

// A file with only blank lines has no rows, and that is not an error of the reader:
// the header search reports it.
func TestOpenBlankFile(t *testing.T) {
	_, rows := mustRead(t, []byte("\r\n,,,\r\n \r\n"), Options{})
	if len(rows) != 0 {
		t.Fatalf("rows = %v, want none", rows)
	}
}

// MaxRows refuses a file before the importer does any work on rows beyond it.
func TestMaxRows(t *testing.T) {
	_, rows, err := readAll(t, []byte("a\n1\n2\n3\n"), Options{MaxRows: 3})
	wantErr(t, err, ErrTooLarge, "err.tabular_too_many_rows")
	if len(rows) != 3 {
		t.Errorf("read %d rows before the error, want 3", len(rows))
	}
}

func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := ColumnName(i); got != want {
			t.Errorf("ColumnName(%d) = %q, want %q", i, got, want)
		}
		col, _, ok := parseCellRef(want + "7")
		if !ok || col != i {
			t.Errorf("parseCellRef(%s7) = %d, %v", want, col, ok)
		}
	}
	for _, bad := range []string{"", "7", "A7B", "XFE1", "A1048577", "Ä1"} {
		if _, _, ok := parseCellRef(bad); ok {
			t.Errorf("parseCellRef(%q) accepted", bad)
		}
	}
	if c, r, ok := parseCellRef("$C$5"); !ok || c != 2 || r != 5 {
		t.Errorf("parseCellRef($C$5) = %d %d %v", c, r, ok)
	}
}
