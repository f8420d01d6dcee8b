package web

import (
	"net/http"
	"strconv"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// houseFields are the fields of the house form, in page order.
var houseFields = formFields{"building_id", "house.field.building", "unit", "house.field.unit", "floor", "house.field.floor",
	"room", "house.field.room", "area", "house.field.area", "use", "house.field.use", "address", "house.field.address",
	"owner_name", "house.field.owner_name"}

// housePageSize is how many houses a page of the list shows.
const housePageSize = 50

// houseRoutes are the staff pages of the houses register.
func (s *Server) houseRoutes() []route {
	return []route{
		page("GET", "/registers/houses", account.RegisterView, s.housesPage),
		page("GET", "/registers/houses/new", account.RegisterEdit, s.houseNewPage),
		page("POST", "/registers/houses", account.RegisterEdit, s.houseCreateSubmit),
		page("GET", "/registers/houses/{id}", account.RegisterView, s.houseShowPage),
		page("GET", "/registers/houses/{id}/edit", account.RegisterEdit, s.houseEditPage),
		page("POST", "/registers/houses/{id}", account.RegisterEdit, s.houseUpdateSubmit),
		page("POST", "/registers/houses/{id}/retire", account.RegisterEdit, s.houseRetireSubmit),
		page("POST", "/registers/houses/{id}/restore", account.RegisterEdit, s.houseRestoreSubmit),
	}
}

// housesData is the list of houses.
type housesData struct {
	Filter   store.HouseFilter
	Building *register.Building // the building filtered on
	Houses   []*register.House
	Names    map[int64]string // building names
	Filtered bool
	registerPager
	CanCreate bool
}

func (s *Server) housesPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st := state(r)
	q := r.URL.Query()
	f := &form{Values: q, Errors: map[string]string{}}
	d := housesData{CanCreate: st.p.Can(account.RegisterEdit), Names: map[int64]string{}}
	filter, err := houseFilterFrom(q, "retired")
	status := http.StatusOK
	if err == nil && filter.ParentID != 0 {
		d.Building, err = s.db.Building(ctx, st.p, filter.ParentID)
		if err != nil {
			return err
		}
	}
	if err == nil && filter.Under != 0 {
		if _, err := s.db.Node(ctx, st.p, filter.Under); err != nil {
			return err
		}
	}
	if err == nil {
		filter.Limit = housePageSize + 1
		d.Houses, err = s.db.ListHouses(ctx, st.p, filter)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		status = statusFor(err)
	}
	d.Filter = filter
	var next int64
	d.Houses, next = idPage(d.Houses, housePageSize, houseID)
	d.registerPager = pageLinks("/registers/houses", q, filter.AfterID != 0, idString(next))
	d.Filtered = filter.Query != "" || filter.Use != "" || filter.Unit != "" || filter.ParentID != 0 || filter.Under != 0 || filter.IncludeRetired
	seen := map[int64]bool{}
	for _, h := range d.Houses {
		if !seen[h.BuildingID] {
			seen[h.BuildingID] = true
			if b, err := s.db.Building(ctx, st.p, h.BuildingID); err == nil {
				d.Names[b.ID] = b.Name
			}
		}
	}
	return s.renderCode(w, r, status, "houses", view{Title: "registers.houses", Section: "registers", Data: d,
		Form: f, Fields: formFields{"q", "house.filter.q", "use", "house.field.use", "unit", "house.field.unit"}})
}

// houseFormData is the form of a new or existing house.
type houseFormData struct {
	House     *register.House    // nil for a new house
	Building  *register.Building // the building chosen, when there is one
	Buildings []*register.Building
	SelUse    register.HouseUse
	Values    map[string]string
}

func (s *Server) houseNewPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderHouseForm(w, r, http.StatusOK, nil, nil)
}

func (s *Server) houseEditPage(w http.ResponseWriter, r *http.Request) error {
	h, err := s.pathHouse(r)
	if err != nil {
		return err
	}
	if h.IsRetired() {
		return errs.E(errs.Conflict, "err.house_retired")
	}
	return s.renderHouseForm(w, r, http.StatusOK, h, nil)
}

func (s *Server) renderHouseForm(w http.ResponseWriter, r *http.Request, status int, h *register.House, f *form) error {
	ctx := r.Context()
	st := state(r)
	d := houseFormData{House: h, SelUse: register.SelfOccupied, Values: map[string]string{}}
	var bid int64
	var err error
	if h != nil {
		bid, d.SelUse = h.BuildingID, h.Use
		d.Values = map[string]string{"unit": h.Unit, "floor": strconv.Itoa(h.Floor), "room": h.Room, "address": h.Address,
			"area": strconv.FormatFloat(h.Area, 'f', -1, 64), "owner_name": h.OwnerName}
	} else if bid, err = queryInt(r, "building"); err != nil {
		return err
	}
	if f != nil {
		bid, _ = strconv.ParseInt(f.Get("building_id"), 10, 64)
		d.SelUse = register.HouseUse(f.Get("use"))
		for _, k := range []string{"unit", "floor", "room", "address", "area", "owner_name"} {
			d.Values[k] = f.Get(k)
		}
	}
	if bid != 0 {
		if d.Building, err = s.db.Building(ctx, st.p, bid); err != nil && f == nil {
			return err
		}
	}
	if d.Building == nil {
		// No building chosen yet: offer those in scope (a page of them; a new house is
		// usually added from its building's page, which fixes the building).
		if d.Buildings, err = s.db.ListBuildings(ctx, st.p, store.BuildingFilter{RegisterFilter: store.RegisterFilter{Limit: 500}}); err != nil {
			return err
		}
	}
	title := "house.new"
	if h != nil {
		title = "house.edit"
	}
	return s.renderCode(w, r, status, "houses_form", view{Title: title, Section: "registers", Data: d, Form: f, Fields: houseFields})
}

