package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// buildingFields are the fields of the building form, in page order.
var buildingFields = formFields{"node_id", "building.field.node", "name", "building.field.name", "address", "building.field.address",
	"kind", "building.field.kind", "floors_above", "building.field.floors_above", "floors_below", "building.field.floors_below",
	"location", "building.field.location"}

// buildingPageSize is how many buildings a page of the list shows.
const buildingPageSize = 50

// buildingRoutes are the staff pages of the buildings register.
func (s *Server) buildingRoutes() []route {
	return []route{
		page("GET", "/registers/buildings", account.RegisterView, s.buildingsPage),
		page("GET", "/registers/buildings/new", account.RegisterEdit, s.buildingNewPage),
		page("POST", "/registers/buildings", account.RegisterEdit, s.buildingCreateSubmit),
		page("GET", "/registers/buildings/{id}", account.RegisterView, s.buildingShowPage),
		page("GET", "/registers/buildings/{id}/edit", account.RegisterEdit, s.buildingEditPage),
		page("POST", "/registers/buildings/{id}", account.RegisterEdit, s.buildingUpdateSubmit),
		page("POST", "/registers/buildings/{id}/retire", account.RegisterEdit, s.buildingRetireSubmit),
		page("POST", "/registers/buildings/{id}/restore", account.RegisterEdit, s.buildingRestoreSubmit),
	}
}

// registerPlaces lists the places of the levels given in the caller's scope, as options
// indented by level, plus any extra node (the record's current one).
func (s *Server) registerPlaces(r *http.Request, levels []admin.Level, extra ...*admin.Node) ([]nodeOption, error) {
	var ns []*admin.Node
	seen := map[int64]bool{}
	for _, l := range levels {
		got, err := s.db.Nodes(r.Context(), principal(r), store.NodeFilter{Level: l})
		if err != nil {
			return nil, err
		}
		for _, n := range got {
			seen[n.ID] = true
		}
		ns = append(ns, got...)
	}
	for _, n := range extra {
		if n != nil && !seen[n.ID] {
			ns = append(ns, n)
		}
	}
	sort.SliceStable(ns, func(i, j int) bool { return ns[i].FullCode < ns[j].FullCode })
	top := admin.Microgrid
	for _, n := range ns {
		top = min(top, n.Level)
	}
	out := make([]nodeOption, len(ns))
	for i, n := range ns {
		out[i] = nodeOption{ID: n.ID, Label: strings.Repeat("\u3000", int(n.Level-top)) + n.Name + " · " + n.FullCode}
	}
	return out, nil
}

// buildingsData is the list of buildings.
type buildingsData struct {
	Filter    store.BuildingFilter
	Places    []nodeOption
	Buildings []*register.Building
	Counts    map[int64]int
	Filtered  bool
	registerPager
	CanCreate bool
}

func (s *Server) buildingsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st := state(r)
	q := r.URL.Query()
	f := &form{Values: q, Errors: map[string]string{}}
	d := buildingsData{CanCreate: st.p.Can(account.RegisterEdit)}
	filter, err := buildingFilterFrom(q, "retired")
	status := http.StatusOK
	if err == nil && filter.Under != 0 {
		_, err = s.db.Node(ctx, st.p, filter.Under)
	}
	if err == nil {
		filter.Limit = buildingPageSize + 1
		d.Buildings, err = s.db.ListBuildings(ctx, st.p, filter)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		status = statusFor(err)
	}
	d.Filter = filter
	var next int64
	d.Buildings, next = idPage(d.Buildings, buildingPageSize, buildingID)
	d.registerPager = pageLinks("/registers/buildings", q, filter.AfterID != 0, idString(next))
	d.Filtered = filter.Query != "" || filter.Kind != "" || filter.Under != 0 || filter.IncludeRetired
	ids := make([]int64, len(d.Buildings))
	for i, b := range d.Buildings {
		ids[i] = b.ID
	}
	if d.Counts, err = s.db.HouseCounts(ctx, st.p, ids); err != nil {
		return err
	}
	if d.Places, err = s.registerPlaces(r, []admin.Level{admin.Street, admin.Community, admin.Grid}); err != nil {
		return err
	}
	return s.renderCode(w, r, status, "buildings", view{Title: "registers.buildings", Section: "registers", Data: d,
		Form: f, Fields: formFields{"q", "building.filter.q", "kind", "building.field.kind", "under", "building.filter.under"}})
}

