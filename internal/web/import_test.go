package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/tabular"
	"github.com/shequ-dev/shequ/internal/web"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// importEnv is a test server (whose imports write to a directory of the test's own).
func importEnv(t *testing.T, configure func(*web.Config)) *webtest.Env {
	return webtest.NewWith(t, configure)
}

type importJob struct {
	ID          int64               `json:"id"`
	Status      string              `json:"status"`
	DryRun      bool                `json:"dry_run"`
	Message     string              `json:"message"`
	New         int                 `json:"rows_new"`
	Changed     int                 `json:"rows_changed"`
	Unchanged   int                 `json:"rows_unchanged"`
	Errors      int                 `json:"rows_error"`
	Read        int                 `json:"rows_read"`
	FirstErrors []importer.RowError `json:"first_errors"`
	Warnings    []string            `json:"warnings"`
	ReportURL   string              `json:"report_url"`
}

func (j importJob) counts() [4]int { return [4]int{j.New, j.Changed, j.Unchanged, j.Errors} }

// upload sends a file to the import API and waits for the job to end.
func upload(t *testing.T, e *webtest.Env, c *webtest.Client, reg string, dry bool, name string, data []byte) importJob {
	t.Helper()
	r := c.PostFile("/api/v1/imports", url.Values{"register": {reg}, "dry_run": {strconv.FormatBool(dry)}}, "file", name, data)
	if r.StatusCode != http.StatusAccepted {
		t.Fatalf("upload: %d %s", r.StatusCode, r.Body)
	}
	var j importJob
	r.JSON(t, &j)
	return waitJob(t, e, c, j.ID)
}

func waitJob(t *testing.T, e *webtest.Env, c *webtest.Client, id int64) importJob {
	t.Helper()
	e.Server.WaitImports()
	r := c.Get("/api/v1/imports/" + strconv.FormatInt(id, 10))
	if r.StatusCode != http.StatusOK {
		t.Fatalf("job %d: %d %s", id, r.StatusCode, r.Body)
	}
	var j importJob
	r.JSON(t, &j)
	if j.Status != store.ImportDone && j.Status != store.ImportFailed {
		t.Fatalf("job %d still %s after the imports finished", id, j.Status)
	}
	return j
}

