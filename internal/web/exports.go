package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// Exports: the filtered list of a register as XLSX or CSV, in the layout of its import
// template so that the file imports again unchanged. GET exports masked; POST with a
// purpose (account.PersonalUnmask) exports unmasked and is audited. The file says which
// it is: in the sheet name of a workbook, in a title row above the header of a CSV
// (the importer looks past title rows for the header).

// exportPage is how many records an export reads at a time.
const exportPage = 500

// exporter writes one register's records matching a query's filters.
type exporter func(s *Server, ctx context.Context, p *account.Principal, q url.Values, unmasked bool, emit func([]string) error) error

// exporters are the registers' exporters by name.
var exporters = map[string]exporter{
	importer.Buildings.Name: exportBuildings,
	importer.Houses.Name:    exportHouses,
	importer.Residents.Name: exportPeople,

	importer.Organisations.Name: exportOrganisations,
	importer.Facilities.Name:    exportFacilities,
	importer.Rentals.Name:       exportRentals,
	importer.Households.Name:    exportHouseholds,
}

func (s *Server) exportFile(reg *importer.Register, format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		st := state(r)
		q := r.URL.Query()
		unmasked := r.Method == http.MethodPost
		if unmasked {
			f, err := parseForm(r)
			if err != nil {
				return err
			}
			for k, v := range f.Values { // the filters may come in the form too
				if k != "purpose" {
					q[k] = v
				}
			}
			purpose := f.Get("purpose")
			var v errs.Validation
			if v.Require("purpose", purpose) {
				v.Check(len([]rune(purpose)) >= 2, "purpose", "err.purpose_short")
				v.MaxLen("purpose", purpose, 200)
			}
			if err := v.Err(); err != nil {
				return err
			}
			if err := s.db.Audit(r.Context(), st.p, store.Record{Action: "export.unmasked", Entity: reg.Name, NodePath: st.p.ScopePath,
				Purpose: purpose, Detail: map[string]any{"format": format, "filters": filterSummary(q)}}); err != nil {
				return err
			}
		}
		exp := exporters[reg.Name]
		if exp == nil {
			return errs.NotFoundf("entity.register")
		}
		// Check the filters before the first byte goes out, so a bad one is a page, not a
		// broken file.
		if err := exp(s, r.Context(), st.p, q, unmasked, nil); err != nil {
			return err
		}
		state := i18n.T(st.lang, "export.masked")
		if unmasked {
			state = i18n.T(st.lang, "export.unmasked")
		}
		title := i18n.T(st.lang, reg.Title)
		stamp := s.db.Clock().Now().In(beijing)
		name := reg.Name + "-" + stamp.Format("20060102-1504")
		if !unmasked {
			name += "-masked"
		}
		write, closeFn, err := tableDownload(w, format, name, tabular.XLSXOptions{Sheet: title + "（" + state + "）", Widths: reg.Spec.Widths()},
			[]string{i18n.T(st.lang, "export.title_row", title, state, stamp.Format("2006-01-02 15:04"))}, reg.Spec.Headers())
		if err != nil {
			return err
		}
		if err := exp(s, r.Context(), st.p, q, unmasked, write); err != nil {
			s.log.Warn("export stopped", "register", reg.Name, "err", err)
			return nil // the headers are out: the file ends short, which the download shows
		}
		return closeFn()
	}
}

// filterSummary is what the audit log keeps of an export's filters: their names and
// values, with anything that looks like a personal number left out.
func filterSummary(q url.Values) map[string]string {
	out := map[string]string{}
	for k, v := range q {
		switch k {
		case "id_number", "passport", "phone", "purpose":
			out[k] = "…"
		default:
			out[k] = strings.Join(v, ",")
		}
	}
	return out
}

// retiredParam is the name of the "include retired records" filter: the list pages
// call it retired, the API include_retired; an export link may come from either.
func retiredParam(q url.Values) string {
	if q.Has("include_retired") {
		return "include_retired"
	}
	return "retired"
}

// gridCodes remembers the grids an export has named.
type gridCodes struct {
	s     *Server
	p     *account.Principal
	nodes map[int64]*admin.Node
}

func (g *gridCodes) get(ctx context.Context, id int64) (code, name string) {
	n, ok := g.nodes[id]
	if !ok {
		n, _ = g.s.db.Node(ctx, g.p, id)
		g.nodes[id] = n
	}
	if n == nil {
		return "", ""
	}
	return n.FullCode, n.Name
}

func exportBuildings(s *Server, ctx context.Context, p *account.Principal, q url.Values, _ bool, emit func([]string) error) error {
	f, err := buildingFilterFrom(q, retiredParam(q))
	if err != nil {
		return err
	}
	f.Limit, f.AfterID = exportPage, 0
	if emit == nil {
		f.Limit = 1
		_, err := s.db.ListBuildings(ctx, p, f)
		return err
	}
	grids := &gridCodes{s: s, p: p, nodes: map[int64]*admin.Node{}}
	for {
		bs, err := s.db.ListBuildings(ctx, p, f)
		if err != nil {
			return err
		}
		for _, b := range bs {
			code, name := grids.get(ctx, b.NodeID)
			if err := emit(importer.BuildingCells(b, code, name)); err != nil {
				return err
			}
		}
		if len(bs) < f.Limit {
			return nil
		}
		f.AfterID = bs[len(bs)-1].ID
	}
}