// buildingFormData is the form of a new or existing building.
type buildingFormData struct {
	Building *register.Building // nil for a new building
	Places   []nodeOption
	SelNode  int64
	SelKind  register.BuildingKind
	Values   map[string]string // the values the form starts with
}

// buildingFormValues are the form values of a building.
func buildingFormValues(b *register.Building) map[string]string {
	v := map[string]string{"name": b.Name, "address": b.Address, "floors_above": strconv.Itoa(b.FloorsAbove),
		"floors_below": strconv.Itoa(b.FloorsBelow)}
	if b.Location != nil {
		v["lng"] = strconv.FormatFloat(b.Location.Lng, 'f', -1, 64)
		v["lat"] = strconv.FormatFloat(b.Location.Lat, 'f', -1, 64)
	}
	return v
}

func (s *Server) buildingNewPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderBuildingForm(w, r, http.StatusOK, nil, nil)
}

func (s *Server) buildingEditPage(w http.ResponseWriter, r *http.Request) error {
	b, err := s.pathBuilding(r)
	if err != nil {
		return err
	}
	if b.IsRetired() {
		return errs.E(errs.Conflict, "err.building_retired")
	}
	return s.renderBuildingForm(w, r, http.StatusOK, b, nil)
}

// renderBuildingForm shows the form of a new building (b nil) or of b, with the failed
// submission f when there is one.
func (s *Server) renderBuildingForm(w http.ResponseWriter, r *http.Request, status int, b *register.Building, f *form) error {
	st := state(r)
	d := buildingFormData{Building: b, SelKind: register.Residential, Values: map[string]string{"floors_below": "0"}}
	var err error
	if b != nil {
		d.SelNode, d.SelKind, d.Values = b.NodeID, b.Kind, buildingFormValues(b)
	} else if d.SelNode, err = queryInt(r, "node"); err != nil {
		return err
	}
	if f != nil {
		d.SelNode, _ = strconv.ParseInt(f.Get("node_id"), 10, 64)
		d.SelKind = register.BuildingKind(f.Get("kind"))
		for _, k := range []string{"name", "address", "floors_above", "floors_below", "lng", "lat"} {
			d.Values[k] = f.Get(k)
		}
	}
	var extra *admin.Node
	if d.SelNode != 0 {
		if extra, err = s.db.Node(r.Context(), st.p, d.SelNode); err != nil {
			extra, d.SelNode = nil, 0 // a stale link: choose again
		}
	}
	if d.Places, err = s.registerPlaces(r, []admin.Level{admin.Grid, admin.Microgrid}, extra); err != nil {
		return err
	}
	if len(d.Places) == 1 && f == nil && b == nil {
		d.SelNode = d.Places[0].ID
	}
	title := "building.new"
	if b != nil {
		title = "building.edit"
	}
	return s.renderCode(w, r, status, "buildings_form", view{Title: title, Section: "registers", Data: d, Form: f, Fields: buildingFields})
}

// floatField reads an optional decimal form field, recording an error when it is not a
// number.
func floatField(f *form, name string) (float64, bool) {
	s := f.Get(name)
	if s == "" {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		f.Errors[name] = "err.number"
		return 0, false
	}
	return x, true
}

