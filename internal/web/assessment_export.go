package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/indicators"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// assessmentExport writes the month's report as a workbook, row for row the page's
// ranking: rank, name, score, and for each weight its figure, numerator, denominator,
// points and what it added; a published month as published.
func (s *Server) assessmentExport(w http.ResponseWriter, r *http.Request) error {
	a, err := s.assessmentOf(r, r.URL.Query())
	if err != nil {
		return err
	}
	req := a.assessmentRequest
	lang := state(r).lang
	state := i18n.T(lang, "assess.live")
	if a.Published != nil {
		state = i18n.T(lang, "assess.published_short")
	}
	head := []string{i18n.T(lang, "assess.rank"), i18n.T(lang, "assess.name"), i18n.T(lang, "assess.score")}
	numbers := []bool{true, false, true}
	for _, wt := range a.Scheme {
		n := weightName(a.figures.Catalogue, lang, wt.Indicator)
		head = append(head, n, i18n.T(lang, "dash.col_num", n), i18n.T(lang, "dash.col_den", n),
			i18n.T(lang, "assess.col_points", n), i18n.T(lang, "assess.col_contribution", n))
		numbers = append(numbers, true, true, true, true, true)
	}
	name := "assessment-" + string(req.Assessed) + "-" + req.Month.String()
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
	sheet := req.Node.Name + " " + a.period().Label(string(lang)) + "（" + state + "）"
	x := tabular.NewXLSXWriter(w, tabular.XLSXOptions{Sheet: sheet, Numbers: numbers})
	if err := x.WriteHeader(head); err != nil {
		return err
	}
	cases := s.publicBase(r) + "/dashboard/cases?"
	for _, res := range a.Results {
		rank := ""
		if res.Rank > 0 {
			rank = strconv.Itoa(res.Rank)
		}
		row, links := []string{rank, res.Name, scoreText(res.Score)}, []string{"", "", ""}
		for _, p := range res.Score.Parts {
			value := "—"
			if def := a.figures.Catalogue.ByCode(p.Indicator); def != nil {
				value = figureNumber(def, p.Value)
			} else if !p.Value.Undefined { // the communities' rating, in points
				value = hundredths(p.Value.Hundredths)
			}
			contribution := ""
			if !p.LeftOut {
				contribution = hundredths(p.Contribution)
			}
			row = append(row, value, strconv.FormatInt(p.Value.Num, 10), strconv.FormatInt(p.Value.Den, 10), strconv.Itoa(p.Points), contribution)
			link := ""
			if p.Indicator != indicators.CommunityRating {
				link = cases + a.figures.casesQuery(p.Indicator, res.Key)
			}
			links = append(links, link, link, link, "", "")
		}
		if err := x.WriteLinked(row, links); err != nil {
			return err
		}
	}
	if a.Published != nil {
		at := a.Published.PublishedAt.In(beijing).Format(time.DateTime)
		if err := x.Write([]string{"", i18n.T(lang, "assess.published_note", at, a.Published.PublishedBy, len(a.Adjustments))}); err != nil {
			return err
		}
	}
	return x.Close()
}

// assessmentJSON is a month's assessment in the API.
type assessmentJSON struct {
	NodeID      int64                  `json:"node_id"`
	Assessed    string                 `json:"assessed"`
	Month       string                 `json:"month" doc:"YYYY-MM"`
	Scheme      []indicators.Weight    `json:"scheme" doc:"The weights, points of 100; community_rating is the communities' rating of embedded units"`
	Published   *time.Time             `json:"published_at,omitempty" doc:"When the month was published; absent: the figures now"`
	Results     []assessmentResultJSON `json:"results" doc:"Best first; rank 0: nothing to measure"`
	Adjustments []adjustmentJSON       `json:"adjustments,omitempty" doc:"A published month's figures that have moved since, with their scores then and now"`
}

type assessmentResultJSON struct {
	Key   string           `json:"key" doc:"The unit's, area's or grid worker's id"`
	Name  string           `json:"name"`
	Rank  int              `json:"rank"`
	Score *float64         `json:"score" doc:"Out of 100; null when nothing was measured"`
	Parts []assessmentPart `json:"parts"`
}

type assessmentPart struct {
	Indicator    string   `json:"indicator"`
	Points       int      `json:"points"`
	Value        *float64 `json:"value" doc:"The figure (a percent, or points for community_rating); null when nothing was measured"`
	Num          int64    `json:"num"`
	Den          int64    `json:"den"`
	Contribution *float64 `json:"contribution" doc:"Points it added; null when left out (the other parts are scaled up to 100)"`
}

type adjustmentJSON struct {
	Key       string   `json:"key"`
	Name      string   `json:"name"`
	Indicator string   `json:"indicator,omitempty" doc:"Empty: a body that was not in the published month"`
	Was       *float64 `json:"was"`
	Now       *float64 `json:"now"`
	ScoreWas  *float64 `json:"score_was"`
	ScoreNow  *float64 `json:"score_now"`
}

func hundredthsJSON(h int64, undefined bool) *float64 {
	if undefined {
		return nil
	}
	x := float64(h) / 100
	return &x
}

func (s *Server) apiAssessment(w http.ResponseWriter, r *http.Request) error {
	a, err := s.assessmentOf(r, r.URL.Query())
	if err != nil {
		return err
	}
	req := a.assessmentRequest
	out := assessmentJSON{NodeID: req.Node.ID, Assessed: string(req.Assessed), Month: req.Month.String(), Scheme: a.Scheme,
		Results: make([]assessmentResultJSON, len(a.Results))}
	if a.Published != nil {
		out.Published = &a.Published.PublishedAt
	}
	for i, res := range a.Results {
		x := assessmentResultJSON{Key: res.Key, Name: res.Name, Rank: res.Rank, Score: hundredthsJSON(res.Score.Hundredths, res.Score.Undefined)}
		for _, p := range res.Score.Parts {
			x.Parts = append(x.Parts, assessmentPart{Indicator: p.Indicator, Points: p.Points, Value: hundredthsJSON(p.Value.Hundredths, p.Value.Undefined),
				Num: p.Value.Num, Den: p.Value.Den, Contribution: hundredthsJSON(p.Contribution, p.LeftOut)})
		}
		out.Results[i] = x
	}
	for _, adj := range a.Adjustments {
		out.Adjustments = append(out.Adjustments, adjustmentJSON{Key: adj.Key, Name: adj.Name, Indicator: adj.Indicator,
			Was: hundredthsJSON(adj.Was.Hundredths, adj.Was.Undefined || adj.Indicator == ""), Now: hundredthsJSON(adj.Now.Hundredths, adj.Now.Undefined || adj.Indicator == ""),
			ScoreWas: hundredthsJSON(adj.ScoreWas.Hundredths, adj.ScoreWas.Undefined), ScoreNow: hundredthsJSON(adj.ScoreNow.Hundredths, adj.ScoreNow.Undefined)})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