func xlsxFile(t *testing.T, rows ...[]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	x := tabular.NewXLSXWriter(&buf, tabular.XLSXOptions{})
	if err := x.WriteHeader(rows[0]); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		x.Write(r)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readSheet reads a workbook or CSV back into rows.
func readSheet(t *testing.T, data []byte) (sheet string, rows [][]string) {
	t.Helper()
	r, err := tabular.Open(bytes.NewReader(data), int64(len(data)), tabular.Options{})
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer r.Close()
	for r.Next() {
		rows = append(rows, append([]string(nil), r.Row()...))
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return r.Sheet(), rows
}

func TestImportBuildingsPreviewThenRun(t *testing.T) {
	e := importEnv(t, nil)
	staff := e.Login(webtest.StaffA)
	a, b := e.GridA.FullCode, e.GridB.FullCode
	file := xlsxFile(t,
		[]string{"网格编码", "楼栋名称", "地址", "地上层数", "地下层数", "楼栋类型", "备注"},
		[]string{a, "1幢", "平江路 1 号", "6", "1", "住宅", ""},
		[]string{a, "2幢", "平江路 2 号", "六", "0", "住宅", ""},
		[]string{a, "3幢", "平江路 3 号", "18", "2", "写字楼", ""},
		[]string{a, "1幢", "平江路 1 号", "6", "1", "住宅", "重复"},
		[]string{b, "9幢", "南门路 9 号", "6", "0", "住宅", "另一街道"},
		[]string{a, "4幢", "平江路 4 号", "5", "", "商住混合", ""},
	)
	// The form: a dry run, then its preview page.
	r := staff.PostFile("/registers/buildings/import", url.Values{"dry_run": {"1"}}, "file", "楼栋.xlsx", file)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/registers/imports/") {
		t.Fatalf("upload: %d %s", r.StatusCode, r.Body)
	}
	loc := r.Header.Get("Location")
	id, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/registers/imports/"), 10, 64)
	dry := waitJob(t, e, staff, id)
	if !dry.DryRun || dry.counts() != [4]int{2, 0, 0, 4} {
		t.Fatalf("dry run %+v", dry)
	}
	if bs, _ := e.DB.Buildings(context.Background(), e.Sys, store.RegisterFilter{}); len(bs) != 0 {
		t.Fatalf("the dry run wrote %d buildings", len(bs))
	}
	page := staff.Get(loc)
	for _, want := range []string{`id="n-new">2<`, `id="n-error">4<`, "errors.xlsx", "/run", "不是整数", "写字楼", "第 2 行", "网格编码", "不认识的列“备注”"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("preview page lacks %q", want)
		}
	}
	// The error report: the rejected rows with the original columns and the reasons.
	rep := staff.Get(loc + "/errors.xlsx")
	if rep.StatusCode != http.StatusOK || rep.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("report: %d %s", rep.StatusCode, rep.Header.Get("Content-Type"))
	}
	_, rows := readSheet(t, []byte(rep.Body))
	if len(rows) != 5 || rows[0][0] != "网格编码" || rows[0][8] != "错误原因" || rows[1][7] != "3" ||
		!strings.Contains(rows[1][8], "地上层数") || !strings.Contains(rows[4][8], "管辖范围内没有编码为“"+b+"”的网格") {
		t.Fatalf("report rows %q", rows)
	}
	// Someone else cannot see the job or its report.
	other := e.Login(webtest.StaffB)
	if r := other.Get(loc + "/errors.xlsx"); r.StatusCode != http.StatusNotFound {
		t.Fatalf("another account got the report: %d", r.StatusCode)
	}
	if r := other.Get("/api/v1/imports/" + strconv.FormatInt(id, 10)); r.StatusCode != http.StatusNotFound {
		t.Fatalf("another account got the job: %d", r.StatusCode)
	}

	// Run it for real from the preview.
	r = staff.PostForm(loc+"/run", url.Values{})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("run: %d %s", r.StatusCode, r.Body)
	}
	id2, _ := strconv.ParseInt(strings.TrimPrefix(r.Header.Get("Location"), "/registers/imports/"), 10, 64)
	real := waitJob(t, e, staff, id2)
	if real.DryRun || real.counts() != [4]int{2, 0, 0, 4} {
		t.Fatalf("import %+v", real)
	}
	bs, _ := e.DB.Buildings(context.Background(), e.Sys, store.RegisterFilter{IncludeRetired: true})
	if len(bs) != 2 || bs[0].Name != "1幢" || bs[1].Kind != register.Mixed {
		t.Fatalf("buildings %+v", bs)
	}
	// The preview's file went with the real import: it cannot run twice.
	if r := staff.PostForm(loc+"/run", url.Values{}); r.StatusCode != http.StatusConflict {
		t.Fatalf("second run from one preview: %d", r.StatusCode)
	}
	// Importing the same file again changes nothing.
	again := upload(t, e, staff, "buildings", false, "楼栋.xlsx", file)
	if again.counts() != [4]int{0, 0, 2, 4} {
		t.Fatalf("re-import %+v", again)
	}
	es, _ := e.DB.AuditEntries(context.Background(), e.Sys, audit.Filter{Action: "import.buildings"})
	if len(es) != 1 || !strings.Contains(es[0].Detail, `"inserted":2`) {
		t.Fatalf("audit of batches: %+v", es)
	}
}

