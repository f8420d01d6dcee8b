package tabular

import (
	"bytes"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/i18n"
)

// The error report holds the rejected rows as they were, the cells at fault
// highlighted, then the line in the uploaded file and what is wrong; re-imported
// after correction, its extra columns are merely unknown.
func TestErrorReport(t *testing.T) {
	var buf bytes.Buffer
	rep, err := NewErrorReport(&buf, []string{"姓名", "身份证号", "住址", ""}, i18n.ZH)
	if err != nil {
		t.Fatal(err)
	}
	rep.Add(3, []string{"张三", "110105199003071235"}, Problem{Col: 1, Text: "校验位不对"})
	rep.Add(9, []string{"", "110105199003071234", "平江路", "多出的格"}, Problem{Col: 0, Text: "必填"}, Problem{Col: -1, Text: "与第 3 行重复"}, Problem{Col: 3, Text: "没有表头"})
	if rep.Rows() != 2 {
		t.Errorf("rows %d", rep.Rows())
	}
	if err := rep.Close(); err != nil {
		t.Fatal(err)
	}
	_, rows := mustRead(t, buf.Bytes(), Options{})
	want := [][]string{
		{"姓名", "身份证号", "住址", "原行号", "错误原因"},
		{"张三", "110105199003071235", "", "3", "身份证号：校验位不对"},
		{"", "110105199003071234", "平江路", "9", "姓名：必填；与第 3 行重复；没有表头", "多出的格"},
	}
	if got := cells(rows); !equalRows(got, want) {
		t.Errorf("report:\n got %q\nwant %q", got, want)
	}
	sheet := part(t, buf.Bytes(), "xl/worksheets/sheet1.xml")
	for _, want := range []string{`<c r="B2" s="3"`, `<c r="A3" s="3"/>`, `<c r="F3" s="3"`, `<c r="E2" s="4"`, `state="frozen"`} {
		if !strings.Contains(sheet, want) {
			t.Errorf("sheet lacks %s", want)
		}
	}
	if !strings.Contains(part(t, buf.Bytes(), "xl/workbook.xml"), `name="错误数据"`) {
		t.Error("sheet name")
	}

	m, err := residentSpec.Map(want[0])
	if err != nil || len(m.Unknown()) != 2 {
		t.Errorf("re-import header: %v, unknown %v", err, m.Unknown())
	}

	buf.Reset()
	rep, _ = NewErrorReport(&buf, []string{"姓名"}, i18n.EN)
	rep.Add(2, []string{"x"}, Problem{Col: 0, Text: "too long"}, Problem{Col: -1, Text: "duplicate"})
	rep.Close()
	_, rows = mustRead(t, buf.Bytes(), Options{})
	if got := cells(rows); got[0][2] != "Problems" || got[1][2] != "姓名: too long; duplicate" {
		t.Errorf("English report %q", got)
	}
}
