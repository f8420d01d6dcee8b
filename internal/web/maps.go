package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/store"
)

// mapRoutes are the governance map (治理一张图) and the layers it draws.
func (s *Server) mapRoutes() []route {
	return []route{
		page("GET", "/map", account.TreeView, s.mapPage),
		api("GET", "/api/v1/map/areas", account.TreeView, s.apiMapAreas, apiDoc{
			Summary: "Boundaries of the places of one level in the caller's scope, as a GeoJSON FeatureCollection (WGS-84)",
			Tag:     "map", Response: mapFeatureCollection{}, Query: []param{
				{"level", "integer", "3 street, 4 community, 5 grid, 6 micro-grid (required unless id is given)"},
				{"under", "integer", "Only places below this node"},
				{"id", "integer", "Only this place"},
			}}),
		api("GET", "/api/v1/nodes/{id}/boundaries", account.TreeView, s.apiBoundaryExport, apiDoc{
			Summary: "Download the boundaries of a place and every place below it as a GeoJSON file (WGS-84), matched by code on import",
			Tag:     "map", Response: boundaryCollection{}}),
	}
}

// mapData is what the map page needs.
type mapData struct {
	Q       string
	Results []*nodeRow    // search results, when a search was made
	Focus   int64         // the place to zoom to
	Places  []mapPlaceRow // buildings and houses found by the search
	Config  string        // JSON for map.js: layers, tiles, texts
}

// mapSearchLimit bounds the search results listed beside the map.
const mapSearchLimit = 20

func (s *Server) mapPage(w http.ResponseWriter, r *http.Request) error {
	st := state(r)
	d := mapData{Q: strings.TrimSpace(r.URL.Query().Get("q"))}
	var err error
	if d.Focus, err = queryInt(r, "focus"); err != nil {
		return err
	}
	var focus *admin.Node
	if d.Focus != 0 {
		if focus, err = s.db.Node(r.Context(), st.p, d.Focus); err != nil {
			return err
		}
	}
	if d.Q != "" {
		found, err := s.db.Nodes(r.Context(), st.p, store.NodeFilter{Query: d.Q, Limit: mapSearchLimit})
		if err != nil {
			return err
		}
		if d.Results, err = s.nodeRows(r, found, true); err != nil {
			return err
		}
		if d.Places, err = s.mapPlaces(r, d.Q); err != nil {
			return err
		}
	}
	at, err := mapAtParam(r)
	if err != nil {
		return err
	}
	top := admin.Street
	if root, err := s.db.ScopeRoot(r.Context(), st.p); err != nil {
		return err
	} else if root != nil && root.Level > top {
		top = root.Level
	}
	v := mapView{focus: d.Focus, top: top, at: at, registers: st.p.Can(account.RegisterView), edit: st.p.Can(account.GridManage), stats: focus}
	if v.stats == nil {
		if v.stats, err = s.mapStatsRoot(r); err != nil {
			return err
		}
	}
	d.Config = s.mapConfig(st.lang, v)
	return s.render(w, r, "map", view{Title: "title.map", Section: "map", Data: d})
}

// mapLayer is one level of places as map.js draws it.
type mapLayer struct {
	Level   admin.Level `json:"level"`
	Name    string      `json:"name"`
	MinZoom int         `json:"minZoom"` // loaded and shown from this zoom on
	Color   string      `json:"color"`
}

// mapLayers are drawn from coarse to fine; finer levels appear as the map zooms in, so a
// phone never draws a district's 1,500 micro-grids at once.
var mapLayers = []mapLayer{
	{Level: admin.Street, MinZoom: 0, Color: "#1d4ed8"},
	{Level: admin.Community, MinZoom: 13, Color: "#047857"},
	{Level: admin.Grid, MinZoom: 15, Color: "#c2410c"},
	{Level: admin.Microgrid, MinZoom: 16, Color: "#7e22ce"},
}

// mapView says what a map shows: the layers from the level top down, only below the
// node under when set, with the place focus outlined.
type mapView struct {
	focus, under int64
	top          admin.Level
	at           []float64   // [lat, lng] to centre on at building zoom, from a search
	registers    bool        // the person may see the registers: draw the buildings layer
	edit         bool        // the person may draw boundaries: popups link to the drawing page
	stats        *admin.Node // colour this place's children by their statistics; nil: no choropleth
}

// mapConfig is the JSON map.js reads from the page: where the layers come from, the
// tile server if one is configured, and the texts it shows.
func (s *Server) mapConfig(lang i18n.Lang, v mapView) string {
	var layers []mapLayer
	for _, l := range mapLayers {
		if l.Level < v.top {
			continue
		}
		// The top level is always drawn, and for a community or a grid the level below
		// it too: its grids or micro-grids are what the person works on.
		if len(layers) == 0 || len(layers) == 1 && v.top >= admin.Community {
			l.MinZoom = 0
		}
		l.Name = i18n.T(lang, l.Level.Key())
		layers = append(layers, l)
	}
	texts := map[string]string{}
	for _, k := range []string{"map.open", "map.zoom_in", "map.code", "map.level", "map.loading", "map.failed", "map.layers", "map.no_area"} {
		texts[strings.TrimPrefix(k, "map.")] = i18n.T(lang, k)
	}
	cfg := map[string]any{
		"areas": "/api/v1/map/areas", "node": "/admin/nodes/", "layers": layers, "focus": v.focus, "under": v.under,
		"tiles": s.cfg.MapTiles, "attribution": s.cfg.MapAttribution, "texts": texts,
	}
	s.mapLayerConfig(lang, v, cfg)
	b, _ := json.Marshal(cfg)
	return string(b)
}

