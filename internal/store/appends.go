package store

import (
	"fmt"
	"strings"
	"sync"
)

// Rows that writes only ever add (audit entries, timeline entries, notifications, the
// outbox, idempotency keys) and the timers they set or cancel are, inside a group commit,
// kept in memory and written for the whole group at once, as multi-row statements just
// before it commits: one statement a table instead of one a row, which is most of what
// a report costs on PostgreSQL, where every statement is a round trip to the server.
//
// Nothing is lost or reordered by waiting: a statement that names a table with rows
// still waiting writes them first (see Tx.before), so every read in the transaction
// sees what the writes before it added. A group write that fails rolls back to its
// savepoint; its own waiting rows are dropped with it, and the rows of the writes before
// it that had been written since its savepoint are put back to be written again.

// maxAppendArgs bounds the placeholders of one multi-row statement (SQLite allows 32,766,
// PostgreSQL 65,535).
const maxAppendArgs = 30000

// appendKind is one shape of multi-row statement: head, then one row per waiting row
// joined by commas, then tail. table names what the statement writes.
type appendKind struct {
	table string
	head  string
	row   string
	tail  string
	width int
	texts sync.Map // of statement, by rows
}

// The multi-row statements.
var (
	appendAudit = &appendKind{table: "audit_log",
		head: `INSERT INTO audit_log (seq, at, actor_id, actor, role, ip, action, entity, entity_id, node_path, purpose, detail, prev_hash, hash) VALUES `,
		row:  `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, width: 14}
	appendEvent = &appendKind{table: "case_events",
		head: `INSERT INTO case_events (case_id, action, from_status, to_status, public, actor_id, actor, actor_name, role, unit_id,
		note, detail, lng, lat, at, stage, due_at, worked) VALUES `,
		row: `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, width: 18}
	appendFact = &appendKind{table: "case_facts",
		head: `INSERT INTO case_facts (case_id, fact, at, day, n, node_path, unit_id, category_id, source, triage) VALUES `,
		row:  `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, width: 10}
	appendOutbox = &appendKind{table: "notification_outbox",
		head: `INSERT INTO notification_outbox (channel, recipient_enc, case_id, template, params, link, lang, created_at, next_at) VALUES `,
		row:  `(?, ?, ?, ?, ?, ?, ?, ?, ?)`, width: 9}
	appendIdempotency = &appendKind{table: "case_idempotency",
		head: `INSERT INTO case_idempotency (key_hash, case_id, created_at) VALUES `, row: `(?, ?, ?)`, width: 3}
	// An in-app notification goes to an account that is not disabled: to the account
	// named (column1), or to every account of the unit named except one.
	appendNoteUser = &appendKind{table: "notifications",
		head: `INSERT INTO notifications (user_id, case_id, template, params, link, created_at)
		SELECT u.id, v.column2, v.column3, v.column4, v.column5, v.column6 FROM (VALUES `,
		row:  `(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT))`,
		tail: `) AS v JOIN users u ON u.id = v.column1 AND u.disabled_at IS NULL`, width: 6}
	appendNoteUnit = &appendKind{table: "notifications",
		head: `INSERT INTO notifications (user_id, case_id, template, params, link, created_at)
		SELECT u.id, v.column3, v.column4, v.column5, v.column6, v.column7 FROM (VALUES `,
		row:  `(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT))`,
		tail: `) AS v JOIN users u ON u.unit_id = v.column1 AND u.id <> v.column2 AND u.disabled_at IS NULL`, width: 7}
)

// timerKey names a timer: at most one of a kind per row.
type timerKey struct {
	kind  string
	refID int64
}

// timerOp is what a write left a timer at: set to fire at fireAt (Unix ms, created at
// createdAt), or cancelled.
type timerOp struct {
	cancel            bool
	fireAt, createdAt int64
}

// appendSet is rows and timer changes waiting to be written.
type appendSet struct {
	order  []*appendKind
	rows   map[*appendKind][]any
	timers map[timerKey]timerOp
	torder []timerKey
	// states are cases' fact states to keep (case_fact_states), by case.
	states map[int64]string
	sorder []int64
	// counts are what to add to the indicators' counters (fact_counts), by counter.
	counts map[countKey]int64
	corder []countKey
}

// countKey names one of the indicators' counters.
type countKey struct {
	grain              string
	period             int
	nodePath, fact     string
	unitID, categoryID int64
	source, triage     string
}

func (s *appendSet) empty() bool {
	return len(s.order) == 0 && len(s.timers) == 0 && len(s.states) == 0 && len(s.counts) == 0
}

func (s *appendSet) add(k *appendKind, args ...any) {
	if len(args) != k.width {
		panic(fmt.Sprintf("append %s: %d values for %d columns", k.table, len(args), k.width))
	}
	s.addRows(k, args)
}

// addRows adds rows of k, their values one after the other.
func (s *appendSet) addRows(k *appendKind, args []any) {
	if s.rows == nil {
		s.rows = map[*appendKind][]any{}
	}
	rows, ok := s.rows[k]
	if !ok {
		s.order = append(s.order, k)
		rows = make([]any, 0, 16*k.width)
	}
	s.rows[k] = append(rows, args...)
}

func (s *appendSet) timer(k timerKey, op timerOp) {
	if s.timers == nil {
		s.timers = map[timerKey]timerOp{}
	}
	if _, ok := s.timers[k]; !ok {
		s.torder = append(s.torder, k)
	}
	s.timers[k] = op
}

func (s *appendSet) state(caseID int64, state string) {
	if s.states == nil {
		s.states = map[int64]string{}
	}
	if _, ok := s.states[caseID]; !ok {
		s.sorder = append(s.sorder, caseID)
	}
	s.states[caseID] = state
}

func (s *appendSet) count(k countKey, n int64) {
	if s.counts == nil {
		s.counts = map[countKey]int64{}
	}
	if _, ok := s.counts[k]; !ok {
		s.corder = append(s.corder, k)
	}
	s.counts[k] += n
}

// merge adds o's rows after s's, and o's timer changes over s's. o is not used after:
// rows of a table s has none of are taken over rather than copied.
func (s *appendSet) merge(o *appendSet) {
	if s.rows == nil && len(o.order) > 0 {
		s.rows = map[*appendKind][]any{}
	}
	for _, k := range o.order {
		if _, ok := s.rows[k]; !ok {
			s.order = append(s.order, k)
			s.rows[k] = o.rows[k]
			continue
		}
		s.addRows(k, o.rows[k])
	}
	for _, k := range o.torder {
		s.timer(k, o.timers[k])
	}
	for _, id := range o.sorder {
		s.state(id, o.states[id])
	}
	for _, k := range o.corder {
		s.count(k, o.counts[k])
	}
}

// names reports whether q names a table s has rows or timers waiting for.
func (s *appendSet) names(q string) bool {
	if len(s.timers) > 0 && strings.Contains(q, "timers") {
		return true
	}
	if len(s.states) > 0 && strings.Contains(q, "case_fact_states") {
		return true
	}
	if len(s.counts) > 0 && strings.Contains(q, "fact_counts") {
		return true
	}
	for _, k := range s.order {
		if strings.Contains(q, k.table) {
			return true
		}
	}
	return false
}

// appends is what the writes of one group commit keep waiting: group, of the writes that
// succeeded; write, of the write running; and flushed, the rows of group written since
// the running write's savepoint, put back when it rolls back.
type appends struct {
	group, write, flushed appendSet
	// err is a failure to write waiting rows before a statement (Tx.before); the group
	// then fails as a whole.
	err error
}

// beginWrite starts a write of the group (after its savepoint).
func (a *appends) beginWrite() { a.write, a.flushed = appendSet{}, appendSet{} }

// endWrite ends the running write: its rows join the group's when it succeeded; when it
// rolled back, they are dropped and the group's rows it had written are put back.
func (a *appends) endWrite(ok bool) {
	if ok {
		a.group.merge(&a.write)
	} else {
		a.flushed.merge(&a.group)
		a.group = a.flushed
	}
	a.write, a.flushed = appendSet{}, appendSet{}
}

// waiting reports whether a statement q must wait for rows to be written first.
func (a *appends) waiting(q string) bool { return a.group.names(q) || a.write.names(q) }

// queued is a statement to run and its arguments.
type queued struct {
	q    string
	args []any
}

// flush returns the statements writing every waiting row and timer change, the group's
// before the running write's, which then count as written.
func (a *appends) flush() []queued {
	if a.group.empty() && a.write.empty() {
		return nil
	}
	group, write := a.group, a.write
	a.flushed.merge(&group)
	a.group, a.write = appendSet{}, appendSet{}
	return append(group.statements(), write.statements()...)
}

// statements are the statements writing s's rows, one per table and at most
// maxAppendArgs values each, then its timer changes, fact states and counters.
func (s *appendSet) statements() []queued {
	var out []queued
	for _, k := range s.order {
		out = append(out, chunked(k, s.rows[k])...)
	}
	out = append(out, s.timerStatements()...)
	args := make([]any, 0, 2*len(s.sorder))
	for _, id := range s.sorder {
		if v := s.states[id]; v != "" { // "": a new case's, none yet (Tx.newFactState)
			args = append(args, id, v)
		}
	}
	out = append(out, chunked(factStateSet, args)...)
	args = make([]any, 0, factCountAdd.width*len(s.corder))
	for _, k := range s.corder {
		if n := s.counts[k]; n != 0 {
			args = append(args, k.grain, k.period, k.nodePath, k.fact, k.unitID, k.categoryID, k.source, k.triage, n)
		}
	}
	return append(out, chunked(factCountAdd, args)...)
}

// chunked are the statements of k writing the rows of args, at most maxAppendArgs values
// each.
func chunked(k *appendKind, args []any) []queued {
	var out []queued
	per := max(1, maxAppendArgs/k.width) * k.width
	for len(args) > 0 {
		n := min(len(args), per)
		out = append(out, queued{q: k.statement(n / k.width), args: args[:n]})
		args = args[n:]
	}
	return out
}

// statement is k's statement for n rows. The texts of up to maxGroup rows are kept, as
// a group commit writes one of them for each table.
func (k *appendKind) statement(n int) string {
	if n <= maxGroup {
		if q, ok := k.texts.Load(n); ok {
			return q.(string)
		}
	}
	var b strings.Builder
	b.Grow(len(k.head) + n*(len(k.row)+2) + len(k.tail))
	b.WriteString(k.head)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k.row)
	}
	b.WriteString(k.tail)
	q := b.String()
	if n <= maxGroup {
		k.texts.Store(n, q)
	}
	return q
}

// timerStatements cancel and set s's timers, a statement for each at most
// maxAppendArgs values.
func (s *appendSet) timerStatements() []queued {
	var cancel, set []any
	for _, k := range s.torder {
		op := s.timers[k]
		if op.cancel {
			cancel = append(cancel, k.kind, k.refID)
		} else {
			set = append(set, k.kind, k.refID, op.fireAt, op.createdAt)
		}
	}
	return append(chunked(timerCancel, cancel), chunked(timerSet, set)...)
}

// factCountAdd adds to the indicators' counters.
var factCountAdd = &appendKind{table: "fact_counts",
	head:  `INSERT INTO fact_counts (grain, period, node_path, fact, unit_id, category_id, source, triage, n) VALUES `,
	row:   `(?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	tail:  ` ON CONFLICT (grain, period, node_path, fact, unit_id, category_id, source, triage) DO UPDATE SET n = fact_counts.n + excluded.n`,
	width: 9}

// factStateSet keeps cases' fact states.
var factStateSet = &appendKind{table: "case_fact_states", head: `INSERT INTO case_fact_states (case_id, state) VALUES `,
	row: `(?, ?)`, tail: ` ON CONFLICT (case_id) DO UPDATE SET state = excluded.state`, width: 2}

// The statements of timer changes: cancelling, setting.
var (
	timerCancel = &appendKind{table: "timers", head: `DELETE FROM timers WHERE (kind, ref_id) IN (VALUES `,
		row: `(CAST(? AS TEXT), CAST(? AS BIGINT))`, tail: `)`, width: 2}
	timerSet = &appendKind{table: "timers", head: `INSERT INTO timers (kind, ref_id, fire_at, created_at) VALUES `, row: `(?, ?, ?, ?)`,
		tail: ` ON CONFLICT (kind, ref_id) DO UPDATE SET fire_at = excluded.fire_at, attempts = 0, last_error = ''`, width: 4}
)
