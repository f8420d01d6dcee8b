package tabular

import (
	"strings"
	"testing"
)

// A hand-built workbook as Excel writes it: shared strings (with rich text and
// phonetic runs), inline strings, gaps, numbers with float noise, booleans, dates in
// several styles, formulas with cached values, a number-typed column with long IDs.
func TestXLSXCells(t *testing.T) {
	strs := sst(
		"姓名", "身份证号", "出生日期", "电话", "面积", "独居", "备注", // 0–6
		"张三", "110105199003071234", // 7, 8
		`<r><rPr><b/></rPr><t>李</t></r><r><t xml:space="preserve">四 </t></r><rPh sb="0" eb="1"><t>リ</t></rPh>`, // 9
		"a_x000D_b &amp; &lt;c&gt;", // 10
	)
	rows := `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c></row>` +
		// gaps: B2 missing, D2 empty styled cell; a text ID, a date, float noise, a boolean
		`<row r="2" spans="1:7"><c r="A2" t="s"><v>7</v></c><c r="C2" s="1"><v>32939</v></c><c r="D2" s="3"/><c r="E2"><v>85.700000000000003</v></c><c r="F2" t="b"><v>1</v></c></row>` +
		// blank row skipped
		`<row r="3"><c r="A3" s="2"/></row>` +
		// rich text, custom date format, formula with cached number, text ID, trailing empties
		`<row r="5"><c r="A5" t="s"><v>9</v></c><c r="B5" t="s"><v>8</v></c><c r="C5" s="2"><v>45352</v></c><c r="D5" t="str"><f>"138"&amp;"00138000"</f><v>13800138000</v></c><c r="E5"><f>0.1+0.2</f><v>0.30000000000000004</v></c><c r="F5" t="b"><v>0</v></c><c r="G5" t="s"><v>10</v></c><c r="H5" s="3"/></row>` +
		// cells without references, an inline string, a Chinese date format, a date-time,
		// a time, a percentage kept as a number, an error value
		`<row><c t="inlineStr"><is><t>王五</t></is></c><c t="inlineStr"><is><r><t>3205</t></r><r><t>08199001010012</t></r></is></c><c s="6"><v>36526</v></c><c s="4"><v>45352.5</v></c><c s="5"><v>0.75</v></c><c s="7"><v>0.125</v></c><c t="e"><v>#N/A</v></c></row>` +
		// a strict-OOXML ISO date, a negative number, a date-time at midnight, elapsed hours
		`<row r="7"><c r="A7" t="d"><v>2024-03-01T00:00:00Z</v></c><c r="B7"><v>-12.5</v></c><c r="C7" s="4"><v>45352</v></c><c r="D7" s="8"><v>1.5</v></c><c r="E7"><v>1E-3</v></c><c r="F7"><v>123456789012345</v></c></row>` +
		// codes kept with a zero-padding format
		`<row r="8"><c r="A8" s="9"><v>301</v></c><c r="B8" s="9"><v>12345</v></c><c r="C8" s="9"><v>-5</v></c></row>`
	file := xlsxFile(t, map[string]string{"xl/sharedStrings.xml": strs, "xl/worksheets/sheet1.xml": sheetXML(rows)})
	r, got := mustRead(t, file, Options{})
	want := []line{
		{1, []string{"姓名", "身份证号", "出生日期", "电话", "面积", "独居", "备注"}},
		{2, []string{"张三", "", "1990-03-07", "", "85.7", "TRUE"}},
		{5, []string{"李四 ", "110105199003071234", "2024-03-01", "13800138000", "0.3", "FALSE", "a\rb & <c>"}},
		{6, []string{"王五", "320508199001010012", "2000-01-01", "2024-03-01 12:00:00", "18:00:00", "0.125", "#N/A"}},
		{7, []string{"2024-03-01", "-12.5", "2024-03-01", "36:00:00", "0.001", "123456789012345"}},
		{8, []string{"0301", "12345", "-5"}},
	}
	if r.Format() != FormatXLSX || r.Sheet() != "居民" || strings.Join(r.Sheets(), ",") != "居民,说明" || r.Encoding() != "" {
		t.Errorf("format %s sheet %q of %q encoding %q", r.Format(), r.Sheet(), r.Sheets(), r.Encoding())
	}
	if len(got) != len(want) {
		t.Fatalf("rows:\n%v\nwant\n%v", got, want)
	}
	for i := range want {
		if got[i].n != want[i].n || !equalRows([][]string{got[i].cells}, [][]string{want[i].cells}) {
			t.Errorf("row %d:\n got %d %q\nwant %d %q", i, got[i].n, got[i].cells, want[i].n, want[i].cells)
		}
	}
}

