package web

import (
	"net/http"
	"strconv"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/indicators"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// dashExports are the dashboard's tables a workbook can hold: every indicator of the
// area, or the figures of the areas, units, grid workers or categories.
var dashExports = map[string]struct {
	by    store.Dimension
	codes []string // nil: every indicator
	title string
}{
	"figures":    {store.ByNone, nil, "dash.kpis"},
	"areas":      {store.ByArea, tableCodes, "dash.areas"},
	"units":      {store.ByUnit, unitCodes, "dash.units"},
	"workers":    {store.ByWorker, workerCodes, "dash.workers"},
	"categories": {store.ByCategory, categoryCodes, "dash.categories_all"},
}

// figureNumber is a figure as a number Excel reads (93.72, 972), or "—".
func figureNumber(d *indicators.Definition, v indicators.Value) string {
	switch {
	case v.Undefined:
		return "—"
	case d.Unit == indicators.Count:
		return strconv.FormatInt(v.Hundredths/100, 10)
	}
	return hundredths(v.Hundredths)
}

// dashboardExport writes one of the dashboard's tables as a workbook with the inputs of
// every figure: for each indicator its value, last period's, and the sums of its
// numerator and denominator, so anyone can check the arithmetic; the figure and its sums
// link to the cases behind them.
func (s *Server) dashboardExport(w http.ResponseWriter, r *http.Request) error {
	st := state(r)
	q := r.URL.Query()
	table := q.Get("table")
	spec, ok := dashExports[table]
	if !ok {
		return errs.FieldInvalid("table", "err.choose_one")
	}
	only := cloneQuery(q)
	only.Del("by")
	only.Del("codes")
	req, err := s.readFigureRequest(r, only)
	if err != nil {
		return err
	}
	req.By, req.Codes = spec.by, req.Catalogue
	if spec.codes != nil {
		req.Codes = definitions(req.Catalogue, spec.codes)
	}
	t, err := s.figures(r, req)
	if err != nil {
		return err
	}
	lang := st.lang
	area := i18n.T(lang, "dash.everywhere")
	if t.Node != nil {
		area = t.Node.Name
	}
	period := req.Period.Label(string(lang))
	name := "indicators-" + table + "-" + req.Period.From.String()
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
	if table == "figures" {
		return s.writeFigureSheet(w, lang, area+" "+period, t, s.publicBase(r)+"/dashboard/cases?")
	}
	head := []string{i18n.T(lang, spec.title)}
	numbers := []bool{false}
	for _, d := range req.Codes {
		n := d.Name(string(lang))
		head = append(head, n, i18n.T(lang, "dash.col_prev", n), i18n.T(lang, "dash.col_num", n))
		numbers = append(numbers, true, true, true)
		if len(d.Formula.Denominator) > 0 {
			head = append(head, i18n.T(lang, "dash.col_den", n))
			numbers = append(numbers, true)
		}
	}
	x := tabular.NewXLSXWriter(w, tabular.XLSXOptions{Sheet: area + " " + period, Numbers: numbers})
	if err := x.WriteHeader(head); err != nil {
		return err
	}
	cases := s.publicBase(r) + "/dashboard/cases?"
	for _, g := range t.Groups {
		row, links := []string{g.Name}, []string{""}
		if g.Own {
			row[0] = i18n.T(lang, "dash.own", g.Name)
		}
		for _, c := range g.Cells {
			// The figure and its sums open the cases behind them; last period's does not.
			link := cases + c.CasesQuery
			row = append(row, figureNumber(c.Def, c.Cur), figureNumber(c.Def, c.Prev), strconv.FormatInt(c.Cur.Num, 10))
			links = append(links, link, "", link)
			if len(c.Def.Formula.Denominator) > 0 {
				row, links = append(row, strconv.FormatInt(c.Cur.Den, 10)), append(links, link)
			}
		}
		if err := x.WriteLinked(row, links); err != nil {
			return err
		}
	}
	return x.Close()
}

// writeFigureSheet is every indicator of one area: a row each, with its unit, value,
// last period's, the change, its numerator and denominator and how it is computed.
func (s *Server) writeFigureSheet(w http.ResponseWriter, lang i18n.Lang, sheet string, t *figureTable, cases string) error {
	x := tabular.NewXLSXWriter(w, tabular.XLSXOptions{Sheet: sheet, Widths: []int{16, 10, 10, 10, 14, 10, 10, 30, 50},
		Numbers: []bool{false, false, true, true, false, true, true}})
	head := []string{"dash.indicator", "dash.col_unit", "dash.col_value", "dash.col_previous", "dash.col_change", "dash.numerator",
		"dash.denominator", "dash.formula_col", "dash.definition"}
	for i, k := range head {
		head[i] = i18n.T(lang, k)
	}
	if err := x.WriteHeader(head); err != nil {
		return err
	}
	for _, c := range t.Groups[0].Cells {
		d := c.Def
		explain := d.ExplainZH
		if lang == i18n.EN {
			explain = d.ExplainEN
		}
		den := ""
		if len(d.Formula.Denominator) > 0 {
			den = strconv.FormatInt(c.Cur.Den, 10)
		}
		row := []string{d.Name(string(lang)), i18n.T(lang, "indicator_unit."+string(d.Unit)), figureNumber(d, c.Cur), figureNumber(d, c.Prev),
			d.FormatChange(c.Change, string(lang)), strconv.FormatInt(c.Cur.Num, 10), den, formulaText(lang, d), explain}
		link := cases + c.CasesQuery
		if err := x.WriteLinked(row, []string{"", "", link, "", "", link, link}); err != nil {
			return err
		}
	}
	return x.Close()
}
