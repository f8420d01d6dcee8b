package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/shequ-dev/shequ/internal/demo"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// residentsSheet writes an XLSX of n residents of the grid, as a community keeps them in
// Excel, with the bad rows given (1-based data row -> what is wrong with it).
func residentsSheet(t *testing.T, gridCode string, n int, bad map[int]string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "居民台账.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := tabular.NewXLSXWriter(f, tabular.XLSXOptions{})
	if err := w.WriteHeader([]string{"网格编码", "姓名", "人口类别", "公民身份号码", "性别", "手机号码"}); err != nil {
		t.Fatal(err)
	}
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
	for i := 1; i <= n; i++ {
		// 320507 (相城区) is a region no demo resident comes from, so every row is new.
		birth := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)
		first := fmt.Sprintf("320507%s%03d", birth.Format("20060102"), i%1000)
		c, _ := register.IDCheckChar(first)
		id := first + string(c)
		sex := "女"
		if (i%1000)%2 == 1 {
			sex = "男"
		}
		row := []string{gridCode, string(surnames[i%len(surnames)]) + "导入" + strconv.Itoa(i), "户籍", id, sex, fmt.Sprintf("139%08d", 20000000+i)}
		switch bad[i] {
		case "check digit":
			last := "0"
			if c == '0' {
				last = "1"
			}
			row[3] = first + last
		case "birth date":
			first := "320507" + "19901345" + "123"
			c, _ := register.IDCheckChar(first)
			row[3] = first + string(c)
		case "phone":
			row[5] = "12345"
		case "registration":
			row[2] = "常驻"
		case "duplicate":
			row = []string{gridCode, "重复行", "户籍", residentID(1), "男", ""}
		}
		if err := w.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// residentID is the ID number of row i of residentsSheet.
func residentID(i int) string {
	birth := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)
	first := fmt.Sprintf("320507%s%03d", birth.Format("20060102"), i%1000)
	c, _ := register.IDCheckChar(first)
	return first + string(c)
}

// await runs JavaScript that returns a promise and decodes what it resolves to.
func await[T any](p *page, js string) T {
	p.t.Helper()
	return get(p, "evaluate "+js, chromedp.Evaluate[T](js, func(e *runtime.EvaluateParams) { e.AwaitPromise = ptrTrue() }))
}

func ptrTrue() *bool { b := true; return &b }

// waitImport waits until the import job on the page has finished and returns its
// counts as the page shows them.
func waitImport(p *page) map[string]int {
	p.t.Helper()
	p.waitFor("the import finishes", `(() => { const s = document.querySelector("#job [data-status]");
		return !!s && ["done", "failed", "interrupted"].includes(s.dataset.status); })()`)
	out := map[string]int{}
	for _, k := range []string{"read", "new", "changed", "unchanged", "error"} {
		n, _ := strconv.Atoi(strings.ReplaceAll(p.text("#n-"+k), ",", ""))
		out[k] = n
	}
	return out
}

// TestImportResidents: community staff import a 10,000-row XLSX of residents with a few
// bad rows: the dry run says what would happen and lists the errors, the error report
// downloads, the real import adds the good rows, and the same file again changes nothing.
func TestImportResidents(t *testing.T) {
	t.Parallel()
	p := newPage(t, desktop)
	p.mustLogin("sq.staff", demo.Password)
	p.open("/registers/people")
	grid := await[string](p, `(async () => { const r = await fetch("/api/v1/nodes?level=5&limit=1"); const j = await r.json(); return j.items[0].full_code; })()`)
	bad := map[int]string{101: "check digit", 202: "birth date", 303: "phone", 404: "registration", 505: "duplicate"}
	sheet := residentsSheet(t, grid, 10000, bad)

	upload := func(dry bool) map[string]int {
		p.t.Helper()
		if st := p.open("/registers/people/import"); st != 200 {
			t.Fatalf("import page %d", st)
		}
		p.do("choose the file", chromedp.SetUploadFiles("#f-file", []string{sheet}))
		p.eval(fmt.Sprintf(`String(document.querySelector("#f-dry_run").checked = %v)`, dry))
		p.follow("upload", chromedp.Click(`form[enctype] button[type="submit"]`))
		return waitImport(p)
	}
	got := upload(true)
	if got["read"] != 10000 || got["new"] != 10000-len(bad) || got["error"] != len(bad) {
		t.Fatalf("dry run counts %v", got)
	}
	lines := eval[[]string](p, `Array.from(document.querySelectorAll("#job table tbody tr td:first-child")).map(td => td.textContent.trim())`)
	if len(lines) != len(bad) {
		t.Errorf("first errors list lines %v", lines)
	}
	p.shot("dry run")
	// The error report is an XLSX with the bad rows and what is wrong with them.
	report := await[string](p, `(async () => { const a = document.querySelector("#job a[href$='errors.xlsx']");
		const r = await fetch(a.getAttribute("href")); const b = new Uint8Array(await r.arrayBuffer());
		return r.status + " " + r.headers.get("Content-Type") + " " + String.fromCharCode(b[0], b[1]) + " " + b.length; })()`)
	if !strings.HasPrefix(report, "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet PK") {
		t.Errorf("error report: %s", report)
	}

	// For real, from the dry run's page.
	p.follow("import for real", chromedp.Click(`form[action$="/run"] button[type="submit"]`))
	got = waitImport(p)
	if got["new"] != 10000-len(bad) || got["error"] != len(bad) {
		t.Fatalf("import counts %v", got)
	}
	p.shot("imported")
	if st := p.open("/registers/people?id_number=" + residentID(7)); st != 200 {
		t.Fatal("search the imported resident")
	}
	if body := p.bodyText(); !strings.Contains(body, "导入7") {
		t.Errorf("an imported resident is not found by ID number")
	}

	// The same file again changes nothing.
	got = upload(false)
	if got["new"] != 0 || got["changed"] != 0 || got["unchanged"] != 10000-len(bad) {
		t.Errorf("re-import counts %v", got)
	}
}
