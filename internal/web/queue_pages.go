package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/store"
)

// The staff side of the case loop: the work queues at /cases with their filters, bulk
// dispatch and acknowledgement, a grid worker's own list at /cases/mine, and one case's
// page with the forms of the steps the caller may take now (case_pages.go). Storage
// decides who sees and may do what; the pages only choose what to offer.

func (s *Server) deskRoutes() []route {
	return []route{
		page("GET", "/cases", account.CaseView, s.casesPage),
		page("GET", "/cases/mine", account.CaseView, s.casesMinePage),
		page("POST", "/cases/bulk", account.CaseView, s.casesBulkSubmit),
		page("GET", "/cases/{id}", account.CaseView, s.casePage),
		page("POST", "/cases/{id}/act", account.CaseView, s.caseActSubmit),
	}
}

// casePageSize is how many cases a queue page lists.
const casePageSize = 50

var caseFilterFields = formFields{"queue", "desk.field.queue", "node", "desk.field.place", "category", "desk.field.category",
	"unit", "desk.field.unit", "status", "desk.field.status", "source", "desk.field.source", "triage", "desk.field.triage",
	"light", "desk.field.light", "from", "desk.field.from", "to", "desk.field.to", "sort", "desk.field.sort"}

// homeQueue is the queue a role's work starts in.
func homeQueue(p *account.Principal) store.Queue {
	switch p.Role {
	case account.Handler:
		return store.QueueAcknowledge
	case account.GridWorker:
		return store.QueueVerify
	case account.Supervisor:
		return store.QueueSupervised
	case account.Leader:
		return store.QueueOverdue
	}
	return store.QueueReview
}

// queueFits reports whether a queue's tab belongs on a role's page: handlers neither
// review, dispatch nor locate cases.
func queueFits(p *account.Principal, q store.Queue) bool {
	if p.Role == account.Handler {
		switch q {
		case store.QueueReview, store.QueueDispatch, store.QueueUnlocated:
			return false
		}
	}
	return true
}

// caseFilterFrom reads a queue page's query. Every problem is said against its field.
func caseFilterFrom(p *account.Principal, q url.Values) (store.CaseFilter, error) {
	var v errs.Validation
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	f := store.CaseFilter{Limit: casePageSize}
	switch qs := get("queue"); qs {
	case "":
		f.Queue = homeQueue(p)
	case "all":
		f.Queue = store.QueueAll
	default:
		f.Queue = store.Queue(qs)
		v.Check(f.Queue != store.QueueAll && f.Queue.Valid(), "queue", "err.choose_one")
	}
	f.NodeID = queryIDField(&v, q, "node")
	f.CategoryID = queryIDField(&v, q, "category")
	f.UnitID = queryIDField(&v, q, "unit")
	f.After = queryIDField(&v, q, "after")
	if st := cases.Status(get("status")); st != "" && v.Check(st.Valid(), "status", "err.choose_one") {
		f.Status = st
	}
	if src := cases.Source(get("source")); src != "" && v.Check(src.Valid(), "source", "err.choose_one") {
		f.Source = src
	}
	if tr := cases.Triage(get("triage")); tr != "" && v.Check(tr.Valid(), "triage", "err.choose_one") {
		f.Triage = tr
	}
	if l := cases.Light(get("light")); l != "" && v.Check(l == cases.Yellow || l == cases.Red, "light", "err.choose_one") {
		f.Light = l
	}
	if so := get("sort"); so != "" && v.Check(so == "due", "sort", "err.choose_one") {
		f.Sort = so
	}
	from, fromOK := auditDay(&v, q, "from")
	to, toOK := auditDay(&v, q, "to")
	if fromOK && toOK && !from.IsZero() && !to.IsZero() {
		v.Check(!to.Before(from), "to", "err.date_order")
	}
	f.From = from
	if !to.IsZero() {
		f.To = to.AddDate(0, 0, 1) // the whole last day
	}
	return f, v.Err()
}

