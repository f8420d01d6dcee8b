package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// One case's page at /cases/{id}: what it is, where, who reported it, its timeline,
// open supervisions, similar open cases nearby, and one form for each step the caller
// may take now, all posted to /cases/{id}/act.

func caseURL(id int64) string { return "/cases/" + strconv.FormatInt(id, 10) }

// word translates a catalogue key of the loop's kinds (triage, priority, stage, time
// unit), falling back to this page's own words while the shared catalogue lacks them.
func word(lang i18n.Lang, key string) string {
	if key == "" {
		return ""
	}
	if i18n.Has("desk." + key) {
		return i18n.T(lang, "desk."+key)
	}
	return i18n.T(lang, key)
}

// choice is one option of a select or radio group.
type choice struct {
	Value, Label string
}

func triageChoices(lang i18n.Lang) []choice {
	out := make([]choice, len(cases.Triages))
	for i, t := range cases.Triages {
		out[i] = choice{string(t), word(lang, t.Key())}
	}
	return out
}

func timeUnitChoices(lang i18n.Lang) []choice {
	out := make([]choice, len(calendar.Units))
	for i, u := range calendar.Units {
		out[i] = choice{string(u), word(lang, u.Key())}
	}
	return out
}

// primaryOrder lists the steps that move a case forward, the likeliest first: the
// first of them the caller may take is the page's primary action.
var primaryOrder = []cases.Action{cases.ActAcknowledge, cases.ActStart, cases.ActHandle, cases.ActVerify, cases.ActResume,
	cases.ActAnswer, cases.ActApproveExtension, cases.ActApproveSuspension, cases.ActDispatch, cases.ActRegister, cases.ActClaim,
	cases.ActLocate, cases.ActClose, cases.ActRate, cases.ActArchive}

// dangerActions end or send back a case; their buttons say so.
var dangerActions = map[cases.Action]bool{cases.ActReject: true, cases.ActReturn: true, cases.ActRework: true,
	cases.ActRefuseExtension: true, cases.ActRefuseSuspension: true, cases.ActReopen: true}

// photoActions are the steps whose forms carry the photo picker.
var photoActions = map[cases.Action]bool{cases.ActHandle: true, cases.ActVerify: true, cases.ActRework: true, cases.ActComment: true,
	cases.ActAnswer: true}

// actionForm is the form of one step on the case page.
type actionForm struct {
	Action                                 cases.Action
	Label                                  string
	V                                      view
	Primary                                bool
	Danger                                 bool
	Note                                   bool // a note or reason field
	NoteReq                                bool
	Triage                                 bool
	Dispatch, Merge, Limit, Rating, Locate bool
	UnitSel, NodeSel, TriageSel            string // prefilled choices
	NoteLabel                              string
	Photos                                 bool // the photo picker: handling and checking on site come with photos
	Open                                   bool // shown unfolded: the primary one, or the one that failed
}

// stepNeedsNote reports whether the loop refuses the action without a note: the step's
// own validation is asked, so the rule lives in one place.
func stepNeedsNote(a cases.Action) bool {
	e := errs.As((&cases.Step{Action: a}).Validate())
	if e == nil {
		return false
	}
	for _, f := range e.Fields {
		if f.Field == "note" && f.Msg.Key == "err.required" {
			return true
		}
	}
	return false
}

// formFieldsFor names the fields an action's form shows, for its error summary.
func (af *actionForm) fields() formFields {
	var ff formFields
	if af.Triage {
		ff = append(ff, "triage", "desk.field.triage")
	}
	if af.Dispatch {
		ff = append(ff, "unit_id", "desk.field.unit", "node_id", "desk.field.community")
	}
	if af.Merge {
		ff = append(ff, "master_id", "desk.field.master")
	}
	if af.Limit {
		ff = append(ff, "limit", "desk.field.limit")
	}
	if af.Rating {
		ff = append(ff, "rating", "desk.field.rating")
	}
	if af.Locate {
		ff = append(ff, "location", "desk.field.location", "lng", "orgfac.field.lng", "lat", "orgfac.field.lat",
			"node_id", "desk.field.grid", "address", "desk.field.address")
	}
	if af.Note {
		ff = append(ff, "note", af.NoteLabel)
	}
	if af.Photos {
		ff = append(ff, "photos", "photos.label")
	}
	return ff
}

