package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
)

// The audit log: staff with audit.view search the entries of their scope (storage
// filters by scope; only callers reaching the whole tree see entries with no place, such
// as sign-ins). Verifying the hash chain reads every entry of every scope, so it is for
// administrators only: the route needs audit.view, and the handler also requires the
// administrator role (see canVerifyAudit).

func (s *Server) auditRoutes() []route {
	filters := []param{
		{"actor", "string", "Exactly this actor (a username, or system:… for jobs)"},
		{"action", "string", "Actions starting with this, e.g. user. or user.unmask_phone"},
		{"entity", "string", "Entity kind: node, unit, user, token"},
		{"entity_id", "string", "Entity id (with entity)"},
		{"from", "string", "First day, YYYY-MM-DD, Beijing time"},
		{"to", "string", "Last day, YYYY-MM-DD, Beijing time (inclusive)"},
		{"before", "integer", "Keyset pagination: entries older than this seq (next_before of the previous page)"},
		{"limit", "integer", "Page size, 1–500 (default 50)"},
	}
	return []route{
		page("GET", "/admin/audit", account.AuditView, s.auditPage),
		page("POST", "/admin/audit/verify", account.AuditView, s.auditVerifySubmit),
		api("GET", "/api/v1/audit", account.AuditView, s.apiAudit, apiDoc{Summary: "Search the audit log of the caller's scope, newest first",
			Tag: "audit", Query: filters, Response: auditListResponse{}}),
		api("POST", "/api/v1/audit/verify", account.AuditView, s.apiAuditVerify, apiDoc{Summary: "Verify the whole hash chain " +
			"(administrators only)", Tag: "audit", Response: auditVerifyResponse{}}),
	}
}

// canVerifyAudit: the chain check reads every entry, beyond any scope, so only
// administrators run it.
func canVerifyAudit(p *account.Principal) bool {
	return p != nil && p.Can(account.AuditView) && (p.Role == account.Admin || p.System)
}

const auditPageSize = 50

// auditFilterFrom reads the search: actor, action (a prefix), entity, entity_id, from
// and to (YYYY-MM-DD in Beijing time, both days included) and before (a seq).
func auditFilterFrom(q url.Values) (audit.Filter, error) {
	var v errs.Validation
	f := audit.Filter{Actor: strings.TrimSpace(q.Get("actor")), Action: strings.TrimSpace(q.Get("action")),
		Entity: strings.TrimSpace(q.Get("entity")), EntityID: strings.TrimSpace(q.Get("entity_id"))}
	v.MaxLen("actor", f.Actor, 100)
	v.MaxLen("action", f.Action, 60)
	v.MaxLen("entity", f.Entity, 30)
	v.MaxLen("entity_id", f.EntityID, 30)
	from, fromOK := auditDay(&v, q, "from")
	to, toOK := auditDay(&v, q, "to")
	if fromOK && toOK && !from.IsZero() && !to.IsZero() {
		v.Check(!to.Before(from), "to", "err.date_order")
	}
	f.From = from
	if !to.IsZero() {
		f.To = to.AddDate(0, 0, 1) // the whole last day
	}
	f.BeforeSeq = queryIDField(&v, q, "before")
	return f, v.Err()
}

// auditDay parses an optional YYYY-MM-DD as the start of that day in Beijing time.
func auditDay(v *errs.Validation, q url.Values, name string) (time.Time, bool) {
	s := strings.TrimSpace(q.Get(name))
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.ParseInLocation("2006-01-02", s, beijing)
	if !v.Check(err == nil, name, "err.date") {
		return time.Time{}, false
	}
	return t, true
}

// auditRow is an entry prepared for a page: its action named in the reader's language
// where the catalogue knows it, and a link to what it is about.
type auditRow struct {
	*audit.Entry
	ActionLabel string
	EntityHref  string
	RoleName    string
	DetailText  string // the detail JSON with a space after each member, so it wraps
}

func auditRows(lang i18n.Lang, es []*audit.Entry) []auditRow {
	out := make([]auditRow, 0, len(es))
	for _, e := range es {
		row := auditRow{Entry: e, EntityHref: auditEntityHref(e.Entity, e.EntityID), DetailText: auditDetailText(e.Detail)}
		if key := "audit.action." + e.Action; i18n.Has(key) {
			row.ActionLabel = i18n.T(lang, key)
		}
		if r := account.Role(e.Role); r.Valid() {
			row.RoleName = i18n.T(lang, r.Key())
		}
		out = append(out, row)
	}
	return out
}

// auditDetailText spaces out a JSON object's members ({"a": 1, "b": "x"}) so a long
// detail wraps in a narrow table cell; anything else is shown as stored.
func auditDetailText(detail string) string {
	var m map[string]json.RawMessage
	if detail == "" || json.Unmarshal([]byte(detail), &m) != nil {
		return detail
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		name, _ := json.Marshal(k)
		b.Write(name)
		b.WriteString(": ")
		b.Write(m[k])
	}
	b.WriteByte('}')
	return b.String()
}

// auditEntityHref links an entry to the page of what it is about.
func auditEntityHref(entity, id string) string {
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		return ""
	}
	switch entity {
	case "user":
		return "/admin/users/" + id
	case "node":
		return "/admin/nodes/" + id
	case "unit":
		return "/admin/units/" + id
	case "token":
		return "/admin/tokens"
	}
	return ""
}

// auditEntities are the entity kinds offered in the search form.
var auditEntities = []string{"node", "unit", "user", "token"}

