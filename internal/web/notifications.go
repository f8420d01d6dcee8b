package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/notify"
	"github.com/shequ-dev/shequ/internal/store"
)

// Notifications: every signed-in person reads their own, residents included; storage
// lists and marks only the caller's rows, so nobody reaches anyone else's.

func (s *Server) notificationRoutes() []route {
	return []route{
		page("GET", "/notifications", account.OwnAccount, s.notificationsPage),
		page("POST", "/notifications/read", account.OwnAccount, s.notificationsReadSubmit),
		api("GET", "/api/v1/notifications", account.OwnAccount, s.apiNotifications, apiDoc{Summary: "The caller's notifications, newest first",
			Tag: "notifications", Query: []param{
				{"before", "integer", "Keyset pagination: notifications older than this id (next_before of the previous page)"},
				{"limit", "integer", "Page size, 1–100 (default 30)"},
			}, Response: notificationListResponse{}}),
		api("POST", "/api/v1/notifications/read", account.OwnAccount, s.apiNotificationsRead, apiDoc{
			Summary: "Mark some or all of the caller's notifications read; ids of notifications that are not the caller's are ignored",
			Tag:     "notifications", Request: markReadRequest{}, Response: markReadResponse{}}),
		api("GET", "/api/v1/notifications/unread-count", account.OwnAccount, s.apiUnreadCount, apiDoc{
			Summary: "How many of the caller's notifications are unread", Tag: "notifications", Response: unreadCountResponse{}}),
	}
}

// unreadBadge is the count on the bell of the top bar: one read of a small index per
// page. A failure leaves the bell without a number rather than failing the page.
func (s *Server) unreadBadge(r *http.Request, p *account.Principal) int {
	if !p.Can(account.OwnAccount) {
		return 0
	}
	n, err := s.db.UnreadCount(r.Context(), p)
	if err != nil {
		s.log.Warn("unread notifications", "err", err)
		return 0
	}
	return n
}

// notificationItem is a notification rendered in the reader's language.
type notificationItem struct {
	ID      int64
	Title   string
	Body    string
	Link    string
	Created time.Time
	Read    bool
}

type notificationsPageData struct {
	Items    []notificationItem
	Unread   int
	Before   int64  // the page's position, kept when marking read
	NextURL  string // older notifications
	FirstURL string // the newest, when not on them
}

func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) error {
	st := state(r)
	var v errs.Validation
	before := queryIDField(&v, r.URL.Query(), "before")
	if err := v.Err(); err != nil {
		return err
	}
	ns, err := s.db.Notifications(r.Context(), st.p, before, store.DefaultNotificationPage+1)
	if err != nil {
		return err
	}
	d := notificationsPageData{Before: before}
	if len(ns) > store.DefaultNotificationPage {
		ns = ns[:store.DefaultNotificationPage]
		d.NextURL = "/notifications?before=" + strconv.FormatInt(ns[len(ns)-1].ID, 10)
	}
	if before != 0 {
		d.FirstURL = "/notifications"
	}
	for _, n := range ns {
		d.Items = append(d.Items, notificationItem{ID: n.ID, Title: n.Title(st.lang), Body: n.Body(st.lang), Link: n.Link,
			Created: n.Created, Read: n.Read != nil})
	}
	if d.Unread, err = s.db.UnreadCount(r.Context(), st.p); err != nil {
		return err
	}
	return s.render(w, r, "notifications", view{Title: "title.notifications", Section: "notifications", Data: d})
}

// readIDs reads the ids to mark: numbers, each at most once counted by storage. A
// value that is not a number is a field error on "ids".
func readIDs(vals []string) ([]int64, error) {
	ids := make([]int64, 0, len(vals))
	for _, raw := range vals {
		for _, part := range strings.Split(raw, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			n, err := strconv.ParseInt(part, 10, 64)
			if err != nil || n <= 0 {
				return nil, errs.FieldInvalid("ids", "err.number")
			}
			ids = append(ids, n)
		}
	}
	return ids, nil
}

