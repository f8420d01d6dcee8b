package cases

import (
	"time"
	"unicode/utf8"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
)

// MaxNoteLen bounds notes, reasons and comments.
const MaxNoteLen = 1000

// Step is one action on a case, as a person asks for it.
type Step struct {
	Action   Action
	Version  int    // the version the person saw; a stale one is refused
	Note     string // the reason, feedback or comment
	Triage   Triage // triage, register: the class chosen
	UnitID   int64  // dispatch: the unit (大事)
	NodeID   int64  // dispatch: the community handling it itself (小事); locate: the node found
	NodePath string // locate: the path of NodeID, filled by storage
	MasterID int64  // merge: the case this one duplicates
	Limit    calendar.Limit
	Rating   Rating
	Location *geo.Point // locate: where the case is; any action: where the actor stood
	Address  string     // locate
	Reason   string     // dispatch: why this unit (the rule that chose it), filled by the system
}

// needsNote lists the actions that must say why.
var needsNote = map[Action]bool{
	ActTriage: true, ActReject: true, ActRefer: true, ActReturn: true, ActRequestExtension: true,
	ActRefuseExtension: true, ActRequestSuspension: true, ActRefuseSuspension: true, ActRework: true,
	ActHandle: true, ActSupervise: true, ActAnswer: true, ActComment: true, ActReopen: true,
}

// Validate checks the step's own fields, before it meets the case.
func (s *Step) Validate() error {
	var v errs.Validation
	if !v.Check(s.Action.Valid(), "action", "err.choose_one") {
		return v.Err()
	}
	if needsNote[s.Action] {
		v.Require("note", s.Note)
	}
	v.Check(utf8.RuneCountInString(s.Note) <= MaxNoteLen, "note", "err.too_long", MaxNoteLen)
	switch s.Action {
	case ActTriage:
		v.Check(s.Triage.Valid(), "triage", "err.choose_one")
	case ActRegister:
		v.Check(s.Triage == "" || s.Triage.Valid(), "triage", "err.choose_one")
	case ActDispatch:
		v.Check((s.UnitID != 0) != (s.NodeID != 0), "unit_id", "err.case_dispatch_target")
	case ActMerge:
		v.Check(s.MasterID != 0, "master_id", "err.required")
	case ActRequestExtension:
		if v.Check(!s.Limit.IsZero(), "limit", "err.required") {
			s.Limit.Validate(&v, "limit")
		}
	case ActRate:
		v.Check(s.Rating.Valid(), "rating", "err.choose_one")
	case ActLocate:
		v.Check(s.Location != nil || s.NodeID != 0, "location", "err.case_location")
	}
	return v.Err()
}

// Env is what a step is applied with: the time, the calendar, the category's limits and
// the district's policy.
type Env struct {
	Now    time.Time
	Cal    Calendar
	Limits Limits
	Policy Policy
}

// Event is what a step did, for the case's timeline.
type Event struct {
	Action Action
	From   Status
	To     Status
	Note   string
	Detail map[string]any
	// Stage and Due are the timed stage the case was in before the step and that stage's
	// limit (nil for none); Worked, for a handling, is the working time since the
	// dispatch. The indicators count from them.
	Stage  Stage
	Due    *time.Time
	Worked time.Duration
}

