package web_test

import (
	"net/http"
	"net/url"
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

// seedPlaces uploads two buildings with houses and four residents in grid A, and one
// resident in grid B, as the district's staff.
func seedPlaces(t *testing.T, e *webtest.Env) {
	t.Helper()
	c := e.Login(webtest.StaffDist)
	a, b := e.GridA.FullCode, e.GridB.FullCode
	for _, f := range []struct{ reg, body string }{
		{"buildings", "网格编码,楼栋名称,地址,地上层数,楼栋类型\n" + a + ",1幢,平江路 1 号,6,住宅\n" + a + ",2幢,平江路 2 号,6,住宅\n"},
		{"houses", "网格编码,楼栋名称,单元,楼层,室号,建筑面积,房屋用途\n" + a + ",1幢,1,1,101,80,自住\n" + a + ",1幢,1,2,201,80,出租\n" +
			a + ",2幢,,3,301,60,出租\n"},
		{"people", "网格编码,姓名,人口类别,公民身份号码\n" + a + ",张一,户籍," + testIDNumber(1) + "\n" + a + ",张二,户籍," + testIDNumber(2) + "\n" +
			a + ",张三,户籍," + testIDNumber(3) + "\n" + a + ",张四,户籍," + testIDNumber(4) + "\n" + b + ",李五,户籍," + testIDNumber(5) + "\n"},
	} {
		if j := upload(t, e, c, f.reg, false, f.reg+".csv", []byte(f.body)); j.Errors != 0 || j.New == 0 {
			t.Fatalf("seed %s: %+v", f.reg, j)
		}
	}
}

// unmaskedRoundTrip exports a register unmasked (with a purpose) and imports the file
// again: nothing changes. A masked export names residents by masked numbers only.
func unmaskedRoundTrip(t *testing.T, e *webtest.Env, c *webtest.Client, reg string, rows int) string {
	t.Helper()
	masked := c.Get("/registers/" + reg + "/export.csv")
	if masked.StatusCode != http.StatusOK || strings.Contains(masked.Body, testIDNumber(1)) || !strings.Contains(masked.Body, "********") {
		t.Fatalf("masked export: %d %s", masked.StatusCode, masked.Body)
	}
	r := c.PostForm("/registers/"+reg+"/export.csv", url.Values{"purpose": {"核对台账"}})
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, testIDNumber(1)) || strings.Count(r.Body, "\n") != 2+rows {
		t.Fatalf("unmasked export: %d %s", r.StatusCode, r.Body)
	}
	if j := upload(t, e, c, reg, false, reg+".csv", []byte(r.Body)); j.counts() != [4]int{0, 0, rows, 0} {
		t.Fatalf("re-import of the export %+v", j)
	}
	return r.Body
}

func TestImportRentalsFile(t *testing.T) {
	e := importEnv(t, nil)
	seedPlaces(t, e)
	staff := e.Login(webtest.StaffA)
	a := e.GridA.FullCode
	file := "网格编码,楼栋名称,单元,室号,身份证号,起租日期,到期日期\n" +
		a + ",1幢,1,201," + testIDNumber(1) + ",2025-01-01,2025-12-31\n" +
		a + ",2幢,,301," + testIDNumber(2) + ",2025-02-01,2026-01-31\n" +
		a + ",2幢,,302," + testIDNumber(3) + ",2025-02-01,2026-01-31\n" +
		a + ",1幢,1,201," + testIDNumber(5) + ",2025-01-01,2025-12-31\n" +
		a + ",1幢,1,201," + testIDNumber(4) + ",2025-01-01,\n"
	j := upload(t, e, staff, "rentals", false, "出租.csv", []byte(file))
	if j.counts() != [4]int{2, 0, 0, 3} || j.ReportURL == "" {
		t.Fatalf("import %+v", j)
	}
	for line, want := range map[int]string{4: "室号: 楼栋“2幢”中没有", 5: "身份证号: 您的管辖范围内没有登记", 6: "到期日期: "} {
		if got := firstError(j, line); !strings.HasPrefix(got, want) {
			t.Errorf("line %d: %q, want %q", line, got, want)
		}
	}
	if j := upload(t, e, staff, "rentals", false, "出租.csv", []byte(file)); j.counts() != [4]int{0, 0, 2, 3} {
		t.Fatalf("re-import %+v", j)
	}
	unmaskedRoundTrip(t, e, staff, "rentals", 2)
	if r := e.Login(webtest.StaffB).Get("/registers/rentals/export.csv"); strings.Count(r.Body, "\n") != 2 {
		t.Fatalf("other street's export %s", r.Body)
	}
	if r := staff.Get("/registers/rentals/export.csv?status=soon"); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad filter: %d", r.StatusCode)
	}
	if page := staff.Get("/registers/rentals"); !strings.Contains(page.Body, "/registers/rentals/import") {
		t.Errorf("list page lacks the import link")
	}
}

func TestImportHouseholdsFile(t *testing.T) {
	e := importEnv(t, nil)
	seedPlaces(t, e)
	staff := e.Login(webtest.StaffA)
	a := e.GridA.FullCode
	file := "网格编码,户号,楼栋名称,单元,室号,住址,公民身份号码,与户主关系\n" +
		a + ",H1,1幢,1,101,," + testIDNumber(1) + ",户主\n" +
		a + ",H1,1幢,1,101,," + testIDNumber(2) + ",妻子\n" +
		a + ",H2,,,,平江路 5 号," + testIDNumber(3) + ",子\n" +
		a + ",H3,,,,平江路 6 号," + testIDNumber(5) + ",户主\n"
	j := upload(t, e, staff, "households", false, "户.csv", []byte(file))
	if j.counts() != [4]int{2, 0, 0, 2} || j.ReportURL == "" {
		t.Fatalf("import %+v", j)
	}
	for line, want := range map[int]string{4: "与户主关系: 请指定户主", 5: "公民身份号码: 您的管辖范围内没有登记"} {
		if got := firstError(j, line); !strings.HasPrefix(got, want) {
			t.Errorf("line %d: %q, want %q", line, got, want)
		}
	}
	if j := upload(t, e, staff, "households", false, "户.csv", []byte(file)); j.counts() != [4]int{0, 0, 2, 2} {
		t.Fatalf("re-import %+v", j)
	}
	body := unmaskedRoundTrip(t, e, staff, "households", 2)
	if !strings.Contains(body, "本人（户主）") || !strings.Contains(body, "张一") {
		t.Fatalf("export %s", body)
	}
	if r := e.Login(webtest.StaffB).Get("/registers/households/export.csv"); strings.Count(r.Body, "\n") != 2 {
		t.Fatalf("other street's export %s", r.Body)
	}
	if page := staff.Get("/registers/households"); !strings.Contains(page.Body, "/registers/households/import") {
		t.Errorf("list page lacks the import link")
	}
}
