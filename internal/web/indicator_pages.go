package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/indicators"
)

// indicatorRoutes are the pages of the indicator definitions: everyone who reads figures
// may read what each one counts; administrators (indicator.manage) add their own and
// reword them.
func (s *Server) indicatorRoutes() []route {
	return []route{
		page("GET", "/dashboard/indicators", account.DashboardView, s.indicatorsPage),
		page("GET", "/dashboard/indicators/new", account.IndicatorManage, s.indicatorNewPage),
		page("POST", "/dashboard/indicators", account.IndicatorManage, s.indicatorCreateSubmit),
		page("GET", "/dashboard/indicators/{code}", account.IndicatorManage, s.indicatorEditPage),
		page("POST", "/dashboard/indicators/{code}", account.IndicatorManage, s.indicatorUpdateSubmit),
	}
}

// indicatorRow is one indicator as the page of definitions explains it.
type indicatorRow struct {
	Code, Name, Unit, Formula, Explain string
	Numerator, Denominator             string
	LowerIsBetter, Builtin             bool
}

type indicatorsData struct {
	Rows   []indicatorRow
	Manage bool
}

// indicatorsPage explains every indicator: what it counts, how, and which way is better.
func (s *Server) indicatorsPage(w http.ResponseWriter, r *http.Request) error {
	st := state(r)
	catalogue, err := s.catalogue(r)
	if err != nil {
		return err
	}
	lang := st.lang
	d := indicatorsData{Rows: make([]indicatorRow, len(catalogue)), Manage: st.p.Can(account.IndicatorManage)}
	for i, def := range catalogue {
		row := indicatorRow{Code: def.Code, Name: def.Name(string(lang)), Unit: i18n.T(lang, "indicator_unit."+string(def.Unit)),
			Formula: formulaText(lang, def), Numerator: factNames(lang, def.Formula.Numerator), LowerIsBetter: def.LowerIsBetter,
			Builtin: def.Builtin, Explain: def.ExplainZH}
		if len(def.Formula.Denominator) > 0 {
			row.Denominator = factNames(lang, def.Formula.Denominator)
		}
		if lang == i18n.EN {
			row.Explain = def.ExplainEN
		}
		d.Rows[i] = row
	}
	return s.render(w, r, "dashboard_indicators", view{Title: "title.indicators", Section: "dashboard", Data: d})
}

// indicatorFields are the inputs of the indicator form, in page order.
var indicatorFields = formFields{"code", "ind.field.code", "name_zh", "ind.field.name_zh", "name_en", "ind.field.name_en",
	"formula", "ind.field.formula", "unit", "ind.field.unit", "lower_is_better", "ind.field.lower_is_better",
	"explain_zh", "ind.field.explain_zh", "explain_en", "ind.field.explain_en"}

// factOption is a fact a formula may name, for the form's list of them.
type factOption struct{ Code, Name string }

type indicatorFormData struct {
	D     *indicators.Definition // nil for a new indicator
	Name  string                 // D's, in the page's language
	In    indicators.Input
	Facts []factOption
}

// Units lists the units an indicator reads in.
func (indicatorFormData) Units() []indicators.Unit {
	return []indicators.Unit{indicators.Percent, indicators.Count, indicators.Hours}
}

// indicatorInput reads the indicator form.
func indicatorInput(f *form) indicators.Input {
	return indicators.Input{Code: f.Get("code"), NameZH: f.Get("name_zh"), NameEN: f.Get("name_en"), Formula: f.Get("formula"),
		Unit: indicators.Unit(f.Get("unit")), LowerIsBetter: f.Get("lower_is_better") != "",
		ExplainZH: f.Get("explain_zh"), ExplainEN: f.Get("explain_en")}
}

func (s *Server) renderIndicatorForm(w http.ResponseWriter, r *http.Request, status int, def *indicators.Definition, f *form) error {
	lang := state(r).lang
	d := indicatorFormData{D: def, In: indicators.Input{Unit: indicators.Percent}}
	if def != nil {
		d.In = indicators.InputOf(def)
	}
	if f != nil {
		d.In = indicatorInput(f)
	}
	for _, fact := range indicators.Facts {
		d.Facts = append(d.Facts, factOption{Code: string(fact), Name: i18n.T(lang, "fact."+string(fact))})
	}
	title := "title.indicator_new"
	if def != nil {
		title, d.Name = def.Name(string(lang)), def.Name(string(lang))
	}
	return s.renderCode(w, r, status, "indicator_form", view{Title: title, Section: "dashboard", Form: f, Fields: indicatorFields, Data: d})
}

func (s *Server) indicatorNewPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderIndicatorForm(w, r, http.StatusOK, nil, nil)
}

func (s *Server) indicatorCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	d, err := s.db.CreateIndicator(r.Context(), st.p, indicatorInput(f))
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.renderIndicatorForm(w, r, statusFor(err), nil, f)
	}
	flash(w, "success", "flash.indicator_created")
	return redirect(w, r, "/dashboard/indicators#ind-"+url.PathEscape(d.Code))
}

func (s *Server) indicatorEditPage(w http.ResponseWriter, r *http.Request) error {
	def, err := s.db.Indicator(r.Context(), strings.TrimSpace(r.PathValue("code")))
	if err != nil {
		return err
	}
	f := &form{Values: url.Values{}, Errors: map[string]string{}}
	in := indicators.InputOf(def)
	for k, v := range map[string]string{"code": in.Code, "name_zh": in.NameZH, "name_en": in.NameEN, "formula": in.Formula,
		"unit": string(in.Unit), "explain_zh": in.ExplainZH, "explain_en": in.ExplainEN} {
		f.Values.Set(k, v)
	}
	if in.LowerIsBetter {
		f.Values.Set("lower_is_better", "on")
	}
	f.Values.Set("version", strconv.Itoa(def.Version))
	return s.renderIndicatorForm(w, r, http.StatusOK, def, f)
}

func (s *Server) indicatorUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	def, err := s.db.Indicator(ctx, strings.TrimSpace(r.PathValue("code")))
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	version, err := formVersion(f)
	if err == nil {
		in := indicatorInput(f)
		if def.Builtin { // the form shows a built-in formula and unit without inputs
			in.Formula, in.Unit = "", ""
		}
		_, err = s.db.UpdateIndicator(ctx, st.p, def.Code, in, version)
	}
	if err != nil {
		if !f.absorbVersioned(st.lang, err) {
			return err
		}
		if fresh, err2 := s.db.Indicator(ctx, def.Code); err2 == nil {
			def = fresh
		}
		return s.renderIndicatorForm(w, r, statusFor(err), def, f)
	}
	flash(w, "success", "flash.indicator_saved")
	return redirect(w, r, "/dashboard/indicators#ind-"+url.PathEscape(def.Code))
}
