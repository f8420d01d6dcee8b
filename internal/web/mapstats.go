package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/store"
)

// mapStatRoutes are the statistics of places and the register layers of the map.
func (s *Server) mapStatRoutes() []route {
	return []route{
		api("GET", "/api/v1/nodes/{id}/stats", account.TreeView, s.apiNodeStats, apiDoc{
			Summary: "Counts of the registers in a place and below it (active records only); with children=true, one entry per active child",
			Tag:     "map", Query: []param{{"children", "boolean", "Count each active child instead of the place itself"}},
			Response: nodeStatsResponse{}}),
		api("GET", "/api/v1/map/buildings", account.RegisterView, s.apiMapBuildings, apiDoc{
			Summary: "Buildings with a location inside a box, in the caller's scope, as GeoJSON points (WGS-84)",
			Tag:     "map", Query: []param{{"bbox", "string", "lng1,lat1,lng2,lat2 in degrees (required; at most 0.1° a side)"}},
			Response: buildingCollection{}}),
	}
}

// nodeStatsResponse is the statistics of a place, or of each of its children.
type nodeStatsResponse struct {
	Items   []*store.NodeStats `json:"items" doc:"One entry: the place; with children=true: each active child, in code order"`
	Metrics []statMetric       `json:"metrics" doc:"The counts a map can colour by, with their names"`
}

// statMetric names one count of the statistics.
type statMetric struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

func statMetrics(lang i18n.Lang) []statMetric {
	out := make([]statMetric, len(store.StatMetrics))
	for i, k := range store.StatMetrics {
		out[i] = statMetric{Key: k, Name: i18n.T(lang, "stats."+k)}
	}
	return out
}

