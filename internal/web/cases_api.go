package web

import (
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
	"github.com/shequ-dev/shequ/internal/store"
)

// casePointJSON is a location in the API, WGS-84 unless crs says otherwise.
type casePointJSON struct {
	Lat float64 `json:"lat"`
	Lng float64 `json:"lng"`
	CRS string  `json:"crs,omitempty" doc:"wgs84 (default, GPS), gcj02 (AMap, Tencent) or bd09 (Baidu)"`
}

// wgs84 converts the point to WGS-84, or reports the crs field.
func (pt *casePointJSON) wgs84(v *errs.Validation, field string) *geo.Point {
	if pt == nil {
		return nil
	}
	crs := admin.CRS(strings.ToLower(strings.TrimSpace(pt.CRS)))
	if crs == "" {
		crs = admin.WGS84
	}
	if !v.Check(crs.Valid(), field+".crs", "err.choose_one") {
		return nil
	}
	p := crs.ToWGS84(geo.Point{Lng: pt.Lng, Lat: pt.Lat})
	return &p
}

type photoJSON struct {
	ID    int64  `json:"id"`
	Claim string `json:"claim,omitempty" doc:"The claim token the upload returned (anonymous uploads)"`
}

func photoRefs(in []photoJSON) []cases.PhotoRef {
	out := make([]cases.PhotoRef, len(in))
	for i, p := range in {
		out[i] = cases.PhotoRef{ID: p.ID, Claim: p.Claim}
	}
	return out
}

type caseReportRequest struct {
	Source         string         `json:"source" doc:"resident (default), patrol, hotline or assigned"`
	CategoryID     int64          `json:"category_id" doc:"A minor class"`
	Description    string         `json:"description" doc:"At most 2,000 characters"`
	Priority       string         `json:"priority,omitempty" doc:"normal, urgent or emergency; default the category's"`
	Address        string         `json:"address,omitempty"`
	Location       *casePointJSON `json:"location,omitempty"`
	PlateCode      string         `json:"plate_code,omitempty" doc:"The code of a scanned door plate"`
	Photos         []photoJSON    `json:"photos,omitempty" doc:"Uploaded photos, at most 9"`
	ReporterName   string         `json:"reporter_name,omitempty"`
	ReporterPhone  string         `json:"reporter_phone,omitempty" doc:"Required for hotline calls; stored encrypted, shown masked"`
	Anonymous      bool           `json:"anonymous,omitempty"`
	SelfHandled    bool           `json:"self_handled,omitempty" doc:"Patrol only: solved on the spot (自行处置)"`
	HandleNote     string         `json:"handle_note,omitempty" doc:"How it was solved, with self_handled"`
	AfterPhotos    []photoJSON    `json:"after_photos,omitempty" doc:"After photos, with self_handled"`
	IdempotencyKey string         `json:"idempotency_key,omitempty" doc:"Or the Idempotency-Key header: a retry with the same key returns the first case"`
}

type sensorAlarmRequest struct {
	DeviceID       string         `json:"device_id" doc:"The device's own identifier"`
	AlarmType      string         `json:"alarm_type" doc:"fire_lane_blocked, elevator_fault, smoke or water_level"`
	Description    string         `json:"description,omitempty" doc:"Default: the alarm's name"`
	Location       *casePointJSON `json:"location,omitempty"`
	PlateCode      string         `json:"plate_code,omitempty"`
	Address        string         `json:"address,omitempty"`
	IdempotencyKey string         `json:"idempotency_key,omitempty"`
}

