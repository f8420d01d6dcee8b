package store

import (
	"context"
	"crypto/subtle"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
)

// Queue names a work queue: the cases waiting for one kind of work.
type Queue string

// The queues.
const (
	QueueAll         Queue = ""
	QueueReview      Queue = "review"      // 待受理: reported or being reviewed
	QueueDispatch    Queue = "dispatch"    // 待派遣: registered or returned
	QueueAcknowledge Queue = "acknowledge" // 待签收
	QueueInProgress  Queue = "in_progress" // 处置中, suspended included
	QueueVerify      Queue = "verify"      // 待核查
	QueueVisit       Queue = "visit"       // 待回访
	QueueOverdue     Queue = "overdue"     // 已超期
	QueueSupervised  Queue = "supervised"  // 督办中
	QueueUnlocated   Queue = "unlocated"   // 未定位
	QueueOpen        Queue = "open"        // every open case
)

// Queues lists the queues in the order pages show them.
var Queues = []Queue{QueueReview, QueueDispatch, QueueAcknowledge, QueueInProgress, QueueVerify, QueueVisit,
	QueueOverdue, QueueSupervised, QueueUnlocated, QueueOpen, QueueAll}

// Valid reports whether q is a known queue.
func (q Queue) Valid() bool {
	for _, x := range Queues {
		if x == q {
			return true
		}
	}
	return false
}

// Key is the catalogue key of the queue's name.
func (q Queue) Key() string {
	if q == QueueAll {
		return "case_queue.all"
	}
	return "case_queue." + string(q)
}

// queueStatuses are the statuses of the queues that are a set of statuses.
var queueStatuses = map[Queue][]cases.Status{
	QueueReview:      {cases.Reported, cases.Reviewing},
	QueueDispatch:    {cases.Registered, cases.Returned},
	QueueAcknowledge: {cases.Dispatched},
	QueueInProgress:  {cases.Acknowledged, cases.InProgress, cases.Suspended},
	QueueVerify:      {cases.Handled},
	QueueVisit:       {cases.Closed},
	QueueOpen:        cases.OpenStatuses,
}

// CaseFilter selects cases for a queue page.
type CaseFilter struct {
	Queue      Queue
	NodeID     int64 // a place: its whole subtree
	CategoryID int64
	UnitID     int64
	Status     cases.Status
	Source     cases.Source
	Triage     cases.Triage
	Light      cases.Light // yellow or red
	From, To   time.Time   // reported in [From, To)
	ReporterID int64       // a resident's own cases
	Sort       string      // "" newest first, "due" soonest due first
	After      int64       // keyset: the last id of the page before (newest-first order)
	Limit      int
}

// MaxCasePage bounds a page of cases.
const MaxCasePage = 200

// ListCases returns a page of the cases p may see that match f, and whether more follow.
// Handlers see their unit's cases; everyone else the cases of their subtree.
func (db *DB) ListCases(ctx context.Context, p *account.Principal, f CaseFilter) ([]*cases.Case, bool, error) {
	if !f.Queue.Valid() {
		return nil, false, errs.FieldInvalid("queue", "err.choose_one")
	}
	if f.Limit <= 0 || f.Limit > MaxCasePage {
		f.Limit = 50
	}
	where, args, err := db.caseWhere(ctx, p, f)
	if err != nil {
		return nil, false, err
	}
	order := ` ORDER BY c.id DESC`
	if f.Sort == "due" {
		order = ` ORDER BY CASE WHEN c.due_at IS NULL THEN 1 ELSE 0 END, c.due_at, c.id DESC`
	} else if f.After > 0 {
		where = append(where, "c.id < ?")
		args = append(args, f.After)
	}
	q := `SELECT ` + caseColumns + ` FROM cases c WHERE ` + strings.Join(where, " AND ") + order + ` LIMIT ?`
	rows, err := queryList(ctx, db, "entity.case", scanCase, q, append(args, f.Limit+1)...)
	if err != nil {
		return nil, false, err
	}
	more := len(rows) > f.Limit
	if more {
		rows = rows[:f.Limit]
	}
	return rows, more, nil
}

// CountCases counts the cases p may see in each queue, for the queue tabs.
func (db *DB) CountCases(ctx context.Context, p *account.Principal, f CaseFilter) (map[Queue]int, error) {
	out := map[Queue]int{}
	for _, q := range Queues {
		if q == QueueAll {
			continue
		}
		f.Queue = q
		where, args, err := db.caseWhere(ctx, p, f)
		if err != nil {
			return nil, err
		}
		var n int
		if err := db.queryRow(ctx, `SELECT COUNT(*) FROM cases c WHERE `+strings.Join(where, " AND "), args...).Scan(&n); err != nil {
			return nil, mapErr(err, "entity.case")
		}
		out[q] = n
	}
	return out, nil
}

