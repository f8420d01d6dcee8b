package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/register"
)

// registerLink is one register on the registers landing page.
type registerLink struct {
	Key  string // catalogue key of its name
	Lead string // catalogue key of a line saying what it holds
	Href string
	Perm account.Permission
}

// registerLinks lists the registers that have pages, in the order of the landing page.
// Each register adds its line here.
var registerLinks = []registerLink{
	{"registers.buildings", "registers.buildings.lead", "/registers/buildings", account.RegisterView},
	{"registers.houses", "registers.houses.lead", "/registers/houses", account.RegisterView},
	{"registers.people", "registers.people.lead", "/registers/people", account.RegisterView},
	{"registers.households", "registers.households.lead", "/registers/households", account.RegisterView},
	{"registers.rentals", "registers.rentals.lead", "/registers/rentals", account.RegisterView},
	{"registers.organisations", "registers.organisations.lead", "/registers/organisations", account.RegisterView},
	{"registers.facilities", "registers.facilities.lead", "/registers/facilities", account.RegisterView},
}

// registerRoutes is the landing page of the registers.
func (s *Server) registerRoutes() []route {
	return []route{
		page("GET", "/registers", account.RegisterView, s.registersPage),
	}
}

func (s *Server) registersPage(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	var links []registerLink
	for _, l := range registerLinks {
		if p.Can(l.Perm) {
			links = append(links, l)
		}
	}
	return s.render(w, r, "registers", view{Title: "nav.registers", Section: "registers", Data: links})
}

// registerHistoryItem is one change to a register record, as its page tells it.
type registerHistoryItem struct {
	historyItem
	Code    string // the action as logged, e.g. building.update
	Purpose string // the purpose given for a read of personal data
}

// registerHistoryFields are the detail keys the audit log records for buildings and
// houses, in the order a page lists them.
var registerHistoryFields = []string{"name", "address", "node_id", "kind", "floors_above", "floors_below", "location",
	"building", "unit", "floor", "room", "area", "use", "owner_changed", "reg_type",
	"number", "house_id", "tenant_id", "start", "end"}

// registerHistory reads the history of a building, house, resident, household or
// rental for its page and the API.
func (s *Server) registerHistory(r *http.Request, entity string, id int64) ([]registerHistoryItem, error) {
	st := state(r)
	entries, err := s.db.History(r.Context(), st.p, entity, id, 50)
	if err != nil {
		return nil, err
	}
	return historyItems(st.lang, entries, "register.history.", registerHistoryFields, s.registerHistoryValues(r))
}

// registerHistoryValues formats the values of a base register's history: kinds, uses
// and registration types in the caller's language, places by name, records by number.
func (s *Server) registerHistoryValues(r *http.Request) historyValues {
	st := state(r)
	return func(details []map[string][2]string) (historyValue, error) {
		names, err := s.db.NodeNames(r.Context(), st.p, treeUniqueIDs(historyIDs(details, "node_id")))
		if err != nil {
			return nil, err
		}
		lang := st.lang
		return func(field, v string) string {
			if v == "" || (field == "house_id" && v == "0") {
				return "—"
			}
			switch field {
			case "kind":
				if k := register.BuildingKind(v); k.Valid() {
					return i18n.T(lang, k.Key())
				}
			case "use":
				if u := register.HouseUse(v); u.Valid() {
					return i18n.T(lang, u.Key())
				}
			case "node_id":
				n, _ := strconv.ParseInt(v, 10, 64)
				if name, ok := names[n]; ok {
					return name
				}
				return "#" + v
			case "building", "house_id", "tenant_id":
				return "#" + v
			case "reg_type":
				if t := register.RegType(v); t.Valid() {
					return i18n.T(lang, t.Key())
				}
			}
			return v
		}, nil
	}
}

// historyItems tells a record's audit entries: each change with the fields it changed,
// in the order fields lists them, its action and field names from the catalogue under
// prefix. A flag field (owner_changed) is named when set, without values.
func historyItems(lang i18n.Lang, entries []*audit.Entry, prefix string, fields []string, values historyValues) ([]registerHistoryItem, error) {
	details := make([]map[string][2]string, len(entries))
	for i, e := range entries {
		details[i] = historyDetail(e)
	}
	value, err := values(details)
	if err != nil {
		return nil, err
	}
	out := make([]registerHistoryItem, len(entries))
	for i, e := range entries {
		action := e.Action
		if key := prefix + e.Action; i18n.Has(key) {
			action = i18n.T(lang, key)
		}
		it := registerHistoryItem{historyItem: historyItem{At: e.At, Actor: e.Actor, Action: action}, Code: e.Action, Purpose: e.Purpose}
		for _, field := range fields {
			pair, ok := details[i][field]
			if !ok {
				continue
			}
			label := i18n.T(lang, prefix+"field."+field)
			switch {
			case field == "owner_changed":
				if pair[1] == "true" {
					it.Changes = append(it.Changes, label)
				}
			case pair[0] == pair[1]:
			case pair[0] == "\x00":
				it.Changes = append(it.Changes, label+i18n.T(lang, "punct.colon")+value(field, pair[1]))
			default:
				it.Changes = append(it.Changes, label+i18n.T(lang, "punct.colon")+value(field, pair[0])+" → "+value(field, pair[1]))
			}
		}
		out[i] = it
	}
	return out, nil
}

// statusForm is the retire or restore form of a building, house or resident page.
type statusForm[T any] struct {
	get    func(context.Context, *account.Principal, int64) (T, error)   // reads the record in the caller's scope
	change func(context.Context, *account.Principal, int64, int) error   // retires or restores it at a version
	render func(http.ResponseWriter, *http.Request, int, T, *form) error // the page with the failed form
	page   string                                                        // the record's page, less its id
	flash  string                                                        // the message once it is done
}

// submit changes the {id} record at the version the form was filled in at; on a problem
// the page is shown again with the record as it is now.
func (sf statusForm[T]) submit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	st := state(r)
	rec, err := sf.get(r.Context(), st.p, id)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	version, err := formVersion(f)
	if err == nil {
		err = sf.change(r.Context(), st.p, id, version)
	}
	if err != nil {
		if !f.absorbVersioned(st.lang, err) {
			return err
		}
		if fresh, err := sf.get(r.Context(), st.p, id); err == nil {
			rec = fresh
		}
		return sf.render(w, r, statusFor(err), rec, f)
	}
	flash(w, "success", sf.flash)
	return redirect(w, r, sf.page+strconv.FormatInt(id, 10))
}

// idPage cuts a list read with one record more than limit down to limit: next is the
// id the following page is read after, 0 on the last page.
func idPage[T any](items []T, limit int, id func(T) int64) (page []T, next int64) {
	if len(items) <= limit {
		return items, 0
	}
	return items[:limit], id(items[limit-1])
}

func buildingID(b *register.Building) int64 { return b.ID }
func houseID(h *register.House) int64       { return h.ID }