// noteLabel is the label of an action's note: a reason, feedback or a comment.
func noteLabel(a cases.Action, required bool) string {
	if !required && a != cases.ActRate {
		return "desk.field.comment"
	}
	switch a {
	case cases.ActHandle:
		return "desk.field.feedback"
	case cases.ActComment, cases.ActRate:
		return "desk.field.comment"
	case cases.ActAnswer:
		return "desk.field.answer"
	}
	return "desk.field.reason"
}

// eventRow is one timeline entry made readable.
type eventRow struct {
	store.CaseEvent
	Label   string   // the action
	Who     string   // the actor: a name, or what they are
	Role    string   // the actor's role
	Details []string // what the detail says, in words
}

// casePhotoRow is a photo of the case with the step it came with.
type casePhotoRow struct {
	store.CasePhoto
	Step string
}

// supervisionRow is a supervision still waiting for the unit's answer.
type supervisionRow struct {
	At   time.Time
	By   string
	Note string
}

// casePageData is one case's page.
type casePageData struct {
	Case         *cases.Case
	Light        cases.Light
	Category     string
	Place        string
	UnitName     string
	Reason       string // why the case went to its unit, in words
	Triage       string
	Priority     string
	Stage        string
	Events       []eventRow
	Supervisions []supervisionRow
	Photos       []casePhotoRow
	Similar      []caseRow
	CanMerge     bool
	Forms        []*actionForm
	ActError     string // a failed step whose form is no longer offered
	Map          string // the map's configuration, or ""
	Facility     *register.Facility
	FacilityLink bool // the caller may open the facility's page in the register
	Units        []*admin.Unit
	Communities  []bindChoice
	Grids        []bindGroup
	Triages      []choice
	TimeUnits    []choice
	Ratings      []cases.Rating
	Version      int
}

// caseFacility is the facility of the register a case is about (nil for none), and
// whether p may open its page. Whoever sees the case sees which facility it is, the
// code, class and place painted on it in the street, even without the register (a
// unit's handler): that is what they are sent out to find.
func (s *Server) caseFacility(ctx context.Context, p *account.Principal, id int64) (*register.Facility, bool, error) {
	if id == 0 {
		return nil, false, nil
	}
	f, err := s.db.Facility(ctx, p, id)
	if err == nil {
		return f, p.Can(account.RegisterView), nil
	}
	if !errs.Is(err, errs.Forbidden) && !errs.Is(err, errs.NotFound) {
		return nil, false, err
	}
	if f, err = s.db.Facility(ctx, account.SystemPrincipal("case-page"), id); errs.Is(err, errs.NotFound) {
		return nil, false, nil
	}
	return f, false, err
}

func (s *Server) casePage(w http.ResponseWriter, r *http.Request) error {
	c, err := recordFromPath(r, s.db.Case)
	if err != nil {
		return err
	}
	return s.renderCase(w, r, http.StatusOK, c, "", nil, "")
}