type caseJSON struct {
	ID             int64      `json:"id"`
	Ticket         string     `json:"ticket"`
	Status         string     `json:"status"`
	StatusName     string     `json:"status_name"`
	Source         string     `json:"source"`
	CategoryID     int64      `json:"category_id"`
	CategoryName   string     `json:"category_name"`
	Triage         string     `json:"triage" doc:"major (大事), minor (小事) or private (私事)"`
	Priority       string     `json:"priority"`
	Description    string     `json:"description"`
	Address        string     `json:"address"`
	Location       *geo.Point `json:"location,omitempty" doc:"WGS-84"`
	Located        bool       `json:"located" doc:"False while the case waits in the unlocated queue"`
	NodeID         int64      `json:"node_id"`
	NodeName       string     `json:"node_name"`
	ReporterName   string     `json:"reporter_name,omitempty"`
	ReporterPhone  string     `json:"reporter_phone,omitempty" doc:"Masked"`
	Anonymous      bool       `json:"anonymous"`
	DeviceID       string     `json:"device_id,omitempty"`
	AlarmCount     int        `json:"alarm_count,omitempty"`
	UnitID         int64      `json:"unit_id,omitempty" doc:"The unit it is dispatched to (大事)"`
	UnitName       string     `json:"unit_name,omitempty"`
	HandlingNodeID int64      `json:"handling_node_id,omitempty" doc:"The community handling it itself (小事)"`
	DispatchReason string     `json:"dispatch_reason,omitempty"`
	MasterID       int64      `json:"master_id,omitempty"`
	Closure        string     `json:"closure,omitempty"`
	Stage          string     `json:"stage,omitempty" doc:"The timed stage now running"`
	WarnAt         *time.Time `json:"warn_at,omitempty"`
	DueAt          *time.Time `json:"due_at,omitempty"`
	Light          string     `json:"light,omitempty" doc:"green, yellow, red or paused"`
	Supervising    int        `json:"supervising" doc:"Supervisions waiting for the unit's answer"`
	Pending        string     `json:"pending,omitempty" doc:"extension or suspension, waiting for approval"`
	Counts         caseCounts `json:"counts"`
	Rating         string     `json:"rating,omitempty"`
	RatingComment  string     `json:"rating_comment,omitempty"`
	ReportedAt     time.Time  `json:"reported_at"`
	RegisteredAt   *time.Time `json:"registered_at,omitempty"`
	DispatchedAt   *time.Time `json:"dispatched_at,omitempty"`
	AcknowledgedAt *time.Time `json:"acknowledged_at,omitempty"`
	HandledAt      *time.Time `json:"handled_at,omitempty"`
	VerifiedAt     *time.Time `json:"verified_at,omitempty"`
	ClosedAt       *time.Time `json:"closed_at,omitempty"`
	RatedAt        *time.Time `json:"rated_at,omitempty"`
	UpdatedAt      time.Time  `json:"updated_at"`
	Version        int        `json:"version" doc:"Send it back with every step (optimistic locking)"`
	Actions        []string   `json:"actions" doc:"The steps the caller may take now"`
}

type caseCounts struct {
	Returns    int `json:"returns"`
	Reworks    int `json:"reworks"`
	Reopens    int `json:"reopens"`
	Extensions int `json:"extensions"`
	Urges      int `json:"urges"`
	Overdue    int `json:"overdue"`
}

type intakeResponse struct {
	Case     caseJSON `json:"case"`
	TrackKey string   `json:"track_key" doc:"With the ticket, opens the public tracking page"`
	TrackURL string   `json:"track_url"`
	Repeat   bool     `json:"repeat" doc:"True when this was a retry or a repeated alarm: no new case was opened"`
}

type caseListResponse struct {
	Items []caseJSON `json:"items"`
	Next  string     `json:"next,omitempty" doc:"Pass as after for the next page"`
}

type caseEventJSON struct {
	ID         int64     `json:"id"`
	Action     string    `json:"action"`
	ActionName string    `json:"action_name"`
	From       string    `json:"from,omitempty"`
	To         string    `json:"to"`
	Public     bool      `json:"public" doc:"Shown to the reporter"`
	Actor      string    `json:"actor"`
	ActorName  string    `json:"actor_name,omitempty"`
	Role       string    `json:"role,omitempty"`
	Note       string    `json:"note,omitempty"`
	Detail     string    `json:"detail,omitempty" doc:"JSON with the step's particulars"`
	At         time.Time `json:"at"`
}

type caseStepRequest struct {
	Version  int            `json:"version" doc:"The version read; a stale one is refused"`
	Note     string         `json:"note,omitempty" doc:"Reason, feedback or comment; required where the step asks why"`
	Triage   string         `json:"triage,omitempty" doc:"triage, register"`
	UnitID   int64          `json:"unit_id,omitempty" doc:"dispatch: the unit (大事)"`
	NodeID   int64          `json:"node_id,omitempty" doc:"dispatch: the community handling it itself (小事); locate: a grid"`
	MasterID int64          `json:"master_id,omitempty" doc:"merge: the case this one duplicates"`
	Amount   int            `json:"amount,omitempty" doc:"request_extension: how much longer"`
	Unit     string         `json:"unit,omitempty" doc:"request_extension: working_hours, working_days or natural_hours"`
	Rating   string         `json:"rating,omitempty" doc:"rate: satisfied, fairly or dissatisfied"`
	Location *casePointJSON `json:"location,omitempty" doc:"locate: where the case is"`
	Address  string         `json:"address,omitempty" doc:"locate"`
	Photos   []photoJSON    `json:"photos,omitempty" doc:"Photos of the step (handling before/after, verification)"`
}