// Apply takes the step on c, changing c in place, and returns the timeline event. The
// caller has checked the step (Validate) and the actor's right to take it (Allowed); Apply
// checks what depends on the case: its status, pending requests, windows and limits.
func Apply(c *Case, s Step, env Env) (*Event, error) {
	to, ok := s.Action.Next(c.Status)
	if !ok {
		return nil, errs.E(errs.Conflict, "err.case_action_not_now")
	}
	ev := &Event{Action: s.Action, From: c.Status, To: to, Note: s.Note, Detail: map[string]any{}, Stage: c.Stage, Due: c.DueAt}
	now := env.Now
	switch s.Action {
	case ActTriage:
		ev.Detail["from"], ev.Detail["to"] = string(c.Triage), string(s.Triage)
		c.Triage = s.Triage
	case ActLocate:
		c.Location, c.NodeID, c.NodePath, c.Located = s.Location, s.NodeID, s.NodePath, s.NodeID != 0
		if s.Address != "" {
			c.Address = s.Address
		}
	case ActRegister:
		if s.Triage != "" && s.Triage != c.Triage {
			ev.Detail["triage"] = string(s.Triage)
			c.Triage = s.Triage
		}
		if c.Triage == Private {
			return nil, errs.FieldInvalid("triage", "err.case_private_refer")
		}
		c.RegisteredAt = &now
	case ActReject:
		c.clearStage()
	case ActMerge:
		if s.MasterID == c.ID {
			return nil, errs.FieldInvalid("master_id", "err.case_merge_self")
		}
		c.MasterID = s.MasterID
		ev.Detail["master_id"] = s.MasterID
		c.clearStage()
	case ActRefer:
		c.Triage, c.Closure, c.ClosedAt = Private, Referred, &now
		c.clearStage()
	case ActDispatch:
		if c.Triage == Private {
			return nil, errs.FieldInvalid("triage", "err.case_private_refer")
		}
		if c.RegisteredAt == nil {
			c.RegisteredAt = &now
		}
		c.AssigneeUnitID, c.AssigneeNodeID, c.DispatchReason = s.UnitID, s.NodeID, s.Reason
		ev.Detail["unit_id"], ev.Detail["node_id"] = s.UnitID, s.NodeID
		if s.Reason != "" {
			ev.Detail["reason"] = s.Reason
		}
		c.DispatchedAt, c.AcknowledgedAt, c.Pending = &now, nil, NoRequest
		c.startStage(StageAcknowledge, env)
	case ActAcknowledge:
		c.AcknowledgedAt = &now
		c.startStage(StageHandle, env)
	case ActReturn:
		if c.DispatchedAt != nil && !env.Policy.ReturnWindow.IsZero() &&
			now.After(env.Cal.Due(*c.DispatchedAt, env.Policy.ReturnWindow)) {
			return nil, errs.E(errs.Conflict, "err.case_return_window")
		}
		c.ReturnCount++
		ev.Detail["unit_id"] = c.AssigneeUnitID
		c.AssigneeUnitID, c.AssigneeNodeID = 0, 0
		c.clearStage()
	case ActRequestExtension:
		if c.Pending != NoRequest {
			return nil, errs.E(errs.Conflict, "err.case_request_pending")
		}
		if c.ExtensionCount >= env.Policy.MaxExtensions {
			return nil, errs.E(errs.Conflict, "err.case_extension_limit", env.Policy.MaxExtensions)
		}
		if c.DueAt == nil || !now.Before(*c.DueAt) {
			return nil, errs.E(errs.Conflict, "err.case_extension_late")
		}
		c.Pending, c.PendingLimit, c.PendingReason = ExtensionRequest, s.Limit, s.Note
		ev.Detail["amount"], ev.Detail["unit"] = s.Limit.Amount, string(s.Limit.Unit)
	case ActApproveExtension:
		if c.Pending != ExtensionRequest {
			return nil, errs.E(errs.Conflict, "err.case_no_request")
		}
		due := env.Cal.Due(*c.DueAt, c.PendingLimit)
		ev.Detail["due_before"], ev.Detail["due_after"] = c.DueAt.UnixMilli(), due.UnixMilli()
		c.moveDue(due, env)
		c.ExtensionCount++
		c.clearPending()
	case ActRefuseExtension:
		if c.Pending != ExtensionRequest {
			return nil, errs.E(errs.Conflict, "err.case_no_request")
		}
		c.clearPending()
	case ActRequestSuspension:
		if c.Pending != NoRequest {
			return nil, errs.E(errs.Conflict, "err.case_request_pending")
		}
		c.Pending, c.PendingReason = SuspensionRequest, s.Note
	case ActApproveSuspension:
		if c.Pending != SuspensionRequest {
			return nil, errs.E(errs.Conflict, "err.case_no_request")
		}
		c.pause(env)
		c.clearPending()
	case ActRefuseSuspension:
		if c.Pending != SuspensionRequest {
			return nil, errs.E(errs.Conflict, "err.case_no_request")
		}
		c.clearPending()
	case ActResume:
		c.resume(env)
	case ActHandle:
		if c.DispatchedAt != nil {
			ev.Worked = env.Cal.Remaining(*c.DispatchedAt, now, calendar.WorkingHours)
		}
		c.HandledAt = &now
		c.clearPending()
		c.startStage(StageVerify, env)
	case ActVerify:
		c.VerifiedAt = &now
		c.clearStage()
	case ActRework:
		c.ReworkCount++
		c.HandledAt = nil
		c.startStage(StageHandle, env)
	case ActClose:
		c.ClosedAt, c.Closure = &now, Resolved
		c.startStage(StageVisit, env)
	case ActRate:
		c.Rating, c.RatingComment, c.RatedAt = s.Rating, s.Note, &now
		ev.Detail["rating"] = string(s.Rating)
		c.clearStage()
	case ActReopen:
		if c.Rating != Dissatisfied {
			return nil, errs.E(errs.Conflict, "err.case_reopen_satisfied")
		}
		c.ReopenCount++
		c.DispatchedAt = &now
		c.AcknowledgedAt, c.HandledAt, c.VerifiedAt, c.ClosedAt, c.RatedAt = nil, nil, nil, nil, nil
		c.Rating, c.RatingComment, c.Closure = "", "", ""
		c.startStage(StageAcknowledge, env)
	case ActArchive:
		c.ArchivedAt = &now
		c.clearStage()
	case ActUrge:
		c.UrgeCount++
	case ActSupervise:
		c.Supervising++
	case ActAnswer:
		if c.Supervising == 0 {
			return nil, errs.E(errs.Conflict, "err.case_no_supervision")
		}
		c.Supervising--
	}
	c.Status = to
	return ev, nil
}