// renderCase shows the case page; failed is the action whose posted form f failed,
// with actErr the message when that form is no longer on the page.
func (s *Server) renderCase(w http.ResponseWriter, r *http.Request, status int, c *cases.Case, failed cases.Action, f *form, actErr string) error {
	ctx := r.Context()
	st := state(r)
	p, lang := st.p, st.lang
	now := s.db.Clock().Now()
	d := casePageData{Case: c, Light: c.Light(now), Category: s.categoryName(ctx, c.CategoryID), Triage: word(lang, tkey(c.Triage)),
		Priority: word(lang, pkey(c.Priority)), Stage: word(lang, skey(c.Stage)), Triages: triageChoices(lang),
		TimeUnits: timeUnitChoices(lang), Ratings: cases.Ratings, Version: c.Version, ActError: actErr}
	names, err := s.db.NodeNames(ctx, p, admin.PathIDs(c.NodePath))
	if err != nil {
		return err
	}
	var place []string
	for _, id := range admin.PathIDs(c.NodePath) {
		if n := names[id]; n != "" {
			place = append(place, n)
		}
	}
	if len(place) > 3 {
		place = place[len(place)-3:]
	}
	d.Place = strings.Join(place, " · ")
	if c.DispatchReason != "" {
		d.Reason = dispatchReason(lang, c.DispatchReason)
	}
	if d.Facility, d.FacilityLink, err = s.caseFacility(ctx, p, c.FacilityID); err != nil {
		return err
	}
	switch {
	case c.AssigneeUnitID != 0:
		un, err := s.db.UnitNames(ctx, p, []int64{c.AssigneeUnitID})
		if err != nil {
			return err
		}
		d.UnitName = un[c.AssigneeUnitID]
	case c.AssigneeNodeID != 0:
		nn, err := s.db.NodeNames(ctx, p, []int64{c.AssigneeNodeID})
		if err != nil {
			return err
		}
		d.UnitName = nn[c.AssigneeNodeID]
	}
	events, err := s.db.CaseEvents(ctx, p, c, false)
	if err != nil {
		return err
	}
	if d.Events, err = s.eventRows(ctx, p, lang, events); err != nil {
		return err
	}
	d.Supervisions = openSupervisions(lang, events, c.Supervising)
	photos, err := s.db.CasePhotos(ctx, p, c)
	if err != nil {
		return err
	}
	for _, ph := range photos {
		row := casePhotoRow{CasePhoto: ph}
		for _, e := range d.Events {
			if e.ID == ph.EventID {
				row.Step = e.Label
			}
		}
		d.Photos = append(d.Photos, row)
	}
	available := cases.Available(p, c)
	can := map[cases.Action]bool{}
	for _, a := range available {
		can[a] = true
	}
	d.CanMerge = can[cases.ActMerge]
	if c.Status.Open() {
		similar, err := s.db.SimilarCases(ctx, p, c)
		if err != nil {
			return err
		}
		if d.Similar, err = s.caseRows(ctx, p, similar); err != nil {
			return err
		}
	}
	if can[cases.ActDispatch] {
		if d.Units, err = s.db.DispatchUnits(ctx, p); err != nil {
			return err
		}
		d.Communities = s.caseCommunities(ctx, p, c)
	}
	if can[cases.ActLocate] {
		if d.Grids, err = s.registerGrids(ctx, p, 0); err != nil {
			return err
		}
	}
	primary := cases.Action("")
	for _, a := range primaryOrder {
		if can[a] {
			primary = a
			break
		}
	}
	order := available
	if primary != "" {
		order = []cases.Action{primary}
		for _, a := range available {
			if a != primary {
				order = append(order, a)
			}
		}
	}
	for _, a := range order {
		af := &actionForm{Action: a, Label: i18n.T(lang, a.Key()), Primary: a == primary, Danger: dangerActions[a],
			NoteReq: stepNeedsNote(a)}
		switch a {
		case cases.ActTriage, cases.ActRegister:
			af.Triage, af.TriageSel = true, string(c.Triage)
		case cases.ActDispatch:
			af.Dispatch = true
			if c.Triage == cases.Minor && len(d.Communities) > 0 {
				af.NodeSel = strconv.FormatInt(d.Communities[len(d.Communities)-1].ID, 10)
			} else if c.AssigneeUnitID != 0 {
				af.UnitSel = strconv.FormatInt(c.AssigneeUnitID, 10)
			} else if unit, _, err := s.db.ResolveUnit(ctx, c.CategoryID, c.NodePath, c.FacilityID); err == nil && unit != 0 {
				af.UnitSel = strconv.FormatInt(unit, 10) // the unit the dispatch rules pick
			}
		case cases.ActMerge:
			af.Merge = true
		case cases.ActRequestExtension:
			af.Limit = true
		case cases.ActRate:
			af.Rating = true
		case cases.ActLocate:
			af.Locate = true
		}
		af.Note = a != cases.ActClaim || af.NoteReq
		af.Photos = photoActions[a]
		af.NoteLabel = noteLabel(a, af.NoteReq)
		af.Open = af.Primary || a == failed
		var ff *form
		if a == failed {
			ff = f
			d.ActError = ""
		}
		af.V = subView(lang, ff, af.fields(), string(a)+"-")
		if ff == nil {
			af.V.Form.Values.Set("unit_id", af.UnitSel)
			af.V.Form.Values.Set("node_id", af.NodeSel)
			af.V.Form.Values.Set("triage", af.TriageSel)
		}
		d.Forms = append(d.Forms, af)
	}
	if c.Location != nil || c.NodeID != 0 || can[cases.ActLocate] {
		d.Map = s.caseMapConfig(lang, c, can[cases.ActLocate])
	}
	return s.renderCode(w, r, status, "cases_show", view{Title: "title.case", Section: "cases", Data: d})
}

