package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// firstError is the listed error of a job's line, "" when it has none.
func firstError(j importJob, line int) string {
	for _, e := range j.FirstErrors {
		if e.Line == line {
			return e.Column + ": " + e.Text
		}
	}
	return ""
}

// exportRoundTrip exports a register as CSV and imports the file again: nothing changes.
func exportRoundTrip(t *testing.T, e *webtest.Env, c *webtest.Client, reg string, rows int) string {
	t.Helper()
	r := c.Get("/registers/" + reg + "/export.csv")
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "已脱敏") {
		t.Fatalf("export: %d %.300s", r.StatusCode, r.Body)
	}
	if n := strings.Count(r.Body, "\n"); n != 2+rows {
		t.Fatalf("export has %d lines, want %d: %s", n, 2+rows, r.Body)
	}
	if j := upload(t, e, c, reg, false, reg+".csv", []byte(r.Body)); j.counts() != [4]int{0, 0, rows, 0} {
		t.Fatalf("re-import of the export %+v", j)
	}
	return r.Body
}

func TestImportFacilitiesFile(t *testing.T) {
	e := importEnv(t, nil)
	staff := e.Login(webtest.StaffA)
	a, b := e.GridA.FullCode, e.GridB.FullCode
	file := "网格编码,部件小类,部件标识码,经度,纬度,位置描述,权属单位,部件状态\n" +
		a + ",上水井盖,,120.631,31.311,平江路 1 号,平江街道城管中队,完好\n" +
		a + ",0101,,120.632,31.312,平江路 2 号,,损坏\n" +
		a + ",井盖,,120.633,31.313,,,\n" +
		a + ",0101,,120.634,31.314,,无此单位,\n" +
		b + ",0101,,120.635,31.315,,,\n"
	j := upload(t, e, staff, "facilities", false, "部件.csv", []byte(file))
	if j.counts() != [4]int{2, 0, 0, 3} || j.ReportURL == "" {
		t.Fatalf("import %+v", j)
	}
	for line, want := range map[int]string{4: "部件小类: “井盖”不是在用的部件小类", 5: "权属单位: 没有名为“无此单位”的单位", 6: "网格编码: "} {
		if got := firstError(j, line); !strings.HasPrefix(got, want) {
			t.Errorf("line %d: %q, want %q", line, got, want)
		}
	}
	if j := upload(t, e, staff, "facilities", false, "部件.csv", []byte(file)); j.counts() != [4]int{0, 0, 2, 3} {
		t.Fatalf("re-import %+v", j)
	}
	body := exportRoundTrip(t, e, staff, "facilities", 2)
	if !strings.Contains(body, "0101 上水井盖") || !strings.Contains(body, "平江街道城管中队") || !strings.Contains(body, "破损") {
		t.Fatalf("export %s", body)
	}
	// Staff of the other street see none of them.
	if r := e.Login(webtest.StaffB).Get("/registers/facilities/export.csv"); strings.Count(r.Body, "\n") != 2 {
		t.Fatalf("other street's export %s", r.Body)
	}
	page := staff.Get("/registers/facilities")
	for _, want := range []string{"/registers/facilities/import", "/registers/facilities/template.xlsx", "/registers/facilities/export.xlsx"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("list page lacks %q", want)
		}
	}
}
