package indicators

import (
	"fmt"
	"time"

	"github.com/shequ-dev/shequ/internal/cases"
)

// Facts are counted from a case's timeline one entry after another (Next): every entry
// counts its facts from itself and from a little that the case's earlier entries left
// (State). The same function runs when a step is taken, to keep the counters, and over a
// whole timeline, to check them.
//
// Each fact counts at a moment, whose day puts it in a period. Most count when their step
// happens. A due fact counts when its limit passes, or at the step when that comes first:
// a handling reported before its limit is due and done at that moment; one reported after
// it was due at the limit. What is done about a due fact counts at the moment it was due,
// so that a share keeps the same cases above and below the line: a case due in March and
// closed in April is one of March's cases due for closing and, in April, becomes one of
// March's closed ones (a published month shows that as an adjustment).

// Step is a timeline entry as facts are read from it: the entry, and the timed stage the
// case was in before it with that stage's limit.
type Step struct {
	Action cases.Action
	From   cases.Status // the status before the step
	At     time.Time
	Stage  cases.Stage // the timed stage before the step, "" for none
	Due    time.Time   // that stage's limit, zero for none
	// UnitID is the unit the step concerns (dispatched to, returning, holding the case);
	// the facts it counts are the unit's. 0 for none.
	UnitID int64
	Rating cases.Rating // for a rating
	// HandleMinutes, for a handling, is the working time since the dispatch.
	HandleMinutes int64
}

// State is what a case's earlier entries leave for the facts of later ones: when its
// current acknowledgement, handling and closing were counted due (zero while not yet),
// and whether its last handling was late.
type State struct {
	AckDue, HandleDue, CloseDue time.Time
	HandledLate                 bool
}

// Delta is a fact counted: N of it at the moment At, for the unit UnitID (0 for none).
type Delta struct {
	Fact   Fact
	At     time.Time
	N      int64
	UnitID int64
}

// Next returns the state after s and the facts s counts.
func Next(st State, s Step) (State, []Delta) {
	var out []Delta
	add := func(f Fact, at time.Time, n int64) {
		if n != 0 { // a handling in no working time adds no minutes
			out = append(out, Delta{Fact: f, At: at, N: n, UnitID: s.UnitID})
		}
	}
	// dueAt is when a stage finished by s was due: now, or its limit when that passed.
	dueAt := s.At
	late := !s.Due.IsZero() && s.At.After(s.Due)
	if late {
		dueAt = s.Due
	}
	switch s.Action {
	case cases.ActReport:
		add(Reported, s.At, 1)
	case cases.ActSelfHandle:
		add(Valid, s.At, 1)
		add(SelfHandled, s.At, 1)
	case cases.ActRegister:
		add(Valid, s.At, 1)
		add(Registered, s.At, 1)
	case cases.ActRefer:
		add(Valid, s.At, 1)
	case cases.ActMerge:
		add(Duplicate, s.At, 1)
	case cases.ActDispatch:
		add(Dispatched, s.At, 1)
		st.AckDue, st.HandleDue = time.Time{}, time.Time{} // a new unit, new obligations
	case cases.ActReturn:
		add(Returned, s.At, 1)
		st.AckDue = time.Time{}
	case cases.ActAcknowledge:
		if st.AckDue.IsZero() {
			add(AckDue, dueAt, 1)
			if !late {
				add(AckOnTime, dueAt, 1)
			}
		}
		st.AckDue = time.Time{}
	case cases.ActOverdue:
		// Counted at the limit, however late the clock noticed it.
		when := s.At
		if !s.Due.IsZero() {
			when = s.Due
		}
		add(Overdue, when, 1)
		switch s.Stage {
		case cases.StageAcknowledge:
			if st.AckDue.IsZero() {
				st.AckDue = when
				add(AckDue, when, 1)
			}
		case cases.StageHandle:
			if st.HandleDue.IsZero() {
				st.HandleDue = when
				add(HandleDue, when, 1)
			}
			if st.CloseDue.IsZero() {
				st.CloseDue = when
				add(CloseDue, when, 1)
			}
		}
	case cases.ActHandle:
		at := st.HandleDue
		if at.IsZero() {
			at = dueAt
			add(HandleDue, at, 1)
			if !late {
				add(HandledOnTime, at, 1)
			}
		}
		add(Handled, at, 1)
		add(HandleMinutes, at, s.HandleMinutes)
		st.HandledLate = late || !st.HandleDue.IsZero()
		if st.HandledLate && st.CloseDue.IsZero() {
			st.CloseDue = at
			add(CloseDue, at, 1)
		}
		st.HandleDue = time.Time{}
	case cases.ActRework:
		add(Rework, s.At, 1)
	case cases.ActClose:
		if s.From == cases.Merged {
			break // a duplicate closed with its master: counted as a duplicate
		}
		if st.CloseDue.IsZero() {
			add(CloseDue, s.At, 1)
			add(Closed, s.At, 1)
			if !st.HandledLate {
				add(ClosedOnTime, s.At, 1)
			}
		} else {
			add(Closed, st.CloseDue, 1)
		}
	case cases.ActRate:
		add(Visited, s.At, 1)
		add(Rated, s.At, 1)
		switch s.Rating {
		case cases.Satisfied:
			add(Satisfied, s.At, 1)
		case cases.FairlySatisfied:
			add(BasicallySatisfied, s.At, 1)
		case cases.Dissatisfied:
			add(Dissatisfied, s.At, 1)
		}
	case cases.ActReopen:
		add(Reopened, s.At, 1)
		st = State{} // handled, closed and rated again
	}
	return st, out
}

// StepOf is the step of the timeline entry ev, taken at at on a case held by unitID.
func StepOf(ev *cases.Event, at time.Time, unitID int64) Step {
	s := Step{Action: ev.Action, From: ev.From, At: at, Stage: ev.Stage, UnitID: unitID, HandleMinutes: int64(ev.Worked / time.Minute)}
	if ev.Due != nil {
		s.Due = *ev.Due
	}
	if r, ok := ev.Detail["rating"].(string); ok {
		s.Rating = cases.Rating(r)
	}
	return s
}

// Fold counts the facts of a whole timeline, in order.
func Fold(steps []Step) []Delta {
	var st State
	var out []Delta
	for _, s := range steps {
		var d []Delta
		st, d = Next(st, s)
		out = append(out, d...)
	}
	return out
}

// Encode writes st as a case keeps it between steps; DecodeState reads it back ("" is
// the state of a case with no step yet).
func (st State) Encode() string {
	ms := func(t time.Time) int64 {
		if t.IsZero() {
			return 0
		}
		return t.UnixMilli()
	}
	late := 0
	if st.HandledLate {
		late = 1
	}
	return fmt.Sprintf("%d,%d,%d,%d", ms(st.AckDue), ms(st.HandleDue), ms(st.CloseDue), late)
}

// DecodeState reads what Encode wrote.
func DecodeState(s string) (State, error) {
	if s == "" {
		return State{}, nil
	}
	var a, h, c int64
	var late int
	if _, err := fmt.Sscanf(s, "%d,%d,%d,%d", &a, &h, &c, &late); err != nil {
		return State{}, fmt.Errorf("fact state %q: %w", s, err)
	}
	at := func(ms int64) time.Time {
		if ms == 0 {
			return time.Time{}
		}
		return time.UnixMilli(ms)
	}
	return State{AckDue: at(a), HandleDue: at(h), CloseDue: at(c), HandledLate: late == 1}, nil
}