func tkey(t cases.Triage) string {
	if t == "" {
		return ""
	}
	return t.Key()
}

func pkey(p cases.Priority) string {
	if p == "" {
		return ""
	}
	return p.Key()
}

func skey(s cases.Stage) string {
	if s == "" {
		return ""
	}
	return s.Key()
}

// caseCommunities are the places that may handle the case themselves (小事): the street
// and community above it that lie in the caller's scope, the community last.
func (s *Server) caseCommunities(ctx context.Context, p *account.Principal, c *cases.Case) []bindChoice {
	var out []bindChoice
	for _, id := range admin.PathIDs(c.NodePath) {
		n, err := s.db.Node(ctx, p, id)
		if err != nil || n.Retired != nil || n.Level < admin.Street || n.Level > admin.Community {
			continue
		}
		out = append(out, bindChoice{ID: n.ID, Name: n.Name, Code: n.FullCode, Level: n.Level})
	}
	return out
}

// openSupervisions are the supervisions not yet answered: answers close them oldest first.
func openSupervisions(lang i18n.Lang, events []store.CaseEvent, open int) []supervisionRow {
	var all []supervisionRow
	for _, e := range events {
		if e.Action == cases.ActSupervise {
			by, _ := actorLabel(lang, e)
			all = append(all, supervisionRow{At: e.At, By: by, Note: e.Note})
		}
	}
	if open <= 0 || open > len(all) {
		if open <= 0 {
			return nil
		}
		return all
	}
	return all[len(all)-open:]
}

// systemActors name the jobs that act on cases by themselves (the what of
// account.SystemPrincipal, "system:what" in the timeline), with the timer's label chosen
// by the step it took.
var systemActors = map[string]string{
	"dispatch": "desk.actor.system.dispatch", // automatic dispatch at intake
	"reopen":   "desk.actor.system.reopen",   // reopened on a dissatisfied rating
	"demo":     "desk.actor.system.demo",     // the demo district's history
	"cli":      "desk.actor.system.cli",      // a command-line operation
}

// timerActors name the scheduler's timers by the step they took.
var timerActors = map[cases.Action]string{
	cases.ActWarn:      "desk.actor.system.warn",
	cases.ActOverdue:   "desk.actor.system.overdue",
	cases.ActUrge:      "desk.actor.system.urge",
	cases.ActSupervise: "desk.actor.system.supervise",
}

// actorLabel is how a timeline names who took a step, and in which role: a person by
// name, the system by the job that acted (系统（超时预警）), never by an internal id.
func actorLabel(lang i18n.Lang, e store.CaseEvent) (who, role string) {
	if what, ok := strings.CutPrefix(e.Actor, "system:"); ok {
		switch {
		case what == "reporter": // the reporter's own rating, through the tracking page
			return i18n.T(lang, "desk.actor.reporter"), ""
		case what == "timer" || what == "timers":
			if key, ok := timerActors[e.Action]; ok {
				return i18n.T(lang, key), ""
			}
			return i18n.T(lang, "desk.actor.system.timer"), ""
		case systemActors[what] != "":
			return i18n.T(lang, systemActors[what]), ""
		}
		return i18n.T(lang, "desk.actor.system"), ""
	}
	if e.Role != "" {
		role = i18n.T(lang, e.Role.Key())
	}
	switch {
	case e.ActorName != "":
		who = e.ActorName
	case e.Role == "" || e.Role == account.Resident:
		who = i18n.T(lang, "desk.actor.reporter")
	default:
		who = e.Actor
	}
	return who, role
}