// caseRow is one case of a list, with the names its columns show.
type caseRow struct {
	*cases.Case
	CategoryName string
	PlaceName    string
	UnitName     string
	Short        string // the description cut to a line
	Light        cases.Light
	Choice       string // "id:version", the value of its bulk check box
}

// shortText cuts s to n characters.
func shortText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// caseRows names the places, units and categories of a page of cases.
func (s *Server) caseRows(ctx context.Context, p *account.Principal, cs []*cases.Case) ([]caseRow, error) {
	var nodes, units []int64
	for _, c := range cs {
		nodes = append(nodes, c.NodeID, c.AssigneeNodeID)
		units = append(units, c.AssigneeUnitID)
	}
	nodeNames, err := s.db.NodeNames(ctx, p, treeUniqueIDs(nodes))
	if err != nil {
		return nil, err
	}
	unitNames, err := s.db.UnitNames(ctx, p, treeUniqueIDs(units))
	if err != nil {
		return nil, err
	}
	now := s.db.Clock().Now()
	out := make([]caseRow, 0, len(cs))
	for _, c := range cs {
		r := caseRow{Case: c, CategoryName: s.categoryName(ctx, c.CategoryID), PlaceName: nodeNames[c.NodeID],
			Short: shortText(c.Description, 40), Light: c.Light(now), Choice: strconv.FormatInt(c.ID, 10) + ":" + strconv.Itoa(c.Version)}
		if c.AssigneeUnitID != 0 {
			r.UnitName = unitNames[c.AssigneeUnitID]
		} else if c.AssigneeNodeID != 0 {
			r.UnitName = nodeNames[c.AssigneeNodeID]
		}
		out = append(out, r)
	}
	return out, nil
}

// queueTab is one tab of the queue page.
type queueTab struct {
	Queue  store.Queue
	Key    string
	Count  int
	Counts bool // the count is known
	Href   string
	Active bool
}

// casesData is the queue page.
type casesData struct {
	Queue                         store.Queue
	Tabs                          []queueTab
	Rows                          []caseRow
	Places                        []bindChoice
	Categories                    []categoryChoice
	Units                         []*admin.Unit // the units a dispatcher may pick, for the filter and bulk dispatch
	Statuses                      []cases.Status
	Sources                       []cases.Source
	Triages                       []choice
	Lights                        []cases.Light
	Filtered                      bool
	CanBulk                       bool
	BulkDispatch, BulkAcknowledge bool
	registerPager
}