// An ID number typed into a number cell has already lost its last digits in Excel;
// that is reported as its own error, naming the cell.
func TestXLSXPrecisionLost(t *testing.T) {
	for _, v := range []string{"1.10105199003071E+17", "110105199003071000", "3205081990010100", "1E+15"} {
		t.Run(v, func(t *testing.T) {
			rows := `<row r="1"><c r="A1" t="inlineStr"><is><t>身份证号</t></is></c></row>` +
				`<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="C2"><v>` + v + `</v></c></row>`
			_, got, err := readAll(t, xlsxFile(t, map[string]string{"xl/worksheets/sheet1.xml": sheetXML(rows)}), Options{})
			wantErr(t, err, ErrPrecisionLost, "err.tabular_number_precision")
			if e := asErr(err); e.Msg.Args[0] != 2 || e.Msg.Args[1] != "C" {
				t.Errorf("args %v, want row 2 column C", e.Msg.Args)
			}
			if len(got) != 1 {
				t.Errorf("rows before the error: %d, want 1", len(got))
			}
		})
	}
}

// Producers differ: namespace prefixes, strict OOXML relationship types, upper-case
// part names, absolute targets, the 1904 date system, no styles or shared strings.
func TestXLSXProducers(t *testing.T) {
	prefixed := `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
		`<x:row r="1"><x:c r="B1" t="inlineStr"><x:is><x:t>名称</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`
	strictRels := strings.ReplaceAll(testWorkbookRels, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/", "http://purl.oclc.org/ooxml/officeDocument/relationships/")
	strictRoot := strings.ReplaceAll(testRootRels, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/", "http://purl.oclc.org/ooxml/officeDocument/relationships/")
	date1904 := strings.Replace(testWorkbook, "<workbookPr/>", `<workbookPr date1904="1"/>`, 1)
	dateSheet := sheetXML(`<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>366</v></c></row>`)
	tests := []struct {
		name  string
		parts map[string]string
		opts  Options
		want  [][]string
	}{
		{"namespace prefixes", map[string]string{"xl/worksheets/sheet1.xml": prefixed}, Options{}, [][]string{{"", "名称"}}},
		{"strict ooxml", map[string]string{"_rels/.rels": strictRoot, "xl/_rels/workbook.xml.rels": strictRels, "xl/worksheets/sheet1.xml": prefixed}, Options{}, [][]string{{"", "名称"}}},
		{"upper-case part names", map[string]string{"xl/worksheets/sheet1.xml": "", "XL/Worksheets/Sheet1.xml": prefixed}, Options{}, [][]string{{"", "名称"}}},
		{"sheet by name", map[string]string{"xl/worksheets/sheet1.xml": prefixed}, Options{Sheet: "说明"}, [][]string{{"第二页"}}},
		{"sheet name ignoring case and spaces", map[string]string{"xl/worksheets/sheet1.xml": prefixed, "xl/workbook.xml": strings.Replace(testWorkbook, "说明", "Notes", 1)}, Options{Sheet: " notes"}, [][]string{{"第二页"}}},
		{"1904 dates", map[string]string{"xl/workbook.xml": date1904, "xl/worksheets/sheet1.xml": dateSheet}, Options{}, [][]string{{"1904-01-01", "1905-01-01"}}},
		{"1900 dates before the phantom leap day", map[string]string{"xl/worksheets/sheet1.xml": sheetXML(`<row r="1"><c r="A1" s="1"><v>1</v></c><c r="B1" s="1"><v>59</v></c><c r="C1" s="1"><v>61</v></c></row>`)}, Options{}, [][]string{{"1900-01-01", "1900-02-28", "1900-03-01"}}},
		{"no styles, no shared strings", map[string]string{"xl/styles.xml": "", "xl/sharedStrings.xml": "", "xl/worksheets/sheet1.xml": dateSheet}, Options{}, [][]string{{"0", "366"}}},
		{"strings and styles found without relationships", map[string]string{
			"xl/_rels/workbook.xml.rels": strings.NewReplacer(`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`, "",
				`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, "").Replace(testWorkbookRels),
			"xl/sharedStrings.xml":     sst("甲"),
			"xl/worksheets/sheet1.xml": sheetXML(`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>366</v></c></row>`),
		}, Options{}, [][]string{{"甲", "1900-12-31"}}},
		{"no package relationships", map[string]string{"_rels/.rels": "", "xl/worksheets/sheet1.xml": prefixed}, Options{}, [][]string{{"", "名称"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, rows := mustRead(t, xlsxFile(t, tt.parts), tt.opts)
			if got := cells(rows); !equalRows(got, tt.want) {
				t.Errorf("rows = %q, want %q", got, tt.want)
			}
		})
	}
}