// caseWhere is the WHERE of a case listing: the caller's reach, then the filter.
func (db *DB) caseWhere(ctx context.Context, p *account.Principal, f CaseFilter) ([]string, []any, error) {
	var where []string
	var args []any
	switch {
	case !p.Can(account.CaseView):
		if p == nil || p.UserID == 0 || f.ReporterID != p.UserID {
			return nil, nil, errs.ForbiddenErr()
		}
		where, args = append(where, "c.reporter_user_id = ?"), append(args, p.UserID)
	case p.Role == account.Handler:
		where, args = append(where, "c.assignee_unit_id = ?"), append(args, p.UnitID)
	default:
		lo, hi, ok := p.Scope()
		if !ok {
			return nil, nil, errs.ForbiddenErr()
		}
		where, args = append(where, "c.node_path >= ? AND c.node_path < ?"), append(args, lo, hi)
	}
	now := ms(db.now())
	if st, ok := queueStatuses[f.Queue]; ok {
		where, args = inStatuses(where, args, st)
	}
	switch f.Queue {
	case QueueOverdue:
		where = append(where, "c.due_at <= ? AND c.paused_at IS NULL")
		args = append(args, now)
	case QueueSupervised:
		where = append(where, "c.supervising > 0")
	case QueueUnlocated:
		where = append(where, "c.located = ?")
		args = append(args, false)
		where, args = inStatuses(where, args, cases.OpenStatuses)
	}
	if f.NodeID != 0 {
		n, err := db.Node(ctx, p, f.NodeID)
		if err != nil {
			return nil, nil, errs.FieldInvalid("node_id", "err.not_found", errs.M("entity.node"))
		}
		where = append(where, "c.node_path >= ? AND c.node_path < ?")
		lo, hi := admin.SubtreeRange(n.Path)
		args = append(args, lo, hi)
	}
	add := func(ok bool, cond string, v any) {
		if ok {
			where, args = append(where, cond), append(args, v)
		}
	}
	add(f.CategoryID != 0, "c.category_id = ?", f.CategoryID)
	add(f.UnitID != 0, "c.assignee_unit_id = ?", f.UnitID)
	add(f.Status != "", "c.status = ?", f.Status)
	add(f.Source != "", "c.source = ?", f.Source)
	add(f.Triage != "", "c.triage = ?", f.Triage)
	add(!f.From.IsZero(), "c.reported_at >= ?", ms(f.From))
	add(!f.To.IsZero(), "c.reported_at < ?", ms(f.To))
	add(f.ReporterID != 0 && p.Can(account.CaseView), "c.reporter_user_id = ?", f.ReporterID)
	switch f.Light {
	case cases.Red:
		add(true, "c.due_at <= ? AND c.paused_at IS NULL", now)
	case cases.Yellow:
		where = append(where, "c.warn_at <= ? AND c.due_at > ? AND c.paused_at IS NULL")
		args = append(args, now, now)
	case "":
	default:
		return nil, nil, errs.FieldInvalid("light", "err.choose_one")
	}
	return where, args, nil
}

func inStatuses(where []string, args []any, st []cases.Status) ([]string, []any) {
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(st)), ", ")
	for _, s := range st {
		args = append(args, s)
	}
	return append(where, "c.status IN ("+ph+")"), args
}

// CaseEvent is one entry of a case's timeline.
type CaseEvent struct {
	ID        int64
	Action    cases.Action
	From, To  cases.Status
	Public    bool
	Actor     string // the account's label
	ActorName string
	Role      account.Role
	UnitID    int64
	Note      string
	Detail    string // JSON
	At        time.Time
}

// CaseEvents is the timeline of a case p may see, oldest first; publicOnly keeps the
// steps a reporter is shown.
func (db *DB) CaseEvents(ctx context.Context, p *account.Principal, c *cases.Case, publicOnly bool) ([]CaseEvent, error) {
	q := `SELECT id, action, from_status, to_status, public, actor, actor_name, role, COALESCE(unit_id, 0), note, detail, at
		FROM case_events WHERE case_id = ?`
	if publicOnly {
		q += ` AND public = ?`
	}
	q += ` ORDER BY id`
	args := []any{c.ID}
	if publicOnly {
		args = append(args, true)
	}
	return queryList(ctx, db, "entity.case", func(s rowScanner) (CaseEvent, error) {
		var e CaseEvent
		var at int64
		err := s.Scan(&e.ID, &e.Action, &e.From, &e.To, &e.Public, &e.Actor, &e.ActorName, &e.Role, &e.UnitID, &e.Note, &e.Detail, &at)
		e.At = fromMS(at)
		return e, err
	}, q, args...)
}

// CaseByTicket opens a case for its public tracking page: the ticket and the key
// handed to the reporter, or a signed-in reporter's own case.
func (db *DB) CaseByTicket(ctx context.Context, p *account.Principal, ticket, key string) (*cases.Case, error) {
	c, err := scanCase(db.queryRow(ctx, `SELECT `+caseColumns+` FROM cases c WHERE c.ticket = ?`, ticket))
	if err != nil {
		return nil, mapErr(err, "entity.case")
	}
	own := p != nil && p.UserID != 0 && p.UserID == c.ReporterUserID
	if !own && subtle.ConstantTimeCompare([]byte(key), []byte(db.TrackKey(c.Ticket))) != 1 {
		return nil, errs.NotFoundf("entity.case")
	}
	return c, nil
}

// SimilarCases are open cases near c in its category with alike descriptions, for
// the reviewer to merge.
func (db *DB) SimilarCases(ctx context.Context, p *account.Principal, c *cases.Case) ([]*cases.Case, error) {
	all, err := nearbyOpen(func(q string, args ...any) ([]*cases.Case, error) {
		return queryList(ctx, db, "entity.case", scanCase, q, args...)
	}, c, db.policy.DuplicateRadius, 10)
	if err != nil {
		return nil, err
	}
	var out []*cases.Case
	for _, o := range all {
		if cases.Sees(p, o) {
			out = append(out, o)
		}
	}
	return out, nil
}
