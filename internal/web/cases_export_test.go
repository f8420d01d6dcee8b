package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The cases of the queue's filters download, all of them, page after page, with the
// time of each milestone; a bad filter is a page that says so, not a broken file.
func TestCasesExport(t *testing.T) {
	e := casesEnv(t)
	figureHistory(t, e) // 45 cases in grid A, 23 in grid B, each registered and dispatched
	ctx := context.Background()
	for i := range 200 { // past one page of the store
		if _, err := e.DB.Report(ctx, e.Sys, cases.Report{Source: cases.FromResident, CategoryID: testCategoryID(e),
			Description: fmt.Sprintf("导出测试%d", i), Location: &geo.Point{Lng: 120.63, Lat: 31.32}, NodeID: e.GridA.ID, NodePath: e.GridA.Path, Located: true}); err != nil {
			t.Fatal(err)
		}
	}
	staff := e.Login(webtest.StaffA)
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			r := staff.Get("/cases/export." + format + "?queue=all")
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%d %s", r.StatusCode, snippet(r.Body))
			}
			_, rows := readSheet(t, []byte(r.Body))
			if len(rows) != 1+245 {
				t.Fatalf("%d rows, want the header and street A's 245 cases", len(rows))
			}
			head := strings.Join(rows[0], ",")
			for _, col := range []string{"案件编号", "上报时间", "立案时间", "派遣时间", "签收时间", "处置时间", "核查时间", "结案时间", "评价时间"} {
				if !strings.Contains(head, col) {
					t.Errorf("no column %s in %s", col, head)
				}
			}
			seen, handled := map[string]bool{}, 0
			for _, row := range rows[1:] {
				row = append(row, make([]string, len(rows[0])-len(row))...) // empty cells at the end are not read
				if seen[row[0]] {
					t.Fatalf("case %s twice", row[0])
				}
				seen[row[0]] = true
				if row[10] == "" {
					t.Errorf("%s has no report time", row[0])
				}
				if row[14] != "" {
					handled++
					if row[12] == "" || row[13] == "" {
						t.Errorf("%s handled but not dispatched and acknowledged: %q", row[0], row)
					}
				}
			}
			if handled != 15 { // every third day of 45
				t.Errorf("%d handled cases, want 15", handled)
			}
		})
	}
	// Only the caller's: street A's staff never get street B's cases.
	r := staff.Get("/cases/export.csv?queue=all&node=" + fmt.Sprint(e.GridB.ID))
	if r.StatusCode == http.StatusOK && strings.Count(r.Body, "\n") > 1 {
		t.Errorf("street B's cases exported to street A: %d lines", strings.Count(r.Body, "\n"))
	}
	for _, path := range []string{"/cases/export.csv?status=lost", "/cases/export.xlsx?from=2026-13-01", "/cases/export.csv?from=2026-04-02&to=2026-04-01"} {
		if r := staff.Get(path); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s", path, r.StatusCode, r.Header.Get("Content-Type"))
		}
	}
}
