package tabular

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"strings"
	"testing"
)

// Cells that spreadsheets tend to mangle.
var trickyRows = [][]string{
	{"姓名", "身份证号", "电话", "编码", "备注"},
	{"张三", "110105199003071234", "13800138000", "0010", "=1+1"},
	{"李四", "11010519900307123X", "+8613800138000", "-5", "@SUM(A1)"},
	{" 前后空格 ", "a\tb", "行一\n行二", "<b>&amp;</b>", "_x0041_ 不是 A"},
	{"控制字符\x01\x1f", "回车\r换行", "\"引号\"", "逗号,分号;", "-无-"},
	{"", "", "", "", "只有最后一格"},
	{"𠀀生僻字", "１２３全角", "'撇号", "007", "1.5E+3"},
}

func writeXLSX(t *testing.T, opts XLSXOptions, header []string, rows [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	x := NewXLSXWriter(&buf, opts)
	if header != nil {
		if err := x.WriteHeader(header); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range rows {
		if err := x.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// part returns the text of one part of a zip.
func part(t *testing.T, file []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(f)
	return string(b)
}

// What the XLSX writer writes reads back cell for cell.
func TestXLSXRoundTrip(t *testing.T) {
	file := writeXLSX(t, XLSXOptions{Sheet: "实有人口[2024]", Widths: []int{0, 22}}, trickyRows[0], trickyRows[1:])
	r, rows := mustRead(t, file, Options{})
	if got := cells(rows); !equalRows(got, trickyRows) {
		t.Errorf("round trip:\n got %q\nwant %q", got, trickyRows)
	}
	if r.Sheet() != "实有人口_2024_" {
		t.Errorf("sheet %q", r.Sheet())
	}
	sheet := part(t, file, "xl/worksheets/sheet1.xml")
	for _, want := range []string{
		`state="frozen"`, `ySplit="1"`, // header stays in view
		`<col min="1" max="1" width="8" customWidth="1" style="1"/>`,  // 姓名: 4+2, at least 8
		`<col min="2" max="2" width="22" customWidth="1" style="1"/>`, // given
		`<c r="A1" s="2" t="inlineStr">`,                              // bold header
		`<c r="B2" s="1" t="inlineStr"><is><t>110105199003071234</t>`, // text, all digits
		`<t xml:space="preserve"> 前后空格 </t>`,
		`_x005F_x0041_`, `_x0001_`, `&#13;`,
	} {
		if !strings.Contains(sheet, want) {
			t.Errorf("sheet XML lacks %s", want)
		}
	}
	if strings.Contains(sheet, "<f>") || strings.Contains(sheet, `t="n"`) {
		t.Error("a cell was written as a formula or number")
	}
}

// Figure columns hold numbers Excel can add up; anything else in them stays text, and
// they read back as written.
func TestXLSXNumbers(t *testing.T) {
	rows := [][]string{{"a", "972"}, {"b", "93.72"}, {"c", "-3"}, {"d", "0.5"}, {"e", "—"}, {"f", "1e5"}, {"g", "007"}, {"h", "12."}, {"i", "+4"}}
	file := writeXLSX(t, XLSXOptions{Numbers: []bool{false, true}}, []string{"名称", "数值"}, rows)
	_, got := mustRead(t, file, Options{})
	if want := append([][]string{{"名称", "数值"}}, rows...); !equalRows(cells(got), want) {
		t.Errorf("read back %q", cells(got))
	}
	sheet := part(t, file, "xl/worksheets/sheet1.xml")
	for i, r := range rows {
		number := strings.Contains(sheet, fmt.Sprintf(`<c r="B%d" s="5"><v>%s</v></c>`, i+2, r[1]))
		if want := i < 4; number != want {
			t.Errorf("%q written as a number: %v, want %v", r[1], number, want)
		}
	}
	if strings.Contains(sheet, `<c r="A2" s="5"`) || strings.Contains(sheet, `<c r="B1" s="5"`) {
		t.Error("a name or the header was written as a number")
	}
}

// Linked cells lead where they say, numbers among them still numbers; other addresses
// are no links.
func TestXLSXLinks(t *testing.T) {
	var buf bytes.Buffer
	x := NewXLSXWriter(&buf, XLSXOptions{Numbers: []bool{false, true}})
	x.WriteHeader([]string{"区域", "结案率"})
	x.WriteLinked([]string{"平江街道", "93.72"}, []string{"", "https://shequ.example.cn/dashboard/cases?code=close_rate&key=3"})
	x.WriteLinked([]string{"沧浪街道", "88.25"}, []string{"javascript:alert(1)", "/relative"})
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	file := buf.Bytes()
	_, rows := mustRead(t, file, Options{})
	if got := cells(rows); !equalRows(got, [][]string{{"区域", "结案率"}, {"平江街道", "93.72"}, {"沧浪街道", "88.25"}}) {
		t.Errorf("read back %q", got)
	}
	sheet := part(t, file, "xl/worksheets/sheet1.xml")
	rels := part(t, file, "xl/worksheets/_rels/sheet1.xml.rels")
	for _, want := range []string{`<c r="B2" s="6"><v>93.72</v></c>`, `<hyperlinks><hyperlink ref="B2" r:id="rId1"/></hyperlinks>`} {
		if !strings.Contains(sheet, want) {
			t.Errorf("sheet lacks %s", want)
		}
	}
	if !strings.Contains(rels, `Target="https://shequ.example.cn/dashboard/cases?code=close_rate&amp;key=3" TargetMode="External"`) ||
		strings.Contains(rels, "javascript") || strings.Contains(rels, "relative") {
		t.Errorf("relationships %s", rels)
	}
}

// Writing without a header, and closing with no rows, both give readable workbooks.
func TestXLSXWriterEdges(t *testing.T) {
	_, rows := mustRead(t, writeXLSX(t, XLSXOptions{}, nil, [][]string{{"a", "b"}}), Options{})
	if got := cells(rows); !equalRows(got, [][]string{{"a", "b"}}) {
		t.Errorf("rows %q", got)
	}
	empty := writeXLSX(t, XLSXOptions{}, nil, nil)
	r, rows := mustRead(t, empty, Options{})
	if len(rows) != 0 || r.Sheet() != "Sheet1" {
		t.Errorf("empty workbook: %d rows, sheet %q", len(rows), r.Sheet())
	}

	var buf bytes.Buffer
	x := NewXLSXWriter(&buf, XLSXOptions{})
	x.Write([]string{strings.Repeat("长", maxCellChars+5), strings.Repeat("𠀀", maxCellChars/2+1), "\xff坏"})
	if err := x.WriteHeader([]string{"late"}); err == nil {
		t.Error("WriteHeader after a row was accepted")
	}
	x = NewXLSXWriter(&buf, XLSXOptions{})
	x.Write([]string{strings.Repeat("长", maxCellChars+5), strings.Repeat("𠀀", maxCellChars/2+1), "\xff坏"})
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if x.Truncated() != 2 {
		t.Errorf("truncated %d cells, want 2", x.Truncated())
	}
	if err := x.Write([]string{"x"}); err != ErrClosed {
		t.Errorf("write after close: %v", err)
	}
	_, rows = mustRead(t, buf.Bytes(), Options{})
	row := rows[0].cells
	if len([]rune(row[0])) != maxCellChars || len([]rune(row[1])) != maxCellChars/2 || row[2] != "\ufffd坏" {
		t.Errorf("cell lengths %d %d, third %q", len([]rune(row[0])), len([]rune(row[1])), row[2])
	}
}

// CSV for Excel keeps long numbers and leading zeros, defuses formulas, and reads
// back as written; raw CSV is plain.
func TestCSVWriter(t *testing.T) {
	var buf bytes.Buffer
	w := NewCSVWriter(&buf, CSVOptions{})
	for _, r := range trickyRows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"\ufeff姓名,", "\r\n", `"=""110105199003071234"""`, `"=""0010"""`, `'=1+1`, `'@SUM(A1)`, `,-5,`, `'-无-`, `"=""+8613800138000"""`, `1.5E+3`} {
		if !strings.Contains(out, want) {
			t.Errorf("CSV lacks %q:\n%s", want, out)
		}
	}
	r, rows := mustRead(t, buf.Bytes(), Options{})
	if r.Encoding() != EncodingUTF8BOM {
		t.Errorf("encoding %s", r.Encoding())
	}
	got := cells(rows)
	// What Excel would have mangled comes back as it was; defused formulas keep
	// their apostrophe, which Excel shows too.
	if got[1][1] != "110105199003071234" || got[1][3] != "0010" || got[1][4] != "'=1+1" || got[2][2] != "+8613800138000" || got[6][3] != "007" {
		t.Errorf("read back %q", got)
	}
	// encoding/csv drops a lone carriage return when writing CRLF line ends;
	// cells typed in Excel break lines with LF, which survives.
	if got[4][1] != "回车换行" || got[3][2] != "行一\n行二" {
		t.Errorf("line break in a cell: %q", got[4][1])
	}

	buf.Reset()
	w = NewCSVWriter(&buf, CSVOptions{Raw: true, Comma: ';'})
	w.Write([]string{"a", "=1+1", "0010"})
	w.Close()
	if buf.String() != "a;=1+1;0010\n" {
		t.Errorf("raw CSV %q", buf.String())
	}
}

// GBK and UTF-16 files, as Excel saves them, read like the UTF-8 original.
func TestRoundTripEncodings(t *testing.T) {
	var csv strings.Builder
	for _, r := range trickyRows[:3] {
		csv.WriteString(strings.Join(r, ",") + "\r\n")
	}
	for _, file := range [][]byte{gbk(t, csv.String()), utf16Bytes(strings.ReplaceAll(csv.String(), ",", "\t"), leBytes, true)} {
		_, rows := mustRead(t, file, Options{})
		if got := cells(rows); !equalRows(got, trickyRows[:3]) {
			t.Errorf("got %q", got)
		}
	}
}

var leBytes = binary.LittleEndian
