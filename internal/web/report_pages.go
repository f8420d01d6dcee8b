package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// reportRoutes are the resident's side of the case loop: the report form anyone may
// fill in on a phone, signed in or not, and a signed-in resident's own reports. The
// tracking page is in track_pages.go.
func (s *Server) reportRoutes() []route {
	return []route{
		publicPage("GET", "/report", s.reportPage),
		publicPage("POST", "/report", s.reportSubmit),
		page("GET", "/my/reports", "", s.myReports),
	}
}

// reportFields are the report form's fields in page order (see formFields).
var reportFields = formFields{"source", "report.field.source", "category_id", "report.field.category", "description", "report.field.description",
	"plate_code", "report.field.plate", "location", "report.field.location", "address", "report.field.address",
	"photos", "report.field.photos", "self_handled", "report.field.self_handled", "handle_note", "report.field.handle_note",
	"after_photos", "report.field.after_photos", "reporter_name", "report.field.name", "reporter_phone", "report.field.phone"}

// reportGroup is one major class of the report form with its minor classes.
type reportGroup struct {
	Major   string
	Choices []categoryChoice
}

// reportData is what the report form shows.
type reportData struct {
	Groups     []reportGroup
	Plate      *store.PlateHouse // the scanned door plate, when it was found
	PlateCode  string            // the code as given (kept when the plate was not found)
	PlateLabel string            // its unit and room
	Key        string            // the idempotency key of this filling-in of the form
	Map        string            // JSON configuration for report.js
	Name       string            // a signed-in resident's name, to start with
	Channels   []cases.Source    // the channels a signed-in worker reports through, when more than the resident's
	SelfHandle bool              // the caller may solve a patrol report on the spot (自行处置)
	Staff      bool              // the caller may open cases: the suggestions nearby link to them
}

// reportChannels are the channels p may report through on this page, first the one it
// starts with: a grid worker reports from patrol, staff take hotline calls and
// assignments from above; residents and anonymous people have only their own.
func reportChannels(p *account.Principal) []cases.Source {
	var out []cases.Source
	for _, src := range []cases.Source{cases.FromPatrol, cases.FromHotline, cases.FromAssigned, cases.FromResident} {
		if (&cases.Report{Source: src}).SourceAllowed(p) {
			out = append(out, src)
		}
	}
	return out
}

// reportDoneData is what the page after a successful report shows.
type reportDoneData struct {
	Case     *cases.Case
	Category string
	TrackURL string
	Repeat   bool
	Mine     bool // a signed-in resident who finds it under "my reports"
}

// reportGroups lists the classes residents choose from, grouped by major class: events
// and facilities; the hotline's classes only for those who take hotline calls.
func (s *Server) reportGroups(ctx context.Context, hotline bool) ([]reportGroup, error) {
	all, err := s.categoryChoices(ctx, "")
	if err != nil {
		return nil, err
	}
	var out []reportGroup
	at := map[string]int{}
	for _, c := range all {
		if c.Kind == cases.HotlineKind && !hotline {
			continue
		}
		key := string(c.Kind) + "/" + c.Major
		i, ok := at[key]
		if !ok {
			i = len(out)
			at[key] = i
			out = append(out, reportGroup{Major: c.Major})
		}
		out[i].Choices = append(out[i].Choices, c)
	}
	return out, nil
}

// reportable reports whether a resident may choose the category id.
func reportable(groups []reportGroup, id int64) bool {
	for _, g := range groups {
		for _, c := range g.Choices {
			if c.ID == id {
				return true
			}
		}
	}
	return false
}

// newReportKey is the idempotency key written into a freshly rendered form.
func newReportKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// reportMapConfig is the JSON report.js reads: the tile server, if any, where the map
// starts, and the texts it shows.
func (s *Server) reportMapConfig(ctx context.Context, lang i18n.Lang) string {
	texts := map[string]string{}
	for _, k := range []string{"report.locating", "report.located", "report.location_denied", "report.location_failed",
		"report.location_none", "report.pinned", "report.draft_restored", "report.offline", "report.sending",
		"report.similar_ticket", "report.similar_distance", "report.similar_day", "report.similar_mine", "report.similar_track",
		"report.similar_open"} {
		texts[strings.TrimPrefix(k, "report.")] = i18n.T(lang, k)
	}
	cfg := map[string]any{"tiles": s.cfg.MapTiles, "attribution": s.cfg.MapAttribution, "texts": texts}
	if c := s.reportMapCentre(ctx); c != nil {
		cfg["centre"] = []float64{c.Lat, c.Lng}
	}
	b, _ := json.Marshal(cfg)
	return string(b)
}

