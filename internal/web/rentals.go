package web

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// The fields of the rental forms, in page order.
var (
	rentalNewFields  = formFields{"house_id", "rental.field.house", "tenant_id_number", "rental.field.tenant", "start", "rental.field.start", "end", "rental.field.end"}
	rentalEditFields = formFields{"house_id", "rental.field.house", "start", "rental.field.start", "end", "rental.field.end"}
)

const (
	// rentalPageSize is how many registrations a page of the list shows.
	rentalPageSize = 50
	// rentalsExpiring is the list's tab of registrations about to expire.
	rentalsExpiring = "expiring"
	// defaultExpiringDays is how far ahead "about to expire" looks unless chosen otherwise.
	defaultExpiringDays = 30
	// expiringShown bounds the expiring list: soonest first, the rest after those are seen to.
	expiringShown = 500
)

// expiringChoices are the horizons the expiring list offers, in days.
var expiringChoices = []int{7, 30, 60, 90}

// rentalRoutes are the staff pages of the rental registrations (出租登记 / 流动人口登记).
func (s *Server) rentalRoutes() []route {
	return []route{
		page("GET", "/registers/rentals", account.RegisterView, s.rentalsPage),
		page("GET", "/registers/rentals/new", account.RegisterEdit, s.rentalNewPage),
		page("POST", "/registers/rentals", account.RegisterEdit, s.rentalCreateSubmit),
		page("GET", "/registers/rentals/{id}", account.RegisterView, s.rentalShowPage),
		page("POST", "/registers/rentals/{id}", account.RegisterEdit, s.rentalUpdateSubmit),
		page("POST", "/registers/rentals/{id}/retire", account.RegisterEdit, s.rentalRetireSubmit),
	}
}

// rentalItem is one registration as the pages list it.
type rentalItem struct {
	*register.Rental
	House    *houseRef
	Tenant   *personRef
	State    string // active, expired, future or retired
	DaysLeft int    // days until the last day, for registrations in force
}

// rentalState says where a registration stands today.
func rentalState(now time.Time, x *register.Rental) string {
	switch {
	case x.IsRetired():
		return "retired"
	case x.Expired(now):
		return store.RentalsExpired
	case x.Active(now):
		return store.RentalsActive
	}
	return store.RentalsFuture
}

func (s *Server) rentalItems(r *http.Request, rs []*register.Rental) []rentalItem {
	now := s.db.Clock().Now()
	today := register.Today(now)
	x := s.newRefs(r)
	out := make([]rentalItem, len(rs))
	for i, v := range rs {
		end := register.Date(v.End.Year(), v.End.Month(), v.End.Day())
		out[i] = rentalItem{Rental: v, House: x.House(v.HouseID), Tenant: x.Person(v.TenantID), State: rentalState(now, v),
			DaysLeft: int(end.Sub(today).Hours() / 24)}
	}
	return out
}

// rentalsData is the list of registrations.
type rentalsData struct {
	Places    []nodeOption
	Under     int64
	Status    string
	Days      int
	Choices   []int
	Items     []rentalItem
	Truncated bool // the expiring list shows its first expiringShown
	registerPager
	CanCreate bool
}

// Statuses are the list's status choices.
func (rentalsData) Statuses() []string {
	return []string{store.RentalsActive, rentalsExpiring, store.RentalsExpired, store.RentalsFuture}
}

func (s *Server) rentalsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st := state(r)
	q := r.URL.Query()
	f := &form{Values: q, Errors: map[string]string{}}
	d := rentalsData{CanCreate: st.p.Can(account.RegisterEdit), Status: q.Get("status"), Days: defaultExpiringDays, Choices: expiringChoices}
	var v errs.Validation
	d.Under = queryIDField(&v, q, "node")
	switch d.Status {
	case "", store.RentalsActive, store.RentalsExpired, store.RentalsFuture, rentalsExpiring:
	default:
		v.Add("status", "err.choose_one")
	}
	if s := q.Get("within"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || !slices.Contains(expiringChoices, n) {
			v.Add("within", "err.choose_one")
		} else {
			d.Days = n
		}
	}
	after, cerr := store.ParsePathCursor(q.Get("after"))
	if cerr != nil {
		v.Add("after", "err.cursor")
	}
	status := http.StatusOK
	err := v.Err()
	var rs []*register.Rental
	var next store.PathCursor
	if err == nil && d.Status == rentalsExpiring {
		rs, err = s.db.ExpiringRentals(ctx, st.p, d.Under, d.Days, expiringShown)
		d.Truncated = len(rs) == expiringShown
	} else if err == nil {
		rs, next, err = s.db.Rentals(ctx, st.p, store.RentalFilter{Under: d.Under, Status: d.Status, After: after, Limit: rentalPageSize})
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		status = statusFor(err)
	}
	d.Items = s.rentalItems(r, rs)
	d.registerPager = pagerFor("/registers/rentals", q, after, next)
	if d.Places, err = s.registerPlaces(r, []admin.Level{admin.Street, admin.Community, admin.Grid, admin.Microgrid}); err != nil {
		return err
	}
	return s.renderCode(w, r, status, "rentals", view{Title: "registers.rentals", Section: "registers", Data: d,
		Form: f, Fields: formFields{"status", "rental.filter.status", "within", "rental.filter.within", "node", "rental.filter.node"}})
}

