package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/store"
)

// unitRoutes are the staff pages and the API of units (departments and embedded units).
// Reading needs tree.view, every change unit.manage; the store checks the scope.
func (s *Server) unitRoutes() []route {
	return []route{
		page("GET", "/admin/units", account.TreeView, s.unitsPage),
		page("GET", "/admin/units/new", account.UnitManage, s.unitNewPage),
		page("POST", "/admin/units", account.UnitManage, s.unitCreateSubmit),
		page("GET", "/admin/units/{id}", account.TreeView, s.unitShowPage),
		page("POST", "/admin/units/{id}", account.UnitManage, s.unitUpdateSubmit),
		page("POST", "/admin/units/{id}/retire", account.UnitManage, s.unitRetireSubmit),
		page("POST", "/admin/units/{id}/restore", account.UnitManage, s.unitRestoreSubmit),

		api("GET", "/api/v1/units", account.TreeView, s.apiUnits, apiDoc{
			Summary: "List units attached to places in the caller's scope", Tag: "units", Response: unitListResponse{},
			Query: []param{
				{"node", "integer", "Attached to this place exactly"},
				{"under", "integer", "Attached anywhere below (and including) this place"},
				{"kind", "string", "department or embedded"},
				{"q", "string", "Name contains"},
				{"include_retired", "boolean", "Include retired units (default false)"},
				{"limit", "integer", "At most this many (default 200, at most 1000)"},
			}}),
		api("GET", "/api/v1/units/{id}", account.TreeView, s.apiUnit, apiDoc{
			Summary: "One unit", Tag: "units", Response: unitResponse{}}),
		api("POST", "/api/v1/units", account.UnitManage, s.apiUnitCreate, apiDoc{
			Summary: "Add a unit serving a place in the caller's scope", Tag: "units",
			Request: unitCreateRequest{}, Response: unitResponse{}, Status: http.StatusCreated}),
		api("PATCH", "/api/v1/units/{id}", account.UnitManage, s.apiUnitUpdate, apiDoc{
			Summary: "Change a unit; fields left out keep their values", Tag: "units",
			Request: unitPatchRequest{}, Response: unitResponse{}}),
		api("POST", "/api/v1/units/{id}/retire", account.UnitManage, s.apiUnitRetire, apiDoc{
			Summary: "Retire a unit (it receives no new cases) once no handler account is bound to it", Tag: "units",
			Request: treeVersionRequest{}, Response: unitResponse{}}),
		api("POST", "/api/v1/units/{id}/restore", account.UnitManage, s.apiUnitRestore, apiDoc{
			Summary: "Bring a retired unit back into use", Tag: "units",
			Request: treeVersionRequest{}, Response: unitResponse{}}),
	}
}

// nodeOption is one place in a select, indented by its level.
type nodeOption struct {
	ID    int64
	Label string
}

// unitNodeOptions lists the places a unit may be attached to from a form: the districts,
// streets and communities in the caller's scope (units serve those levels; listing every
// grid would make the select unusable), plus any extra node (the unit's current one).
func (s *Server) unitNodeOptions(r *http.Request, extra ...*admin.Node) ([]nodeOption, error) {
	return s.registerPlaces(r, []admin.Level{admin.District, admin.Street, admin.Community}, extra...)
}

// unitsData is the list of units.
type unitsData struct {
	Q         string
	Kind      admin.UnitKind
	Under     int64
	Retired   bool
	Nodes     []nodeOption
	Units     []*admin.Unit
	More      bool
	Limit     int
	CanCreate bool
}

func (s *Server) unitsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := principal(r)
	q := r.URL.Query()
	d := unitsData{Q: strings.TrimSpace(q.Get("q")), Limit: treeSearchLimit, CanCreate: p.Can(account.UnitManage)}
	var err error
	if d.Kind, err = unitKindParam(r); err != nil {
		return err
	}
	if d.Retired, err = treeBoolParam(r, "retired"); err != nil {
		return err
	}
	if d.Under, err = queryInt(r, "under"); err != nil {
		return err
	}
	var under *admin.Node
	if d.Under != 0 {
		if under, err = s.db.Node(ctx, p, d.Under); err != nil {
			return err
		}
	}
	us, err := s.db.Units(ctx, p, store.UnitFilter{Under: d.Under, Kind: d.Kind, Query: d.Q, IncludeRetired: d.Retired,
		Limit: treeSearchLimit + 1})
	if err != nil {
		return err
	}
	if len(us) > treeSearchLimit {
		us, d.More = us[:treeSearchLimit], true
	}
	d.Units = us
	if d.Nodes, err = s.unitNodeOptions(r, under); err != nil {
		return err
	}
	return s.render(w, r, "units", view{Title: "title.units", Section: "units", Data: d})
}

// unitKindParam reads the optional ?kind= of a listing.
func unitKindParam(r *http.Request) (admin.UnitKind, error) {
	k := admin.UnitKind(r.URL.Query().Get("kind"))
	if k != "" && !k.Valid() {
		return "", errs.FieldInvalid("kind", "err.choose_one")
	}
	return k, nil
}

// unitFormData is the form of a new unit, and the page of an existing one.
type unitFormData struct {
	Unit    *admin.Unit // nil for a new unit
	Node    *admin.Node // the place it serves, when the caller may open it
	Nodes   []nodeOption
	SelNode int64 // the chosen place
	SelKind admin.UnitKind
	Name    string // the values the form starts with
	Phone   string
	Duties  string
	History []historyItem
	Manage  bool // unit.manage over this unit
	EditV   view
	StatusV view
	LostV   view // a failed edit of a unit retired meanwhile, whose form is gone
}

func (s *Server) unitNewPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderUnitNew(w, r, http.StatusOK, nil)
}