// buildingFormInput reads the building form. The position is given as two numbers or
// not at all.
func buildingFormInput(f *form) register.BuildingInput {
	in := register.BuildingInput{NodeID: f.Int("node_id"), Name: f.Get("name"), Address: f.Get("address"),
		FloorsAbove: int(f.Int("floors_above")), FloorsBelow: int(f.Int("floors_below")), Kind: register.BuildingKind(f.Get("kind"))}
	lng, okLng := floatField(f, "lng")
	lat, okLat := floatField(f, "lat")
	switch {
	case f.Errors["lng"] != "" || f.Errors["lat"] != "":
		delete(f.Errors, "lng")
		delete(f.Errors, "lat")
		f.Errors["location"] = "err.number"
	case okLng && okLat:
		in.Location = &geo.Point{Lng: lng, Lat: lat}
	case okLng != okLat:
		f.Errors["location"] = "err.location_both"
	}
	return in
}

func (s *Server) buildingCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	in := buildingFormInput(f)
	err = f.numErrs()
	if err == nil && in.NodeID != 0 {
		// A place outside the caller's scope is not theirs to see: not found.
		if _, err := s.db.Node(r.Context(), st.p, in.NodeID); err != nil {
			return err
		}
	}
	var b *register.Building
	if err == nil {
		b, err = s.db.CreateBuilding(r.Context(), st.p, in)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.renderBuildingForm(w, r, statusFor(err), nil, f)
	}
	flash(w, "success", "flash.building_created")
	return redirect(w, r, "/registers/buildings/"+strconv.FormatInt(b.ID, 10))
}

func (s *Server) buildingUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	b, err := s.pathBuilding(r)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	in := buildingFormInput(f)
	version, err := formVersion(f)
	if err == nil && in.NodeID != 0 && in.NodeID != b.NodeID {
		if _, err := s.db.Node(r.Context(), st.p, in.NodeID); err != nil {
			return err
		}
	}
	if err == nil {
		_, err = s.db.UpdateBuilding(r.Context(), st.p, b.ID, in, version)
	}
	if err != nil {
		if !f.absorbVersioned(st.lang, err) {
			return err
		}
		if fresh, err := s.db.Building(r.Context(), st.p, b.ID); err == nil {
			b = fresh
		}
		return s.renderBuildingForm(w, r, statusFor(err), b, f)
	}
	flash(w, "success", "flash.building_saved")
	return redirect(w, r, "/registers/buildings/"+strconv.FormatInt(b.ID, 10))
}

// sheetFloor is one floor of a unit on the building sheet.
type sheetFloor struct {
	Floor  int
	Houses []*register.House
}

// sheetUnit is one unit (单元) of the building sheet, its floors from the top down.
type sheetUnit struct {
	Unit   string
	Floors []sheetFloor
}

// buildingSheet lays out a building's houses as the paper sheet does: a column per
// unit, a row per floor from the top down, the rooms of each floor in order. Every floor
// the building has is shown, so that an empty floor stands out.
func buildingSheet(b *register.Building, hs []*register.House) []sheetUnit {
	var units []sheetUnit
	index := map[string]int{}
	for _, h := range hs {
		i, ok := index[h.Unit]
		if !ok {
			i = len(units)
			index[h.Unit] = i
			u := sheetUnit{Unit: h.Unit}
			for fl := b.FloorsAbove; fl >= -b.FloorsBelow; fl-- {
				if fl != 0 {
					u.Floors = append(u.Floors, sheetFloor{Floor: fl})
				}
			}
			units = append(units, u)
		}
		for j := range units[i].Floors {
			if units[i].Floors[j].Floor == h.Floor {
				units[i].Floors[j].Houses = append(units[i].Floors[j].Houses, h)
			}
		}
	}
	return units
}

// buildingShowData is the page of one building.
type buildingShowData struct {
	Building    *register.Building
	Node        *admin.Node
	Sheet       []sheetUnit
	Houses      int // current houses
	Retired     int // retired houses, listed below the sheet
	RetiredList []*register.House
	Pages       []int // the A4 pages of its plates
	History     []registerHistoryItem
	Manage      bool
	StatusV     view
}

func (s *Server) buildingShowPage(w http.ResponseWriter, r *http.Request) error {
	b, err := s.pathBuilding(r)
	if err != nil {
		return err
	}
	return s.renderBuilding(w, r, http.StatusOK, b, nil)
}