// reportMapCentre is where the pin map starts: the middle of the first district (or
// street, or community) that has a boundary; nil when none has, or when no tile server
// is configured and the page offers no map.
func (s *Server) reportMapCentre(ctx context.Context) *geo.Point {
	if s.cfg.MapTiles == "" {
		return nil
	}
	sys := account.SystemPrincipal("report-map")
	for _, l := range []admin.Level{admin.District, admin.Street, admin.Community} {
		ns, err := s.db.Nodes(ctx, sys, store.NodeFilter{Level: l, Limit: 20})
		if err != nil {
			return nil
		}
		for _, n := range ns {
			if n.Boundary == "" {
				continue
			}
			g, err := geo.ParseGeoJSONGeometry([]byte(n.Boundary))
			if err != nil {
				continue
			}
			if m := geo.AsMultiPolygon(g); len(m) > 0 {
				c := m[0].BBox().Center()
				return &c
			}
		}
	}
	return nil
}

// reportPage is the empty report form; ?plate=CODE starts it from a scanned door plate.
func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) error {
	f := &form{Values: url.Values{}, Errors: map[string]string{}}
	if code := strings.TrimSpace(r.URL.Query().Get("plate")); code != "" {
		f.Values.Set("plate_code", code)
	}
	p := principal(r)
	if p != nil && p.Role == account.Resident {
		f.Values.Set("reporter_name", p.DisplayName)
	}
	if chs := reportChannels(p); len(chs) > 1 {
		f.Values.Set("source", string(chs[0]))
		if src := cases.Source(r.URL.Query().Get("source")); slices.Contains(chs, src) {
			f.Values.Set("source", string(src))
		}
	}
	return s.renderReport(w, r, http.StatusOK, f, newReportKey())
}

// renderReport shows the report form with what f holds.
func (s *Server) renderReport(w http.ResponseWriter, r *http.Request, status int, f *form, key string) error {
	ctx := r.Context()
	channels := reportChannels(principal(r))
	groups, err := s.reportGroups(ctx, slices.Contains(channels, cases.FromHotline))
	if err != nil {
		return err
	}
	d := reportData{Groups: groups, Key: key, Map: s.reportMapConfig(ctx, state(r).lang),
		SelfHandle: slices.Contains(channels, cases.FromPatrol), Staff: principal(r).Can(account.CaseView)}
	if len(channels) > 1 {
		d.Channels = channels
	}
	if code := f.Get("plate_code"); code != "" {
		d.PlateCode = code
		if norm, err := register.ParseHouseCode(code); err == nil {
			ph, err := s.db.HouseByCode(ctx, norm)
			switch {
			case err == nil:
				d.Plate, d.PlateCode, d.PlateLabel = ph, ph.Code, houseLabel(ph.Unit, ph.Room)
			case !errs.Is(err, errs.NotFound):
				return err
			}
		}
	}
	v := view{Title: "title.report", Section: "report", Data: d}
	if f.HasErrors() {
		v.Form, v.Fields = f, reportFields
	} else {
		v.Form = f // the values to start with, no errors
	}
	return s.renderCode(w, r, status, "report", v)
}

// reportFromForm reads the report a resident filled in; v collects what is wrong with
// fields the domain does not check (the category among the residents' classes, the
// point, the photos).
func reportFromForm(f *form, groups []reportGroup, v *errs.Validation) cases.Report {
	src := cases.FromResident
	if x := cases.Source(f.Get("source")); x != "" {
		src = x // the domain refuses a channel the caller may not use
	}
	rep := cases.Report{Source: src, Description: f.Raw("description"), Address: f.Get("address"),
		SelfHandled: f.Get("self_handled") != "", HandleNote: f.Get("handle_note"),
		ReporterName: f.Get("reporter_name"), ReporterPhone: f.Get("reporter_phone"),
		Anonymous: f.Get("anonymous") != "", IdempotencyKey: f.Get("idempotency_key")}
	if id := f.Get("category_id"); id != "" {
		n, err := strconv.ParseInt(id, 10, 64)
		if v.Check(err == nil && reportable(groups, n), "category_id", "err.case_category") {
			rep.CategoryID = n
		}
	}
	if code := f.Get("plate_code"); code != "" {
		norm, err := register.ParseHouseCode(code)
		if v.Check(err == nil, "plate_code", "err.case_plate") {
			rep.PlateCode = norm
		}
	}
	if lat, lng := f.Get("lat"), f.Get("lng"); lat != "" || lng != "" {
		y, err1 := strconv.ParseFloat(lat, 64)
		x, err2 := strconv.ParseFloat(lng, 64)
		if v.Check(err1 == nil && err2 == nil, "location", "err.case_location_range") {
			rep.Location = &geo.Point{Lng: x, Lat: y}
		}
	}
	var err error
	rep.Photos, err = formPhotos(f, "photos")
	mergeValidation(v, err)
	rep.AfterPhotos, err = formPhotos(f, "after_photos")
	mergeValidation(v, err)
	if rep.Anonymous {
		// Anonymous means nothing that names or reaches the reporter is kept.
		rep.ReporterName, rep.ReporterPhone = "", ""
	}
	return rep
}

