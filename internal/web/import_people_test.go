package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// testIDNumber is the i-th of many distinct valid ID numbers.
func testIDNumber(i int) string {
	birth := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%20000)
	first := fmt.Sprintf("320508%s%03d", birth.Format("20060102"), (i/20000)%1000)
	c, _ := register.IDCheckChar(first)
	return first + string(c)
}

// The scenario: a 10,000-row workbook of residents with a few bad rows imports
// the good ones and hands back the bad ones in the error report.
func TestImportResidentsWorkbook(t *testing.T) {
	e := importEnv(t, nil)
	staff := e.Login(webtest.StaffA)
	a := e.GridA.FullCode
	rows := [][]string{{"网格编码", "姓名", "人口类别", "公民身份号码", "手机号码", "民族"}}
	for i := 0; i < 10000; i++ {
		rows = append(rows, []string{a, "居民" + fmt.Sprint(i), "户籍人口", testIDNumber(i), fmt.Sprintf("139%08d", i), "汉族"})
	}
	bad := testIDNumber(20001)
	rows = append(rows,
		[]string{a, "错号", "户籍人口", bad[:17] + map[bool]string{true: "0", false: "1"}[bad[17] != '0'], "", ""}, // wrong check digit
		[]string{a, "坏电话", "户籍人口", testIDNumber(20002), "1391234", ""},
		[]string{a, "居民0", "户籍人口", testIDNumber(0), "", ""}, // repeats the first row
	)
	j := upload(t, e, staff, "people", false, "实有人口.xlsx", xlsxFile(t, rows...))
	if j.counts() != [4]int{10000, 0, 0, 3} || j.ReportURL == "" {
		t.Fatalf("import %+v", j)
	}
	rep := staff.Get(j.ReportURL)
	_, rrows := readSheet(t, []byte(rep.Body))
	if len(rrows) != 4 || rrows[1][6] != "10002" || rrows[3][6] != "10004" || !strings.Contains(rrows[3][7], "第 2 行") {
		t.Fatalf("report %q", rrows)
	}

	// Exports mask the numbers and say so; unmasked exports need a purpose and are audited.
	r := staff.Get("/registers/people/export.csv?name=" + url.QueryEscape("居民1"))
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "已脱敏") || strings.Contains(r.Body, testIDNumber(1)) ||
		!strings.Contains(r.Body, "139****0001") {
		t.Fatalf("masked export: %d %.300s", r.StatusCode, r.Body)
	}
	if n := strings.Count(r.Body, "\n"); n != 2+1111 { // title, header and 居民1, 居民10…居民1999
		t.Fatalf("filtered export has %d lines", n)
	}
	if r := staff.Get("/registers/people/export.csv?reg_type=tourist"); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad filter: %d", r.StatusCode)
	}
	r = staff.PostForm("/registers/people/export.xlsx?name="+url.QueryEscape("居民9999"), url.Values{"purpose": {"核对户籍信息"}})
	sheet, srows := readSheet(t, []byte(r.Body))
	if !strings.Contains(sheet, "未脱敏") || len(srows) != 2 || srows[1][3] != testIDNumber(9999) || srows[1][8] != "13900009999" {
		t.Fatalf("unmasked export: sheet %q rows %q", sheet, srows)
	}
	es, _ := e.DB.AuditEntries(context.Background(), e.Sys, audit.Filter{Action: "export.unmasked"})
	if len(es) != 1 || es[0].Purpose != "核对户籍信息" || strings.Contains(es[0].Detail, testIDNumber(9999)) {
		t.Fatalf("audit %+v", es)
	}
	// Re-importing the masked export of everyone changes nothing: the masked ID numbers
	// are refused (they match nobody), nothing is overwritten.
	all := staff.Get("/registers/people/export.csv?name=" + url.QueryEscape("居民999"))
	j = upload(t, e, staff, "people", false, "export.csv", []byte(all.Body))
	if j.New != 0 || j.Changed != 0 || j.Errors != 11 {
		t.Fatalf("masked re-import %+v", j)
	}
}