func exportHouses(s *Server, ctx context.Context, p *account.Principal, q url.Values, unmasked bool, emit func([]string) error) error {
	f, err := houseFilterFrom(q, retiredParam(q))
	if err != nil {
		return err
	}
	f.Limit, f.AfterID = exportPage, 0
	if emit == nil {
		if f.ParentID != 0 {
			_, err = s.db.Building(ctx, p, f.ParentID)
		} else {
			f.Limit = 1
			_, err = s.db.ListHouses(ctx, p, f)
		}
		return err
	}
	grids := &gridCodes{s: s, p: p, nodes: map[int64]*admin.Node{}}
	buildings := map[int64]*register.Building{}
	for {
		hs, err := s.db.ListHouses(ctx, p, f)
		if err != nil {
			return err
		}
		for _, h := range hs {
			b, ok := buildings[h.BuildingID]
			if !ok {
				b, _ = s.db.Building(ctx, p, h.BuildingID)
				buildings[h.BuildingID] = b
			}
			if b == nil {
				continue
			}
			code, _ := grids.get(ctx, b.NodeID)
			if err := emit(importer.HouseCells(h, code, b.Name, unmasked)); err != nil {
				return err
			}
		}
		if len(hs) < f.Limit {
			return nil
		}
		f.AfterID = hs[len(hs)-1].ID
	}
}

func exportPeople(s *Server, ctx context.Context, p *account.Principal, q url.Values, unmasked bool, emit func([]string) error) error {
	f, err := s.peopleFilterFrom(q)
	if err != nil {
		return err
	}
	f.Limit = exportPage
	if emit == nil {
		f.Limit = 1
		_, _, err := s.db.People(ctx, p, f)
		return err
	}
	grids := &gridCodes{s: s, p: p, nodes: map[int64]*admin.Node{}}
	tags := p.SeesCareTags()
	for {
		ps, next, err := s.db.People(ctx, p, f)
		if err != nil {
			return err
		}
		var numbers map[int64]store.PersonNumbers
		if unmasked {
			ids := make([]int64, len(ps))
			for i, x := range ps {
				ids[i] = x.ID
			}
			if numbers, err = s.db.PeopleNumbers(ctx, p, ids); err != nil {
				return err
			}
		}
		for _, x := range ps {
			code, _ := grids.get(ctx, x.NodeID)
			var nums *[3]string
			if unmasked {
				n := numbers[x.ID]
				nums = &[3]string{n.IDNumber, n.Passport, n.Phone}
			}
			if err := emit(importer.PersonCells(x, code, nums, tags)); err != nil {
				return err
			}
		}
		if next.IsZero() {
			return nil
		}
		f.After = next
	}
}

// exportQuery is the query string of a list page's address (view.Here) without its
// page position, for the export links: an export takes the list's filters, all pages.
func exportQuery(here string) template.URL {
	i := strings.IndexByte(here, '?')
	if i < 0 {
		return ""
	}
	q, err := url.ParseQuery(here[i+1:])
	if err != nil {
		return ""
	}
	q.Del("after")
	q.Del("page")
	return template.URL(q.Encode()) // encoded here: the template must not encode it again
}

func exportOrganisations(s *Server, ctx context.Context, p *account.Principal, q url.Values, _ bool, emit func([]string) error) error {
	f, err := orgFilterFrom(q)
	if err != nil {
		return err
	}
	f.Limit, f.After = exportPage, store.PathCursor{}
	if emit == nil {
		f.Limit = 1
		_, _, err := s.db.Organisations(ctx, p, f)
		return err
	}
	grids := &gridCodes{s: s, p: p, nodes: map[int64]*admin.Node{}}
	for {
		os, next, err := s.db.Organisations(ctx, p, f)
		if err != nil {
			return err
		}
		for _, o := range os {
			code, name := grids.get(ctx, o.NodeID)
			if err := emit(importer.OrganisationCells(o, code, name)); err != nil {
				return err
			}
		}
		if next.IsZero() {
			return nil
		}
		f.After = next
	}
}

func exportFacilities(s *Server, ctx context.Context, p *account.Principal, q url.Values, _ bool, emit func([]string) error) error {
	f, err := facilityFilterFrom(q)
	if err != nil {
		return err
	}
	f.Limit, f.After = exportPage, store.PathCursor{}
	if emit == nil {
		f.Limit = 1
		_, _, err := s.db.Facilities(ctx, p, f)
		return err
	}
	grids := &gridCodes{s: s, p: p, nodes: map[int64]*admin.Node{}}
	owners := map[[2]int64]string{}
	for {
		fs, next, err := s.db.Facilities(ctx, p, f)
		if err != nil {
			return err
		}
		for _, x := range fs {
			code, name := grids.get(ctx, x.NodeID)
			k := [2]int64{x.OwnerUnitID, x.OwnerOrgID}
			owner, ok := owners[k]
			if !ok {
				if owner, err = s.db.FacilityOwnerName(ctx, p, x.OwnerUnitID, x.OwnerOrgID); err != nil {
					return err
				}
				owners[k] = owner
			}
			if err := emit(importer.FacilityCells(x, code, name, owner)); err != nil {
				return err
			}
		}
		if next.IsZero() {
			return nil
		}
		f.After = next
	}
}

// tableDownload starts a download of a table as XLSX (format "xlsx") or CSV, named name:
// the headers, then the header row; a CSV has the title row above it, a workbook says as
// much in its sheet's name. It returns how to write each row and to finish.
func tableDownload(w http.ResponseWriter, format, name string, opts tabular.XLSXOptions, title, head []string) (
	write func([]string) error, done func() error, err error) {
	w.Header().Set("Cache-Control", "no-store")
	if format == "xlsx" {
		w.Header().Set("Content-Type", xlsxType)
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		x := tabular.NewXLSXWriter(w, opts)
		return x.Write, x.Close, x.WriteHeader(head)
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	c := tabular.NewCSVWriter(w, tabular.CSVOptions{})
	if title != nil {
		if err := c.Write(title); err != nil {
			return nil, nil, err
		}
	}
	return c.Write, c.Close, c.Write(head)
}