// houseFormInput reads the house form; the owner as a registered person is kept from
// the record, the form does not choose it.
func houseFormInput(f *form) register.HouseInput {
	in := register.HouseInput{BuildingID: f.Int("building_id"), Unit: f.Get("unit"), Floor: int(f.Int("floor")), Room: f.Get("room"),
		Address: f.Get("address"), Use: register.HouseUse(f.Get("use")), OwnerName: f.Get("owner_name")}
	in.Area, _ = floatField(f, "area")
	return in
}

func (s *Server) houseCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	in := houseFormInput(f)
	err = f.numErrs()
	if err == nil && in.BuildingID != 0 {
		if _, err := s.db.Building(r.Context(), st.p, in.BuildingID); err != nil {
			return err
		}
	}
	var h *register.House
	if err == nil {
		h, err = s.db.CreateHouse(r.Context(), st.p, in)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.renderHouseForm(w, r, statusFor(err), nil, f)
	}
	flash(w, "success", "flash.house_created")
	return redirect(w, r, "/registers/houses/"+strconv.FormatInt(h.ID, 10))
}

func (s *Server) houseUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	h, err := s.pathHouse(r)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	in := houseFormInput(f)
	in.OwnerPersonID = h.OwnerPersonID
	version, err := formVersion(f)
	if err == nil && in.BuildingID != 0 && in.BuildingID != h.BuildingID {
		if _, err := s.db.Building(r.Context(), st.p, in.BuildingID); err != nil {
			return err
		}
	}
	if err == nil {
		_, err = s.db.UpdateHouse(r.Context(), st.p, h.ID, in, version)
	}
	if err != nil {
		if !f.absorbVersioned(st.lang, err) {
			return err
		}
		if fresh, err := s.db.House(r.Context(), st.p, h.ID); err == nil {
			h = fresh
		}
		return s.renderHouseForm(w, r, statusFor(err), h, f)
	}
	flash(w, "success", "flash.house_saved")
	return redirect(w, r, "/registers/houses/"+strconv.FormatInt(h.ID, 10))
}

// houseShowData is the page of one house.
type houseShowData struct {
	House     *register.House
	Building  *register.Building
	Label     string // unit and room
	Address   string // its own address, else the building's
	Code      string // as printed
	PlateURL  string // the public page its plate opens
	History   []registerHistoryItem
	Manage    bool
	StatusV   view
	CanReopen bool // retired, in a current building
	Residents *houseResidents
	// The households living in the house and its rental registrations.
	Households []*register.Household
	Rentals    []rentalItem
}

func (s *Server) houseShowPage(w http.ResponseWriter, r *http.Request) error {
	h, err := s.pathHouse(r)
	if err != nil {
		return err
	}
	return s.renderHouse(w, r, http.StatusOK, h, nil)
}

func (s *Server) renderHouse(w http.ResponseWriter, r *http.Request, status int, h *register.House, stat *form) error {
	return s.renderHouseWith(w, r, status, h, stat, residenceForms{})
}

// renderHouseWith shows a house's page with a failed status form (stat) or residence
// form (res).
func (s *Server) renderHouseWith(w http.ResponseWriter, r *http.Request, status int, h *register.House, stat *form, res residenceForms) error {
	st := state(r)
	b, err := s.db.Building(r.Context(), st.p, h.BuildingID)
	if err != nil {
		return err
	}
	d := houseShowData{House: h, Building: b, Label: houseLabel(h.Unit, h.Room), Address: b.Address, Code: displayCode(h.Code),
		PlateURL: s.publicBase(r) + platePath(h.Code), Manage: st.p.Can(account.RegisterEdit), StatusV: view{Lang: st.lang, Form: stat}}
	if h.Address != "" {
		d.Address = h.Address
	}
	d.CanReopen = h.IsRetired() && !b.IsRetired()
	if d.History, err = s.registerHistory(r, "house", h.ID); err != nil {
		return err
	}
	if d.Residents, err = s.houseResidentsOf(r, h, res); err != nil {
		return err
	}
	if err := s.houseRegistrations(r, &d); err != nil {
		return err
	}
	return s.renderCode(w, r, status, "houses_show", view{Title: b.Name + " " + d.Label, Section: "registers", Data: d})
}

// houseStatusWrite runs the retire or restore form of a house page.
func (s *Server) houseStatusWrite(w http.ResponseWriter, r *http.Request, retire bool) error {
	sf := statusForm[*register.House]{get: s.db.House, change: s.db.RestoreHouse, render: s.renderHouse,
		page: "/registers/houses/", flash: "flash.house_restored"}
	if retire {
		sf.change, sf.flash = s.db.RetireHouse, "flash.house_retired"
	}
	return sf.submit(w, r)
}

func (s *Server) houseRetireSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.houseStatusWrite(w, r, true)
}

func (s *Server) houseRestoreSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.houseStatusWrite(w, r, false)
}

// Uses are the house uses, for the templates.
func (housesData) Uses() []register.HouseUse { return register.HouseUses }

// Uses are the house uses, for the templates.
func (houseFormData) Uses() []register.HouseUse { return register.HouseUses }
