package web

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/store"
)

// What the register pages of organisations and facilities share: the grid picker, the
// place filter of the lists, the location fields, paging links and the history.

// registerGrids lists the grids and micro-grids in the caller's scope a record may be
// filed under, grouped by community. current, the record's own grid, is added when the
// lists leave it out (a retired grid), so an edit does not silently move the record.
func (s *Server) registerGrids(ctx context.Context, p *account.Principal, current int64) ([]bindGroup, error) {
	groups, err := s.bindGroups(ctx, p, account.GridWorker)
	if err != nil || current == 0 {
		return groups, err
	}
	for _, g := range groups {
		for _, c := range g.Choices {
			if c.ID == current {
				return groups, nil
			}
		}
	}
	if n, err := s.db.Node(ctx, p, current); err == nil {
		groups = append(groups, bindGroup{Choices: []bindChoice{{ID: n.ID, Name: n.Name, Code: n.FullCode, Level: n.Level}}})
	}
	return groups, nil
}

// placeChoices lists the places a register list can be narrowed to: the scope down to
// communities, or, for a caller whose scope is a grid, its grids.
func (s *Server) placeChoices(ctx context.Context, p *account.Principal, chosen int64) ([]bindChoice, error) {
	out, err := s.filterPlaces(ctx, p, chosen)
	if err != nil || len(out) > 1 {
		return out, err
	}
	groups, err := s.bindGroups(ctx, p, account.GridWorker)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	for _, c := range out {
		seen[c.ID] = true
	}
	for _, g := range groups {
		for _, c := range g.Choices {
			if !seen[c.ID] {
				out = append(out, c)
			}
		}
	}
	return out, nil
}

// registerGridNames names the grids of a page of records for the list's place column.
func (s *Server) registerGridNames(ctx context.Context, p *account.Principal, ids []int64) (map[int64]string, error) {
	return s.db.NodeNames(ctx, p, treeUniqueIDs(ids))
}

// formPoint reads the optional lng and lat fields of a form as a WGS-84 point: both
// empty is no location, one of them empty or not a number is recorded against that
// field (as form.Int records numbers), for numErrs to report.
func formPoint(f *form) *geo.Point {
	lng, lat := f.Get("lng"), f.Get("lat")
	if lng == "" && lat == "" {
		return nil
	}
	read := func(name, s string) float64 {
		if s == "" {
			f.Errors[name] = "err.required"
			return 0
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			f.Errors[name] = "err.number"
			return 0
		}
		return v
	}
	p := &geo.Point{Lng: read("lng", lng), Lat: read("lat", lat)}
	if f.Errors["lng"] != "" || f.Errors["lat"] != "" {
		return nil
	}
	return p
}

// pointValues writes a point into form values as the lng and lat fields.
func pointValues(v url.Values, p *geo.Point) {
	if p == nil {
		return
	}
	v.Set("lng", strconv.FormatFloat(p.Lng, 'f', -1, 64))
	v.Set("lat", strconv.FormatFloat(p.Lat, 'f', -1, 64))
}

// registerPager is the first- and next-page links of a register list.
type registerPager struct {
	NextURL  string // the next page, or ""
	FirstURL string // the first page, when not on it
}

// pageLinks makes the links of a list at base from its query q: next is the cursor of
// the following page ("" on the last one), paged says the list is past its first page.
func pageLinks(base string, q url.Values, paged bool, next string) registerPager {
	var pg registerPager
	if next != "" {
		nq := cloneQuery(q)
		nq.Set("after", next)
		pg.NextURL = base + "?" + nq.Encode()
	}
	if paged {
		fq := cloneQuery(q)
		fq.Del("after")
		pg.FirstURL = base
		if len(fq) > 0 {
			pg.FirstURL += "?" + fq.Encode()
		}
	}
	return pg
}

// pagerFor is pageLinks for a list paged by path cursors.
func pagerFor(base string, q url.Values, after, next store.PathCursor) registerPager {
	return pageLinks(base, q, !after.IsZero(), next.String())
}

// conflictMessage replaces the generic "changed by someone else" of a failed edit with
// one that says what the page now shows: the stored record above, the person's own input
// in the form, to compare before saving again.
func conflictMessage(lang i18n.Lang, f *form, err error) {
	if e := errs.As(err); e != nil && e.Code == errs.Conflict && e.Msg.Key == "err.stale" {
		f.Error = i18n.T(lang, "orgfac.conflict")
	}
}

// historyValue formats one value of a register record's history.
type historyValue func(field, v string) string

// historyValues makes the formatter of a history's values once its details are read, so
// that it can look up the names of the places and owners they name in one go.
type historyValues func(details []map[string][2]string) (historyValue, error)

// recordHistory reads the history of an organisation or facility for its page, the
// purpose of each audited read said as one of its lines. A caller who may not read the
// history sees none.
func (s *Server) recordHistory(r *http.Request, entity string, id int64, fields []string, values historyValues) ([]historyItem, error) {
	st := state(r)
	entries, err := s.db.History(r.Context(), st.p, entity, id, 50)
	if errs.Is(err, errs.Forbidden) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	items, err := historyItems(st.lang, entries, "orgfac.history.", fields, values)
	if err != nil {
		return nil, err
	}
	out := make([]historyItem, len(items))
	for i, it := range items {
		out[i] = it.historyItem
		if it.Purpose != "" {
			out[i].Changes = append(out[i].Changes, i18n.T(st.lang, "audit.purpose_is", it.Purpose))
		}
	}
	return out, nil
}

// historyIDs collects the ids a history names in the given fields, to look their names up.
func historyIDs(items []map[string][2]string, fields ...string) []int64 {
	var ids []int64
	for _, d := range items {
		for _, f := range fields {
			for _, v := range d[f] {
				if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > 0 {
					ids = append(ids, n)
				}
			}
		}
	}
	return ids
}

// historyPoint formats a location the audit log recorded as {"Lng":…,"Lat":…}.
func historyPoint(v string) string {
	var p geo.Point
	if err := json.Unmarshal([]byte(v), &p); err != nil {
		return v
	}
	return strconv.FormatFloat(p.Lng, 'f', 6, 64) + ", " + strconv.FormatFloat(p.Lat, 'f', 6, 64)
}

// nodeOrDash names a node id of a history: its name when the caller may name it.
func nodeOrDash(names map[int64]string, v string) string {
	n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if n == 0 {
		return "—"
	}
	if name, ok := names[n]; ok {
		return name
	}
	return "#" + v
}

// gridOf reads the grid a record is filed under, for the link to its page; nil when the
// caller may not open it.
func (s *Server) gridOf(ctx context.Context, p *account.Principal, id int64) *admin.Node {
	n, err := s.db.Node(ctx, p, id)
	if err != nil {
		return nil
	}
	return n
}
