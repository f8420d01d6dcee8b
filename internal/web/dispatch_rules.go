package web

import (
	"net/http"
	"strconv"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/store"
)

// dispatchRuleRoutes are the pages and the API of the dispatch rules of the areas in the
// caller's scope (rule.manage: administrators and area staff).
func (s *Server) dispatchRuleRoutes() []route {
	return append([]route{
		page("GET", "/admin/dispatch-rules", account.RuleManage, s.dispatchRulesPage),
		page("GET", "/admin/dispatch-rules/new", account.RuleManage, s.dispatchRuleNewPage),
		page("POST", "/admin/dispatch-rules", account.RuleManage, s.dispatchRuleCreateSubmit),
		page("GET", "/admin/dispatch-rules/{id}", account.RuleManage, s.dispatchRuleShowPage),
		page("POST", "/admin/dispatch-rules/{id}", account.RuleManage, s.dispatchRuleUpdateSubmit),
		page("POST", "/admin/dispatch-rules/{id}/delete", account.RuleManage, s.dispatchRuleDeleteSubmit),
	}, s.dispatchRuleAPIRoutes()...)
}

var dispatchRuleFields = formFields{"node_id", "rule.field.node", "category_id", "rule.field.category", "unit_id", "rule.field.unit",
	"note", "rule.field.note"}

// ruleLevels are the levels a rule may be attached to from a form.
var ruleLevels = []admin.Level{admin.District, admin.Street, admin.Community, admin.Grid}

// categoryOption is a category in a select: major classes stand for all their minor classes.
type categoryOption struct {
	ID    int64
	Label string
}

// categoryOptions lists the active categories of every kind for a rule's select.
func categoryOptions(lang i18n.Lang, t *cases.Tree) []categoryOption {
	var out []categoryOption
	for _, k := range cases.CategoryKinds {
		kind := i18n.T(lang, k.Key())
		for _, m := range t.Majors(k) {
			if m.IsRetired() {
				continue
			}
			out = append(out, categoryOption{ID: m.ID, Label: kind + " · " + m.Code + " " + m.Name + " " + i18n.T(lang, "rule.whole_major")})
			for _, c := range t.Children(m.ID) {
				if !c.IsRetired() {
					out = append(out, categoryOption{ID: c.ID, Label: "\u3000" + kind + " · " + c.Code + " " + c.Name})
				}
			}
		}
	}
	return out
}

// ruleRow is a rule as the list shows it.
type ruleRow struct {
	R        *cases.DispatchRule
	Category string // "" for any category
}

func ruleCategoryLabel(t *cases.Tree, id int64) string {
	if id == 0 {
		return ""
	}
	var label string
	for _, c := range t.Path(id) {
		if label != "" {
			label += " / "
		}
		label += c.Name
	}
	if c := t.ByID(id); c != nil {
		label = c.Code + " " + label
	}
	return label
}

type dispatchRulesData struct {
	Under, Unit, Category int64
	Nodes                 []nodeOption
	Units                 []nodeOption
	Categories            []categoryOption
	Rules                 []ruleRow
	More                  bool
	Limit                 int
}

// unitOptions are the units a rule may name, labelled with the place they serve.
func (s *Server) ruleUnitOptions(r *http.Request) ([]nodeOption, error) {
	us, err := s.db.DispatchUnits(r.Context(), principal(r))
	if err != nil {
		return nil, err
	}
	out := make([]nodeOption, len(us))
	for i, u := range us {
		out[i] = nodeOption{ID: u.ID, Label: u.Name + " · " + u.NodeName}
	}
	return out, nil
}

