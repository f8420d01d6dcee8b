package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/indicators"
	"github.com/shequ-dev/shequ/internal/store"
)

// schemeData is the form of an area's weights for one kind of assessment.
type schemeData struct {
	Req       assessmentRequest
	Rows      []schemeRow
	Version   int
	Inherited string // the area whose scheme applies now, when not the area's own ("" for the default)
	Default   bool
	Back      string
	Total     int
}

// schemeRow is one figure a weight may be put on.
type schemeRow struct {
	Code, Name, Explain string
	Points              string
}

// weighable are the figures a kind's scheme may weigh: the shares, and for departments
// the communities' rating.
func weighable(cat indicators.Catalogue, a indicators.Assessed) []string {
	var out []string
	for _, d := range cat {
		if d.Unit == indicators.Percent {
			out = append(out, d.Code)
		}
	}
	if a == indicators.Departments {
		out = append(out, indicators.CommunityRating)
	}
	return out
}

func (s *Server) assessmentSchemePage(w http.ResponseWriter, r *http.Request) error {
	req, err := s.readAssessmentRequest(r, r.URL.Query())
	if err != nil {
		return err
	}
	scheme, err := s.db.AssessmentScheme(r.Context(), principal(r), req.Node.ID, req.Assessed)
	if err != nil {
		return err
	}
	f := &form{Values: map[string][]string{}, Errors: map[string]string{}}
	for _, wt := range scheme.Weights {
		f.Values.Set("points."+wt.Indicator, strconv.Itoa(wt.Points))
	}
	f.Values.Set("version", strconv.Itoa(scheme.Version))
	return s.renderScheme(w, r, http.StatusOK, req, scheme, f)
}

func (s *Server) renderScheme(w http.ResponseWriter, r *http.Request, status int, req assessmentRequest, scheme *store.AssessmentScheme, f *form) error {
	lang := state(r).lang
	catalogue, err := s.catalogue(r)
	if err != nil {
		return err
	}
	d := schemeData{Req: req, Version: scheme.Version, Default: scheme.NodeID == 0,
		Back: "/assessment?" + assessmentQuery(req.Node, req.Assessed, req.Month)}
	if scheme.NodeID != 0 && scheme.NodeID != req.Node.ID {
		if n, err := s.db.Node(r.Context(), principal(r), scheme.NodeID); err == nil {
			d.Inherited = n.Name
		}
	}
	for _, code := range weighable(catalogue, req.Assessed) {
		row := schemeRow{Code: code, Name: weightName(catalogue, lang, code), Points: f.Get("points." + code)}
		if def := catalogue.ByCode(code); def != nil {
			row.Explain = def.ExplainZH
			if lang == i18n.EN {
				row.Explain = def.ExplainEN
			}
		} else {
			row.Explain = i18n.T(lang, "assess.community_rating_explain")
		}
		if n, err := strconv.Atoi(row.Points); err == nil {
			d.Total += n
		}
		d.Rows = append(d.Rows, row)
	}
	fields := formFields{"weights", "assess.weights"}
	for _, row := range d.Rows {
		fields = append(fields, "points."+row.Code, row.Name)
	}
	return s.renderCode(w, r, status, "assessment_scheme", view{Title: "title.assessment_scheme", Section: "dashboard", Form: f,
		Fields: fields, Data: d})
}

func (s *Server) assessmentSchemeSave(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	req, err := s.readAssessmentRequest(r, f.Values)
	if err != nil {
		return err
	}
	lang := state(r).lang
	catalogue, err := s.catalogue(r)
	if err != nil {
		return err
	}
	in := indicators.SchemeInput{Assessed: string(req.Assessed)}
	var codes []string // the code of each weight, to put its messages on its field
	var v errs.Validation
	for _, code := range weighable(catalogue, req.Assessed) {
		text := f.Get("points." + code)
		if text == "" {
			continue
		}
		n, err := strconv.Atoi(text)
		if !v.Check(err == nil, "points."+code, "err.number") {
			continue
		}
		in.Weights = append(in.Weights, indicators.Weight{Indicator: code, Points: n})
		codes = append(codes, code)
	}
	version, err := strconv.Atoi(f.Get("version"))
	if err != nil {
		v.Add("version", "err.required")
	}
	err = v.Err()
	if err == nil {
		err = s.db.SaveAssessmentScheme(r.Context(), principal(r), req.Node.ID, in, version)
	}
	if err != nil {
		if !f.absorb(lang, err) {
			return err
		}
		for k, msg := range f.Errors { // weights.2.points → points.<the third weight's code>
			if rest, ok := strings.CutPrefix(k, "weights."); ok {
				if i, err := strconv.Atoi(strings.SplitN(rest, ".", 2)[0]); err == nil && i < len(codes) {
					delete(f.Errors, k)
					f.Errors["points."+codes[i]] = msg
				}
			}
		}
		if msg, ok := f.Errors["version"]; ok {
			f.Error = msg
			delete(f.Errors, "version")
		}
		scheme, serr := s.db.AssessmentScheme(r.Context(), principal(r), req.Node.ID, req.Assessed)
		if serr != nil {
			return serr
		}
		return s.renderScheme(w, r, statusFor(err), req, scheme, f)
	}
	flash(w, "success", "flash.assess_scheme_saved")
	return redirect(w, r, "/assessment?"+assessmentQuery(req.Node, req.Assessed, req.Month))
}

