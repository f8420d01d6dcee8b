package store

import (
	"cmp"
	"strconv"

	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/notify"
)

// tellAbout notifies the people a step concerns, inside the step's transaction: the
// reporter of public steps (in the app when signed in, by SMS when they left a phone),
// and the unit holding the case of its dispatch, urging, supervision and lateness.
func (t *Tx) tellAbout(c *cases.Case, ev *cases.Event) error {
	params := map[string]string{"ticket": c.Ticket}
	toReporter, toUnit := "", ""
	switch ev.Action {
	case cases.ActReport, cases.ActSelfHandle:
		toReporter = notify.CaseReceived
	case cases.ActRegister:
		toReporter, params["category"] = notify.CaseRegistered, t.categoryName(c.CategoryID)
	case cases.ActReject:
		toReporter, params["reason"] = notify.CaseRejected, ev.Note
	case cases.ActMerge:
		toReporter, params["master"] = notify.CaseMerged, t.ticketOf(c.MasterID)
	case cases.ActRefer:
		toReporter, params["note"] = notify.CaseReferred, ev.Note
	case cases.ActDispatch:
		if c.AssigneeUnitID != 0 {
			toUnit, params["category"], params["unit"] = notify.CaseDispatched, t.categoryName(c.CategoryID), t.unitName(c.AssigneeUnitID)
		}
	case cases.ActHandle:
		toReporter = notify.CaseHandled
	case cases.ActClose:
		toReporter = notify.CaseClosed
	case cases.ActReopen:
		toReporter, toUnit = notify.CaseReopened, notify.CaseReopened
	case cases.ActUrge:
		toUnit = notify.CaseUrged
	case cases.ActSupervise:
		// A supervision the rules open by themselves has no note of a person's.
		toUnit, params["note"] = notify.CaseSupervised, cmp.Or(ev.Note, "—")
	case cases.ActOverdue:
		toUnit, params["stage_key"] = notify.CaseOverdue, c.Stage.Key()
	}
	if toUnit != "" && c.AssigneeUnitID != 0 {
		m := notify.Message{Template: toUnit, Params: params, Link: "/cases/" + strconv.FormatInt(c.ID, 10), CaseID: c.ID}
		if err := t.notify(notify.Recipient{UnitID: c.AssigneeUnitID, Lang: i18n.ZH}, m); err != nil {
			return err
		}
	}
	if toReporter == "" {
		return nil
	}
	r, err := t.reporterOf(c)
	if err != nil || r.IsZero() {
		return err
	}
	m := notify.Message{Template: toReporter, Params: params, Link: "/t/" + c.Ticket + "?k=" + t.db.TrackKey(c.Ticket), CaseID: c.ID}
	return t.notify(r, m)
}

// reporterOf is how the reporter of c can be reached: their account, and the phone they
// left (opened from its seal only for this).
func (t *Tx) reporterOf(c *cases.Case) (notify.Recipient, error) {
	r := notify.Recipient{UserID: c.ReporterUserID, Lang: i18n.ZH}
	if t.stmts != nil {
		if phone, ok := t.stmts.phones[c.ID]; ok {
			r.Phone = phone
			return r, nil
		}
	}
	var enc string
	if err := t.queryRow(`SELECT reporter_phone_enc FROM cases WHERE id = ?`, c.ID).Scan(&enc); err != nil {
		return r, mapErr(err, "entity.case")
	}
	if enc != "" {
		phone, err := t.db.keys.Open(enc, sealReporterPhone)
		if err != nil {
			return r, mapErr(err, "entity.case")
		}
		r.Phone = phone
	}
	return r, nil
}

func (t *Tx) ticketOf(id int64) string {
	var ticket string
	t.queryRow(`SELECT ticket FROM cases WHERE id = ?`, id).Scan(&ticket)
	return ticket
}

func (t *Tx) unitName(id int64) string {
	u, _ := t.unit(id)
	return u.name
}