// rentalFormData is the form of a new registration.
type rentalFormData struct {
	House     *houseRef // the house, when the form came from its page
	Places    []nodeOption
	SelNode   int64
	Houses    []houseOption
	SelHouse  int64
	Residents []*personRef
	SelTenant int64
	Values    map[string]string
}

func (s *Server) rentalNewPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRentalForm(w, r, http.StatusOK, nil)
}

func (s *Server) renderRentalForm(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	d := rentalFormData{Values: map[string]string{}}
	var err error
	if f != nil {
		d.SelNode, _ = strconv.ParseInt(f.Get("node"), 10, 64)
		d.SelHouse, _ = strconv.ParseInt(f.Get("house_id"), 10, 64)
		d.SelTenant, _ = strconv.ParseInt(f.Get("tenant_pick"), 10, 64)
	} else {
		if d.SelNode, err = queryInt(r, "node"); err != nil {
			return err
		}
		if d.SelHouse, err = queryInt(r, "house"); err != nil {
			return err
		}
		today := register.Today(s.db.Clock().Now())
		d.Values["start"] = today.Format(time.DateOnly)
		d.Values["end"] = today.AddDate(1, 0, -1).Format(time.DateOnly)
	}
	if d.SelHouse != 0 {
		if d.House = s.newRefs(r).House(d.SelHouse); d.House == nil && f == nil {
			return errs.NotFoundf(register.EntityHouse)
		}
		if d.House != nil {
			d.SelNode = d.House.NodeID
		}
	}
	if d.House == nil {
		if d.Places, err = s.registerPlaces(r, []admin.Level{admin.Grid, admin.Microgrid}); err != nil {
			return err
		}
		if len(d.Places) == 1 && d.SelNode == 0 {
			d.SelNode = d.Places[0].ID
		}
		if d.Houses, err = s.placeHouses(r, d.SelNode); err != nil {
			return err
		}
	}
	if d.Residents, err = s.placeResidents(r, d.SelNode); err != nil {
		return err
	}
	return s.renderCode(w, r, status, "rentals_form", view{Title: "rental.new", Section: "registers", Data: d, Form: f, Fields: rentalNewFields})
}

// rentalFormDates reads the start and end of a rental form.
func rentalFormDates(v *errs.Validation, f *form, in *register.RentalInput) {
	in.Start = rentalDate(v, "start", f.Get("start"))
	in.End = rentalDate(v, "end", f.Get("end"))
}

// checkRentalHouse reports a house the caller cannot see as a problem of the field,
// where the store treats it as the record not found.
func (s *Server) checkRentalHouse(r *http.Request, v *errs.Validation, id int64) error {
	if id == 0 {
		return nil
	}
	_, err := s.db.House(r.Context(), principal(r), id)
	if errs.Is(err, errs.NotFound) {
		v.Add("house_id", "err.not_found", errs.M(register.EntityHouse))
		return nil
	}
	return err
}

func (s *Server) rentalCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	var v errs.Validation
	in := register.RentalInput{HouseID: f.Int("house_id")}
	if err := f.numErrs(); err != nil {
		v.Add("house_id", "err.number")
	}
	tenant, perr := s.pickPerson(r, f, "tenant_pick", "tenant_id_number")
	if e := errs.As(perr); e != nil && len(e.Fields) > 0 {
		v.Add(e.Fields[0].Field, e.Fields[0].Msg.Key, e.Fields[0].Msg.Args...)
	} else if perr != nil {
		return perr
	}
	in.TenantID = tenant
	rentalFormDates(&v, f, &in)
	if err := s.checkRentalHouse(r, &v, in.HouseID); err != nil {
		return err
	}
	var x *register.Rental
	if v.OK() {
		x, err = s.db.CreateRental(r.Context(), st.p, in)
		err = renameFields(err, map[string]string{"tenant_id": "tenant_id_number"})
	} else {
		// Let the register's own checks add theirs (a missing date, a long period).
		err = bothErrs(&v, renameFields(in.Validate(), map[string]string{"tenant_id": "tenant_id_number"}))
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.renderRentalForm(w, r, statusFor(err), f)
	}
	flash(w, "success", "flash.rental_created")
	return redirect(w, r, rentalURL(x.ID))
}

func rentalURL(id int64) string { return "/registers/rentals/" + strconv.FormatInt(id, 10) }

// rentalShowData is the page of one registration.
type rentalShowData struct {
	rentalItem
	Houses  []houseOption
	Manage  bool
	History []registerHistoryItem
	EditV   view
	StatusV view
}