func (s *Server) casesPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st := state(r)
	q := r.URL.Query()
	f := &form{Values: q, Errors: map[string]string{}}
	filter, err := caseFilterFrom(st.p, q)
	d := casesData{Queue: filter.Queue, Statuses: cases.Statuses, Sources: cases.Sources, Triages: triageChoices(st.lang),
		Lights: []cases.Light{cases.Yellow, cases.Red}}
	status := http.StatusOK
	var list []*cases.Case
	var more bool
	var counts map[store.Queue]int
	if err == nil {
		list, more, err = s.db.ListCases(ctx, st.p, filter)
		err = renameField(err, "node_id", "node")
	}
	if err == nil {
		counts, err = s.db.CountCases(ctx, st.p, filter)
		err = renameField(err, "node_id", "node")
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		status = statusFor(err)
		list, more, counts = nil, false, nil
	}
	if d.Rows, err = s.caseRows(ctx, st.p, list); err != nil {
		return err
	}
	for _, qu := range store.Queues {
		if !queueFits(st.p, qu) && qu != filter.Queue {
			continue
		}
		tq := cloneQuery(q)
		tq.Del("after")
		name := string(qu)
		if qu == store.QueueAll {
			name = "all"
		}
		tq.Set("queue", name)
		n, ok := counts[qu]
		d.Tabs = append(d.Tabs, queueTab{Queue: qu, Key: qu.Key(), Count: n, Counts: counts != nil && (ok || qu != store.QueueAll),
			Href: "/cases?" + tq.Encode(), Active: f.Err("queue") == "" && qu == filter.Queue})
		if qu == store.QueueAll {
			d.Tabs[len(d.Tabs)-1].Counts = false
		}
	}
	next := ""
	if more && len(list) > 0 && filter.Sort == "" {
		next = strconv.FormatInt(list[len(list)-1].ID, 10)
	}
	d.registerPager = pageLinks("/cases", q, filter.After != 0, next)
	d.Filtered = filter.NodeID != 0 || filter.CategoryID != 0 || filter.UnitID != 0 || filter.Status != "" || filter.Source != "" ||
		filter.Triage != "" || filter.Light != "" || !filter.From.IsZero() || !filter.To.IsZero() || filter.Sort != ""
	if d.Places, err = s.placeChoices(ctx, st.p, filter.NodeID); err != nil {
		return err
	}
	if d.Categories, err = s.categoryChoices(ctx, ""); err != nil {
		return err
	}
	if d.Units, err = s.filterUnits(ctx, st.p); err != nil {
		return err
	}
	// Bulk steps are offered where they fit the queue: dispatching what waits for it (or
	// reassigning what a unit has not taken), acknowledging what was sent.
	d.BulkDispatch = st.p.Can(account.CaseDispatch) && (filter.Queue == store.QueueDispatch || filter.Queue == store.QueueAcknowledge)
	d.BulkAcknowledge = st.p.Can(account.CaseHandle) && filter.Queue == store.QueueAcknowledge
	d.CanBulk = (d.BulkDispatch || d.BulkAcknowledge) && len(d.Rows) > 0
	return s.renderCode(w, r, status, "cases", view{Title: "title.cases", Section: "cases", Form: f, Fields: caseFilterFields, Data: d})
}

// filterUnits are the units a queue can be narrowed to and cases dispatched to: the
// dispatcher's units; a handler's own unit.
func (s *Server) filterUnits(ctx context.Context, p *account.Principal) ([]*admin.Unit, error) {
	if p.Role == account.Handler {
		return nil, nil
	}
	if p.Can(account.CaseDispatch) {
		return s.db.DispatchUnits(ctx, p)
	}
	return s.db.Units(ctx, p, store.UnitFilter{})
}

// ─── A grid worker's list ───────────────────────────────────────────────────

type casesMineData struct {
	Verify []caseRow // waiting for the worker's check on site
	Open   []caseRow // the other open cases of the grid
	More   bool
}

// casesMinePage is a grid worker's phone list: the open cases of their grid, those
// waiting for verification on top.
func (s *Server) casesMinePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st := state(r)
	verify, _, err := s.db.ListCases(ctx, st.p, store.CaseFilter{Queue: store.QueueVerify, Sort: "due", Limit: store.MaxCasePage})
	if err != nil {
		return err
	}
	open, more, err := s.db.ListCases(ctx, st.p, store.CaseFilter{Queue: store.QueueOpen, Sort: "due", Limit: 100})
	if err != nil {
		return err
	}
	d := casesMineData{More: more}
	if d.Verify, err = s.caseRows(ctx, st.p, verify); err != nil {
		return err
	}
	var rest []*cases.Case
	for _, c := range open {
		if c.Status != cases.Handled {
			rest = append(rest, c)
		}
	}
	if d.Open, err = s.caseRows(ctx, st.p, rest); err != nil {
		return err
	}
	return s.render(w, r, "cases_mine", view{Title: "title.cases_mine", Section: "cases", Data: d})
}

// ─── Bulk dispatch and acknowledgement ──────────────────────────────────────

// bulkResult is what became of one case of a bulk step.
type bulkResult struct {
	ID     int64
	Ticket string
	OK     bool
	Status cases.Status
	Msg    string
}

