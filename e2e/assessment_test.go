package e2e

import (
	"bytes"
	"encoding/base64"
	"strconv"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/demo"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// TestMonthlyAssessment: district staff open last month's assessment of the departments
// from the dashboard, publish it, and download the report, which holds the page's
// ranking row for row.
func TestMonthlyAssessment(t *testing.T) {
	t.Parallel()
	p := newPage(t, desktop)
	p.mustLogin("qu.staff", demo.Password)
	p.open("/dashboard")
	if st := p.click(`.dash-head .actions a[href^="/assessment"]`); st != 200 {
		t.Fatalf("the assessment answered %d", st)
	}
	if got := p.text("main h1"); got != "姑苏区 · 月度考核" {
		t.Errorf("heading %q", got)
	}
	p.checkTranslated()
	names := p.texts(".assess-table tbody th")
	scores := p.texts(".assess-table tbody td:nth-child(3)")
	if len(names) < 5 {
		t.Fatalf("%d departments ranked", len(names))
	}
	p.shot("departments")
	if st := p.click(`form[action="/assessment/publish"] button`); st != 200 {
		t.Fatalf("publishing answered %d", st)
	}
	if got := p.text(".flash"); got != "已发布，本月结果已固定。" {
		t.Errorf("after publishing the page says %q", got)
	}
	if !strings.Contains(p.text(".dash-period"), "已发布") || p.exists(`form[action="/assessment/publish"]`) {
		t.Errorf("after publishing: %q", p.text(".dash-period"))
	}
	p.shot("published")
	b64 := await[string](p, `(async () => { const a = document.querySelector("a[href^='/assessment/export.xlsx']");
		const r = await fetch(a.getAttribute("href")); const b = new Uint8Array(await r.arrayBuffer());
		let s = ""; for (const x of b) s += String.fromCharCode(x); return btoa(s); })()`)
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	r, err := tabular.Open(bytes.NewReader(data), int64(len(data)), tabular.Options{})
	if err != nil {
		t.Fatalf("the report is no workbook: %v", err)
	}
	defer r.Close()
	var rows [][]string
	for r.Next() {
		rows = append(rows, append([]string(nil), r.Row()...))
	}
	if len(rows) < len(names)+1 || !strings.Contains(r.Sheet(), "已发布") {
		t.Fatalf("workbook %q with %d rows for %d departments", r.Sheet(), len(rows), len(names))
	}
	for i, name := range names {
		row := rows[i+1]
		page, _ := strconv.ParseFloat(scores[i], 64)
		book, err := strconv.ParseFloat(row[2], 64)
		if row[1] != name || err != nil || page != book {
			t.Errorf("row %d: workbook %q %q, page %q %q", i+1, row[1], row[2], name, scores[i])
		}
	}
}

// TestAssessmentForms: a community's staff rate the units embedded above them on a
// phone, and a weight set that does not add up to 100 is refused on the form.
func TestAssessmentForms(t *testing.T) {
	t.Parallel()
	p := newPage(t, phone)
	p.mustLogin("sq.staff", demo.Password)
	if st := p.open("/assessment/ratings"); st != 200 {
		t.Fatalf("ratings answered %d", st)
	}
	p.checkTranslated()
	inputs := p.texts(`form[method="post"][action="/assessment/ratings"] tbody th label`)
	if len(inputs) == 0 {
		t.Fatal("no unit to rate")
	}
	p.fill(`form[method="post"][action="/assessment/ratings"] tbody tr:first-child input[type=number]`, "120")
	p.click(`form[method="post"][action="/assessment/ratings"] button[type=submit]`)
	if got := p.text(`form[method="post"][action="/assessment/ratings"] tbody tr:first-child .error`); got != "评分为 0 到 100 分" {
		t.Errorf("120 points: %q", got)
	}
	p.shot("rating out of range")
	p.fill(`form[method="post"][action="/assessment/ratings"] tbody tr:first-child input[type=number]`, "90")
	p.click(`form[method="post"][action="/assessment/ratings"] button[type=submit]`)
	if got := p.text(".flash"); got != "评价已保存。" {
		t.Errorf("after rating: %q", got)
	}
	if over := p.eval(`String(document.documentElement.scrollWidth > window.innerWidth)`); over != "false" {
		t.Error("the ratings scroll sideways on a phone")
	}
	p.shot("rated")

	d := newPage(t, desktop)
	d.mustLogin("jd.staff", demo.Password)
	d.open("/assessment?assessed=area")
	if st := d.click(`a[href^="/assessment/scheme"]`); st != 200 {
		t.Fatalf("the weights answered %d", st)
	}
	d.fill(`#f-points\.close_on_time_rate`, "90")
	d.click(`form[action="/assessment/scheme"] button[type=submit]`)
	if got := d.text("#e-weights"); !strings.HasPrefix(got, "权重合计应为 100 分") {
		t.Errorf("weights not adding up: %q", got)
	}
	d.shot("weights not adding up")
}