// Damaged or hostile sheets fail with a message, never with a huge allocation.
func TestXLSXBadSheets(t *testing.T) {
	bigSST := sst(strings.Repeat("长", 2000), strings.Repeat("短", 2000))
	tests := []struct {
		name     string
		parts    map[string]string
		opts     Options
		sentinel error
		key      string
	}{
		{"cell beyond XFD", map[string]string{"xl/worksheets/sheet1.xml": sheetXML(`<row r="1"><c r="XFE1"><v>1</v></c></row>`)}, Options{}, ErrCorrupt, "err.tabular_corrupt"},
		{"row beyond the sheet", map[string]string{"xl/worksheets/sheet1.xml": sheetXML(`<row r="1048577"><c><v>1</v></c></row>`)}, Options{}, ErrCorrupt, "err.tabular_corrupt"},
		{"shared string out of range", map[string]string{"xl/worksheets/sheet1.xml": sheetXML(`<row r="1"><c r="A1" t="s"><v>3</v></c></row>`)}, Options{}, ErrCorrupt, "err.tabular_corrupt"},
		{"truncated xml", map[string]string{"xl/worksheets/sheet1.xml": sheetXML(`<row r="1"><c r="A1"><v>1</v></c></row>`)[:300]}, Options{}, ErrCorrupt, "err.tabular_corrupt"},
		{"mismatched tags", map[string]string{"xl/worksheets/sheet1.xml": `<worksheet><sheetData><row><c><v>1</c></row></sheetData></worksheet>`}, Options{}, ErrCorrupt, "err.tabular_corrupt"},
		{"shared strings over the limit", map[string]string{"xl/sharedStrings.xml": bigSST, "xl/worksheets/sheet1.xml": sheetXML("")}, Options{MaxSharedStrings: 10000}, ErrTooLarge, "err.tabular_shared_strings_limit"},
		{"many empty shared strings over the limit", map[string]string{"xl/sharedStrings.xml": `<sst uniqueCount="100000000">` + strings.Repeat("<si><t></t></si>", 5000) + `</sst>`, "xl/worksheets/sheet1.xml": sheetXML("")}, Options{MaxSharedStrings: 10000}, ErrTooLarge, "err.tabular_shared_strings_limit"},
		{"giant cell", map[string]string{"xl/worksheets/sheet1.xml": sheetXML(`<row r="1"><c r="A1" t="inlineStr"><is><t>` + strings.Repeat("x", maxXMLToken+2*xmlInputBuffer) + `</t></is></c></row>`)}, Options{}, ErrTooLarge, "err.tabular_cell_too_large"},
		{"sheet over the xml limit", map[string]string{"xl/worksheets/sheet1.xml": sheetXML(strings.Repeat(`<row><c><v>1</v></c></row>`, 1000))}, Options{MaxXMLBytes: 4096}, ErrTooLarge, "err.tabular_xml_too_large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(t, xlsxFile(t, tt.parts), tt.opts)
			wantErr(t, err, tt.sentinel, tt.key)
		})
	}
}
