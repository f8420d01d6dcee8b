package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
)

// The timers of a case's current stage: its clock, which fires at the stage's yellow
// moment and then at its red one (one timer a case, not one for each light: every
// report and step writes one timer row fewer), and its supervision.
const (
	timerCaseClock     = "case.clock"
	timerCaseSupervise = "case.supervise"
)

// CasePolicy returns the loop's policy.
func (db *DB) CasePolicy() cases.Policy { return db.policy }

// SetCasePolicy replaces the loop's policy (from the configuration, at start-up).
func (db *DB) SetCasePolicy(p cases.Policy) { db.policy = p }

// Act takes one step on a case for p: checked against the caller's rights, the case's
// status and its version, then written with its timeline entry, timers, notifications
// and audit record in one transaction.
func (db *DB) Act(ctx context.Context, p *account.Principal, id int64, s cases.Step, photos []cases.PhotoRef) (*cases.Case, error) {
	if !s.Action.Valid() {
		return nil, errs.FieldInvalid("action", "err.choose_one")
	}
	var out *cases.Case
	err := db.grouped(ctx, p, func(tx *Tx) error {
		c, err := tx.lockCase(id)
		if err != nil {
			return err
		}
		if !cases.Sees(p, c) {
			return errs.NotFoundf("entity.case")
		}
		if !cases.Allowed(p, c, s.Action) {
			return errs.ForbiddenErr()
		}
		// The step's own fields are checked once the caller may take it, so nobody
		// learns more of a case than its existence from a refused step.
		if err := s.Validate(); err != nil {
			return err
		}
		if len(photos) > cases.MaxPhotos {
			return errs.FieldInvalid("photos", "err.case_photos_max", cases.MaxPhotos)
		}
		if s.Version != 0 && s.Version != c.Version {
			return errs.E(errs.Conflict, "err.stale")
		}
		if err := tx.step(c, s, photos...); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}

// linkCasePhotos attaches uploaded photos to a case's timeline entry.
func (t *Tx) linkCasePhotos(c *cases.Case, eventID int64, photos []cases.PhotoRef) error {
	if len(photos) == 0 {
		return nil
	}
	ids, claims := make([]int64, len(photos)), make([]string, len(photos))
	for i, ph := range photos {
		ids[i], claims[i] = ph.ID, ph.Claim
	}
	return t.linkAttachments(c.ID, eventID, c.NodePath, ids, claims)
}

// caseEnv is what a step on c is applied with.
func (t *Tx) caseEnv(c *cases.Case) (cases.Env, error) {
	cat, err := t.caseCategory(c.CategoryID)
	if err != nil {
		return cases.Env{}, err
	}
	cal, err := t.calendar()
	if err != nil {
		return cases.Env{}, err
	}
	return cases.Env{Now: t.now, Cal: cal, Limits: cat.Limits, Policy: t.db.policy}, nil
}

// step applies s to the locked case c as the transaction's caller, with everything that
// follows from it, photos attached to its timeline entry.
func (t *Tx) step(c *cases.Case, s cases.Step, photos ...cases.PhotoRef) error {
	before := *c
	ev, err := t.apply(c, s)
	if err != nil {
		return err
	}
	if err := t.saveCase(c, before.Version); err != nil {
		return err
	}
	if err := t.eventWithPhotos(c, ev, s.Location, photos); err != nil {
		return err
	}
	if err := t.syncCaseTimers(&before, c); err != nil {
		return err
	}
	if err := t.stepEffects(c, &before, s, ev); err != nil {
		return err
	}
	return t.told(c, s, ev)
}

// apply checks what s points at and applies it to c in memory.
func (t *Tx) apply(c *cases.Case, s cases.Step) (*cases.Event, error) {
	if err := t.checkStepTargets(c, &s); err != nil {
		return nil, err
	}
	env, err := t.caseEnv(c)
	if err != nil {
		return nil, err
	}
	return cases.Apply(c, s, env)
}

// told notifies whom step s concerns and records it in the audit log.
func (t *Tx) told(c *cases.Case, s cases.Step, ev *cases.Event) error {
	if err := t.tellAbout(c, ev); err != nil {
		return err
	}
	return t.audit(Record{Action: "case." + string(s.Action), Entity: "case", EntityID: c.ID, NodePath: c.NodePath,
		Detail: map[string]any{"ticket": c.Ticket, "from": string(ev.From), "to": string(ev.To)}})
}

// stepped is a step taken on a case not yet written, kept until the case has its id:
// who took it, the case just after it, and its timeline entry.
type stepped struct {
	tx     *Tx
	s      cases.Step
	ev     *cases.Event
	after  cases.Case
	photos []cases.PhotoRef
	// quiet steps tell nobody.
	quiet bool
}

// stepNew applies s to c, a new case not yet written; record writes what follows once
// it is. Only steps without effects beyond the case row (registering, dispatching) may
// be taken so.
func (t *Tx) stepNew(c *cases.Case, s cases.Step) (stepped, error) {
	ev, err := t.apply(c, s)
	if err != nil {
		return stepped{}, err
	}
	c.Version++
	return stepped{tx: t, s: s, ev: ev, after: *c}, nil
}

// record writes the timeline entry and notifications of a step taken before the case,
// now written with id, was. Its audit entry is the report's (see opening.opened).
func (st *stepped) record(id int64) error {
	c := st.after
	c.ID = id
	if err := st.tx.eventWithPhotos(&c, st.ev, st.s.Location, st.photos); err != nil || st.quiet {
		return err
	}
	return st.tx.tellAbout(&c, st.ev)
}

// checkStepTargets checks what a step points at: the unit or community it dispatches
// to, the case it merges into, the node it locates the case in.
func (t *Tx) checkStepTargets(c *cases.Case, s *cases.Step) error {
	switch s.Action {
	case cases.ActDispatch:
		if s.UnitID != 0 {
			if u, ok := t.unit(s.UnitID); !ok || u.retired {
				return errs.FieldInvalid("unit_id", "err.case_unit_unavailable")
			}
		} else {
			if n, ok := t.node(s.NodeID); !ok || n.retired || n.level < admin.Street || n.level > admin.Community || !t.p.InScope(n.path) {
				return errs.FieldInvalid("node_id", "err.case_community")
			}
		}
	case cases.ActMerge:
		m, err := t.lockCase(s.MasterID)
		if err != nil || !cases.Sees(t.p, m) {
			return errs.FieldInvalid("master_id", "err.not_found", errs.M("entity.case"))
		}
		if !m.Status.Open() || m.MasterID != 0 {
			return errs.FieldInvalid("master_id", "err.case_master_closed")
		}
	case cases.ActLocate:
		if s.NodeID == 0 {
			return errs.FieldInvalid("location", "err.case_outside")
		}
		if err := t.queryRow(`SELECT path FROM nodes WHERE id = ? AND retired_at IS NULL`, s.NodeID).Scan(&s.NodePath); err != nil {
			return errs.FieldInvalid("location", "err.case_outside")
		}
	}
	return nil
}

// caseEvent appends the step to the case's timeline.
func (t *Tx) caseEvent(c *cases.Case, ev *cases.Event, at *geo.Point) error {
	args, err := t.eventRow(c, ev, at)
	if err != nil {
		return err
	}
	if err := t.appendRow(appendEvent, args...); err != nil {
		return err
	}
	return t.countFacts(c, ev)
}

// eventWithPhotos appends the step to the case's timeline with photos attached.
func (t *Tx) eventWithPhotos(c *cases.Case, ev *cases.Event, at *geo.Point, photos []cases.PhotoRef) error {
	if len(photos) == 0 {
		return t.caseEvent(c, ev, at)
	}
	id, err := t.caseEventID(c, ev, at)
	if err != nil {
		return err
	}
	return t.linkCasePhotos(c, id, photos)
}

// caseEventID appends the step to the case's timeline at once and returns the entry's
// id, for photos to be attached to.
func (t *Tx) caseEventID(c *cases.Case, ev *cases.Event, at *geo.Point) (int64, error) {
	args, err := t.eventRow(c, ev, at)
	if err != nil {
		return 0, err
	}
	id, err := t.insert(appendEvent.statement(1), args...)
	if err != nil {
		return 0, err
	}
	return id, t.countFacts(c, ev)
}

// eventRow is the case_events row of a step.
func (t *Tx) eventRow(c *cases.Case, ev *cases.Event, at *geo.Point) ([]any, error) {
	detail := ""
	if len(ev.Detail) > 0 {
		b, err := json.Marshal(ev.Detail)
		if err != nil {
			return nil, errs.Internalf("case event detail: %v", err)
		}
		detail = string(b)
	}
	lng, lat := point(at)
	return []any{c.ID, ev.Action, ev.From, ev.To, ev.Action.Public(), t.p.UserID, t.p.Label(), t.p.DisplayName, string(t.p.Role),
		nullID(t.p.UnitID), ev.Note, detail, lng, lat, ms(t.now), string(ev.Stage), msPtr(ev.Due), ev.Worked.Milliseconds()}, nil
}

// syncCaseTimers makes the case's timers match its current stage: the clock at the next
// light of a running stage, nothing for a stopped one. A supervision timer set when the
// stage ran late is dropped once the stage or its due time changes.
//
// before.ID is 0 when c is a case just written: it has no timers to cancel.
func (t *Tx) syncCaseTimers(before, c *cases.Case) error {
	cancel := func(kind string) error {
		if before.ID == 0 {
			return nil
		}
		return t.cancelTimer(kind, c.ID)
	}
	if at, ok := nextLight(c, t.now); ok {
		if err := t.setTimer(timerCaseClock, c.ID, at); err != nil {
			return err
		}
	} else if err := cancel(timerCaseClock); err != nil {
		return err
	}
	if before.Stage != c.Stage || !sameTime(before.DueAt, c.DueAt) || c.DueAt == nil || c.PausedAt != nil {
		return cancel(timerCaseSupervise)
	}
	return nil
}

// nextLight is when the running stage of c turns yellow, if that is still to come, or
// else red, if it is not overdue yet; ok is false for a stopped or overdue stage.
func nextLight(c *cases.Case, now time.Time) (at time.Time, ok bool) {
	if c.DueAt == nil || c.PausedAt != nil {
		return time.Time{}, false
	}
	if c.WarnAt != nil && c.WarnAt.After(now) && c.WarnAt.Before(*c.DueAt) {
		return *c.WarnAt, true
	}
	return *c.DueAt, !c.Overdue
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// stepEffects does what follows from a step beyond the case row: supervision records,
// closing merged duplicates with their master, reopening on dissatisfaction.
func (t *Tx) stepEffects(c, before *cases.Case, s cases.Step, ev *cases.Event) error {
	switch s.Action {
	case cases.ActUrge, cases.ActSupervise:
		_, err := t.exec(`INSERT INTO case_supervisions (case_id, kind, unit_id, by_id, by_name, note, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			c.ID, string(s.Action), nullID(c.AssigneeUnitID), t.p.UserID, t.actorName(), s.Note, ms(t.now))
		return err
	case cases.ActAnswer:
		return expectOne(t.exec(`UPDATE case_supervisions SET answer = ?, answered_by = ?, answered_at = ?
			WHERE id = (SELECT MIN(id) FROM case_supervisions WHERE case_id = ? AND kind = 'supervise' AND answered_at IS NULL)`,
			s.Note, t.actorName(), ms(t.now), c.ID))
	case cases.ActMerge:
		m, err := t.lockCase(s.MasterID)
		if err != nil {
			return err
		}
		return t.caseEvent(m, &cases.Event{Action: cases.ActAbsorb, From: m.Status, To: m.Status,
			Detail: map[string]any{"case_id": c.ID, "ticket": c.Ticket}}, nil)
	case cases.ActClose:
		return t.closeDuplicates(c)
	case cases.ActRate:
		p := t.db.policy
		if c.Rating == cases.Dissatisfied && p.AutoReopen && c.ReopenCount < p.MaxReopens && c.AssigneeUnitID+c.AssigneeNodeID != 0 {
			return t.asSystem("reopen").step(c, cases.Step{Action: cases.ActReopen})
		}
	}
	return nil
}

// closeDuplicates closes the cases merged into master along with it.
func (t *Tx) closeDuplicates(master *cases.Case) error {
	dups, err := txList(t, "entity.case", scanCase, `SELECT `+caseColumns+` FROM cases c WHERE c.master_id = ? AND c.status = ?`,
		master.ID, cases.Merged)
	if err != nil {
		return err
	}
	for _, d := range dups {
		v := d.Version
		d.Status, d.Closure, d.ClosedAt = cases.Closed, cases.WithMaster, &t.now
		if err := t.saveCase(d, v); err != nil {
			return err
		}
		ev := &cases.Event{Action: cases.ActClose, From: cases.Merged, To: cases.Closed, Detail: map[string]any{"master": master.Ticket}}
		if err := t.caseEvent(d, ev, nil); err != nil {
			return err
		}
		if err := t.tellAbout(d, ev); err != nil {
			return err
		}
	}
	return nil
}

// asSystem is the same transaction acting as the system, for steps the rules take by
// themselves (a reopening on dissatisfaction, an automatic dispatch, a timer).
func (t *Tx) asSystem(what string) *Tx {
	c := *t
	c.p = account.SystemPrincipal(what)
	if c.timerSink == nil {
		c.timerSink = t // the timers it sets are the transaction's
	}
	return &c
}

// actorName is how timelines and supervision records name the caller.
func (t *Tx) actorName() string {
	if t.p.DisplayName != "" {
		return t.p.DisplayName
	}
	return t.p.Label()
}
