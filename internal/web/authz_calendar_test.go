package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"sync"

	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// Authorisation cases of the working calendar. The calendar is one for the whole
// platform, so no route has a target in a scope: every role that sees the tree
// (tree.view: all but residents) may read it, and only administrators
// (calendar.manage) change it.

var (
	calendarAuthzMu   sync.Mutex
	calendarAuthzNext = map[*webtest.Env]int{}
)

// calendarAuthzDate is a date not used before in e: Mondays from 2031 on, so a
// holiday may be created on it and nothing else in the tests relies on it.
func calendarAuthzDate(e *webtest.Env) calendar.Date {
	calendarAuthzMu.Lock()
	defer calendarAuthzMu.Unlock()
	n := calendarAuthzNext[e]
	calendarAuthzNext[e] = n + 1
	return calendar.Date{Year: 2031, Month: 1, Day: 6}.AddDays(7 * n)
}

// calendarAuthzDay creates a fresh holiday and returns its date and version.
func calendarAuthzDay(e *webtest.Env) (string, int) {
	e.T.Helper()
	d, err := e.DB.CreateCalendarDay(context.Background(), e.Sys, calendar.Day{Date: calendarAuthzDate(e), Kind: calendar.Holiday, Name: "测试"})
	if err != nil {
		e.T.Fatal(err)
	}
	return d.Date.String(), d.Version
}

func calendarAuthzHoursVersion(e *webtest.Env) int {
	e.T.Helper()
	h, err := e.DB.WorkingHours(context.Background())
	if err != nil {
		e.T.Fatal(err)
	}
	return h.Version
}

func init() {
	readers := signedIn()
	delete(readers, webtest.ResidentPh)
	admins := map[string]string{webtest.Admin: "any"}
	authzCases = append(authzCases,
		authzCase{route: "GET /admin/calendar", req: fixed("GET", "/admin/calendar?year=2026"), allow: readers},
		authzCase{route: "POST /admin/calendar/days", req: func(e *webtest.Env, in bool) target {
			f := url.Values{"day": {calendarAuthzDate(e).String()}, "kind": {"holiday"}, "name": {"测试"}}
			return target{method: "POST", path: "/admin/calendar/days", form: f.Encode()}
		}, allow: admins},
		authzCase{route: "POST /admin/calendar/days/{day}", req: func(e *webtest.Env, in bool) target {
			day, v := calendarAuthzDay(e)
			f := url.Values{"kind": {"holiday"}, "name": {"改名"}, "version": {strconv.Itoa(v)}}
			return target{method: "POST", path: "/admin/calendar/days/" + day, form: f.Encode()}
		}, allow: admins},
		authzCase{route: "POST /admin/calendar/days/{day}/delete", req: func(e *webtest.Env, in bool) target {
			day, v := calendarAuthzDay(e)
			return target{method: "POST", path: "/admin/calendar/days/" + day + "/delete", form: "version=" + strconv.Itoa(v)}
		}, allow: admins},
		authzCase{route: "POST /admin/calendar/hours", req: func(e *webtest.Env, in bool) target {
			f := url.Values{"periods": {"09:00-12:00 13:30-17:30"}, "version": {strconv.Itoa(calendarAuthzHoursVersion(e))}}
			return target{method: "POST", path: "/admin/calendar/hours", form: f.Encode()}
		}, allow: admins},
		authzCase{route: "GET /api/v1/calendar/days", req: fixed("GET", "/api/v1/calendar/days?year=2026"), allow: readers},
		authzCase{route: "POST /api/v1/calendar/days", req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: "/api/v1/calendar/days", json: map[string]any{"day": calendarAuthzDate(e).String(), "kind": "holiday"}}
		}, allow: admins},
		authzCase{route: "PUT /api/v1/calendar/days/{day}", req: func(e *webtest.Env, in bool) target {
			day, v := calendarAuthzDay(e)
			return target{method: "PUT", path: "/api/v1/calendar/days/" + day, json: map[string]any{"kind": "holiday", "name": "改名", "version": v}}
		}, allow: admins},
		authzCase{route: "DELETE /api/v1/calendar/days/{day}", req: func(e *webtest.Env, in bool) target {
			day, v := calendarAuthzDay(e)
			return target{method: "DELETE", path: fmt.Sprintf("/api/v1/calendar/days/%s?version=%d", day, v)}
		}, allow: admins},
		authzCase{route: "GET /api/v1/calendar/hours", req: fixed("GET", "/api/v1/calendar/hours"), allow: readers},
		authzCase{route: "PUT /api/v1/calendar/hours", req: func(e *webtest.Env, in bool) target {
			return target{method: "PUT", path: "/api/v1/calendar/hours", json: map[string]any{
				"periods": []map[string]string{{"start": "09:00", "end": "12:00"}, {"start": "13:30", "end": "17:30"}},
				"version": calendarAuthzHoursVersion(e)}}
		}, allow: admins},
		authzCase{route: "GET /api/v1/calendar/due", req: fixed("GET", "/api/v1/calendar/due?start=2026-09-30T10:00:00%2B08:00&amount=3&unit=working_days"),
			allow: readers},
	)
}