func TestImportHousesCSVAndGBK(t *testing.T) {
	e := importEnv(t, nil)
	staff := e.Login(webtest.StaffA)
	ctx := context.Background()
	p, _ := e.DB.PrincipalFor(ctx, e.Users[webtest.StaffA].ID)
	if _, err := e.DB.CreateBuilding(ctx, p, register.BuildingInput{NodeID: e.GridA.ID, Name: "5号楼", Address: "平江路 5 号",
		FloorsAbove: 6, Kind: register.Residential}); err != nil {
		t.Fatal(err)
	}
	a := e.GridA.FullCode
	csv := "平江路社区房屋台账\n" + // a title row above the header
		"网格编码,楼栋,单元,楼层,室号,面积（㎡）,使用情况,房主\n" +
		a + ",5号楼,1,1,101,89.5,自住,张三丰\n" +
		a + ",5号楼,1,2,201,76,出租,李四\n" +
		a + ",5号楼,1,0,001,76,出租,\n" + // floor 0
		a + ",6号楼,1,1,101,60,自住,\n" // no such building
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	j := upload(t, e, staff, "houses", false, "房屋.csv", gbk)
	if j.counts() != [4]int{2, 0, 0, 2} {
		t.Fatalf("GBK import %+v", j)
	}
	hs, _ := e.DB.Houses(ctx, e.Sys, store.RegisterFilter{})
	if len(hs) != 2 || hs[0].OwnerName != "张三丰" || hs[0].Area != 89.5 || hs[1].Use != register.Rented {
		t.Fatalf("houses %+v", hs)
	}
	// The same rows in UTF-8 match the same records.
	if j := upload(t, e, staff, "houses", false, "房屋.csv", []byte(csv)); j.counts() != [4]int{0, 0, 2, 2} {
		t.Fatalf("UTF-8 re-import %+v", j)
	}

	// Exports: masked by default, saying so; re-importing the masked file changes nothing.
	r := staff.Get("/registers/houses/export.csv")
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "已脱敏") || !strings.Contains(r.Body, "张*丰") || strings.Contains(r.Body, "张三丰") {
		t.Fatalf("masked CSV export: %d %q", r.StatusCode, r.Body)
	}
	if j := upload(t, e, staff, "houses", false, "export.csv", []byte(r.Body)); j.counts() != [4]int{0, 0, 2, 0} {
		t.Fatalf("re-import of the masked export %+v", j)
	}
	r = staff.Get("/registers/houses/export.xlsx?under=" + strconv.FormatInt(e.CommA.ID, 10))
	sheet, rows := readSheet(t, []byte(r.Body))
	if !strings.Contains(sheet, "已脱敏") || len(rows) != 3 || rows[1][8] != "张*丰" || rows[1][9] == "" {
		t.Fatalf("masked XLSX export: sheet %q rows %q", sheet, rows)
	}
	if r := staff.Get("/registers/houses/export.xlsx?under=x"); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad filter: %d", r.StatusCode)
	}
	// Unmasked: a purpose, the permission, and an audit entry.
	if r := staff.PostForm("/registers/houses/export.csv", url.Values{}); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("unmasked export without a purpose: %d", r.StatusCode)
	}
	worker := e.Login(webtest.GridWorkerA)
	if r := worker.PostForm("/registers/houses/export.csv", url.Values{"purpose": {"入户走访核对"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("unmasked export by a grid worker: %d", r.StatusCode)
	}
	r = staff.PostForm("/registers/houses/export.csv", url.Values{"purpose": {"入户走访核对"}})
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "未脱敏") || !strings.Contains(r.Body, "张三丰") {
		t.Fatalf("unmasked export: %d %q", r.StatusCode, r.Body)
	}
	es, _ := e.DB.AuditEntries(ctx, e.Sys, audit.Filter{Action: "export.unmasked"})
	if len(es) != 1 || es[0].Purpose != "入户走访核对" || es[0].Entity != "houses" {
		t.Fatalf("audit %+v", es)
	}
	// Staff of the other street export nothing of street A.
	r = e.Login(webtest.StaffB).Get("/registers/houses/export.csv")
	if strings.Contains(r.Body, "5号楼") {
		t.Fatalf("another street's export holds street A's houses")
	}
}

func TestImportBadFiles(t *testing.T) {
	e := importEnv(t, func(c *web.Config) { c.MaxUploadBytes = 1 << 20 })
	staff := e.Login(webtest.StaffA)

	// A header with a misspelt column: one message naming what is missing and what is unknown.
	j := upload(t, e, staff, "buildings", true, "b.csv", []byte("网格编码,楼名,地址,地上层数,楼栋类型\n"+e.GridA.FullCode+",1幢,x,3,住宅\n"))
	if j.Status != store.ImportFailed || !strings.Contains(j.Message, "缺少必填列“楼栋名称”") || !strings.Contains(j.Message, "“楼名”（B 列）") {
		t.Fatalf("wrong header: %+v", j)
	}
	// Not a spreadsheet at all.
	if j := upload(t, e, staff, "buildings", true, "b.xlsx", []byte("%PDF-1.4 ...")); j.Status != store.ImportFailed || !strings.Contains(j.Message, "不是表格文件") {
		t.Fatalf("PDF: %+v", j)
	}
	// Mixed encodings are explained, not garbled.
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(e.GridA.FullCode + ",二幢,地址,3,住宅\n"))
	mixed := append([]byte("网格编码,楼栋名称,地址,地上层数,楼栋类型\n"), gbk...)
	if j := upload(t, e, staff, "buildings", true, "b.csv", mixed); j.Status != store.ImportFailed || !strings.Contains(j.Message, "编码") {
		t.Fatalf("mixed encodings: %+v", j)
	}
	// Too large: refused with the limit, in the form and in the API.
	big := bytes.Repeat([]byte("a,b,c\n"), 400000)
	r := staff.PostFile("/api/v1/imports", url.Values{"register": {"buildings"}}, "file", "big.csv", big)
	if r.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, "1 MB") {
		t.Fatalf("oversize API upload: %d %s", r.StatusCode, r.Body)
	}
	r = staff.PostFile("/registers/buildings/import", url.Values{}, "file", "big.csv", big)
	if r.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, "1 MB") {
		t.Fatalf("oversize page upload: %d", r.StatusCode)
	}
	// Bad requests.
	for _, tt := range []struct {
		name   string
		fields url.Values
		file   []byte
		status int
	}{
		{"no register", url.Values{}, []byte("x"), http.StatusBadRequest},
		{"unknown register", url.Values{"register": {"dogs"}}, []byte("x"), http.StatusBadRequest},
		{"no file", url.Values{"register": {"buildings"}}, nil, http.StatusBadRequest},
		{"empty file", url.Values{"register": {"buildings"}}, []byte{}, http.StatusBadRequest},
	} {
		field := "file"
		if tt.file == nil {
			field = ""
		}
		if r := staff.PostFile("/api/v1/imports", tt.fields, field, "f.csv", tt.file); r.StatusCode != tt.status {
			t.Errorf("%s: %d %s", tt.name, r.StatusCode, r.Body)
		}
	}
	if r := staff.Get("/api/v1/imports/999"); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown job: %d", r.StatusCode)
	}
	if r := staff.Get("/api/v1/imports/abc"); r.StatusCode != http.StatusNotFound {
		t.Errorf("bad job id: %d", r.StatusCode)
	}
	// Who may import: staff and grid workers edit registers, leaders only read.
	leader := e.Login(webtest.Leader)
	if r := leader.PostFile("/api/v1/imports", url.Values{"register": {"buildings"}}, "file", "b.csv", []byte("x")); r.StatusCode != http.StatusForbidden {
		t.Errorf("leader import: %d", r.StatusCode)
	}
	if r := leader.Get("/registers/buildings/import"); r.StatusCode != http.StatusForbidden {
		t.Errorf("leader import page: %d", r.StatusCode)
	}
}

