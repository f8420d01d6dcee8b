package web_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/store/storetest"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

type auditListJSON struct {
	Entries []struct {
		Seq      int64          `json:"seq"`
		At       string         `json:"at"`
		Actor    string         `json:"actor"`
		Action   string         `json:"action"`
		EntityID string         `json:"entity_id"`
		Purpose  string         `json:"purpose"`
		Detail   map[string]any `json:"detail"`
	} `json:"entries"`
	NextBefore int64 `json:"next_before"`
}

func TestAuditSearch(t *testing.T) {
	e := webtest.New(t)
	id := usersID(e, webtest.GridWorkerA)
	staff := e.Login(webtest.StaffA)
	staff.PostForm("/admin/users/"+id+"/unmask", url.Values{"purpose": {"核实上报人联系方式"}})
	admin := e.Login(webtest.Admin)

	r := admin.Get("/admin/audit?action=user.unmask_phone")
	if r.StatusCode != 200 || !strings.Contains(r.Body, "核实上报人联系方式") || !strings.Contains(r.Body, "查看完整手机号") ||
		!strings.Contains(r.Body, `href="/admin/users/`+id+`"`) || !strings.Contains(r.Body, ">"+webtest.StaffA+"<") {
		t.Fatalf("search: %d %s", r.StatusCode, snippet(r.Body))
	}
	if strings.Contains(r.Body, "user.create</code>") {
		t.Fatal("action prefix filter shows other actions")
	}
	admin.Lang = "en"
	if r := admin.Get("/admin/audit?action=user.unmask"); !strings.Contains(r.Body, "Full phone number viewed") {
		t.Fatal("English action label")
	}
	admin.Lang = ""
	r = admin.Get("/admin/audit?entity=user&entity_id=" + id + "&actor=system:test")
	if !strings.Contains(r.Body, "user.create</code>") || !strings.Contains(r.Body, "grid_worker") || strings.Contains(r.Body, "user.unmask_phone</code>") {
		t.Fatalf("entity and actor filters: %s", snippet(r.Body))
	}
	// Dates are Beijing days, both included; the test clock starts on 2026-03-02.
	if r := admin.Get("/admin/audit?from=2026-03-02&to=2026-03-02"); !strings.Contains(r.Body, "user.unmask_phone</code>") {
		t.Fatal("date range excludes today")
	}
	if r := admin.Get("/admin/audit?from=2026-03-03"); !strings.Contains(r.Body, "没有符合条件的记录") {
		t.Fatal("date range includes earlier days")
	}
	if r := admin.Get("/admin/audit?to=2026-03-01"); !strings.Contains(r.Body, "没有符合条件的记录") {
		t.Fatal("date range includes later days")
	}

	var list auditListJSON
	admin.Get("/api/v1/audit?action=user.unmask_phone").JSON(t, &list)
	if len(list.Entries) != 1 || list.Entries[0].Purpose != "核实上报人联系方式" || list.Entries[0].EntityID != id ||
		!strings.HasSuffix(list.Entries[0].At, "Z") {
		t.Fatalf("API search: %+v", list)
	}
	list = auditListJSON{}
	admin.Get("/api/v1/audit?action=user.create&entity_id="+id).JSON(t, &list)
	if len(list.Entries) != 1 || list.Entries[0].Detail["role"] != "grid_worker" {
		t.Fatalf("API detail: %+v", list)
	}
}

func TestAuditBadFilters(t *testing.T) {
	e := webtest.New(t)
	admin := e.Login(webtest.Admin)
	tests := []struct{ query, field, msg string }{
		{"from=2026-13-01", "from", "日期格式应为 年-月-日"},
		{"to=2026/03/01", "to", "日期格式应为 年-月-日"},
		{"from=yesterday", "from", "日期格式应为 年-月-日"},
		{"from=2026-03-05&to=2026-03-01", "to", "结束日期不能早于开始日期"},
		{"before=abc", "before", "请输入数字"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := admin.Get("/admin/audit?" + tt.query)
			if r.StatusCode != 400 || !strings.Contains(r.Body, tt.msg) || !strings.Contains(r.Body, `class="form-errors"`) {
				t.Fatalf("page: %d %s", r.StatusCode, snippet(r.Body))
			}
			if tt.field != "before" && !usersFieldErr(r.Body, tt.field, tt.msg) {
				t.Fatal("no field message")
			}
			r = admin.Get("/api/v1/audit?" + tt.query)
			if r.StatusCode != 400 || !strings.Contains(usersErrOf(t, r).Error.Fields[tt.field], tt.msg) {
				t.Fatalf("API: %d %s", r.StatusCode, r.Body)
			}
		})
	}
	admin.Lang = "en"
	r := admin.Get("/admin/audit?from=2026-03-05&to=2026-03-01")
	if !usersFieldErr(r.Body, "to", "The end date cannot be before the start date") {
		t.Fatal("English message")
	}
	if r := admin.Get("/api/v1/audit?limit=501"); r.StatusCode != 400 || !strings.Contains(r.Body, `"limit":"Must be between 1 and 500"`) {
		t.Fatalf("limit: %s", r.Body)
	}
}

