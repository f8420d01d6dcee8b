package web

import (
	"net/http"
	"strconv"

	"github.com/shequ-dev/shequ/internal/account"
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

// registerHistory reads the history of a building or house for its page and the API.
func (s *Server) registerHistory(r *http.Request, entity string, id int64) ([]registerHistoryItem, error) {
	st := state(r)
	entries, err := s.db.History(r.Context(), st.p, entity, id, 50)
	if err != nil {
		return nil, err
	}
	details := make([]map[string][2]string, len(entries))
	var nodeIDs []int64
	for i, e := range entries {
		details[i] = historyDetail(e)
		for _, v := range details[i]["node_id"] {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				nodeIDs = append(nodeIDs, n)
			}
		}
	}
	names, err := s.db.NodeNames(r.Context(), st.p, treeUniqueIDs(nodeIDs))
	if err != nil {
		return nil, err
	}
	lang := st.lang
	value := func(field, v string) string {
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
	}
	out := make([]registerHistoryItem, len(entries))
	for i, e := range entries {
		action := e.Action
		if key := "register.history." + e.Action; i18n.Has(key) {
			action = i18n.T(lang, key)
		}
		it := registerHistoryItem{historyItem: historyItem{At: e.At, Actor: e.Actor, Action: action}, Code: e.Action, Purpose: e.Purpose}
		for _, field := range registerHistoryFields {
			pair, ok := details[i][field]
			if !ok {
				continue
			}
			label := i18n.T(lang, "register.history.field."+field)
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