// eventRows makes a timeline readable: the action and role named, and the detail's ids
// turned into names.
func (s *Server) eventRows(ctx context.Context, p *account.Principal, lang i18n.Lang, events []store.CaseEvent) ([]eventRow, error) {
	details := make([]map[string]any, len(events))
	var units, nodes []int64
	for i, e := range events {
		if e.Detail == "" {
			continue
		}
		m := map[string]any{}
		if json.Unmarshal([]byte(e.Detail), &m) != nil {
			continue
		}
		details[i] = m
		units = append(units, detailID(m, "unit_id"))
		nodes = append(nodes, detailID(m, "node_id"))
	}
	unitNames, err := s.db.UnitNames(ctx, p, treeUniqueIDs(units))
	if err != nil {
		return nil, err
	}
	nodeNames, err := s.db.NodeNames(ctx, p, treeUniqueIDs(nodes))
	if err != nil {
		return nil, err
	}
	out := make([]eventRow, len(events))
	for i, e := range events {
		row := eventRow{CaseEvent: e, Label: i18n.T(lang, e.Action.Key())}
		row.Who, row.Role = actorLabel(lang, e)
		m := details[i]
		say := func(key string, args ...any) { row.Details = append(row.Details, i18n.T(lang, key, args...)) }
		if id := detailID(m, "unit_id"); id != 0 {
			name := unitNames[id]
			if name == "" {
				name = "#" + strconv.FormatInt(id, 10)
			}
			if e.Action == cases.ActReturn {
				say("desk.detail.returned_by", name)
			} else {
				say("desk.detail.unit", name)
			}
		}
		if id := detailID(m, "node_id"); id != 0 {
			say("desk.detail.community", or(nodeNames[id], "#"+strconv.FormatInt(id, 10)))
		}
		if v, ok := m["reason"].(string); ok && v != "" {
			say("desk.detail.reason", dispatchReason(lang, v))
		}
		if e.Action == cases.ActTriage {
			say("desk.detail.triage_change", or(word(lang, tkey(cases.Triage(str(m["from"])))), "—"), word(lang, tkey(cases.Triage(str(m["to"])))))
		}
		if v := str(m["triage"]); v != "" && e.Action != cases.ActTriage {
			say("desk.detail.triage", word(lang, tkey(cases.Triage(v))))
		}
		if n, ok := m["amount"].(float64); ok {
			say("desk.detail.extension", int(n), word(lang, calendar.Unit(str(m["unit"])).Key()))
		}
		if b, ok := m["due_before"].(float64); ok {
			if a, ok := m["due_after"].(float64); ok {
				say("desk.detail.due_moved", fmtTime(time.UnixMilli(int64(b))), fmtTime(time.UnixMilli(int64(a))))
			}
		}
		if v := str(m["rating"]); v != "" {
			say("desk.detail.rating", i18n.T(lang, cases.Rating(v).Key()))
		}
		if id := detailID(m, "master_id"); id != 0 {
			say("desk.detail.master", "#"+strconv.FormatInt(id, 10))
		}
		if v := str(m["master"]); v != "" {
			say("desk.detail.master", v)
		}
		if v := str(m["ticket"]); v != "" && e.Action == cases.ActAbsorb {
			say("desk.detail.absorbed", v)
		}
		out[i] = row
	}
	return out, nil
}

func detailID(m map[string]any, k string) int64 {
	if f, ok := m[k].(float64); ok && f > 0 {
		return int64(f)
	}
	return 0
}

func str(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return ""
}