// mapTileSource is the CSP source of the configured tile server, e.g.
// "https://*.tile.openstreetmap.org" for "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png".
func mapTileSource(template string) string {
	if template == "" {
		return ""
	}
	u, err := url.Parse(strings.NewReplacer("{s}", "x", "{z}", "0", "{x}", "0", "{y}", "0", "{r}", "").Replace(template))
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	host := u.Host
	if strings.Contains(template, "{s}.") {
		host = "*" + strings.TrimPrefix(host, "x")
	}
	return u.Scheme + "://" + host
}

// mapFeatureCollection is the GeoJSON of a map layer.
type mapFeatureCollection struct {
	Type     string       `json:"type" doc:"FeatureCollection"`
	Features []mapFeature `json:"features"`
}

type mapFeature struct {
	Type       string          `json:"type" doc:"Feature"`
	ID         int64           `json:"id"`
	Geometry   json.RawMessage `json:"geometry" doc:"Polygon or MultiPolygon, WGS-84 longitude/latitude"`
	Properties mapProps        `json:"properties"`
}

type mapProps struct {
	ParentID  int64  `json:"parent_id"`
	Level     int    `json:"level"`
	LevelName string `json:"level_name"`
	Name      string `json:"name"`
	Code      string `json:"code" doc:"Full official code"`
}

func (s *Server) apiMapAreas(w http.ResponseWriter, r *http.Request) error {
	level, err := treeLevelParam(r)
	if err != nil {
		return err
	}
	under, err := queryInt(r, "under")
	if err != nil {
		return err
	}
	id, err := queryInt(r, "id")
	if err != nil {
		return err
	}
	if level == 0 && id == 0 {
		return errs.FieldInvalid("level", "err.required")
	}
	ns, err := s.db.MapAreas(r.Context(), principal(r), level, under, id)
	if err != nil {
		return err
	}
	lang := state(r).lang
	fc := mapFeatureCollection{Type: "FeatureCollection", Features: make([]mapFeature, 0, len(ns))}
	for _, n := range ns {
		fc.Features = append(fc.Features, mapFeature{Type: "Feature", ID: n.ID, Geometry: json.RawMessage(n.Boundary),
			Properties: mapProps{ParentID: n.ParentID, Level: int(n.Level), LevelName: i18n.T(lang, n.Level.Key()), Name: n.Name, Code: n.FullCode}})
	}
	// Layers change only when boundaries are edited; a minute of private caching spares
	// a phone panning back and forth.
	w.Header().Set("Cache-Control", "private, max-age=60")
	writeJSON(w, http.StatusOK, fc)
	return nil
}

// boundaryFeatureProps are the properties of an exported boundary: enough to import it
// again elsewhere, matched by code.
type boundaryFeatureProps struct {
	Code       string `json:"code" doc:"Full official code"`
	LocalCode  string `json:"local_code"`
	Name       string `json:"name"`
	Level      int    `json:"level"`
	ParentCode string `json:"parent_code,omitempty"`
}

type boundaryFeature struct {
	Type       string               `json:"type"`
	Geometry   json.RawMessage      `json:"geometry"`
	Properties boundaryFeatureProps `json:"properties"`
}

type boundaryCollection struct {
	Type     string            `json:"type" doc:"FeatureCollection"`
	Features []boundaryFeature `json:"features"`
}

// apiBoundaryExport writes the boundaries of a place and everything below it as a
// GeoJSON file, WGS-84.
func (s *Server) apiBoundaryExport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	n, err := s.db.Node(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	ns, err := s.db.MapAreas(r.Context(), principal(r), 0, id, 0)
	if err != nil {
		return err
	}
	codes := map[int64]string{n.ID: n.FullCode, n.ParentID: strings.TrimSuffix(n.FullCode, n.Code)}
	for _, x := range ns {
		codes[x.ID] = x.FullCode
	}
	out := boundaryCollection{Type: "FeatureCollection", Features: make([]boundaryFeature, 0, len(ns))}
	for _, x := range ns {
		out.Features = append(out.Features, boundaryFeature{Type: "Feature", Geometry: json.RawMessage(x.Boundary),
			Properties: boundaryFeatureProps{Code: x.FullCode, LocalCode: x.Code, Name: x.Name, Level: int(x.Level), ParentCode: codes[x.ParentID]}})
	}
	w.Header().Set("Content-Type", "application/geo+json")
	w.Header().Set("Content-Disposition", `attachment; filename="`+n.FullCode+`.geojson"`)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