// reportSubmit files the report: checked, placed by its door plate or point, then taken
// in. A retried submission (the same idempotency key) answers with the first case.
func (s *Server) reportSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	ctx, lang, p := r.Context(), state(r).lang, principal(r)
	key := f.Get("idempotency_key")
	if key == "" {
		key = newReportKey()
	}
	groups, err := s.reportGroups(ctx, slices.Contains(reportChannels(p), cases.FromHotline))
	if err != nil {
		return err
	}
	var v errs.Validation
	rep := reportFromForm(f, groups, &v)
	err = mergeValidation(&v, rep.Validate(p))
	if err == nil && rep.PlateCode != "" && rep.Address == "" {
		err = s.plateAddress(ctx, &rep)
	}
	if err == nil {
		err = s.placeReport(ctx, &rep)
	}
	var in *store.Intake
	if err == nil {
		in, err = s.db.Report(ctx, p, rep)
	}
	if err != nil {
		if !f.absorb(lang, err) {
			return err
		}
		return s.renderReport(w, r, statusFor(err), f, key)
	}
	c := in.Case
	d := reportDoneData{Case: c, Category: s.categoryName(ctx, c.CategoryID), Repeat: in.Repeat,
		TrackURL: trackURL(c.Ticket, in.TrackKey), Mine: p != nil && p.Role == account.Resident && c.ReporterUserID == p.UserID}
	return s.render(w, r, "report_done", view{Title: "title.report_done", Section: "report", Data: d})
}

// plateAddress writes the scanned door plate's address into the report as the plate
// page shows it ("平江路 3幢 2单元 502室"); an unknown plate is placeReport's to refuse.
func (s *Server) plateAddress(ctx context.Context, rep *cases.Report) error {
	ph, err := s.db.HouseByCode(ctx, rep.PlateCode)
	if errs.Is(err, errs.NotFound) {
		return nil
	} else if err != nil {
		return err
	}
	parts := []string{ph.Address}
	if ph.BuildingName != "" && !strings.Contains(ph.Address, ph.BuildingName) {
		parts = append(parts, ph.BuildingName)
	}
	rep.Address = strings.TrimSpace(strings.Join(append(parts, houseLabel(ph.Unit, ph.Room)), " "))
	return nil
}

// mergeValidation adds the field problems of err (a validation error) to v and returns
// v's error; any other error is returned as it is.
func mergeValidation(v *errs.Validation, err error) error {
	if err == nil {
		return v.Err()
	}
	e := errs.As(err)
	if e == nil || e.Code != errs.Invalid {
		return err
	}
	for _, fe := range e.Fields {
		if !v.Has(fe.Field) {
			v.Add(fe.Field, fe.Msg.Key, fe.Msg.Args...)
		}
	}
	return v.Err()
}

// myReportsData is a signed-in resident's own reports.
type myReportsData struct {
	Rows    []myReportRow
	NextURL string
}

type myReportRow struct {
	Case     *cases.Case
	Category string
	URL      string
}

// myReports lists the cases the signed-in resident reported under their name, newest
// first. Other accounts report for others, never as themselves: their list is empty.
func (s *Server) myReports(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	d := myReportsData{}
	if p.Role == account.Resident {
		after, err := queryInt(r, "after")
		if err != nil {
			return err
		}
		rows, more, err := s.db.ListCases(r.Context(), p, store.CaseFilter{ReporterID: p.UserID, Queue: store.QueueAll, After: after, Limit: 20})
		if err != nil {
			return err
		}
		for _, c := range rows {
			d.Rows = append(d.Rows, myReportRow{Case: c, Category: s.categoryName(r.Context(), c.CategoryID), URL: trackURL(c.Ticket, s.db.TrackKey(c.Ticket))})
		}
		if more && len(rows) > 0 {
			d.NextURL = "/my/reports?after=" + strconv.FormatInt(rows[len(rows)-1].ID, 10)
		}
	}
	return s.render(w, r, "report_mine", view{Title: "title.my_reports", Section: "report", Data: d})
}
