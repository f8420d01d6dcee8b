package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
)

// categoryRoutes are the pages and the API of the case categories. Everyone who works on
// cases reads them; only category.manage (administrators) changes them.
func (s *Server) categoryRoutes() []route {
	return append([]route{
		page("GET", "/admin/categories", account.CaseView, s.categoriesPage),
		page("GET", "/admin/categories/new", account.CategoryManage, s.categoryNewPage),
		page("POST", "/admin/categories", account.CategoryManage, s.categoryCreateSubmit),
		page("GET", "/admin/categories/{id}", account.CaseView, s.categoryShowPage),
		page("POST", "/admin/categories/{id}", account.CategoryManage, s.categoryUpdateSubmit),
		page("POST", "/admin/categories/{id}/retire", account.CategoryManage, s.categoryRetireSubmit),
		page("POST", "/admin/categories/{id}/restore", account.CategoryManage, s.categoryRestoreSubmit),
	}, s.categoryAPIRoutes()...)
}

// categoryFields are the inputs of the category form, in page order.
var categoryFields = formFields{"kind", "category.field.kind", "parent_id", "category.field.parent", "code", "category.field.code",
	"name", "field.name", "register_rule", "category.field.register_rule", "close_rule", "category.field.close_rule",
	"triage", "category.field.triage", "priority", "category.field.priority", "responsibility", "category.field.responsibility",
	"limit_acknowledge", "stage.acknowledge", "limit_handle", "stage.handle", "limit_verify", "stage.verify", "limit_visit", "stage.visit"}

// limitText shows a limit as "2 工作时", or "—" when the stage is not timed.
func limitText(lang i18n.Lang, l calendar.Limit) string {
	if l.IsZero() {
		return "—"
	}
	return i18n.T(lang, "category.limit", l.Amount, i18n.T(lang, l.Unit.Key()))
}

// categoryRow is a category as the tree page shows it.
type categoryRow struct {
	C       *cases.Category
	Limits  []string // per stage, in the order of cases.Stages
	Retired bool     // itself or its major class
}

type categoryGroup struct {
	Major    categoryRow
	Children []categoryRow
}

type categoriesData struct {
	Kind    cases.CategoryKind
	Retired bool
	Groups  []categoryGroup
	Leaves  int
	Manage  bool
}

func (s *Server) categoryRow(lang i18n.Lang, t *cases.Tree, c *cases.Category) categoryRow {
	row := categoryRow{C: c, Retired: c.IsRetired()}
	if m := t.Major(c); m != nil && m.IsRetired() {
		row.Retired = true
	}
	if c.IsLeaf() {
		for _, st := range cases.Stages {
			row.Limits = append(row.Limits, limitText(lang, c.Limit(st)))
		}
	}
	return row
}

// categoryKindParam reads ?kind=, facility by default.
func categoryKindParam(r *http.Request, name string, def cases.CategoryKind) (cases.CategoryKind, error) {
	k := cases.CategoryKind(strings.TrimSpace(r.URL.Query().Get(name)))
	if k == "" {
		return def, nil
	}
	if !k.Valid() {
		return "", errs.FieldInvalid(name, "err.choose_one")
	}
	return k, nil
}

func (s *Server) categoriesPage(w http.ResponseWriter, r *http.Request) error {
	st := state(r)
	kind, err := categoryKindParam(r, "kind", cases.FacilityKind)
	if err != nil {
		return err
	}
	retired, err := treeBoolParam(r, "retired")
	if err != nil {
		return err
	}
	t, err := s.db.Categories(r.Context())
	if err != nil {
		return err
	}
	d := categoriesData{Kind: kind, Retired: retired, Manage: st.p.Can(account.CategoryManage)}
	for _, m := range t.Majors(kind) {
		if m.IsRetired() && !retired {
			continue
		}
		g := categoryGroup{Major: s.categoryRow(st.lang, t, m)}
		for _, c := range t.Children(m.ID) {
			if c.IsRetired() && !retired {
				continue
			}
			g.Children = append(g.Children, s.categoryRow(st.lang, t, c))
			d.Leaves++
		}
		d.Groups = append(d.Groups, g)
	}
	return s.render(w, r, "categories", view{Title: "title.categories", Section: "categories", Data: d})
}

// categoryFormData is the page of one category and the form of a new one.
type categoryFormData struct {
	C        *cases.Category // nil for a new category
	Major    *cases.Category // the major class of C, or the parent chosen for a new one
	Path     []*cases.Category
	Children []categoryRow
	Kind     cases.CategoryKind
	Majors   []nodeOption // the major classes of the kind, for a new minor class
	Parent   int64
	NewMinor bool                // the form of a new minor class (a parent was chosen)
	In       cases.CategoryInput // the values the form starts with
	Amounts  map[cases.Stage]string
	Units    map[cases.Stage]calendar.Unit
	Limits   []string
	Manage   bool
	EditV    view
	StatusV  view
}

