package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/notify"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

func notifyUser(t *testing.T, e *webtest.Env, userID int64, m notify.Message) {
	t.Helper()
	if err := e.DB.Notify(context.Background(), e.Sys, m, notify.Recipient{UserID: userID}); err != nil {
		t.Fatal(err)
	}
}

func closedNotice(ticket string) notify.Message {
	return notify.Message{Template: notify.CaseClosed, Params: map[string]string{"ticket": ticket}, Link: "/cases/9/rate", CaseID: 9}
}

type notificationList struct {
	Notifications []struct {
		ID       int64             `json:"id"`
		CaseID   int64             `json:"case_id"`
		Template string            `json:"template"`
		Params   map[string]string `json:"params"`
		Title    string            `json:"title"`
		Body     string            `json:"body"`
		Link     string            `json:"link"`
		ReadAt   *string           `json:"read_at"`
	} `json:"notifications"`
	Unread     int   `json:"unread"`
	NextBefore int64 `json:"next_before"`
}

func listNotifications(t *testing.T, c *webtest.Client, query string) notificationList {
	t.Helper()
	r := c.Get("/api/v1/notifications" + query)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("list%s: %d %s", query, r.StatusCode, r.Body)
	}
	var out notificationList
	r.JSON(t, &out)
	return out
}

func unread(t *testing.T, c *webtest.Client) int {
	t.Helper()
	r := c.Get("/api/v1/notifications/unread-count")
	var out struct{ Unread int }
	r.JSON(t, &out)
	return out.Unread
}

func TestNotificationsPageForResident(t *testing.T) {
	e := webtest.New(t)
	res := e.Users[webtest.ResidentPh]
	notifyUser(t, e, res.ID, notify.Message{Template: notify.CaseReceived, Params: map[string]string{"ticket": "GS-0001"}})
	notifyUser(t, e, res.ID, closedNotice("GS-0001"))
	c := e.Login(webtest.ResidentPh)

	home := c.Get("/")
	if !strings.Contains(home.Body, `class="bell has-unread" href="/notifications"`) || !strings.Contains(home.Body, `<span class="bell-count" aria-hidden="true">2</span>`) ||
		!strings.Contains(home.Body, "消息通知，2 条未读") {
		t.Errorf("the top bar shows no bell with 2 unread:\n%s", snippet(home.Body[strings.Index(home.Body, "<header"):]))
	}
	page := c.Get("/notifications")
	if page.StatusCode != http.StatusOK {
		t.Fatalf("page: %d", page.StatusCode)
	}
	for _, want := range []string{"已结案，请评价", "您反映的问题（编号 GS-0001）已结案", `href="/cases/9/rate"`, "诉求已受理", "2 条未读",
		`class="notification unread"`, "全部标为已读"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Index(page.Body, "已结案") > strings.Index(page.Body, "诉求已受理") {
		t.Error("newest first: the closing notice comes before the receipt")
	}
	c.Lang = "en"
	if en := c.Get("/notifications"); !strings.Contains(en.Body, "Closed: please rate") || !strings.Contains(en.Body, "Your report GS-0001 has been closed.") {
		t.Errorf("English page lacks the English texts")
	}
	list := listNotifications(t, c, "")
	if len(list.Notifications) != 2 || list.Unread != 2 || list.Notifications[0].Title != "Closed: please rate" ||
		list.Notifications[0].Template != notify.CaseClosed || list.Notifications[0].CaseID != 9 || list.Notifications[0].Params["ticket"] != "GS-0001" {
		t.Errorf("API list %+v", list)
	}

	// Mark one read from the page, then the rest.
	r := c.PostForm("/notifications/read", url.Values{"ids": {fmt.Sprint(list.Notifications[1].ID)}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/notifications" {
		t.Fatalf("mark read: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if n := unread(t, c); n != 1 {
		t.Errorf("unread %d after marking one", n)
	}
	page = c.Get("/notifications")
	if strings.Count(page.Body, `class="notification unread"`) != 1 || strings.Count(page.Body, `class="notification"`) != 1 {
		t.Errorf("one unread and one read item expected")
	}
	c.PostForm("/notifications/read", url.Values{"all": {"1"}})
	if n := unread(t, c); n != 0 {
		t.Errorf("unread %d after marking all", n)
	}
	if home := c.Get("/"); strings.Contains(home.Body, "bell-count") || !strings.Contains(home.Body, `class="bell" href="/notifications"`) {
		t.Error("with nothing unread the bell shows no count")
	}
}

func TestNotificationsAreOnlyTheirOwners(t *testing.T) {
	e := webtest.New(t)
	handler := e.Users[webtest.HandlerA]
	notifyUser(t, e, handler.ID, notify.Message{Template: notify.CaseUrged, Params: map[string]string{"ticket": "GS-0002"}, CaseID: 2})
	hc := e.Login(webtest.HandlerA)
	theirs := listNotifications(t, hc, "").Notifications[0].ID

	rc := e.Login(webtest.ResidentPh)
	if list := listNotifications(t, rc, ""); len(list.Notifications) != 0 || list.Unread != 0 {
		t.Errorf("the resident sees %+v", list)
	}
	if page := rc.Get("/notifications"); strings.Contains(page.Body, "GS-0002") {
		t.Error("the resident's page shows the handler's notification")
	}
	// Someone else's id is passed over like an id that does not exist: no error, nothing marked.
	for _, ids := range [][]int64{{theirs}, {theirs + 1000}} {
		r := rc.JSON("POST", "/api/v1/notifications/read", map[string]any{"ids": ids})
		var out struct{ Marked, Unread int }
		r.JSON(t, &out)
		if r.StatusCode != http.StatusOK || out.Marked != 0 {
			t.Errorf("marking %v: %d %s", ids, r.StatusCode, r.Body)
		}
	}
	if r := rc.PostForm("/notifications/read", url.Values{"ids": {fmt.Sprint(theirs)}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("page mark of another's id: %d", r.StatusCode)
	}
	rc.JSON("POST", "/api/v1/notifications/read", map[string]any{"all": true})
	if n := unread(t, hc); n != 1 {
		t.Errorf("the handler's notification was marked by someone else: unread %d", n)
	}
	if r := e.Anon().Get("/api/v1/notifications"); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("signed out: %d", r.StatusCode)
	}
	// The handler marks their own.
	r := hc.JSON("POST", "/api/v1/notifications/read", map[string]any{"ids": []int64{theirs}})
	var out struct{ Marked, Unread int }
	r.JSON(t, &out)
	if out.Marked != 1 || out.Unread != 0 {
		t.Errorf("own mark: %s", r.Body)
	}
}

func TestNotificationsBadInput(t *testing.T) {
	e := webtest.New(t)
	c := e.Login(webtest.ResidentPh)
	many := make([]int64, 501)
	for i := range many {
		many[i] = int64(i + 1)
	}
	for _, tc := range []struct {
		name, method, path string
		body               any
		field              string
	}{
		{"ids not numbers", "POST", "/api/v1/notifications/read", `{"ids": ["a"]}`, "ids"},
		{"negative id", "POST", "/api/v1/notifications/read", `{"ids": [-3]}`, "ids"},
		{"unknown field", "POST", "/api/v1/notifications/read", `{"id": 3}`, "id"},
		{"too many ids", "POST", "/api/v1/notifications/read", map[string]any{"ids": many}, "ids"},
		{"before not a number", "GET", "/api/v1/notifications?before=x", nil, "before"},
		{"limit too large", "GET", "/api/v1/notifications?limit=101", nil, "limit"},
		{"limit zero", "GET", "/api/v1/notifications?limit=0", nil, "limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.JSON(tc.method, tc.path, tc.body)
			if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, `"`+tc.field+`"`) {
				t.Errorf("%d %s: want 400 naming %s", r.StatusCode, r.Body, tc.field)
			}
		})
	}
	for _, tc := range []struct{ name, path, form string }{
		{"form ids not numbers", "/notifications/read", "ids=abc"},
		{"form id zero", "/notifications/read", "ids=0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Do("POST", tc.path, "application/x-www-form-urlencoded", strings.NewReader(tc.form))
			if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, "请输入数字") {
				t.Errorf("%d: want 400 with a clear message", r.StatusCode)
			}
		})
	}
	if r := c.Get("/notifications?before=abc"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("page before=abc: %d", r.StatusCode)
	}
}

