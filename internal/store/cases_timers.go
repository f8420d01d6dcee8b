package store

import (
	"github.com/shequ-dev/shequ/internal/cases"
)

// caseClock is the case's clock firing: yellow when its stage's warning time has come,
// red when its due time has; then the clock is set for the next light, if any.
func (t *Tx) caseClock(id int64) error {
	c, err := t.lockCase(id)
	if err != nil {
		return err
	}
	if c.DueAt != nil && !t.now.Before(*c.DueAt) {
		return t.caseDue(c)
	}
	if err := t.caseWarn(c); err != nil {
		return err
	}
	if at, ok := nextLight(c, t.now); ok && at.After(t.now) {
		return t.setTimer(timerCaseClock, c.ID, at)
	}
	return nil
}

// caseWarn turns a case yellow (黄灯): its timeline says so and, when a unit holds the
// case, the unit is urged (催办).
func (t *Tx) caseWarn(c *cases.Case) error {
	if c.WarnAt == nil || c.DueAt == nil || c.PausedAt != nil || t.now.Before(*c.WarnAt) || !t.now.Before(*c.DueAt) {
		return nil
	}
	sys := t.asSystem("timer")
	if err := sys.caseEvent(c, &cases.Event{Action: cases.ActWarn, From: c.Status, To: c.Status,
		Detail: map[string]any{"stage": string(c.Stage), "due_at": c.DueAt.UnixMilli()}}, nil); err != nil {
		return err
	}
	if _, ok := cases.ActUrge.Next(c.Status); ok && c.Status.WithUnit() {
		return sys.step(c, cases.Step{Action: cases.ActUrge})
	}
	return nil
}

// caseDue turns a case red (红灯): overdue is counted, the unit urged again, and the
// superior's supervision is scheduled for SuperviseAfter later.
func (t *Tx) caseDue(c *cases.Case) error {
	if c.DueAt == nil || c.PausedAt != nil || c.Overdue || t.now.Before(*c.DueAt) || !c.Status.Open() {
		return nil
	}
	v := c.Version
	c.Overdue = true
	c.OverdueCount++
	if err := t.saveCase(c, v); err != nil {
		return err
	}
	sys := t.asSystem("timer")
	overdue := &cases.Event{Action: cases.ActOverdue, From: c.Status, To: c.Status, Stage: c.Stage, Due: c.DueAt,
		Detail: map[string]any{"stage": string(c.Stage), "due_at": c.DueAt.UnixMilli()}}
	if err := sys.caseEvent(c, overdue, nil); err != nil {
		return err
	}
	if err := sys.tellAbout(c, overdue); err != nil {
		return err
	}
	if !c.Status.WithUnit() {
		return nil
	}
	if err := sys.step(c, cases.Step{Action: cases.ActUrge}); err != nil {
		return err
	}
	at := *c.DueAt
	if after := t.db.policy.SuperviseAfter; !after.IsZero() {
		cal, err := t.calendar()
		if err != nil {
			return err
		}
		at = cal.Due(at, after)
	}
	return t.setTimer(timerCaseSupervise, c.ID, at)
}

// caseSupervise opens the superior's supervision (督办) of a case still overdue with its
// unit: a record the unit must answer.
func (t *Tx) caseSupervise(id int64) error {
	c, err := t.lockCase(id)
	if err != nil {
		return err
	}
	if !c.Overdue || c.PausedAt != nil || !c.Status.WithUnit() {
		return nil
	}
	return t.asSystem("timer").step(c, cases.Step{Action: cases.ActSupervise})
}