func (s *Server) apiNodeStats(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	children, err := treeBoolParam(r, "children")
	if err != nil {
		return err
	}
	out := nodeStatsResponse{Metrics: statMetrics(state(r).lang)}
	if children {
		out.Items, err = s.db.ChildStats(r.Context(), principal(r), id)
	} else {
		var st *store.NodeStats
		st, err = s.db.NodeStats(r.Context(), principal(r), id)
		out.Items = []*store.NodeStats{st}
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// maxBBoxDegrees bounds a box of buildings: a tenth of a degree is about 10 km, more
// than a zoom-15 phone screen shows.
const maxBBoxDegrees = 0.1

// bboxParam reads the box of the buildings layer as the facilities layer does, and
// refuses boxes too large to be worth drawing point by point.
func bboxParam(r *http.Request) (geo.BBox, error) {
	b, err := parseBBox(r.URL.Query().Get("bbox"))
	if err != nil {
		return b, err
	}
	if b.MaxLng-b.MinLng > maxBBoxDegrees || b.MaxLat-b.MinLat > maxBBoxDegrees {
		return geo.BBox{}, errs.FieldInvalid("bbox", "err.bbox_too_large", maxBBoxDegrees)
	}
	return b, nil
}

// buildingCollection is the GeoJSON of the buildings layer.
type buildingCollection struct {
	Type      string            `json:"type" doc:"FeatureCollection"`
	Features  []buildingFeature `json:"features"`
	Truncated bool              `json:"truncated" doc:"More buildings lie in the box than were returned; zoom in"`
}

type buildingFeature struct {
	Type       string        `json:"type" doc:"Feature"`
	ID         int64         `json:"id"`
	Geometry   pointGeometry `json:"geometry"`
	Properties buildingProps `json:"properties"`
}

type buildingProps struct {
	Name     string `json:"name"`
	Address  string `json:"address"`
	Kind     string `json:"kind"`
	KindName string `json:"kind_name"`
	NodeID   int64  `json:"node_id" doc:"The grid it belongs to"`
	URL      string `json:"url" doc:"The building's register page"`
}

// buildingURL is a building's register page.
func buildingURL(id int64) string { return "/registers/buildings/" + strconv.FormatInt(id, 10) }

func (s *Server) apiMapBuildings(w http.ResponseWriter, r *http.Request) error {
	b, err := bboxParam(r)
	if err != nil {
		return err
	}
	bs, more, err := s.db.MapBuildings(r.Context(), principal(r), b, 0)
	if err != nil {
		return err
	}
	lang := state(r).lang
	out := buildingCollection{Type: "FeatureCollection", Features: make([]buildingFeature, 0, len(bs)), Truncated: more}
	for _, x := range bs {
		out.Features = append(out.Features, buildingFeature{Type: "Feature", ID: x.ID,
			Geometry: pointGeometry{Type: "Point", Coordinates: [2]float64{x.Location.Lng, x.Location.Lat}},
			Properties: buildingProps{Name: x.Name, Address: x.Address, Kind: string(x.Kind), KindName: i18n.T(lang, x.Kind.Key()),
				NodeID: x.NodeID, URL: buildingURL(x.ID)}})
	}
	w.Header().Set("Cache-Control", "private, max-age=60")
	writeJSON(w, http.StatusOK, out)
	return nil
}

// mapPlaceRow is a building or house found by the map's search.
type mapPlaceRow struct {
	store.MapPlace
	Focus string // "lat,lng" to centre the map on, or ""
	URL   string
}

// mapPlaces searches the registers for the map page, when the person may see them.
func (s *Server) mapPlaces(r *http.Request, q string) ([]mapPlaceRow, error) {
	p := principal(r)
	if !p.Can(account.RegisterView) {
		return nil, nil
	}
	found, err := s.db.MapSearch(r.Context(), p, q, mapSearchLimit)
	if err != nil {
		return nil, err
	}
	out := make([]mapPlaceRow, 0, len(found))
	for _, m := range found {
		row := mapPlaceRow{MapPlace: m, URL: buildingURL(m.BuildingID)}
		if m.Location != nil {
			row.Focus = strconv.FormatFloat(m.Location.Lat, 'f', 6, 64) + "," + strconv.FormatFloat(m.Location.Lng, 'f', 6, 64)
		}
		out = append(out, row)
	}
	slices.SortStableFunc(out, func(a, b mapPlaceRow) int { return strings.Compare(a.Kind, b.Kind) })
	return out, nil
}

// mapBuildingsMinZoom is the zoom from which buildings are drawn: a few streets on a
// screen, a few hundred markers at most.
const mapBuildingsMinZoom = 16

// mapLayerConfig adds the register layers to map.js's configuration: buildings for those
// who may see the registers, and the statistics of v.stats's children as a choropleth.
func (s *Server) mapLayerConfig(lang i18n.Lang, v mapView, cfg map[string]any) {
	texts := cfg["texts"].(map[string]string)
	for _, k := range []string{"map.buildings", "map.buildings_zoom", "map.buildings_more", "map.building_open", "map.stats",
		"map.stats_none", "map.stats_legend", "map.facilities", "map.facility_open", "map.edit_boundary"} {
		texts[strings.TrimPrefix(k, "map.")] = i18n.T(lang, k)
	}
	if v.at != nil {
		cfg["at"] = v.at
	}
	if v.edit {
		cfg["edit"] = "/boundary/edit"
	}
	if v.registers {
		cfg["buildings"] = map[string]any{"url": "/api/v1/map/buildings", "minZoom": mapBuildingsMinZoom}
		cfg["facilities"] = map[string]any{"url": "/api/v1/map/facilities", "minZoom": mapBuildingsMinZoom, "page": "/registers/facilities/"}
	}
	if v.stats != nil && v.stats.Level.Child() != 0 {
		id := strconv.FormatInt(v.stats.ID, 10)
		cfg["stats"] = map[string]any{"url": "/api/v1/nodes/" + id + "/stats?children=true", "node": v.stats.ID,
			"level": v.stats.Level.Child(), "metrics": statMetrics(lang)}
	}
}

// mapStatsRoot is the place whose children the map colours when no place is chosen: the
// top of the caller's scope, or for a whole-tree scope its first root.
func (s *Server) mapStatsRoot(r *http.Request) (*admin.Node, error) {
	p := principal(r)
	root, err := s.db.ScopeRoot(r.Context(), p)
	if err != nil || root != nil {
		return root, err
	}
	roots, err := s.db.Nodes(r.Context(), p, store.NodeFilter{Roots: true, Limit: 1})
	if err != nil || len(roots) == 0 {
		return nil, err
	}
	return roots[0], nil
}

// mapAtParam reads at=lat,lng, where the map centres on a building found by the search.
func mapAtParam(r *http.Request) ([]float64, error) {
	raw := strings.TrimSpace(r.URL.Query().Get("at"))
	if raw == "" {
		return nil, nil
	}
	lat, lng, ok := strings.Cut(raw, ",")
	y, err1 := strconv.ParseFloat(strings.TrimSpace(lat), 64)
	x, err2 := strconv.ParseFloat(strings.TrimSpace(lng), 64)
	if !ok || err1 != nil || err2 != nil || y < -90 || y > 90 || x < -180 || x > 180 {
		return nil, errs.FieldInvalid("at", "err.map_at")
	}
	return []float64{y, x}, nil
}