func (s *Server) dispatchRulesPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st := state(r)
	d := dispatchRulesData{Limit: treeSearchLimit}
	var err error
	if d.Under, err = queryInt(r, "under"); err != nil {
		return err
	}
	if d.Unit, err = queryInt(r, "unit"); err != nil {
		return err
	}
	if d.Category, err = queryInt(r, "category"); err != nil {
		return err
	}
	var under *admin.Node
	if d.Under != 0 {
		if under, err = s.db.Node(ctx, st.p, d.Under); err != nil {
			return err
		}
	}
	t, err := s.db.Categories(ctx)
	if err != nil {
		return err
	}
	rules, err := s.db.DispatchRules(ctx, st.p, store.DispatchRuleFilter{Under: d.Under, UnitID: d.Unit, CategoryID: d.Category,
		Limit: treeSearchLimit + 1})
	if err != nil {
		return err
	}
	if len(rules) > treeSearchLimit {
		rules, d.More = rules[:treeSearchLimit], true
	}
	for _, rl := range rules {
		d.Rules = append(d.Rules, ruleRow{R: rl, Category: ruleCategoryLabel(t, rl.CategoryID)})
	}
	if d.Nodes, err = s.registerPlaces(r, ruleLevels, under); err != nil {
		return err
	}
	if d.Units, err = s.ruleUnitOptions(r); err != nil {
		return err
	}
	d.Categories = categoryOptions(st.lang, t)
	return s.render(w, r, "dispatch_rules", view{Title: "title.dispatch_rules", Section: "dispatch_rules", Data: d})
}

// dispatchRuleFormData is the form of a new rule and the page of an existing one.
type dispatchRuleFormData struct {
	Rule       *cases.DispatchRule // nil for a new rule
	Category   string
	Nodes      []nodeOption
	Units      []nodeOption
	Categories []categoryOption
	SelNode    int64
	SelUnit    int64
	SelCat     int64
	Note       string
	EditV      view
	DeleteV    view
}

func (s *Server) ruleFormData(r *http.Request, d *dispatchRuleFormData, f *form) error {
	ctx := r.Context()
	st := state(r)
	if f != nil {
		d.SelNode, _ = strconv.ParseInt(f.Get("node_id"), 10, 64)
		d.SelUnit, _ = strconv.ParseInt(f.Get("unit_id"), 10, 64)
		d.SelCat, _ = strconv.ParseInt(f.Get("category_id"), 10, 64)
		d.Note = f.Get("note")
	}
	var extra *admin.Node
	if d.SelNode != 0 {
		extra, _ = s.db.Node(ctx, st.p, d.SelNode) // out of scope: not offered
	}
	var err error
	if d.Nodes, err = s.registerPlaces(r, ruleLevels, extra); err != nil {
		return err
	}
	if d.Units, err = s.ruleUnitOptions(r); err != nil {
		return err
	}
	t, err := s.db.Categories(ctx)
	if err != nil {
		return err
	}
	d.Categories = categoryOptions(st.lang, t)
	if d.Rule != nil {
		d.Category = ruleCategoryLabel(t, d.Rule.CategoryID)
	}
	return nil
}

func (s *Server) dispatchRuleNewPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderDispatchRuleNew(w, r, http.StatusOK, nil)
}

func (s *Server) renderDispatchRuleNew(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	st := state(r)
	d := dispatchRuleFormData{EditV: view{Lang: st.lang, Form: f, Fields: dispatchRuleFields}}
	if f == nil {
		var err error
		if d.SelNode, err = queryInt(r, "node"); err != nil {
			return err
		}
		if d.SelCat, err = queryInt(r, "category"); err != nil {
			return err
		}
	}
	if err := s.ruleFormData(r, &d, f); err != nil {
		return err
	}
	return s.renderCode(w, r, status, "dispatch_rules_show", view{Title: "title.dispatch_rule_new", Section: "dispatch_rules", Data: d})
}

func ruleInput(f *form) cases.DispatchRuleInput {
	return cases.DispatchRuleInput{NodeID: f.Int("node_id"), CategoryID: f.Int("category_id"), UnitID: f.Int("unit_id"), Note: f.Get("note")}
}