func (d *categoryFormData) fill(in cases.CategoryInput) {
	d.In = in
	d.Amounts, d.Units = map[cases.Stage]string{}, map[cases.Stage]calendar.Unit{}
	for _, st := range cases.Stages {
		l := in.Limits[st]
		if !l.IsZero() {
			d.Amounts[st] = strconv.Itoa(l.Amount)
		}
		d.Units[st] = l.Unit
	}
}

// Stages lists the timed stages for the template.
func (d categoryFormData) Stages() []cases.Stage { return cases.Stages }

// Amount is the amount typed for a stage.
func (d categoryFormData) Amount(s cases.Stage) string { return d.Amounts[s] }

// Unit is the unit chosen for a stage (working days by default).
func (d categoryFormData) Unit(s cases.Stage) calendar.Unit {
	if u := d.Units[s]; u != "" {
		return u
	}
	return calendar.WorkingDays
}

// categoryInput reads the category form. Amounts that are not whole numbers become field
// errors of their stage.
func categoryInput(f *form) (cases.CategoryInput, error) {
	in := cases.CategoryInput{Kind: cases.CategoryKind(f.Get("kind")), Code: f.Get("code"), Name: f.Get("name"),
		RegisterRule: f.Get("register_rule"), CloseRule: f.Get("close_rule"), Triage: cases.Triage(f.Get("triage")),
		Priority: cases.Priority(f.Get("priority")), Responsibility: cases.Responsibility(f.Get("responsibility")),
		ParentID: f.Int("parent_id"), Limits: cases.Limits{}}
	var v errs.Validation
	for k, key := range f.Errors {
		v.Add(k, key)
	}
	for _, st := range cases.Stages {
		field := cases.LimitField(st)
		amount := f.Get(field + "_amount")
		if amount == "" {
			continue
		}
		n, err := strconv.Atoi(amount)
		if err != nil {
			v.Add(field, "err.number")
			continue
		}
		in.Limits[st] = calendar.Limit{Amount: n, Unit: calendar.Unit(f.Get(field + "_unit"))}
	}
	return in, v.Err()
}

func (s *Server) categoryNewPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderCategoryNew(w, r, http.StatusOK, nil)
}

func (s *Server) renderCategoryNew(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	st := state(r)
	t, err := s.db.Categories(r.Context())
	if err != nil {
		return err
	}
	d := categoryFormData{Manage: true, EditV: view{Lang: st.lang, Form: f, Fields: categoryFields}}
	if f != nil {
		in, _ := categoryInput(f)
		d.fill(in)
		d.Parent, d.Kind, d.NewMinor = in.ParentID, in.Kind, f.Get("parent_id") != ""
	} else {
		if d.Kind, err = categoryKindParam(r, "kind", cases.FacilityKind); err != nil {
			return err
		}
		if d.Parent, err = queryInt(r, "parent"); err != nil {
			return err
		}
		d.fill(cases.CategoryInput{Triage: cases.Major, Priority: cases.Normal})
		d.NewMinor = d.Parent != 0
	}
	if m := t.ByID(d.Parent); m != nil && m.IsMajor() {
		d.Major, d.Kind = m, m.Kind
	}
	if !d.Kind.Valid() {
		d.Kind = cases.FacilityKind
	}
	if d.In.Responsibility == "" {
		d.In.Responsibility = d.Kind.DefaultResponsibility()
	}
	for _, m := range t.Majors(d.Kind) {
		if !m.IsRetired() {
			d.Majors = append(d.Majors, nodeOption{ID: m.ID, Label: m.Code + " " + m.Name})
		}
	}
	return s.renderCode(w, r, status, "categories_show", view{Title: "title.category_new", Section: "categories", Data: d})
}

func (s *Server) categoryCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	in, err := categoryInput(f)
	var c *cases.Category
	if err == nil {
		c, err = s.db.CreateCategory(r.Context(), st.p, in)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.renderCategoryNew(w, r, statusFor(err), f)
	}
	flash(w, "success", "flash.category_created")
	return redirect(w, r, "/admin/categories/"+strconv.FormatInt(c.ID, 10)+"#main")
}

// pathCategory reads the {id} category of the request.
func (s *Server) pathCategory(r *http.Request) (*cases.Category, *cases.Tree, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, nil, err
	}
	t, err := s.db.Categories(r.Context())
	if err != nil {
		return nil, nil, err
	}
	c := t.ByID(id)
	if c == nil {
		return nil, nil, errs.NotFoundf("entity.category")
	}
	return c, t, nil
}