// startStage starts the timed stage st at env.Now with the category's limit for it.
func (c *Case) startStage(st Stage, env Env) {
	now := env.Now
	c.Stage, c.StageStart, c.Overdue = st, &now, false
	c.PausedAt, c.PausedLeft, c.PausedWarn = nil, 0, 0
	l := env.Limits[st]
	if l.IsZero() {
		c.WarnAt, c.DueAt = nil, nil
		return
	}
	due := env.Cal.Due(now, l)
	warn := env.Cal.Partial(now, l, env.Policy.WarnFraction)
	c.DueAt, c.WarnAt = &due, &warn
}

// clearStage stops the timed stage.
func (c *Case) clearStage() {
	c.Stage, c.StageStart, c.WarnAt, c.DueAt, c.Overdue = "", nil, nil, nil, false
	c.PausedAt, c.PausedLeft, c.PausedWarn = nil, 0, 0
}

func (c *Case) clearPending() {
	c.Pending, c.PendingLimit, c.PendingReason = NoRequest, calendar.Limit{}, ""
}

// stageUnit is the unit the current stage's limit counts in.
func (c *Case) stageUnit(env Env) calendar.Unit {
	if l := env.Limits[c.Stage]; !l.IsZero() {
		return l.Unit
	}
	return calendar.WorkingHours
}

// moveDue moves the current stage's due time, keeping the warning at the same share of
// what is left.
func (c *Case) moveDue(due time.Time, env Env) {
	now, u := env.Now, c.stageUnit(env)
	left := env.Cal.Remaining(now, due, u)
	warn := env.Cal.Extend(now, time.Duration(float64(left)*env.Policy.WarnFraction), u)
	c.DueAt, c.WarnAt = &due, &warn
	c.Overdue = !now.Before(due)
}

// pause stops the clock: what is left of the limit is kept to be given back on resume.
func (c *Case) pause(env Env) {
	now := env.Now
	c.PausedAt = &now
	if c.DueAt == nil {
		return
	}
	u := c.stageUnit(env)
	c.PausedLeft = env.Cal.Remaining(now, *c.DueAt, u)
	if c.WarnAt != nil {
		c.PausedWarn = env.Cal.Remaining(now, *c.WarnAt, u)
	}
}

// resume starts the clock again with what was left when it stopped.
func (c *Case) resume(env Env) {
	now := env.Now
	if c.DueAt != nil && c.PausedAt != nil {
		u := c.stageUnit(env)
		due := env.Cal.Extend(now, c.PausedLeft, u)
		warn := env.Cal.Extend(now, c.PausedWarn, u)
		c.DueAt, c.WarnAt = &due, &warn
		c.Overdue = !now.Before(due)
	}
	c.PausedAt, c.PausedLeft, c.PausedWarn = nil, 0, 0
}

// handlerActions are the actions of whoever holds the case: a unit for 大事, the
// community for 小事.
var handlerActions = map[Action]bool{
	ActAcknowledge: true, ActReturn: true, ActStart: true, ActRequestExtension: true, ActRequestSuspension: true,
	ActResume: true, ActHandle: true, ActAnswer: true,
}

// Sees reports whether p may see c: it lies in p's part of the tree, or p's unit holds it.
func Sees(p *account.Principal, c *Case) bool {
	if !p.Can(account.CaseView) {
		return false
	}
	if p.UnitID != 0 && p.UnitID == c.AssigneeUnitID {
		return true
	}
	return p.Role != account.Handler && p.InScope(c.NodePath)
}

// Allowed reports whether p may take action a on c now (its permission and its reach;
// the status is Apply's to check).
func Allowed(p *account.Principal, c *Case, a Action) bool {
	if !a.Valid() || !Sees(p, c) {
		return false
	}
	if p.System {
		return true
	}
	if !p.Can(a.Permission()) {
		return false
	}
	if handlerActions[a] {
		if p.Role == account.Handler {
			return c.AssigneeUnitID != 0 && p.UnitID == c.AssigneeUnitID
		}
		// Staff handle what their own community handles itself.
		return c.AssigneeNodeID != 0 && p.InScope(c.NodePath)
	}
	return true
}

// Available lists the actions p may take on c in its present status, for the case page.
func Available(p *account.Principal, c *Case) []Action {
	var out []Action
	for _, a := range Actions {
		if _, ok := a.Next(c.Status); ok && c.applicable(a) && Allowed(p, c, a) {
			out = append(out, a)
		}
	}
	return out
}

// applicable reports whether a makes sense for c beyond its status: a request waits for
// approval, a supervision for an answer, a dissatisfied rating for a reopening.
func (c *Case) applicable(a Action) bool {
	switch a {
	case ActRequestExtension:
		return c.Pending == NoRequest && c.DueAt != nil
	case ActRequestSuspension:
		return c.Pending == NoRequest
	case ActApproveExtension, ActRefuseExtension:
		return c.Pending == ExtensionRequest
	case ActApproveSuspension, ActRefuseSuspension:
		return c.Pending == SuspensionRequest
	case ActAnswer:
		return c.Supervising > 0
	case ActReopen:
		return c.Rating == Dissatisfied
	case ActRegister, ActDispatch:
		return c.Triage != Private
	}
	return true
}