// auditActions are the known actions, suggested in the search form.
var auditActions = []string{"node.", "node.create", "node.update", "node.move", "node.retire", "node.restore", "node.boundary",
	"unit.", "unit.create", "unit.update", "unit.retire", "unit.restore",
	"user.", "user.create", "user.update", "user.password_reset", "user.password_change", "user.disable", "user.enable",
	"user.unlock", "user.unmask_phone", "user.signup", "user.lang",
	"session.", "session.login", "session.login_failed", "session.logout", "sms.code", "token.", "token.create", "token.revoke"}

type auditPageData struct {
	Rows      []auditRow
	Entities  []string
	Actions   []string
	CanVerify bool
	Filtered  bool
	NextURL   string // older entries
	FirstURL  string // the newest entries, when not on them
	Verified  *auditVerifyResponse
	BrokenURL string // the search that starts at the broken entry
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	return s.showAudit(w, r, nil)
}

func (s *Server) showAudit(w http.ResponseWriter, r *http.Request, verified *auditVerifyResponse) error {
	st := state(r)
	q := r.URL.Query()
	f := &form{Values: q, Errors: map[string]string{}}
	d := auditPageData{Entities: auditEntities, Actions: auditActions, CanVerify: canVerifyAudit(st.p), Verified: verified}
	if verified != nil && !verified.Intact {
		d.BrokenURL = "/admin/audit?before=" + strconv.FormatInt(verified.BrokenSeq+1, 10)
	}
	status := http.StatusOK
	filter, err := auditFilterFrom(q)
	var es []*audit.Entry
	if err == nil {
		filter.Limit = auditPageSize + 1
		es, err = s.db.AuditEntries(r.Context(), st.p, filter)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		status = statusFor(err)
	}
	if len(es) > auditPageSize {
		es = es[:auditPageSize]
		next := cloneQuery(q)
		next.Set("before", strconv.FormatInt(es[len(es)-1].Seq, 10))
		d.NextURL = "/admin/audit?" + next.Encode()
	}
	if filter.BeforeSeq != 0 {
		first := cloneQuery(q)
		first.Del("before")
		d.FirstURL = "/admin/audit?" + first.Encode()
	}
	d.Filtered = filter.Actor != "" || filter.Action != "" || filter.Entity != "" || filter.EntityID != "" ||
		!filter.From.IsZero() || !filter.To.IsZero()
	d.Rows = auditRows(st.lang, es)
	return s.renderCode(w, r, status, "audit", view{Title: "title.audit", Section: "audit", Form: f, Fields: auditFilterFields, Data: d})
}

func (s *Server) verifyAudit(r *http.Request) (*auditVerifyResponse, error) {
	if !canVerifyAudit(principal(r)) {
		return nil, errs.ForbiddenErr()
	}
	n, problem, err := s.db.VerifyAudit(r.Context())
	if err != nil {
		return nil, err
	}
	out := &auditVerifyResponse{Intact: problem == nil, Entries: n}
	if problem != nil {
		out.BrokenSeq, out.Reason = problem.Seq, problem.Reason
	}
	return out, nil
}

// auditVerifySubmit checks the chain and shows the result above the search.
func (s *Server) auditVerifySubmit(w http.ResponseWriter, r *http.Request) error {
	res, err := s.verifyAudit(r)
	if err != nil {
		return err
	}
	return s.showAudit(w, r, res)
}

// auditEntryResponse is one audit entry in the API.
type auditEntryResponse struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	ActorID  int64     `json:"actor_id,omitempty"`
	Actor    string    `json:"actor"`
	Role     string    `json:"role,omitempty"`
	IP       string    `json:"ip,omitempty"`
	Action   string    `json:"action"`
	Entity   string    `json:"entity,omitempty"`
	EntityID string    `json:"entity_id,omitempty"`
	Purpose  string    `json:"purpose,omitempty" doc:"Why personal data was read"`
	Detail   any       `json:"detail,omitempty" doc:"What changed (never secrets or plaintext personal data)"`
	PrevHash string    `json:"prev_hash"`
	Hash     string    `json:"hash"`
}

type auditListResponse struct {
	Entries    []auditEntryResponse `json:"entries"`
	NextBefore int64                `json:"next_before,omitempty" doc:"Pass as before= for older entries; absent on the last page"`
}

type auditVerifyResponse struct {
	Intact    bool   `json:"intact"`
	Entries   int64  `json:"entries" doc:"Entries checked"`
	BrokenSeq int64  `json:"broken_seq,omitempty" doc:"The first entry where the chain is broken"`
	Reason    string `json:"reason,omitempty"`
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, err := auditFilterFrom(q)
	if err != nil {
		return err
	}
	var v errs.Validation
	limit := queryLimit(&v, q, auditPageSize)
	if err := v.Err(); err != nil {
		return err
	}
	f.Limit = limit + 1
	es, err := s.db.AuditEntries(r.Context(), principal(r), f)
	if err != nil {
		return err
	}
	out := auditListResponse{Entries: []auditEntryResponse{}}
	if len(es) > limit {
		es = es[:limit]
		out.NextBefore = es[len(es)-1].Seq
	}
	for _, e := range es {
		item := auditEntryResponse{Seq: e.Seq, At: e.At, ActorID: e.ActorID, Actor: e.Actor, Role: e.Role, IP: e.IP,
			Action: e.Action, Entity: e.Entity, EntityID: e.EntityID, Purpose: e.Purpose, PrevHash: e.PrevHash, Hash: e.Hash}
		if e.Detail != "" {
			var detail any
			if json.Unmarshal([]byte(e.Detail), &detail) == nil {
				item.Detail = detail
			}
		}
		out.Entries = append(out.Entries, item)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiAuditVerify(w http.ResponseWriter, r *http.Request) error {
	res, err := s.verifyAudit(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