type trackStepJSON struct {
	Text string    `json:"text"`
	At   time.Time `json:"at"`
}

type trackResponse struct {
	Ticket       string           `json:"ticket"`
	Status       string           `json:"status"`
	StatusText   string           `json:"status_text" doc:"In plain words"`
	CategoryName string           `json:"category_name"`
	Description  string           `json:"description"`
	ReportedAt   time.Time        `json:"reported_at"`
	Steps        []trackStepJSON  `json:"steps"`
	Photos       []trackPhotoJSON `json:"photos" doc:"The photos sent with the report, and no others; their addresses carry the key"`
	CanRate      bool             `json:"can_rate"`
}

type trackPhotoJSON struct {
	URL      string `json:"url"`
	ThumbURL string `json:"thumb_url" doc:"A JPEG of at most 320 pixels a side"`
}

func (s *Server) casesAPIRoutes() []route {
	rs := []route{
		publicAPI("POST", "/api/v1/cases", s.apiReportCase, apiDoc{
			Summary: "Report a problem (any channel but sensors); anyone may report as a resident, signed in or not",
			Tag:     "cases", Request: caseReportRequest{}, Response: intakeResponse{}, Status: http.StatusCreated}),
		publicAPI("POST", "/api/v1/cases/similar", s.apiSimilarDraft, apiDoc{
			Summary: "Open cases nearby in the same category with alike text, for a report being written (possible duplicates); " +
				"anyone may ask, staff who may open a case get its id and page", Tag: "cases",
			Request: similarDraftRequest{}, Response: similarDraftResponse{}}),
		api("POST", "/api/v1/sensor/alarms", account.CaseSensor, s.apiSensorAlarm, apiDoc{
			Summary: "A sensor alarm; repeats from one device for one open problem attach to its case",
			Tag:     "cases", Request: sensorAlarmRequest{}, Response: intakeResponse{}, Status: http.StatusCreated}),
		api("GET", "/api/v1/cases", account.CaseView, s.apiListCases, apiDoc{
			Summary: "A work queue: the cases in the caller's reach, newest first or soonest due", Tag: "cases",
			Response: caseListResponse{}, Query: []param{
				{"queue", "string", "review, dispatch, acknowledge, in_progress, verify, visit, overdue, supervised, unlocated, open or empty for all"},
				{"node_id", "integer", "A place: its whole subtree"}, {"category_id", "integer", ""}, {"unit_id", "integer", ""},
				{"status", "string", ""}, {"source", "string", ""}, {"triage", "string", ""}, {"light", "string", "yellow or red"},
				{"from", "string", "Reported on or after this date (YYYY-MM-DD)"}, {"to", "string", "Reported on or before this date"},
				{"sort", "string", "due: soonest due first"}, {"after", "integer", "The next value of the page before"},
				{"limit", "integer", "At most 200; default 50"}}}),
		api("GET", "/api/v1/cases/{id}", account.CaseView, s.apiGetCase, apiDoc{
			Summary: "One case with the steps the caller may take", Tag: "cases", Response: caseJSON{}}),
		api("GET", "/api/v1/cases/{id}/events", account.CaseView, s.apiCaseEvents, apiDoc{
			Summary: "A case's timeline, oldest first", Tag: "cases", Response: []caseEventJSON{}}),
		api("GET", "/api/v1/cases/{id}/similar", account.CaseView, s.apiSimilarCases, apiDoc{
			Summary: "Open cases nearby in the same category with alike descriptions (possible duplicates)", Tag: "cases",
			Response: []caseJSON{}}),
		publicAPI("GET", "/api/v1/track/{ticket}", s.apiTrack, apiDoc{
			Summary: "A case's progress in plain words, for its reporter (with key, or signed in as the reporter)", Tag: "cases",
			Response: trackResponse{}, Query: []param{{"key", "string", "The track key given at intake"}}}),
	}
	for _, a := range cases.Actions {
		rs = append(rs, api("POST", "/api/v1/cases/{id}/"+strings.ReplaceAll(string(a), "_", "-"), account.CaseView, s.apiStep(a), apiDoc{
			Summary: "Step: " + i18n.T(i18n.EN, a.Key()) + " (" + i18n.T(i18n.ZH, a.Key()) + ")", Tag: "cases",
			Request: caseStepRequest{}, Response: caseJSON{}}))
	}
	return rs
}