func (s *Server) renderBuilding(w http.ResponseWriter, r *http.Request, status int, b *register.Building, stat *form) error {
	ctx := r.Context()
	st := state(r)
	d := buildingShowData{Building: b, StatusV: view{Lang: st.lang, Form: stat}, Manage: st.p.Can(account.RegisterEdit)}
	var err error
	if d.Node, err = s.db.Node(ctx, st.p, b.NodeID); err != nil {
		return err
	}
	hs, err := s.db.ListHouses(ctx, st.p, store.HouseFilter{RegisterFilter: store.RegisterFilter{ParentID: b.ID, IncludeRetired: true}, Whole: true})
	if err != nil {
		return err
	}
	var current []*register.House
	for _, h := range hs {
		if h.IsRetired() {
			d.RetiredList = append(d.RetiredList, h)
		} else {
			current = append(current, h)
		}
	}
	d.Houses, d.Retired = len(current), len(d.RetiredList)
	d.Sheet = buildingSheet(b, current)
	for i := 0; i*platesPerPage < len(current); i++ {
		d.Pages = append(d.Pages, i+1)
	}
	if d.History, err = s.registerHistory(r, "building", b.ID); err != nil {
		return err
	}
	return s.renderCode(w, r, status, "buildings_show", view{Title: b.Name, Section: "registers", Data: d})
}

// platesPerPage is how many plates the default sheet puts on an A4 page (2 × 4).
const platesPerPage = 8

// buildingStatusWrite runs the retire or restore form of a building page.
func (s *Server) buildingStatusWrite(w http.ResponseWriter, r *http.Request, retire bool) error {
	sf := statusForm[*register.Building]{get: s.db.Building, change: s.db.RestoreBuilding, render: s.renderBuilding,
		page: "/registers/buildings/", flash: "flash.building_restored"}
	if retire {
		sf.change, sf.flash = s.db.RetireBuilding, "flash.building_retired"
	}
	return sf.submit(w, r)
}

func (s *Server) buildingRetireSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.buildingStatusWrite(w, r, true)
}

func (s *Server) buildingRestoreSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.buildingStatusWrite(w, r, false)
}

// gridBuildingsData is the buildings section of a grid's page.
type gridBuildingsData struct {
	Node      *admin.Node
	Buildings []*register.Building
	Counts    map[int64]int
	More      bool // more buildings than the page lists: a link to the full list
	CanAdd    bool
}

// gridBuildingsLimit is how many buildings a grid's page lists.
const gridBuildingsLimit = 100

// gridBuildings reads the buildings of a grid or micro-grid for its page; nil for other
// places and for callers who do not see the registers.
func (s *Server) gridBuildings(r *http.Request, n *admin.Node) (*gridBuildingsData, error) {
	p := principal(r)
	if (n.Level != admin.Grid && n.Level != admin.Microgrid) || !p.Can(account.RegisterView) {
		return nil, nil
	}
	d := &gridBuildingsData{Node: n, CanAdd: p.Can(account.RegisterEdit) && p.InScope(n.Path) && !n.IsRetired()}
	bs, err := s.db.ListBuildings(r.Context(), p, store.BuildingFilter{RegisterFilter: store.RegisterFilter{Under: n.ID, Limit: gridBuildingsLimit + 1}})
	if err != nil {
		return nil, err
	}
	if len(bs) > gridBuildingsLimit {
		bs, d.More = bs[:gridBuildingsLimit], true
	}
	d.Buildings = bs
	ids := make([]int64, len(bs))
	for i, b := range bs {
		ids[i] = b.ID
	}
	if d.Counts, err = s.db.HouseCounts(r.Context(), p, ids); err != nil {
		return nil, err
	}
	return d, nil
}

// Kinds are the building kinds, for the templates.
func (buildingsData) Kinds() []register.BuildingKind { return register.BuildingKinds }

// Kinds are the building kinds, for the templates.
func (buildingFormData) Kinds() []register.BuildingKind { return register.BuildingKinds }