func (s *Server) categoryShowPage(w http.ResponseWriter, r *http.Request) error {
	c, t, err := s.pathCategory(r)
	if err != nil {
		return err
	}
	return s.renderCategory(w, r, http.StatusOK, c, t, nil, nil)
}

func categoryToInput(c *cases.Category) cases.CategoryInput {
	return cases.CategoryInput{ParentID: c.ParentID, Kind: c.Kind, Code: c.Code, Name: c.Name, RegisterRule: c.RegisterRule,
		CloseRule: c.CloseRule, Triage: c.Triage, Priority: c.Priority, Responsibility: c.Responsibility, Limits: c.Limits}
}

func (s *Server) renderCategory(w http.ResponseWriter, r *http.Request, status int, c *cases.Category, t *cases.Tree, edit, stat *form) error {
	st := state(r)
	d := categoryFormData{C: c, Kind: c.Kind, Parent: c.ParentID, Path: t.Path(c.ID), Manage: st.p.Can(account.CategoryManage),
		EditV: view{Lang: st.lang, Form: edit, Fields: categoryFields}, StatusV: view{Lang: st.lang, Form: stat}}
	if c.IsLeaf() {
		d.Major = t.Major(c)
	}
	d.fill(categoryToInput(c))
	if edit != nil {
		in, _ := categoryInput(edit)
		in.ParentID, in.Kind = c.ParentID, c.Kind
		d.fill(in)
	}
	for _, ch := range t.Children(c.ID) {
		d.Children = append(d.Children, s.categoryRow(st.lang, t, ch))
	}
	for _, stg := range cases.Stages {
		d.Limits = append(d.Limits, limitText(st.lang, c.Limit(stg)))
	}
	return s.renderCode(w, r, status, "categories_show", view{Title: c.Code + " " + c.Name, Section: "categories", Data: d})
}

// categoryWrite runs one of the write forms of a category page.
func (s *Server) categoryWrite(w http.ResponseWriter, r *http.Request, edit bool, flashKey string,
	do func(c *cases.Category, f *form, version int) error) error {
	c, _, err := s.pathCategory(r)
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
		err = do(c, f, version)
	}
	if err != nil {
		if !f.absorbVersioned(st.lang, err) {
			return err
		}
		fresh, t, err2 := s.pathCategory(r)
		if err2 != nil {
			return err2
		}
		if edit {
			return s.renderCategory(w, r, statusFor(err), fresh, t, f, nil)
		}
		return s.renderCategory(w, r, statusFor(err), fresh, t, nil, f)
	}
	flash(w, "success", flashKey)
	return redirect(w, r, "/admin/categories/"+strconv.FormatInt(c.ID, 10)+"#main")
}

func (s *Server) categoryUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.categoryWrite(w, r, true, "flash.category_saved", func(c *cases.Category, f *form, version int) error {
		in, err := categoryInput(f)
		if err != nil {
			return err
		}
		_, err = s.db.UpdateCategory(r.Context(), principal(r), c.ID, in, version)
		return err
	})
}

func (s *Server) categoryRetireSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.categoryWrite(w, r, false, "flash.category_retired", func(c *cases.Category, f *form, version int) error {
		return s.db.SetCategoryRetired(r.Context(), principal(r), c.ID, true, version)
	})
}

func (s *Server) categoryRestoreSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.categoryWrite(w, r, false, "flash.category_restored", func(c *cases.Category, f *form, version int) error {
		return s.db.SetCategoryRetired(r.Context(), principal(r), c.ID, false, version)
	})
}

// The choices of the category form.

// Triages lists the triage classes.
func (categoryFormData) Triages() []cases.Triage { return cases.Triages }

// Priorities lists the priorities.
func (categoryFormData) Priorities() []cases.Priority { return cases.Priorities }

// Responsibilities lists the responsibility rules.
func (categoryFormData) Responsibilities() []cases.Responsibility {
	return []cases.Responsibility{cases.OwnerFirst, cases.AreaFirst}
}

// TimeUnits lists the units a limit is counted in.
func (categoryFormData) TimeUnits() []calendar.Unit { return calendar.Units }

// Kinds lists the category kinds.
func (categoryFormData) Kinds() []cases.CategoryKind { return cases.CategoryKinds }

// Kinds lists the category kinds, one tab each.
func (categoriesData) Kinds() []cases.CategoryKind { return cases.CategoryKinds }

// Stages lists the timed stages, one column each.
func (categoriesData) Stages() []cases.Stage { return cases.Stages }