func (s *Server) caseJSON(r *http.Request, c *cases.Case) caseJSON {
	ctx, lang, p := r.Context(), state(r).lang, principal(r)
	out := caseJSON{ID: c.ID, Ticket: c.Ticket, Status: string(c.Status), StatusName: i18n.T(lang, c.Status.Key()), Source: string(c.Source),
		CategoryID: c.CategoryID, CategoryName: s.categoryName(ctx, c.CategoryID), Triage: string(c.Triage), Priority: string(c.Priority),
		Description: c.Description, Address: c.Address, Location: c.Location, Located: c.Located, NodeID: c.NodeID,
		ReporterName: c.ReporterName, ReporterPhone: c.ReporterPhone, Anonymous: c.Anonymous, DeviceID: c.DeviceID,
		AlarmCount: c.AlarmCount, UnitID: c.AssigneeUnitID, HandlingNodeID: c.AssigneeNodeID, DispatchReason: c.DispatchReason,
		MasterID: c.MasterID, Closure: string(c.Closure), Stage: string(c.Stage), WarnAt: c.WarnAt, DueAt: c.DueAt,
		Light: string(c.Light(s.db.Clock().Now())), Supervising: c.Supervising, Pending: string(c.Pending),
		Counts: caseCounts{Returns: c.ReturnCount, Reworks: c.ReworkCount, Reopens: c.ReopenCount, Extensions: c.ExtensionCount,
			Urges: c.UrgeCount, Overdue: c.OverdueCount},
		Rating: string(c.Rating), RatingComment: c.RatingComment, ReportedAt: c.ReportedAt, RegisteredAt: c.RegisteredAt,
		DispatchedAt: c.DispatchedAt, AcknowledgedAt: c.AcknowledgedAt, HandledAt: c.HandledAt, VerifiedAt: c.VerifiedAt,
		ClosedAt: c.ClosedAt, RatedAt: c.RatedAt, UpdatedAt: c.Updated, Version: c.Version, Actions: []string{}}
	if n, err := s.db.NodeByID(ctx, c.NodeID); err == nil {
		out.NodeName = n.Name
	}
	if c.AssigneeUnitID != 0 {
		if u, err := s.db.UnitByID(ctx, c.AssigneeUnitID); err == nil {
			out.UnitName = u.Name
		}
	}
	if p != nil && p.Can(account.CaseView) {
		for _, a := range cases.Available(p, c) {
			out.Actions = append(out.Actions, string(a))
		}
	}
	return out
}

// idempotencyKey is the body's key, or the Idempotency-Key header's.
func idempotencyKey(r *http.Request, body string) string {
	if body != "" {
		return body
	}
	return strings.TrimSpace(r.Header.Get("Idempotency-Key"))
}

func (s *Server) apiReportCase(w http.ResponseWriter, r *http.Request) error {
	var req caseReportRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if req.Source == "" {
		req.Source = string(cases.FromResident)
	}
	if cases.Source(req.Source) == cases.FromSensor {
		return errs.FieldInvalid("source", "err.case_source_forbidden")
	}
	var v errs.Validation
	rep := cases.Report{Source: cases.Source(req.Source), CategoryID: req.CategoryID, Description: req.Description,
		Priority: cases.Priority(req.Priority), Address: req.Address, Location: req.Location.wgs84(&v, "location"), PlateCode: req.PlateCode,
		Photos: photoRefs(req.Photos), ReporterName: req.ReporterName, ReporterPhone: req.ReporterPhone, Anonymous: req.Anonymous,
		SelfHandled: req.SelfHandled, HandleNote: req.HandleNote, AfterPhotos: photoRefs(req.AfterPhotos),
		IdempotencyKey: idempotencyKey(r, req.IdempotencyKey)}
	if err := v.Err(); err != nil {
		return err
	}
	return s.intake(w, r, rep)
}