func TestNotificationsPaging(t *testing.T) {
	e := webtest.New(t)
	res := e.Users[webtest.ResidentPh]
	for i := range 33 {
		notifyUser(t, e, res.ID, closedNotice(fmt.Sprintf("GS-%04d", i)))
	}
	c := e.Login(webtest.ResidentPh)
	first := listNotifications(t, c, "?limit=20")
	if len(first.Notifications) != 20 || first.NextBefore == 0 || first.Notifications[0].Params["ticket"] != "GS-0032" {
		t.Fatalf("first page: %d, next %d", len(first.Notifications), first.NextBefore)
	}
	rest := listNotifications(t, c, fmt.Sprintf("?limit=20&before=%d", first.NextBefore))
	if len(rest.Notifications) != 13 || rest.NextBefore != 0 || rest.Notifications[12].Params["ticket"] != "GS-0000" {
		t.Errorf("second page: %d, next %d", len(rest.Notifications), rest.NextBefore)
	}
	page := c.Get("/notifications")
	if !strings.Contains(page.Body, `rel="next" href="/notifications?before=`) || strings.Count(page.Body, `<li class="notification`) != 30 {
		t.Errorf("page of 30 with a link to older ones expected")
	}
	older := c.Get("/notifications?before=" + fmt.Sprint(first.Notifications[19].ID))
	if strings.Count(older.Body, `<li class="notification`) != 13 || !strings.Contains(older.Body, `rel="prev" href="/notifications"`) ||
		!strings.Contains(older.Body, `name="before" value="`+fmt.Sprint(first.Notifications[19].ID)+`"`) {
		t.Errorf("older page: want 13 items, a link to the newest, and the position kept in its forms")
	}
	r := c.PostForm("/notifications/read", url.Values{"ids": {fmt.Sprint(rest.Notifications[0].ID)}, "before": {fmt.Sprint(first.NextBefore)}})
	if r.Header.Get("Location") != "/notifications?before="+fmt.Sprint(first.NextBefore) {
		t.Errorf("after marking on an older page: back to %q", r.Header.Get("Location"))
	}
}