// Value is a field of the edit form: what was submitted, else stored.
func (d rentalShowData) Value(name string) string {
	if d.EditV.Form != nil {
		return d.EditV.Form.Get(name)
	}
	switch name {
	case "start":
		return d.Start.Format(time.DateOnly)
	case "end":
		return d.End.Format(time.DateOnly)
	case "house_id":
		return strconv.FormatInt(d.HouseID, 10)
	}
	return ""
}

// EditHouse is the house the edit form shows chosen.
func (d rentalShowData) EditHouse() int64 {
	n, _ := strconv.ParseInt(d.Value("house_id"), 10, 64)
	return n
}

func (s *Server) rentalShowPage(w http.ResponseWriter, r *http.Request) error {
	x, err := s.rentalFromPath(r)
	if err != nil {
		return err
	}
	return s.renderRental(w, r, http.StatusOK, x, "", nil)
}

func (s *Server) renderRental(w http.ResponseWriter, r *http.Request, status int, x *register.Rental, which string, f *form) error {
	st := state(r)
	d := rentalShowData{rentalItem: s.rentalItems(r, []*register.Rental{x})[0], Manage: st.p.Can(account.RegisterEdit) && !x.IsRetired(),
		EditV: view{Lang: st.lang, Fields: rentalEditFields, IDPrefix: "edit-"}, StatusV: view{Lang: st.lang}}
	if which == "edit" {
		d.EditV.Form = f
	} else if which == "status" {
		d.StatusV.Form = f
	}
	var err error
	if d.Manage {
		if d.Houses, err = s.placeHouses(r, x.NodeID); err != nil {
			return err
		}
	}
	if d.History, err = s.registerHistory(r, "rental", x.ID); err != nil {
		return err
	}
	title := "rental.title"
	if d.Tenant != nil {
		title = d.Tenant.Name
	}
	return s.renderCode(w, r, status, "rentals_show", view{Title: title, Section: "registers", Data: d})
}

// rentalWrite runs the edit or retire form of a registration's page.
func (s *Server) rentalWrite(w http.ResponseWriter, r *http.Request, which string) error {
	x, err := s.rentalFromPath(r)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	var v errs.Validation
	version := int(f.Int("version"))
	in := register.RentalInput{HouseID: x.HouseID, TenantID: x.TenantID}
	if which == "edit" {
		in.HouseID = f.Int("house_id")
		rentalFormDates(&v, f, &in)
	}
	for k, key := range f.Errors {
		v.Add(k, key)
	}
	if v.OK() && version <= 0 {
		v.Add("version", "err.required")
	}
	if which == "edit" {
		if err := s.checkRentalHouse(r, &v, in.HouseID); err != nil {
			return err
		}
	}
	done := "flash.rental_saved"
	switch {
	case !v.OK():
		err = v.Err()
		if which == "edit" {
			err = bothErrs(&v, in.Validate())
		}
	case which == "edit":
		_, err = s.db.UpdateRental(r.Context(), st.p, x.ID, in, version)
	default:
		_, err = s.db.RetireRental(r.Context(), st.p, x.ID, version)
		done = "flash.rental_retired"
	}
	if err != nil {
		if !f.absorbVersioned(st.lang, err) {
			return err
		}
		if fresh, err := s.db.Rental(r.Context(), st.p, x.ID); err == nil {
			x = fresh
		}
		return s.renderRental(w, r, statusFor(err), x, which, f)
	}
	flash(w, "success", done)
	return redirect(w, r, rentalURL(x.ID))
}

func (s *Server) rentalUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.rentalWrite(w, r, "edit")
}

func (s *Server) rentalRetireSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.rentalWrite(w, r, "status")
}

// houseRentalsShown bounds the registrations a house's page lists.
const houseRentalsShown = 50

// houseRegistrations adds a house's households and rental registrations to its page.
func (s *Server) houseRegistrations(r *http.Request, d *houseShowData) error {
	p := principal(r)
	hs, _, err := s.db.Households(r.Context(), p, store.HouseholdFilter{HouseID: d.House.ID})
	if err != nil {
		return err
	}
	rs, _, err := s.db.Rentals(r.Context(), p, store.RentalFilter{HouseID: d.House.ID, Limit: houseRentalsShown})
	if err != nil {
		return err
	}
	d.Households, d.Rentals = hs, s.rentalItems(r, rs)
	return nil
}

// homeExpiring counts, for the home page of grid workers and community staff, the rental
// registrations of their scope that expire within defaultExpiringDays: the visits due.
// Others (street and district staff, administrators) see the list from the registers.
func (s *Server) homeExpiring(r *http.Request, root *admin.Node) (*int, error) {
	p := principal(r)
	if !p.Can(account.RegisterView) || root == nil || root.Level < admin.Community ||
		(p.Role != account.GridWorker && p.Role != account.Staff) {
		return nil, nil
	}
	rs, err := s.db.ExpiringRentals(r.Context(), p, 0, defaultExpiringDays, expiringShown)
	if err != nil {
		return nil, err
	}
	n := len(rs)
	return &n, nil
}