// intake takes a report through placing and storage and answers with its case.
func (s *Server) intake(w http.ResponseWriter, r *http.Request, rep cases.Report) error {
	p := principal(r)
	if p == nil {
		p = &account.Principal{IP: state(r).ip}
		if !s.intakeLimiter.allow("intake:" + state(r).ip) {
			return errs.E(errs.TooMany, "err.too_many_requests")
		}
	}
	if err := rep.Validate(p); err != nil {
		return err
	}
	if err := s.placeReport(r.Context(), &rep); err != nil {
		return err
	}
	in, err := s.db.Report(r.Context(), p, rep)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if in.Repeat {
		status = http.StatusOK
	}
	w.Header().Set("Location", "/api/v1/cases/"+strconv.FormatInt(in.Case.ID, 10))
	writeJSON(w, status, intakeResponse{Case: s.caseJSON(r, in.Case), TrackKey: in.TrackKey,
		TrackURL: "/t/" + in.Case.Ticket + "?k=" + in.TrackKey, Repeat: in.Repeat})
	return nil
}

func (s *Server) apiSensorAlarm(w http.ResponseWriter, r *http.Request) error {
	var req sensorAlarmRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	var v errs.Validation
	cat, ok := s.alarmCategory(r.Context(), req.AlarmType)
	v.Check(ok, "alarm_type", "err.choose_one")
	loc := req.Location.wgs84(&v, "location")
	if err := v.Err(); err != nil {
		return err
	}
	desc := strings.TrimSpace(req.Description)
	if desc == "" {
		desc = s.categoryName(r.Context(), cat)
	}
	return s.intake(w, r, cases.Report{Source: cases.FromSensor, CategoryID: cat, Description: desc, Location: loc,
		PlateCode: req.PlateCode, Address: req.Address, DeviceID: req.DeviceID, AlarmType: req.AlarmType,
		IdempotencyKey: idempotencyKey(r, req.IdempotencyKey)})
}

// caseFilter reads a queue's filter from the query string.
func caseFilter(r *http.Request) (store.CaseFilter, error) {
	q := r.URL.Query()
	var v errs.Validation
	f := store.CaseFilter{Queue: store.Queue(q.Get("queue")), Status: cases.Status(q.Get("status")), Source: cases.Source(q.Get("source")),
		Triage: cases.Triage(q.Get("triage")), Light: cases.Light(q.Get("light")), Sort: q.Get("sort")}
	v.Check(f.Queue.Valid(), "queue", "err.choose_one")
	v.Check(f.Status == "" || f.Status.Valid(), "status", "err.choose_one")
	v.Check(f.Source == "" || f.Source.Valid(), "source", "err.choose_one")
	v.Check(f.Triage == "" || f.Triage.Valid(), "triage", "err.choose_one")
	v.Check(f.Light == "" || f.Light == cases.Yellow || f.Light == cases.Red, "light", "err.choose_one")
	v.Check(f.Sort == "" || f.Sort == "due", "sort", "err.choose_one")
	ids := map[string]*int64{"node_id": &f.NodeID, "category_id": &f.CategoryID, "unit_id": &f.UnitID, "after": &f.After}
	for name, dst := range ids {
		if s := q.Get(name); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if v.Check(err == nil && n > 0, name, "err.number") {
				*dst = n
			}
		}
	}
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if v.Check(err == nil && n > 0 && n <= store.MaxCasePage, "limit", "err.range", 1, store.MaxCasePage) {
			f.Limit = n
		}
	}
	day := func(name string) time.Time {
		s := strings.TrimSpace(q.Get(name))
		if s == "" {
			return time.Time{}
		}
		t, err := time.ParseInLocation("2006-01-02", s, calendar.Location)
		v.Check(err == nil, name, "err.date")
		return t
	}
	f.From, f.To = day("from"), day("to")
	if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		v.Add("to", "err.date_order")
	}
	return f, v.Err()
}