func (s *Server) dispatchRuleCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	in := ruleInput(f)
	var rl *cases.DispatchRule
	if err = f.numErrs(); err == nil {
		if err := s.ruleNodeVisible(r, in.NodeID); err != nil {
			return err
		}
		rl, err = s.db.CreateDispatchRule(r.Context(), st.p, in)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.renderDispatchRuleNew(w, r, statusFor(err), f)
	}
	flash(w, "success", "flash.dispatch_rule_created")
	return redirect(w, r, "/admin/dispatch-rules/"+strconv.FormatInt(rl.ID, 10)+"#main")
}

// ruleNodeVisible answers a rule for a place outside the caller's scope with not found:
// the place is not theirs to see, like a unit's (see unitCreateSubmit).
func (s *Server) ruleNodeVisible(r *http.Request, nodeID int64) error {
	if nodeID == 0 {
		return nil
	}
	_, err := s.db.Node(r.Context(), principal(r), nodeID)
	return err
}

func (s *Server) pathDispatchRule(r *http.Request) (*cases.DispatchRule, error) {
	return recordFromPath(r, s.db.DispatchRule)
}

func (s *Server) dispatchRuleShowPage(w http.ResponseWriter, r *http.Request) error {
	rl, err := s.pathDispatchRule(r)
	if err != nil {
		return err
	}
	return s.renderDispatchRule(w, r, http.StatusOK, rl, nil, nil)
}

func (s *Server) renderDispatchRule(w http.ResponseWriter, r *http.Request, status int, rl *cases.DispatchRule, edit, del *form) error {
	st := state(r)
	d := dispatchRuleFormData{Rule: rl, SelNode: rl.NodeID, SelUnit: rl.UnitID, SelCat: rl.CategoryID, Note: rl.Note,
		EditV: view{Lang: st.lang, Form: edit, Fields: dispatchRuleFields}, DeleteV: view{Lang: st.lang, Form: del}}
	if err := s.ruleFormData(r, &d, edit); err != nil {
		return err
	}
	return s.renderCode(w, r, status, "dispatch_rules_show", view{Title: "title.dispatch_rule", Section: "dispatch_rules", Data: d})
}

func (s *Server) dispatchRuleWrite(w http.ResponseWriter, r *http.Request, edit bool,
	do func(rl *cases.DispatchRule, f *form, version int) error) error {
	rl, err := s.pathDispatchRule(r)
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
		err = do(rl, f, version)
	}
	if err != nil {
		if !f.absorbVersioned(st.lang, err) {
			return err
		}
		fresh, err2 := s.db.DispatchRule(r.Context(), st.p, rl.ID)
		if err2 != nil {
			return err2
		}
		if edit {
			return s.renderDispatchRule(w, r, statusFor(err), fresh, f, nil)
		}
		return s.renderDispatchRule(w, r, statusFor(err), fresh, nil, f)
	}
	if edit {
		flash(w, "success", "flash.dispatch_rule_saved")
		return redirect(w, r, "/admin/dispatch-rules/"+strconv.FormatInt(rl.ID, 10)+"#main")
	}
	flash(w, "success", "flash.dispatch_rule_deleted")
	return redirect(w, r, "/admin/dispatch-rules")
}

func (s *Server) dispatchRuleUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.dispatchRuleWrite(w, r, true, func(rl *cases.DispatchRule, f *form, version int) error {
		in := ruleInput(f)
		if err := f.numErrs(); err != nil {
			return err
		}
		if err := s.ruleNodeVisible(r, in.NodeID); err != nil {
			return err
		}
		_, err := s.db.UpdateDispatchRule(r.Context(), principal(r), rl.ID, in, version)
		return err
	})
}

func (s *Server) dispatchRuleDeleteSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.dispatchRuleWrite(w, r, false, func(rl *cases.DispatchRule, f *form, version int) error {
		return s.db.DeleteDispatchRule(r.Context(), principal(r), rl.ID, version)
	})
}