func TestAuditPages(t *testing.T) {
	e := webtest.New(t)
	ctx := context.Background()
	for i := 0; i < 60; i++ {
		if err := e.DB.Audit(ctx, e.Sys, store.Record{Action: "test.note", Entity: "note", EntityID: int64(i + 1), NodePath: "/"}); err != nil {
			t.Fatal(err)
		}
	}
	admin := e.Login(webtest.Admin)
	r := admin.Get("/admin/audit?action=test.")
	rows := strings.Count(r.Body, "test.note</code>")
	older := regexp.MustCompile(`<a rel="next" href="([^"]+)"`).FindStringSubmatch(r.Body)
	if rows != 50 || older == nil || !strings.Contains(older[1], "action=test.") {
		t.Fatalf("first page: %d rows, older %v", rows, older)
	}
	r = admin.Get(strings.ReplaceAll(older[1], "&amp;", "&"))
	if n := strings.Count(r.Body, "test.note</code>"); n != 10 || strings.Contains(r.Body, `rel="next"`) || !strings.Contains(r.Body, `rel="prev"`) {
		t.Fatalf("second page: %d rows", n)
	}
	seen := map[int64]bool{}
	before := ""
	for page := 0; page < 30; page++ {
		var list auditListJSON
		admin.Get("/api/v1/audit?action=test.&limit=7"+before).JSON(t, &list)
		for _, en := range list.Entries {
			if seen[en.Seq] {
				t.Fatalf("entry %d twice", en.Seq)
			}
			seen[en.Seq] = true
		}
		if list.NextBefore == 0 {
			break
		}
		before = "&before=" + strconv.FormatInt(list.NextBefore, 10)
	}
	if len(seen) != 60 {
		t.Fatalf("API pages: %d entries", len(seen))
	}
}

func TestAuditScope(t *testing.T) {
	e := webtest.New(t)
	sup := e.Login(webtest.Supervisor)
	e.Anon().PostForm("/login", url.Values{"login": {"nobody"}, "password": {"x-wrong-1"}})
	var list auditListJSON
	sup.Get("/api/v1/audit?entity=user&entity_id="+usersID(e, webtest.GridWorkerA)).JSON(t, &list)
	if len(list.Entries) == 0 {
		t.Fatal("supervisor of street A does not see grid A")
	}
	list = auditListJSON{}
	sup.Get("/api/v1/audit?entity=user&entity_id="+usersID(e, webtest.StaffB)).JSON(t, &list)
	if len(list.Entries) != 0 {
		t.Fatal("supervisor of street A sees street B")
	}
	if r := sup.Get("/admin/audit?action=session.login_failed"); !strings.Contains(r.Body, "没有符合条件的记录") {
		t.Fatal("supervisor sees entries with no place")
	}
	if r := e.Login(webtest.Admin).Get("/admin/audit?action=session.login_failed"); !strings.Contains(r.Body, "登录失败") {
		t.Fatal("administrator does not see failed sign-ins")
	}
	// Verifying reads every scope: administrators only.
	if r := sup.Get("/admin/audit"); strings.Contains(r.Body, "/admin/audit/verify") {
		t.Fatal("verify button offered to a supervisor")
	}
	if r := sup.PostForm("/admin/audit/verify", nil); r.StatusCode != 403 {
		t.Fatalf("supervisor verifies: %d", r.StatusCode)
	}
	if r := sup.JSON("POST", "/api/v1/audit/verify", nil); r.StatusCode != 403 {
		t.Fatalf("supervisor verifies by API: %d", r.StatusCode)
	}
}

func TestAuditVerify(t *testing.T) {
	e := webtest.New(t)
	admin := e.Login(webtest.Admin)
	r := admin.PostForm("/admin/audit/verify", nil)
	if r.StatusCode != 200 || !regexp.MustCompile(`日志链完整，共校验 \d+ 条记录`).MatchString(r.Body) {
		t.Fatalf("verify: %d %s", r.StatusCode, snippet(r.Body))
	}
	var res struct {
		Intact    bool   `json:"intact"`
		Entries   int64  `json:"entries"`
		BrokenSeq int64  `json:"broken_seq"`
		Reason    string `json:"reason"`
	}
	admin.JSON("POST", "/api/v1/audit/verify", nil).JSON(t, &res)
	if !res.Intact || res.Entries < 20 {
		t.Fatalf("API verify: %+v", res)
	}
	// Someone edits an entry behind shequ's back.
	raw := auditRawDB(t, e.DB)
	q := `UPDATE audit_log SET detail = '{"role":"admin"}' WHERE seq = 5`
	if _, err := raw.Exec(q); err != nil {
		t.Fatal(err)
	}
	r = admin.PostForm("/admin/audit/verify", nil)
	if r.StatusCode != 200 || !strings.Contains(r.Body, "日志链在第 5 条记录处断开") || !strings.Contains(r.Body, `href="/admin/audit?before=6"`) {
		t.Fatalf("tampering not shown: %s", snippet(r.Body))
	}
	res.Intact = true
	admin.JSON("POST", "/api/v1/audit/verify", nil).JSON(t, &res)
	if res.Intact || res.BrokenSeq != 5 || res.Reason == "" {
		t.Fatalf("API tampering: %+v", res)
	}
}

// auditRawDB opens a second connection to the test database, as a person with psql or
// sqlite3 would.
func auditRawDB(t *testing.T, db *storetest.DB) *sql.DB {
	t.Helper()
	driver, dsn := "sqlite", db.URL
	if db.Path != "" {
		sep := "?"
		if strings.Contains(db.URL, "?") {
			sep = "&"
		}
		driver, dsn = "pgx", fmt.Sprintf("%s%ssearch_path=%s", db.URL, sep, db.Path)
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}