type bulkData struct {
	Action  cases.Action
	Results []bulkResult
	Done    int
	Failed  int
	Back    string
}

// casesBulkSubmit takes one step on each chosen case, each at the version its row was
// read at, and says for every case whether it went through and why not.
func (s *Server) casesBulkSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	st := state(r)
	a := cases.Action(f.Get("action"))
	step := cases.Step{Action: a}
	switch a {
	case cases.ActDispatch:
		if !st.p.Can(account.CaseDispatch) {
			return errs.ForbiddenErr()
		}
		step.UnitID = f.Int("unit_id")
	case cases.ActAcknowledge:
		if !st.p.Can(account.CaseHandle) {
			return errs.ForbiddenErr()
		}
	default:
		return errs.FieldInvalid("action", "err.choose_one")
	}
	d := bulkData{Action: a, Back: safeNext(f.Get("back"))}
	if !strings.HasPrefix(d.Back, "/cases") {
		d.Back = "/cases"
	}
	var v errs.Validation
	v.Check(len(f.Values["case"]) > 0, "case", "desk.err.bulk_none")
	if a == cases.ActDispatch {
		v.Check(step.UnitID > 0, "unit_id", "err.required")
	}
	if err := v.Err(); err != nil {
		f.absorb(st.lang, err)
		return s.renderCode(w, r, http.StatusBadRequest, "cases_bulk", view{Title: "title.cases_bulk", Section: "cases", Form: f, Detached: true,
			Fields: formFields{"case", "desk.field.cases", "unit_id", "desk.field.unit"}, Data: d})
	}
	status := 0
	for _, choice := range f.Values["case"] {
		idStr, verStr, _ := strings.Cut(choice, ":")
		id, err1 := strconv.ParseInt(idStr, 10, 64)
		ver, err2 := strconv.Atoi(verStr)
		res := bulkResult{ID: id, Ticket: idStr}
		var err error
		if err1 != nil || err2 != nil || id <= 0 || ver <= 0 {
			err = errs.E(errs.Invalid, "desk.err.bulk_choice")
		} else {
			sp := step
			sp.Version = ver
			var c *cases.Case
			c, err = s.db.Act(ctx, st.p, id, sp, nil)
			if err == nil {
				res.OK, res.Ticket, res.Status = true, c.Ticket, c.Status
				d.Done++
				status = http.StatusOK
			} else if c0, err0 := s.db.Case(ctx, st.p, id); err0 == nil {
				res.Ticket = c0.Ticket
			}
		}
		if err != nil {
			if errs.CodeOf(err) == errs.Internal {
				return err
			}
			d.Failed++
			res.Msg = stepMessage(st.lang, err)
			if status == 0 {
				status = statusFor(err)
			}
		}
		d.Results = append(d.Results, res)
	}
	return s.renderCode(w, r, status, "cases_bulk", view{Title: "title.cases_bulk", Section: "cases", Data: d})
}

// stepMessage says why a step failed, in words a person acts on: a stale version asks
// for a reload, a refusal says so.
func stepMessage(lang i18n.Lang, err error) string {
	e := errs.As(err)
	switch {
	case e == nil:
		return i18n.T(lang, "err.internal")
	case e.Code == errs.Conflict && e.Msg.Key == "err.stale":
		return i18n.T(lang, "desk.err.stale")
	case e.Code == errs.Forbidden:
		return i18n.T(lang, "desk.err.not_yours")
	case e.Code == errs.NotFound:
		return i18n.T(lang, "desk.err.not_found")
	}
	var parts []string
	if len(e.Fields) == 0 || e.Code != errs.Invalid {
		parts = append(parts, i18n.Msg(lang, e.Msg))
	}
	for _, fe := range e.Fields {
		parts = append(parts, i18n.Msg(lang, fe.Msg))
	}
	return strings.Join(parts, i18n.T(lang, "desk.semicolon"))
}