func (s *Server) renderUnitNew(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	st := state(r)
	d := unitFormData{SelKind: admin.Department, EditV: view{Lang: st.lang, Form: f, Fields: unitFields}}
	var err error
	if f != nil {
		d.SelNode, _ = strconv.ParseInt(f.Get("node_id"), 10, 64)
		d.SelKind, d.Duties = admin.UnitKind(f.Get("kind")), f.Get("duties")
	} else if d.SelNode, err = queryInt(r, "node"); err != nil {
		return err
	}
	var extra *admin.Node
	if d.SelNode != 0 {
		if extra, err = s.db.Node(r.Context(), st.p, d.SelNode); err != nil {
			extra, d.SelNode = nil, 0 // a stale link: choose again
		}
	}
	if d.Nodes, err = s.unitNodeOptions(r, extra); err != nil {
		return err
	}
	if len(d.Nodes) == 1 && f == nil {
		d.SelNode = d.Nodes[0].ID // the only place the caller may choose
	}
	return s.renderCode(w, r, status, "units_show", view{Title: "title.unit_new", Section: "units", Data: d})
}

// unitInput reads the unit form.
func unitInput(f *form) admin.UnitInput {
	return admin.UnitInput{NodeID: f.Int("node_id"), Kind: admin.UnitKind(f.Get("kind")), Name: f.Get("name"),
		Phone: f.Get("phone"), Duties: f.Get("duties")}
}

func (s *Server) unitCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	in := unitInput(f)
	err = f.numErrs()
	if err == nil && in.NodeID != 0 {
		// A place outside the caller's scope is not theirs to see: not found.
		if _, err := s.db.Node(r.Context(), st.p, in.NodeID); err != nil {
			return err
		}
	}
	var u *admin.Unit
	if err == nil {
		u, err = s.db.CreateUnit(r.Context(), st.p, in)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.renderUnitNew(w, r, statusFor(err), f)
	}
	flash(w, "success", "flash.unit_created")
	return redirect(w, r, "/admin/units/"+strconv.FormatInt(u.ID, 10)+"#main")
}

// pathUnit reads the {id} unit of the request, if the caller may see it.
func (s *Server) pathUnit(r *http.Request) (*admin.Unit, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.db.Unit(r.Context(), principal(r), id)
}

func (s *Server) unitShowPage(w http.ResponseWriter, r *http.Request) error {
	u, err := s.pathUnit(r)
	if err != nil {
		return err
	}
	return s.renderUnit(w, r, http.StatusOK, u, nil, nil)
}

func (s *Server) renderUnit(w http.ResponseWriter, r *http.Request, status int, u *admin.Unit, edit, stat *form) error {
	ctx := r.Context()
	st := state(r)
	p := st.p
	d := unitFormData{Unit: u, SelNode: u.NodeID, SelKind: u.Kind, Name: u.Name, Phone: u.Phone, Duties: u.Duties,
		EditV: view{Lang: st.lang, Form: edit, Fields: unitFields}, StatusV: view{Lang: st.lang, Form: stat},
		Manage: p.Can(account.UnitManage) && p.InScope(u.NodePath)}
	if edit != nil {
		d.SelNode, _ = strconv.ParseInt(edit.Get("node_id"), 10, 64)
		d.SelKind, d.Duties = admin.UnitKind(edit.Get("kind")), edit.Get("duties")
	}
	var err error
	if p.InScope(u.NodePath) {
		if d.Node, err = s.db.Node(ctx, p, u.NodeID); err != nil {
			return err
		}
	}
	if d.History, err = s.historyItems(r, "unit", u.ID); err != nil {
		return err
	}
	if d.Manage && !u.IsRetired() {
		if d.Nodes, err = s.unitNodeOptions(r, d.Node); err != nil {
			return err
		}
	}
	if edit != nil && (!d.Manage || u.IsRetired()) {
		d.LostV = d.EditV
		d.LostV.Detached = true
	}
	return s.renderCode(w, r, status, "units_show", view{Title: u.Name, Section: "units", Data: d})
}

// unitWrite runs one of the write forms of a unit page, like nodeWrite.
func (s *Server) unitWrite(w http.ResponseWriter, r *http.Request, edit bool, flashKey string,
	do func(u *admin.Unit, f *form, version int) error) error {
	u, err := s.pathUnit(r)
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
		err = do(u, f, version)
	}
	if err != nil {
		if !f.absorbVersioned(st.lang, err) {
			return err
		}
		if fresh, err := s.db.Unit(r.Context(), st.p, u.ID); err == nil {
			u = fresh
		}
		if edit {
			return s.renderUnit(w, r, statusFor(err), u, f, nil)
		}
		return s.renderUnit(w, r, statusFor(err), u, nil, f)
	}
	flash(w, "success", flashKey)
	return redirect(w, r, "/admin/units/"+strconv.FormatInt(u.ID, 10)+"#main")
}

func (s *Server) unitUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.unitWrite(w, r, true, "flash.unit_saved", func(u *admin.Unit, f *form, version int) error {
		in := unitInput(f)
		if err := f.numErrs(); err != nil {
			return err
		}
		_, err := s.db.UpdateUnit(r.Context(), principal(r), u.ID, in, version)
		return err
	})
}

func (s *Server) unitRetireSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.unitWrite(w, r, false, "flash.unit_retired", func(u *admin.Unit, f *form, version int) error {
		return s.db.SetUnitRetired(r.Context(), principal(r), u.ID, true, version)
	})
}

func (s *Server) unitRestoreSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.unitWrite(w, r, false, "flash.unit_restored", func(u *admin.Unit, f *form, version int) error {
		return s.db.SetUnitRetired(r.Context(), principal(r), u.ID, false, version)
	})
}