func TestImportTemplatesAndPages(t *testing.T) {
	e := importEnv(t, nil)
	staff := e.Login(webtest.StaffA)
	for _, reg := range importer.All {
		r := staff.Get("/registers/" + reg.Name + "/template.xlsx")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s template: %d", reg.Name, r.StatusCode)
		}
		_, rows := readSheet(t, []byte(r.Body))
		if len(rows) != 1 || strings.Join(rows[0], ",") != strings.Join(reg.Spec.Headers(), ",") {
			t.Fatalf("%s template rows %q", reg.Name, rows)
		}
		page := staff.Get("/registers/" + reg.Name + "/import")
		if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, `name="dry_run"`) || !strings.Contains(page.Body, "template.xlsx") {
			t.Fatalf("%s import page: %d", reg.Name, page.StatusCode)
		}
	}
	// Organisations: import, then export the same layout.
	orgs := "网格编码,单位名称,单位类型,地址\n" + e.GridA.FullCode + ",平江路小学,驻区单位,平江路 9 号\n"
	if j := upload(t, e, staff, "organisations", false, "单位.csv", []byte(orgs)); j.counts() != [4]int{1, 0, 0, 0} {
		t.Fatalf("organisations %+v", j)
	}
	if r := staff.Get("/registers/organisations/export.csv?q=" + url.QueryEscape("小学")); !strings.Contains(r.Body, "平江路小学,驻区单位") {
		t.Fatalf("organisations export %q", r.Body)
	}
	if r := staff.Get("/registers/organisations"); !strings.Contains(r.Body, "/registers/organisations/export.xlsx") {
		t.Fatalf("the organisations list lacks its exports")
	}
	// The list pages offer the import and the exports with their filters.
	if r := staff.Get("/registers/houses?q=" + url.QueryEscape("平江") + "&after=3"); !strings.Contains(r.Body, "/registers/houses/export.csv?q=%E5%B9%B3%E6%B1%9F\"") ||
		!strings.Contains(r.Body, `href="/registers/houses/import"`) || !strings.Contains(r.Body, `name="purpose"`) {
		t.Fatalf("the houses list lacks its import and export links")
	}
	if r := e.Login(webtest.GridWorkerA).Get("/registers/people"); strings.Contains(r.Body, `name="purpose"`) || !strings.Contains(r.Body, "/registers/people/export.xlsx") {
		t.Fatalf("a grid worker's residents list: masked exports only")
	}
	en := e.Login(webtest.StaffA)
	en.Lang = "en"
	if r := en.Get("/registers/houses/import"); !strings.Contains(r.Body, "Dry run") {
		t.Fatalf("English import page lacks its text")
	}
	// A form upload without a file says so beside the field.
	r := staff.PostFile("/registers/houses/import", url.Values{"dry_run": {"1"}}, "", "", nil)
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, "请选择要上传的文件") {
		t.Fatalf("no file: %d", r.StatusCode)
	}
}