// notificationsReadSubmit marks one notification (ids) or all of them (all=1) read
// and returns to the list.
func (s *Server) notificationsReadSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	p := principal(r)
	if f.Get("all") != "" {
		_, err = s.db.MarkAllRead(r.Context(), p)
	} else {
		var ids []int64
		if ids, err = readIDs(f.Values["ids"]); err == nil {
			_, err = s.db.MarkRead(r.Context(), p, ids)
		}
	}
	if err != nil {
		return err
	}
	flash(w, "success", "flash.notify_read")
	next := "/notifications"
	if b := f.Int("before"); b > 0 && !f.HasErrors() {
		next += "?before=" + strconv.FormatInt(b, 10)
	}
	return redirect(w, r, next)
}

// notificationResponse is one notification in the API, rendered in the caller's language.
type notificationResponse struct {
	ID       int64             `json:"id"`
	CaseID   int64             `json:"case_id,omitempty"`
	Template string            `json:"template" doc:"Catalogue template, e.g. notify.case_closed"`
	Params   map[string]string `json:"params"`
	Title    string            `json:"title"`
	Body     string            `json:"body"`
	Link     string            `json:"link,omitempty" doc:"Relative URL of the page it leads to"`
	Created  time.Time         `json:"created_at"`
	Read     *time.Time        `json:"read_at,omitempty"`
}

type notificationListResponse struct {
	Notifications []notificationResponse `json:"notifications"`
	Unread        int                    `json:"unread"`
	NextBefore    int64                  `json:"next_before,omitempty" doc:"Pass as before= for older notifications; absent on the last page"`
}

func notificationJSON(lang i18n.Lang, n *notify.Notification) notificationResponse {
	return notificationResponse{ID: n.ID, CaseID: n.CaseID, Template: n.Template, Params: n.Params, Title: n.Title(lang),
		Body: n.Body(lang), Link: n.Link, Created: n.Created, Read: n.Read}
}

func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request) error {
	st := state(r)
	q := r.URL.Query()
	var v errs.Validation
	before := queryIDField(&v, q, "before")
	limit := store.DefaultNotificationPage
	if q.Has("limit") {
		n := queryIDField(&v, q, "limit")
		if !v.Has("limit") && v.Check(n >= 1 && n <= store.MaxNotificationPage, "limit", "err.range", 1, store.MaxNotificationPage) {
			limit = int(n)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	ns, err := s.db.Notifications(r.Context(), st.p, before, limit+1)
	if err != nil {
		return err
	}
	out := notificationListResponse{Notifications: []notificationResponse{}}
	if len(ns) > limit {
		ns = ns[:limit]
		out.NextBefore = ns[len(ns)-1].ID
	}
	for _, n := range ns {
		out.Notifications = append(out.Notifications, notificationJSON(st.lang, n))
	}
	if out.Unread, err = s.db.UnreadCount(r.Context(), st.p); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type markReadRequest struct {
	IDs []int64 `json:"ids,omitempty" doc:"Notifications to mark read, at most 500"`
	All bool    `json:"all,omitempty" doc:"Mark every notification read (ids are then ignored)"`
}

type markReadResponse struct {
	Marked int `json:"marked" doc:"How many were unread and are now read"`
	Unread int `json:"unread"`
}

func (s *Server) apiNotificationsRead(w http.ResponseWriter, r *http.Request) error {
	var in markReadRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p := principal(r)
	var out markReadResponse
	var err error
	if in.All {
		out.Marked, err = s.db.MarkAllRead(r.Context(), p)
	} else {
		for _, id := range in.IDs {
			if id <= 0 {
				return errs.FieldInvalid("ids", "err.number")
			}
		}
		out.Marked, err = s.db.MarkRead(r.Context(), p, in.IDs)
	}
	if err != nil {
		return err
	}
	if out.Unread, err = s.db.UnreadCount(r.Context(), p); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type unreadCountResponse struct {
	Unread int `json:"unread"`
}

func (s *Server) apiUnreadCount(w http.ResponseWriter, r *http.Request) error {
	n, err := s.db.UnreadCount(r.Context(), principal(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, unreadCountResponse{Unread: n})
	return nil
}