// dispatchReason says why a case went where it did: the stored token of the rules'
// choice ("rule:12", "owner:…", "minor") in words; anything else is a person's own words.
func dispatchReason(lang i18n.Lang, reason string) string {
	switch via, _, _ := strings.Cut(reason, ":"); {
	case reason == string(cases.Minor):
		return i18n.T(lang, "dispatch.reason.minor")
	case via == string(cases.ViaRule) || via == string(cases.ViaOwner):
		return i18n.Msg(lang, cases.ReasonMessage(reason))
	}
	return reason
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// caseMapConfig is the JSON desk.js reads: the case's point, its place to outline, and
// for an unlocated case the inputs a click on the map fills.
func (s *Server) caseMapConfig(lang i18n.Lang, c *cases.Case, pick bool) string {
	cfg := map[string]any{"areas": "/api/v1/map/areas", "node": c.NodeID, "tiles": s.cfg.MapTiles,
		"attribution": s.cfg.MapAttribution, "label": i18n.T(lang, "desk.map.point")}
	if c.Location != nil {
		cfg["point"] = []float64{c.Location.Lat, c.Location.Lng}
	}
	if pick {
		cfg["pick"] = map[string]string{"lng": "f-locate-lng", "lat": "f-locate-lat", "hint": i18n.T(lang, "desk.map.picked")}
	}
	b, _ := json.Marshal(cfg)
	return string(b)
}

// ─── Taking a step ──────────────────────────────────────────────────────────

// stepFrom reads an action form into a step, with the form's number problems.
func stepFrom(f *form) (cases.Step, error) {
	st := cases.Step{Action: cases.Action(f.Get("action")), Note: f.Get("note"), Triage: cases.Triage(f.Get("triage")),
		UnitID: f.Int("unit_id"), NodeID: f.Int("node_id"), MasterID: f.Int("master_id"),
		Rating: cases.Rating(f.Get("rating")), Address: f.Get("address")}
	if st.Action == cases.ActLocate {
		st.Location = formPoint(f)
	}
	if st.Action == cases.ActRequestExtension {
		st.Limit = calendar.Limit{Amount: int(f.Int("limit")), Unit: calendar.Unit(f.Get("limit_unit"))}
	}
	version, err := formVersion(f)
	st.Version = version
	return st, err
}

// formPhotos reads the photos an upload picker named name put in the form: their ids in
// name and, in the same order, their claim tokens in name_claim.
func formPhotos(f *form, name string) ([]cases.PhotoRef, error) {
	ids, claims := f.Values[name], f.Values[name+"_claim"]
	var out []cases.PhotoRef
	for i, v := range ids {
		id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || id <= 0 {
			return nil, errs.FieldInvalid(name, "desk.err.photo")
		}
		ph := cases.PhotoRef{ID: id}
		if i < len(claims) {
			ph.Claim = strings.TrimSpace(claims[i])
		}
		out = append(out, ph)
	}
	return out, nil
}

func (s *Server) caseActSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	st := state(r)
	c, err := recordFromPath(r, s.db.Case)
	if err != nil {
		return err
	}
	step, err := stepFrom(f)
	var photos []cases.PhotoRef
	if err == nil {
		photos, err = formPhotos(f, "photos")
	}
	if err == nil && step.Action == cases.ActLocate && step.NodeID == 0 && step.Location != nil {
		step.NodeID, err = s.locateGrid(ctx, *step.Location)
	}
	if err == nil {
		_, err = s.db.Act(ctx, st.p, c.ID, step, photos)
	}
	if err == nil {
		flash(w, "success", "flash.desk_step_done")
		return redirect(w, r, caseURL(c.ID))
	}
	if !f.absorbVersioned(st.lang, err) {
		return err
	}
	if e := errs.As(err); e != nil && e.Code == errs.Conflict && e.Msg.Key == "err.stale" {
		f.Error = i18n.T(st.lang, "desk.err.stale_form")
		delete(f.Errors, "version")
	}
	if f.Err("limit") != "" && f.Err("limit_unit") == "" && step.Limit.Unit != "" && !step.Limit.Unit.Valid() {
		f.Errors["limit_unit"] = f.Errors["limit"]
	}
	fresh, err2 := s.db.Case(ctx, st.p, c.ID)
	if err2 != nil {
		return err2
	}
	msg := stepMessage(st.lang, err)
	if e := errs.As(err); e != nil && e.Code == errs.Conflict && e.Msg.Key == "err.stale" {
		msg = f.Error
	}
	name := i18n.T(st.lang, "desk.actions")
	if step.Action.Valid() {
		name = i18n.T(st.lang, step.Action.Key())
	}
	return s.renderCase(w, r, statusFor(err), fresh, step.Action, f, name+i18n.T(st.lang, "punct.colon")+msg)
}

// locateGrid finds the smallest place of the tree holding the point, for placing an
// unlocated case by a click on the map.
func (s *Server) locateGrid(ctx context.Context, pt geo.Point) (int64, error) {
	ix, err := s.index(ctx)
	if err != nil {
		return 0, err
	}
	hits := ix.Locate(pt)
	if len(hits) == 0 {
		return 0, errs.FieldInvalid("location", "err.case_outside")
	}
	return hits[0].ID, nil
}
