package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/indicators"
	"github.com/shequ-dev/shequ/internal/store"
)

// figureCasesData is the page of the cases behind one figure: the figure, how it is
// made, and the list behind its numerator and, for a share, its denominator.
type figureCasesData struct {
	Def     *indicators.Definition
	Name    string
	Explain string
	Formula string
	Period  string
	Group   string // the area, unit, worker, category, source, triage or day; "" for the whole
	Area    string
	Figure  string
	Parts   []figurePart
	Back    string
}

// figurePart is the facts behind one side of a formula.
type figurePart struct {
	Name      string // 分子 / 分母
	Facts     string // the facts it sums, by name
	Total     int64
	Truncated bool
	Items     []figureCaseRow
	Minutes   bool // the facts are minutes (handle_minutes): each row shows its amount
	Marks     bool // the denominator's rows say which cases the numerator left out
}

type figureCaseRow struct {
	CaseID   int64
	Ticket   string
	FactName string
	At       time.Time
	N        int64
	Href     string
	Left     bool // a case of the denominator not in the numerator (not closed on time…)
}

func (s *Server) figureCasesPage(w http.ResponseWriter, r *http.Request) error {
	st := state(r)
	f := &form{Values: r.URL.Query(), Errors: map[string]string{}}
	req, err := s.readFigureCasesRequest(r)
	var d figureCasesData
	if err == nil {
		err = s.fillFigureCases(r, req, &d)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.renderCode(w, r, statusFor(err), "dashboard_cases", view{Title: "title.figure_cases", Section: "dashboard", Form: f,
			Fields: figureCasesFields, Detached: true, Data: d})
	}
	return s.render(w, r, "dashboard_cases", view{Title: "title.figure_cases", Section: "dashboard", Data: d})
}

func (s *Server) fillFigureCases(r *http.Request, req figureCasesRequest, d *figureCasesData) error {
	ctx, p, lang := r.Context(), principal(r), state(r).lang
	def := req.Def
	d.Def, d.Name, d.Formula, d.Period = def, def.Name(string(lang)), formulaText(lang, def), req.Period.Label(string(lang))
	d.Explain = def.ExplainZH
	if lang == i18n.EN {
		d.Explain = def.ExplainEN
	}
	// The figure itself, with its group's name, from the same counters the dashboard read.
	one := req.figureRequest
	one.Codes = []*indicators.Definition{def}
	t, err := s.figures(r, one)
	if err != nil {
		return err
	}
	if t.Node != nil {
		d.Area = t.Node.Name
	}
	for _, g := range t.Groups {
		if req.By == store.ByNone || g.Key == req.Key {
			d.Group, d.Figure = g.Name, def.Format(g.Cells[0].Cur, string(lang))
		}
	}
	back := url.Values{"grain": {string(req.Period.Grain)}, "from": {req.Period.From.String()}}
	if req.Period.Grain == indicators.Custom {
		back.Set("to", req.Period.To.String())
	}
	if req.NodeID != 0 {
		back.Set("node_id", strconv.FormatInt(req.NodeID, 10))
	}
	d.Back = "/dashboard?" + back.Encode()
	parts := []struct {
		key   string
		facts []indicators.Fact
	}{{"dash.numerator", def.Formula.Numerator}, {"dash.denominator", def.Formula.Denominator}}
	var inNumerator map[int64]bool // the numerator's cases, when all of them were listed
	for _, part := range parts {
		if len(part.facts) == 0 {
			continue
		}
		list, total, err := s.db.FigureCases(ctx, p, req.FigureQuery, req.Key, part.facts, req.Limit)
		if err != nil {
			return err
		}
		fp := figurePart{Name: i18n.T(lang, part.key), Facts: factNames(lang, part.facts), Total: total}
		var listed int64
		for _, c := range list {
			listed += c.N
			fp.Minutes = fp.Minutes || c.Fact == indicators.HandleMinutes
			fp.Items = append(fp.Items, figureCaseRow{CaseID: c.CaseID, Ticket: c.Ticket, FactName: i18n.T(lang, "fact."+string(c.Fact)),
				At: c.At, N: c.N, Href: caseURL(c.CaseID)})
		}
		fp.Truncated = listed < total
		if part.key == "dash.numerator" && !fp.Truncated {
			inNumerator = map[int64]bool{}
			for _, c := range fp.Items {
				inNumerator[c.CaseID] = true
			}
		}
		d.Parts = append(d.Parts, fp)
	}
	// The denominator's cases the numerator left out are what a leader asks about first.
	if inNumerator != nil && len(d.Parts) == 2 {
		den := &d.Parts[1]
		den.Marks = true
		for i := range den.Items {
			den.Items[i].Left = !inNumerator[den.Items[i].CaseID]
		}
		sort.SliceStable(den.Items, func(i, j int) bool { return den.Items[i].Left && !den.Items[j].Left })
	}
	return nil
}

// factNames joins the names of facts with " + ".
func factNames(lang i18n.Lang, fs []indicators.Fact) string {
	out := ""
	for i, f := range fs {
		if i > 0 {
			out += " + "
		}
		out += i18n.T(lang, "fact."+string(f))
	}
	return out
}

// formulaText is a formula in words: "结案数 ÷ 应结案数", "1 − 退单数 ÷ 派遣数".
func formulaText(lang i18n.Lang, def *indicators.Definition) string {
	f := def.Formula
	num := factNames(lang, f.Numerator)
	if len(f.Denominator) == 0 {
		return num
	}
	if len(f.Numerator) > 1 {
		num = "(" + num + ")"
	}
	den := factNames(lang, f.Denominator)
	if len(f.Denominator) > 1 {
		den = "(" + den + ")"
	}
	text := num + " ÷ " + den
	if f.Complement {
		text = "1 − " + text
	}
	return text
}