// ratingsData is a community's form of its monthly ratings of the units embedded in it.
type ratingsData struct {
	Community string
	Month     store.Month
	MonthText string
	Months    []store.Month // the months it may rate: this one and the last
	Units     []ratingRow
}

type ratingRow struct {
	ID         int64
	Name, Area string
}

// ratingsCommunity is the community a community's staff rate for: their own.
func (s *Server) ratingsCommunity(r *http.Request) (int64, error) {
	p := principal(r)
	root, err := s.db.ScopeRoot(r.Context(), p)
	if err != nil {
		return 0, err
	}
	if root == nil {
		return 0, errs.FieldInvalid("node_id", "err.rating_community")
	}
	return root.ID, nil
}

func ratingMonth(s *Server, v string) (store.Month, error) {
	if v == "" {
		return store.MonthOf(s.db.Clock().Now()).Previous(), nil
	}
	return store.ParseMonth(v, "month")
}

func (s *Server) ratingsPage(w http.ResponseWriter, r *http.Request) error {
	m, err := ratingMonth(s, r.URL.Query().Get("month"))
	if err != nil {
		return err
	}
	units, d, err := s.ratingsData(r, m)
	if err != nil {
		return err
	}
	f := &form{Values: map[string][]string{"month": {m.String()}}, Errors: map[string]string{}}
	for _, u := range units {
		if u.Rated {
			f.Values.Set("points."+strconv.FormatInt(u.Unit.ID, 10), strconv.Itoa(u.Points))
		}
		f.Values.Set("note."+strconv.FormatInt(u.Unit.ID, 10), u.Note)
	}
	return s.renderRatings(w, r, http.StatusOK, d, f)
}

func (s *Server) ratingsData(r *http.Request, m store.Month) ([]store.RatingUnit, ratingsData, error) {
	id, err := s.ratingsCommunity(r)
	if err != nil {
		return nil, ratingsData{}, err
	}
	units, err := s.db.CommunityRatings(r.Context(), principal(r), id, m)
	if err != nil {
		return nil, ratingsData{}, err
	}
	now := store.MonthOf(s.db.Clock().Now())
	d := ratingsData{Month: m, Months: []store.Month{now.Previous(), now}}
	d.MonthText = (assessmentRequest{Month: m}).period().Label(string(state(r).lang))
	if n, err := s.db.Node(r.Context(), principal(r), id); err == nil {
		d.Community = n.Name
	}
	for _, u := range units {
		d.Units = append(d.Units, ratingRow{ID: u.Unit.ID, Name: u.Unit.Name, Area: u.Unit.NodeName})
	}
	return units, d, nil
}

func (s *Server) renderRatings(w http.ResponseWriter, r *http.Request, status int, d ratingsData, f *form) error {
	fields := formFields{"month", "assess.month"}
	for _, u := range d.Units {
		id := strconv.FormatInt(u.ID, 10)
		fields = append(fields, "points."+id, u.Name, "note."+id, u.Name)
	}
	return s.renderCode(w, r, status, "assessment_ratings", view{Title: "title.assessment_ratings", Section: "dashboard", Form: f,
		Fields: fields, Data: d})
}

func (s *Server) ratingsSave(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	lang := state(r).lang
	m, err := store.ParseMonth(f.Get("month"), "month")
	if err != nil {
		return err
	}
	id, err := s.ratingsCommunity(r)
	if err != nil {
		return err
	}
	_, d, err := s.ratingsData(r, m)
	if err != nil {
		return err
	}
	var in []store.RatingInput
	var v errs.Validation
	for _, u := range d.Units {
		key := strconv.FormatInt(u.ID, 10)
		x := store.RatingInput{UnitID: u.ID, Note: f.Get("note." + key)}
		if text := f.Get("points." + key); text != "" {
			n, err := strconv.Atoi(text)
			if !v.Check(err == nil, "points."+key, "err.number") {
				continue
			}
			x.Points = &n
		}
		in = append(in, x)
	}
	err = v.Err()
	if err == nil {
		err = s.db.RateUnits(r.Context(), principal(r), id, m, in)
	}
	if err != nil {
		if !f.absorb(lang, err) {
			return err
		}
		for k, msg := range f.Errors { // ratings.1.points → points.<the second unit's id>
			if rest, ok := strings.CutPrefix(k, "ratings."); ok {
				parts := strings.SplitN(rest, ".", 2)
				if i, err := strconv.Atoi(parts[0]); err == nil && i < len(in) && len(parts) == 2 {
					delete(f.Errors, k)
					f.Errors[parts[1]+"."+strconv.FormatInt(in[i].UnitID, 10)] = msg
				}
			}
		}
		return s.renderRatings(w, r, statusFor(err), d, f)
	}
	flash(w, "success", "flash.assess_ratings_saved")
	return redirect(w, r, "/assessment/ratings?month="+m.String())
}
