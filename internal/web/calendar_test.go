package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/web/webtest"
)

func TestCalendarPage(t *testing.T) {
	e := webtest.New(t)
	admin := e.Login(webtest.Admin)
	r := admin.Get("/admin/calendar?year=2026")
	if r.StatusCode != 200 {
		t.Fatalf("page: %d %s", r.StatusCode, snippet(r.Body))
	}
	for _, want := range []string{
		"工作日历 2026 年", `class="cal-holiday" title="2026-10-01 国庆节"`, `class="cal-makeup" title="2026-10-10 国庆节"`,
		`class="cal-weekend" title="2026-10-11"`, `class="cal-work" title="2026-10-12"`, `class="cal-work cal-today" title="2026-03-02"`,
		"调休上班", `action="/admin/calendar/days/2026-02-14/delete"`, `value="09:00-12:00 13:30-17:30"`, "每个工作日 7 小时",
		`href="/admin/calendar"`, // in the navigation
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if n := strings.Count(r.Body, `<table class="cal-month">`); n != 12 {
		t.Errorf("%d month grids", n)
	}
	// 2026-03-01 is a Sunday: March starts with six blanks.
	if !regexp.MustCompile(`(?s)<caption>3 月</caption>.*?<tbody><tr>(<td></td>){6}<td class="cal-weekend" title="2026-03-01">`).MatchString(r.Body) {
		t.Error("March does not start on Sunday")
	}
	if r := admin.Get("/admin/calendar?year=abc"); r.StatusCode != 400 || !strings.Contains(r.Body, "年份应在 2000 到 2100 之间") {
		t.Errorf("bad year: %d", r.StatusCode)
	}
	if r := admin.Get("/admin/calendar?edit=2026-02-31"); r.StatusCode != 400 {
		t.Errorf("bad edit date: %d", r.StatusCode)
	}
	if r := admin.Get("/admin/calendar?edit=2026-03-03"); r.StatusCode != 404 {
		t.Errorf("edit of a plain day: %d", r.StatusCode)
	}

	// Adding, editing and deleting a date.
	r = admin.PostForm("/admin/calendar/days", url.Values{"year": {"2027"}, "day": {"2027-01-01"}, "kind": {"holiday"}, "name": {"元旦"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/calendar?year=2027" {
		t.Fatalf("add: %d %s", r.StatusCode, snippet(r.Body))
	}
	r = admin.Get("/admin/calendar?edit=2027-01-01")
	if !strings.Contains(r.Body, "修改 2027-01-01") || !strings.Contains(r.Body, `action="/admin/calendar/days/2027-01-01"`) ||
		!strings.Contains(r.Body, `<option value="holiday" selected>`) || !strings.Contains(r.Body, `value="元旦"`) {
		t.Fatalf("edit form: %s", snippet(r.Body))
	}
	r = admin.PostForm("/admin/calendar/days/2027-01-01", url.Values{"kind": {"holiday"}, "name": {"元旦节"}, "version": {"1"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", r.StatusCode, snippet(r.Body))
	}
	r = admin.PostForm("/admin/calendar/days/2027-01-01", url.Values{"kind": {"holiday"}, "name": {"元旦"}, "version": {"1"}})
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "修改 2027-01-01") {
		t.Errorf("stale edit: %d", r.StatusCode)
	}
	r = admin.PostForm("/admin/calendar/days/2027-01-01/delete", url.Values{"version": {"1"}})
	if r.StatusCode != http.StatusConflict {
		t.Errorf("stale delete: %d", r.StatusCode)
	}
	r = admin.PostForm("/admin/calendar/days/2027-01-01/delete", url.Values{"version": {"2"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Errorf("delete: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := admin.PostForm("/admin/calendar/days/2027-13-01/delete", url.Values{"version": {"1"}}); r.StatusCode != 404 {
		t.Errorf("delete of an impossible date: %d", r.StatusCode)
	}

	// Bad input comes back with a message beside the field.
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"bad date", url.Values{"day": {"2026/10/01"}, "kind": {"holiday"}}, "日期格式应为 年-月-日"},
		{"impossible date", url.Values{"day": {"2026-02-30"}, "kind": {"holiday"}}, "日期格式应为 年-月-日"},
		{"no kind", url.Values{"day": {"2027-01-02"}}, `id="e-kind"`},
		{"unknown kind", url.Values{"day": {"2027-01-02"}, "kind": {"vacation"}}, "请选择一项"},
		{"make-up weekday", url.Values{"day": {"2027-01-04"}, "kind": {"workday"}}, "调休上班日应是周六或周日"},
		{"taken", url.Values{"day": {"2026-10-01"}, "kind": {"holiday"}}, "这一天已经设置过了"},
	} {
		r := admin.PostForm("/admin/calendar/days", tc.form)
		if r.StatusCode != 400 || !strings.Contains(r.Body, tc.want) || !strings.Contains(r.Body, `class="form-errors"`) {
			t.Errorf("%s: %d, want 400 with %q", tc.name, r.StatusCode, tc.want)
		}
	}

	// Working hours.
	for _, tc := range []struct{ periods, want string }{
		{"12:00-09:00", "第 1 个时段的结束早于开始"},
		{"09:00-12:00 11:00-17:00", "第 1 个和第 2 个时段重叠"},
		{"09:00-09:00", "第 1 个时段的开始和结束相同"},
		{"9点到12点", "第 1 个时段应写成"},
		{"", "必填"},
	} {
		r := admin.PostForm("/admin/calendar/hours", url.Values{"periods": {tc.periods}, "version": {"1"}})
		if r.StatusCode != 400 || !strings.Contains(r.Body, tc.want) || !strings.Contains(r.Body, `id="e-periods"`) {
			t.Errorf("hours %q: %d, want %q", tc.periods, r.StatusCode, tc.want)
		}
	}
	r = admin.PostForm("/admin/calendar/hours", url.Values{"periods": {"08:30-12:00, 14:00-18:00"}, "version": {"1"}, "year": {"2026"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("hours: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := admin.PostForm("/admin/calendar/hours", url.Values{"periods": {"09:00-17:00"}, "version": {"1"}}); r.StatusCode != http.StatusConflict {
		t.Errorf("stale hours: %d", r.StatusCode)
	}
	if r := admin.Get("/admin/calendar"); !strings.Contains(r.Body, `value="08:30-12:00 14:00-18:00"`) || !strings.Contains(r.Body, "每个工作日 7.5 小时") {
		t.Error("hours not shown")
	}

	// Readers see the calendar but no forms.
	r = e.Login(webtest.GridWorkerA).Get("/admin/calendar?year=2026")
	if r.StatusCode != 200 || strings.Contains(r.Body, `action="/admin/calendar/days"`) || strings.Contains(r.Body, `action="/admin/calendar/hours"`) ||
		!strings.Contains(r.Body, "08:30-12:00 14:00-18:00") {
		t.Errorf("reader: %d", r.StatusCode)
	}
	// English.
	en := e.Login(webtest.Admin)
	en.Lang = "en"
	if r := en.Get("/admin/calendar?year=2025"); !strings.Contains(r.Body, "Working calendar 2025") || !strings.Contains(r.Body, "Make-up working day") {
		t.Error("English page")
	}
}

func TestCalendarAPI(t *testing.T) {
	e := webtest.New(t)
	admin := e.Login(webtest.Admin)
	var list struct {
		Year int `json:"year"`
		Days []struct {
			Day, Kind, Name string
			Weekday         int
			Version         int
		} `json:"days"`
	}
	r := admin.Get("/api/v1/calendar/days?year=2025")
	r.JSON(t, &list)
	if r.StatusCode != 200 || list.Year != 2025 || len(list.Days) != 33 || list.Days[0].Day != "2025-01-01" || list.Days[1].Kind != "workday" {
		t.Fatalf("2025: %d %+v", r.StatusCode, list)
	}
	if r := admin.Get("/api/v1/calendar/days"); !strings.Contains(r.Body, `"year":2026`) {
		t.Errorf("default year: %s", snippet(r.Body))
	}

	// Due times.
	for _, tc := range []struct{ q, want string }{
		{"start=2026-09-30T10:00:00%2B08:00&amount=1&unit=working_days", `"due":"2026-10-08T17:30:00+08:00"`},
		{"start=2026-09-30T09:00:00Z&amount=1&unit=working_hours", `"due":"2026-10-08T09:30:00+08:00"`},
		{"start=2025-01-27T16:30:00%2B08:00&amount=2&unit=working_hours&fraction=0.75", `"partial":"2025-02-05T09:30:00+08:00"`},
		{"start=2026-03-02T09:00:00%2B08:00&amount=24&unit=natural_hours", `"due":"2026-03-03T09:00:00+08:00"`},
		{"start=2026-03-02T09:00:00+08:00&amount=3&unit=working_hours", `"due":"2026-03-02T12:00:00+08:00"`},
	} {
		r := admin.Get("/api/v1/calendar/due?" + tc.q)
		if r.StatusCode != 200 || !strings.Contains(r.Body, tc.want) {
			t.Errorf("due %s: %d %s, want %s", tc.q, r.StatusCode, r.Body, tc.want)
		}
	}
	for _, tc := range []struct{ q, field string }{
		{"amount=1&unit=working_days", "start"},
		{"start=2026-09-30&amount=1&unit=working_days", "start"},
		{"start=2026-09-30T10:00:00Z&amount=x&unit=working_days", "amount"},
		{"start=2026-09-30T10:00:00Z&amount=0&unit=working_days", "amount"},
		{"start=2026-09-30T10:00:00Z&amount=251&unit=working_days", "amount"},
		{"start=2026-09-30T10:00:00Z&amount=1&unit=weeks", "unit"},
		{"start=2026-09-30T10:00:00Z&amount=1", "unit"},
		{"start=2026-09-30T10:00:00Z&amount=1&unit=working_days&fraction=2", "fraction"},
	} {
		r := admin.Get("/api/v1/calendar/due?" + tc.q)
		if r.StatusCode != 400 || !strings.Contains(r.Body, `"`+tc.field+`":`) {
			t.Errorf("due %s: %d %s, want a %s error", tc.q, r.StatusCode, r.Body, tc.field)
		}
	}

	// Create, update, delete.
	r = admin.JSON("POST", "/api/v1/calendar/days", map[string]any{"day": "2027-10-09", "kind": "workday", "name": "国庆节"})
	if r.StatusCode != 201 || !strings.Contains(r.Body, `"weekday":6`) || !strings.Contains(r.Body, `"version":1`) {
		t.Fatalf("create: %d %s", r.StatusCode, r.Body)
	}
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"day": "2027-10-32", "kind": "holiday"}, "day"},
		{map[string]any{"kind": "holiday"}, "day"},
		{map[string]any{"day": "2027-10-08", "kind": "festival"}, "kind"},
		{map[string]any{"day": "2027-10-08", "kind": "workday"}, "day"},
		{map[string]any{"day": "2027-10-09", "kind": "workday"}, "day"},
		{map[string]any{"day": 20271008, "kind": "holiday"}, "day"},
		{map[string]any{"day": "2027-10-08", "kind": "holiday", "colour": "red"}, "colour"},
	} {
		r := admin.JSON("POST", "/api/v1/calendar/days", tc.body)
		if r.StatusCode != 400 || !strings.Contains(r.Body, `"`+tc.field+`":`) {
			t.Errorf("create %v: %d %s, want a %s error", tc.body, r.StatusCode, r.Body, tc.field)
		}
	}
	r = admin.JSON("PUT", "/api/v1/calendar/days/2027-10-09", map[string]any{"kind": "holiday", "name": "国庆节", "version": 1})
	if r.StatusCode != 200 || !strings.Contains(r.Body, `"kind":"holiday"`) || !strings.Contains(r.Body, `"version":2`) {
		t.Fatalf("update: %d %s", r.StatusCode, r.Body)
	}
	if r := admin.JSON("PUT", "/api/v1/calendar/days/2027-10-09", map[string]any{"kind": "holiday", "version": 1}); r.StatusCode != 409 {
		t.Errorf("stale update: %d", r.StatusCode)
	}
	if r := admin.JSON("PUT", "/api/v1/calendar/days/2027-10-09", map[string]any{"kind": "holiday"}); r.StatusCode != 400 || !strings.Contains(r.Body, `"version":`) {
		t.Errorf("update without version: %d %s", r.StatusCode, r.Body)
	}
	if r := admin.JSON("PUT", "/api/v1/calendar/days/2027-10-10", map[string]any{"kind": "holiday", "version": 1}); r.StatusCode != 404 {
		t.Errorf("update of nothing: %d", r.StatusCode)
	}
	if r := admin.JSON("PUT", "/api/v1/calendar/days/tomorrow", map[string]any{"kind": "holiday", "version": 1}); r.StatusCode != 404 {
		t.Errorf("update of a bad date: %d", r.StatusCode)
	}
	if r := admin.Do("DELETE", "/api/v1/calendar/days/2027-10-09", "", nil); r.StatusCode != 400 {
		t.Errorf("delete without version: %d", r.StatusCode)
	}
	if r := admin.Do("DELETE", "/api/v1/calendar/days/2027-10-09?version=1", "", nil); r.StatusCode != 409 {
		t.Errorf("stale delete: %d", r.StatusCode)
	}
	if r := admin.Do("DELETE", "/api/v1/calendar/days/2027-10-09?version=2", "", nil); r.StatusCode != 204 {
		t.Errorf("delete: %d %s", r.StatusCode, r.Body)
	}

	// Working hours.
	var h struct {
		Periods []struct{ Start, End string } `json:"periods"`
		Daily   float64                       `json:"daily_hours"`
		Version int                           `json:"version"`
	}
	r = admin.Get("/api/v1/calendar/hours")
	r.JSON(t, &h)
	if h.Daily != 7 || len(h.Periods) != 2 || h.Periods[1].Start != "13:30" || h.Version != 1 {
		t.Fatalf("hours %+v", h)
	}
	period := func(s, e string) map[string]string { return map[string]string{"start": s, "end": e} }
	for _, tc := range []struct {
		body any
		want string
	}{
		{map[string]any{"periods": []any{period("12:00", "09:00")}, "version": 1}, "第 1 个时段的结束早于开始"},
		{map[string]any{"periods": []any{period("09:00", "12:00"), period("11:00", "17:00")}, "version": 1}, "第 1 个和第 2 个时段重叠"},
		{map[string]any{"periods": []any{period("13:00", "17:00"), period("09:00", "12:00")}, "version": 1}, "第 2 个时段早于前一个时段"},
		{map[string]any{"periods": []any{period("9", "12:00")}, "version": 1}, "第 1 个时段应写成"},
		{map[string]any{"periods": []any{}, "version": 1}, "必填"},
		{map[string]any{"periods": []any{period("09:00", "12:00")}}, `"version":"必填"`},
	} {
		r := admin.JSON("PUT", "/api/v1/calendar/hours", tc.body)
		if r.StatusCode != 400 || !strings.Contains(r.Body, tc.want) {
			t.Errorf("hours %v: %d %s, want %q", tc.body, r.StatusCode, r.Body, tc.want)
		}
	}
	r = admin.JSON("PUT", "/api/v1/calendar/hours", map[string]any{"periods": []any{period("08:00", "12:00"), period("14:00", "18:00")}, "version": 1})
	if r.StatusCode != 200 || !strings.Contains(r.Body, `"daily_hours":8`) {
		t.Fatalf("set hours: %d %s", r.StatusCode, r.Body)
	}
	// The due time follows the new hours at once.
	r = admin.Get("/api/v1/calendar/due?start=2026-03-02T10:00:00%2B08:00&amount=1&unit=working_days")
	if !strings.Contains(r.Body, `"due":"2026-03-03T18:00:00+08:00"`) {
		t.Errorf("due after new hours: %s", r.Body)
	}
	if r := admin.JSON("PUT", "/api/v1/calendar/hours", map[string]any{"periods": []any{period("08:00", "12:00")}, "version": 1}); r.StatusCode != 409 {
		t.Errorf("stale hours: %d", r.StatusCode)
	}
	// Staff may read but not change the calendar.
	staff := e.Login(webtest.StaffDist)
	if r := staff.Get("/api/v1/calendar/hours"); r.StatusCode != 200 {
		t.Errorf("staff read: %d", r.StatusCode)
	}
	if r := staff.JSON("POST", "/api/v1/calendar/days", map[string]any{"day": "2027-10-08", "kind": "holiday"}); r.StatusCode != 403 {
		t.Errorf("staff create: %d", r.StatusCode)
	}
}