func (s *Server) apiListCases(w http.ResponseWriter, r *http.Request) error {
	f, err := caseFilter(r)
	if err != nil {
		return err
	}
	rows, more, err := s.db.ListCases(r.Context(), principal(r), f)
	if err != nil {
		return err
	}
	out := caseListResponse{Items: make([]caseJSON, 0, len(rows))}
	for _, c := range rows {
		out.Items = append(out.Items, s.caseJSON(r, c))
	}
	if more && f.Sort == "" {
		out.Next = strconv.FormatInt(rows[len(rows)-1].ID, 10)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) caseFromPath(r *http.Request) (*cases.Case, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.db.Case(r.Context(), principal(r), id)
}

func (s *Server) apiGetCase(w http.ResponseWriter, r *http.Request) error {
	c, err := s.caseFromPath(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.caseJSON(r, c))
	return nil
}

func (s *Server) apiCaseEvents(w http.ResponseWriter, r *http.Request) error {
	c, err := s.caseFromPath(r)
	if err != nil {
		return err
	}
	evs, err := s.db.CaseEvents(r.Context(), principal(r), c, false)
	if err != nil {
		return err
	}
	lang := state(r).lang
	out := make([]caseEventJSON, 0, len(evs))
	for _, e := range evs {
		out = append(out, caseEventJSON{ID: e.ID, Action: string(e.Action), ActionName: i18n.T(lang, e.Action.Key()), From: string(e.From),
			To: string(e.To), Public: e.Public, Actor: e.Actor, ActorName: e.ActorName, Role: string(e.Role), Note: e.Note, Detail: e.Detail, At: e.At})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiSimilarCases(w http.ResponseWriter, r *http.Request) error {
	c, err := s.caseFromPath(r)
	if err != nil {
		return err
	}
	sim, err := s.db.SimilarCases(r.Context(), principal(r), c)
	if err != nil {
		return err
	}
	out := make([]caseJSON, 0, len(sim))
	for _, o := range sim {
		out = append(out, s.caseJSON(r, o))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiStep answers the route of one action.
func (s *Server) apiStep(a cases.Action) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		var req caseStepRequest
		if err := decodeJSON(r, &req); err != nil {
			return err
		}
		var v errs.Validation
		st := cases.Step{Action: a, Version: req.Version, Note: strings.TrimSpace(req.Note), Triage: cases.Triage(req.Triage),
			UnitID: req.UnitID, NodeID: req.NodeID, MasterID: req.MasterID, Rating: cases.Rating(req.Rating),
			Limit: calendar.Limit{Amount: req.Amount, Unit: calendar.Unit(req.Unit)}, Address: strings.TrimSpace(req.Address),
			Location: req.Location.wgs84(&v, "location")}
		v.Check(req.Version > 0, "version", "err.required")
		if err := v.Err(); err != nil {
			return err
		}
		if a == cases.ActLocate && st.Location != nil && st.NodeID == 0 {
			id, _, ok, err := s.db.LocatePoint(r.Context(), *st.Location)
			if err != nil {
				return err
			}
			if ok {
				st.NodeID = id
			}
		}
		c, err := s.db.Act(r.Context(), principal(r), id, st, photoRefs(req.Photos))
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, s.caseJSON(r, c))
		return nil
	}
}

func (s *Server) apiTrack(w http.ResponseWriter, r *http.Request) error {
	c, err := s.db.CaseByTicket(r.Context(), principal(r), r.PathValue("ticket"), r.URL.Query().Get("key"))
	if err != nil {
		return err
	}
	evs, err := s.db.CaseEvents(r.Context(), principal(r), c, true)
	if err != nil {
		return err
	}
	lang := state(r).lang
	out := trackResponse{Ticket: c.Ticket, Status: string(c.Status), StatusText: i18n.T(lang, c.Status.PublicKey()),
		CategoryName: s.categoryName(r.Context(), c.CategoryID), Description: c.Description, ReportedAt: c.ReportedAt,
		Steps: []trackStepJSON{}, CanRate: c.Status == cases.Closed && c.Closure != cases.WithMaster}
	for _, e := range evs {
		out.Steps = append(out.Steps, trackStepJSON{Text: i18n.T(lang, e.Action.PublicKey()), At: e.At})
	}
	photos, err := s.db.ReportPhotos(r.Context(), c)
	if err != nil {
		return err
	}
	out.Photos = []trackPhotoJSON{}
	key := r.URL.Query().Get("key")
	for _, ph := range photos {
		out.Photos = append(out.Photos, trackPhotoJSON{URL: trackPhotoURL(c.Ticket, key, ph.ID, false), ThumbURL: trackPhotoURL(c.Ticket, key, ph.ID, true)})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
