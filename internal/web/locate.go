package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/geo/spatial"
	"github.com/shequ-dev/shequ/internal/i18n"
)

// index returns an up-to-date spatial index of the boundaries.
func (s *Server) index(ctx context.Context) (*spatial.Index, error) { return s.db.SpatialIndex(ctx) }

// boundariesChanged makes the next lookup rebuild the index.
func (s *Server) boundariesChanged() { s.db.BoundariesChanged() }

func (s *Server) locateRoutes() []route {
	return []route{
		api("GET", "/api/v1/locate", account.TreeView, s.apiLocate, apiDoc{
			Summary: "Which micro-grid, grid, community, street and district a point lies in, and the grid workers on duty there",
			Tag:     "map", Response: locateResponse{}, Query: []param{
				{"lat", "number", "Latitude in degrees"},
				{"lng", "number", "Longitude in degrees"},
				{"crs", "string", "wgs84 (default, GPS), gcj02 (AMap, Tencent) or bd09 (Baidu)"},
			}}),
	}
}

type locatePlace struct {
	ID        int64  `json:"id"`
	Level     int    `json:"level"`
	LevelName string `json:"level_name"`
	Name      string `json:"name"`
	Code      string `json:"code" doc:"Full official code"`
}

type locateWorker struct {
	Name     string `json:"name"`
	Username string `json:"username"`
	Duty     string `json:"duty" doc:"full_time, part_time or backup"`
	DutyName string `json:"duty_name"`
	Place    string `json:"place" doc:"The grid or micro-grid they serve"`
}

type locateResponse struct {
	Inside  bool           `json:"inside" doc:"False when the point lies in no boundary at all"`
	Point   geo.Point      `json:"point" doc:"The point in WGS-84"`
	Places  []locatePlace  `json:"places" doc:"From the smallest place to the largest"`
	Workers []locateWorker `json:"workers" doc:"On duty in the point's micro-grid and grid, when the caller may see them"`
}

func (s *Server) apiLocate(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v errs.Validation
	lat, latOK := coordParam(&v, q.Get("lat"), "lat", 90)
	lng, lngOK := coordParam(&v, q.Get("lng"), "lng", 180)
	crs := admin.CRS(strings.ToLower(strings.TrimSpace(q.Get("crs"))))
	if crs == "" {
		crs = admin.WGS84
	}
	v.Check(crs.Valid(), "crs", "err.choose_one")
	if err := v.Err(); err != nil || !latOK || !lngOK {
		return err
	}
	p := crs.ToWGS84(geo.Point{Lng: lng, Lat: lat})
	ix, err := s.index(r.Context())
	if err != nil {
		return err
	}
	hits := ix.Locate(p)
	out := locateResponse{Inside: len(hits) > 0, Point: p, Places: []locatePlace{}, Workers: []locateWorker{}}
	lang := state(r).lang
	var grids []int64
	for _, h := range hits {
		n, err := s.db.NodeByID(r.Context(), h.ID)
		if err != nil {
			return err
		}
		out.Places = append(out.Places, locatePlace{ID: n.ID, Level: int(n.Level), LevelName: i18n.T(lang, n.Level.Key()), Name: n.Name, Code: n.FullCode})
		if n.Level >= admin.Grid {
			grids = append(grids, n.ID)
		}
	}
	duty, err := s.db.OnDuty(r.Context(), principal(r), grids)
	if err != nil {
		return err
	}
	for _, a := range duty {
		out.Workers = append(out.Workers, locateWorker{Name: a.WorkerName, Username: a.WorkerCode, Duty: string(a.Kind),
			DutyName: i18n.T(lang, a.Kind.Key()), Place: a.NodeName})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// coordParam reads a latitude or longitude; limit is 90 or 180.
func coordParam(v *errs.Validation, s, field string, limit float64) (float64, bool) {
	s = strings.TrimSpace(s)
	if !v.Require(field, s) {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x != x {
		v.Add(field, "err.number")
		return 0, false
	}
	if x < -limit || x > limit {
		v.Add(field, "err.range", int(-limit), int(limit))
		return 0, false
	}
	return x, true
}
