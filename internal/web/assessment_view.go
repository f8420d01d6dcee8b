package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/indicators"
	"github.com/shequ-dev/shequ/internal/store"
)

// assessmentPageData is the monthly assessment page.
type assessmentPageData struct {
	*assessment
	Kinds       []assessmentTab
	MonthText   string
	Prev, Next  string
	Heads       []assessmentHead
	Rows        []assessmentRow
	Adjust      []adjustmentRow
	CanManage   bool
	CanPublish  bool
	MonthOver   bool
	Export      string
	SchemeURL   string
	RatingsURL  string // a community's staff: where they rate the units embedded in it
	PublishedAt string
	Failed      bool
}

type assessmentTab struct {
	Key, Href string
	Active    bool
}

type assessmentHead struct {
	Name, Explain string
	Points        int
}

type assessmentRow struct {
	Rank  int
	Name  string
	Score string
	Cells []assessmentCell
}

// assessmentCell is one weighted figure of a body: the figure, what it added to the
// score, and the cases behind it.
type assessmentCell struct {
	Text, Contribution, Href string
	LeftOut                  bool
}

type adjustmentRow struct {
	Name, Indicator, Was, Now, ScoreWas, ScoreNow string
}

// weightName is the name of what a weight is on: an indicator, or the communities' rating.
func weightName(cat indicators.Catalogue, lang i18n.Lang, code string) string {
	if code == indicators.CommunityRating {
		return i18n.T(lang, "assess.community_rating")
	}
	if d := cat.ByCode(code); d != nil {
		return d.Name(string(lang))
	}
	return code
}

// partText is a weighted figure as the page shows it.
func partText(cat indicators.Catalogue, lang i18n.Lang, code string, v indicators.Value) string {
	if v.Undefined {
		return "—"
	}
	if code == indicators.CommunityRating {
		return i18n.T(lang, "assess.points_value", hundredths(v.Hundredths))
	}
	if d := cat.ByCode(code); d != nil {
		return d.Format(v, string(lang))
	}
	return hundredths(v.Hundredths)
}

// hundredths writes a figure in hundredths with two decimals: 8550 is "85.50".
func hundredths(h int64) string {
	sign := ""
	if h < 0 {
		sign, h = "-", -h
	}
	return fmt.Sprintf("%s%d.%02d", sign, h/100, h%100)
}

func scoreText(s indicators.Score) string {
	if s.Undefined {
		return "—"
	}
	return hundredths(s.Hundredths)
}

// assessmentQuery is the page's query for a kind and month of the same area.
func assessmentQuery(node *admin.Node, a indicators.Assessed, m store.Month) string {
	q := url.Values{"assessed": {string(a)}, "month": {m.String()}}
	if node != nil {
		q.Set("node_id", strconv.FormatInt(node.ID, 10))
	}
	return q.Encode()
}

func (s *Server) assessmentPage(w http.ResponseWriter, r *http.Request) error {
	st := state(r)
	f := &form{Values: r.URL.Query(), Errors: map[string]string{}}
	d := assessmentPageData{assessment: &assessment{}}
	req, err := s.readAssessmentRequest(r, r.URL.Query())
	if err == nil {
		d.assessment, err = s.assess(r, req)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		d.Failed = true
		return s.renderCode(w, r, statusFor(err), "assessment", view{Title: "title.assessment", Section: "dashboard", Form: f,
			Fields: assessmentFields, Data: d})
	}
	s.fillAssessmentPage(r, &d)
	return s.render(w, r, "assessment", view{Title: "title.assessment", Section: "dashboard", Form: f, Fields: assessmentFields, Data: d})
}

// assessmentFields are the month form's fields.
var assessmentFields = formFields{"month", "assess.month", "assessed", "assess.kind", "node_id", "dash.area"}

func (s *Server) fillAssessmentPage(r *http.Request, d *assessmentPageData) {
	st := state(r)
	lang, a := st.lang, d.assessment
	for _, k := range indicators.AssessedKinds {
		d.Kinds = append(d.Kinds, assessmentTab{Key: "assess.kind." + string(k), Href: "/assessment?" + assessmentQuery(a.Node, k, a.Month),
			Active: k == a.Assessed})
	}
	d.MonthText = a.period().Label(string(lang))
	d.Prev = "/assessment?" + assessmentQuery(a.Node, a.Assessed, a.Month.Previous())
	now := store.MonthOf(s.db.Clock().Now())
	if a.Month < now {
		next := a.Month + 1
		if next%100 == 13 {
			next = next - 12 + 100
		}
		d.Next = "/assessment?" + assessmentQuery(a.Node, a.Assessed, next)
	}
	d.MonthOver = a.Month < now
	d.CanManage = st.p.Can(account.AssessmentManage)
	d.CanPublish = d.CanManage && d.MonthOver && a.Published == nil
	d.Export = "/assessment/export.xlsx?" + assessmentQuery(a.Node, a.Assessed, a.Month)
	d.SchemeURL = "/assessment/scheme?" + assessmentQuery(a.Node, a.Assessed, a.Month)
	if d.CanManage && a.Node.Level == admin.Community && st.p.ScopePath == a.Node.Path {
		d.RatingsURL = "/assessment/ratings?month=" + a.Month.String()
	}
	if a.Published != nil {
		d.PublishedAt = fmtTime(a.Published.PublishedAt)
	}
	for _, w := range a.Scheme {
		h := assessmentHead{Name: weightName(a.figures.Catalogue, lang, w.Indicator), Points: w.Points}
		if def := a.figures.Catalogue.ByCode(w.Indicator); def != nil {
			h.Explain = def.ExplainZH
			if lang == i18n.EN {
				h.Explain = def.ExplainEN
			}
		} else {
			h.Explain = i18n.T(lang, "assess.community_rating_explain")
		}
		d.Heads = append(d.Heads, h)
	}
	for _, res := range a.Results {
		row := assessmentRow{Rank: res.Rank, Name: res.Name, Score: scoreText(res.Score)}
		for _, p := range res.Score.Parts {
			c := assessmentCell{Text: partText(a.figures.Catalogue, lang, p.Indicator, p.Value), LeftOut: p.LeftOut}
			if !p.LeftOut {
				c.Contribution = hundredths(p.Contribution)
			}
			if p.Indicator != indicators.CommunityRating {
				c.Href = "/dashboard/cases?" + a.figures.casesQuery(p.Indicator, res.Key)
			}
			row.Cells = append(row.Cells, c)
		}
		d.Rows = append(d.Rows, row)
	}
	for _, x := range a.Adjustments {
		row := adjustmentRow{Name: x.Name, ScoreWas: scoreText(x.ScoreWas), ScoreNow: scoreText(x.ScoreNow)}
		if x.Indicator != "" {
			row.Indicator = weightName(a.figures.Catalogue, lang, x.Indicator)
			row.Was = partText(a.figures.Catalogue, lang, x.Indicator, x.Was) + " (" + strconv.FormatInt(x.Was.Num, 10) + "/" + strconv.FormatInt(x.Was.Den, 10) + ")"
			row.Now = partText(a.figures.Catalogue, lang, x.Indicator, x.Now) + " (" + strconv.FormatInt(x.Now.Num, 10) + "/" + strconv.FormatInt(x.Now.Den, 10) + ")"
		} else {
			row.Indicator = i18n.T(lang, "assess.new_body")
		}
		d.Adjust = append(d.Adjust, row)
	}
}

// assessmentPublish freezes the month shown as it is computed now.
func (s *Server) assessmentPublish(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	a, err := s.assessmentOf(r, f.Values)
	if err != nil {
		return err
	}
	req := a.assessmentRequest
	back := "/assessment?" + assessmentQuery(req.Node, req.Assessed, req.Month)
	if a.Published != nil {
		flash(w, "error", "flash.assess_already_published")
		return redirect(w, r, back)
	}
	err = s.db.PublishAssessment(r.Context(), principal(r), &store.AssessmentReport{NodeID: req.Node.ID, Assessed: req.Assessed,
		Month: req.Month, Scheme: a.Scheme, Results: a.Results})
	if err != nil {
		return err
	}
	flash(w, "success", "flash.assess_published")
	return redirect(w, r, back)
}
