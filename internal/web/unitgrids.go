package web

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/i18n"
)

// unitGridRoutes cut a community (or a grid) without children into standard unit grids.
func (s *Server) unitGridRoutes() []route {
	return []route{
		page("GET", "/admin/nodes/{id}/unit-grids", account.GridManage, s.unitGridPage),
		page("POST", "/admin/nodes/{id}/unit-grids", account.GridManage, s.unitGridSubmit),
		api("GET", "/api/v1/nodes/{id}/unit-grids", account.GridManage, s.apiUnitGridPreview, apiDoc{
			Summary: "Preview the standard unit grids (GB/T 30428, about 100 m × 100 m, clipped to the boundary) a community or grid " +
				"without children would be cut into: codes, names and shapes, nothing stored",
			Tag: "map", Query: []param{{"cell_m", "number", "Side of a cell in metres, 50–500 (default 100)"}}, Response: unitGridPreview{}}),
		api("POST", "/api/v1/nodes/{id}/unit-grids", account.GridManage, s.apiUnitGridCreate, apiDoc{
			Summary: "Create the previewed unit grids as children of the place, with their boundaries, in one transaction",
			Tag:     "map", Request: unitGridRequest{}, Response: nodeListResponse{}, Status: http.StatusCreated}),
	}
}

// unitGridPreview is what cutting a place into unit grids would create.
type unitGridPreview struct {
	NodeID    int64                `json:"node_id"`
	Version   int                  `json:"version" doc:"Send it back to create the cells"`
	Level     int                  `json:"level" doc:"Level of the new children: 5 grid or 6 micro-grid"`
	LevelName string               `json:"level_name"`
	CellM     float64              `json:"cell_m"`
	Count     int                  `json:"count"`
	AreaM2    float64              `json:"area_m2" doc:"Total area of the cells"`
	Cells     mapFeatureCollection `json:"cells" doc:"The cells as GeoJSON features (id 0: not yet created)"`
}

type unitGridRequest struct {
	CellM   float64 `json:"cell_m,omitempty" doc:"Side of a cell in metres, 50–500 (default 100); as previewed"`
	Version int     `json:"version" doc:"The place's version from the preview"`
}

// unitGridPlan plans the cells for the {id} place.
func (s *Server) unitGridPlan(r *http.Request, metres float64) (*admin.UnitGridPlan, error) {
	n, err := s.boundaryTarget(r)
	if err != nil {
		return nil, err
	}
	kids, err := s.db.NodeChildrenAll(r.Context(), principal(r), n.ID)
	if err != nil {
		return nil, err
	}
	return admin.PlanUnitGrids(n, kids, metres)
}

// cellMetresParam reads cell_m from the query string or form.
func cellMetresParam(v string) (float64, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, errs.FieldInvalid("cell_m", "err.number")
	}
	return f, nil
}

// planErr puts the plan's problems under the field names of the page and API.
func planErr(err error) error {
	e := errs.As(err)
	if e == nil {
		return err
	}
	for i := range e.Fields {
		if e.Fields[i].Field == "cell_metres" {
			e.Fields[i].Field = "cell_m"
		}
	}
	return e
}

func (s *Server) previewJSON(r *http.Request, plan *admin.UnitGridPlan) (unitGridPreview, error) {
	lang := state(r).lang
	out := unitGridPreview{NodeID: plan.Parent.ID, Version: plan.Parent.Version, Level: int(plan.Level),
		LevelName: i18n.T(lang, plan.Level.Key()), CellM: plan.Metres, Count: len(plan.Cells),
		Cells: mapFeatureCollection{Type: "FeatureCollection", Features: make([]mapFeature, 0, len(plan.Cells))}}
	for _, c := range plan.Cells {
		b, err := geo.MarshalGeoJSON(c.Shape)
		if err != nil {
			return out, errs.Internalf("unit grid %s: %w", c.Code, err)
		}
		out.AreaM2 += c.AreaSquareMetres
		out.Cells.Features = append(out.Cells.Features, mapFeature{Type: "Feature", Geometry: b, Properties: mapProps{
			ParentID: plan.Parent.ID, Level: int(plan.Level), LevelName: out.LevelName, Name: c.Name,
			Code: admin.FullCode(plan.Parent, plan.Level, c.Code)}})
	}
	out.AreaM2 = math.Round(out.AreaM2)
	return out, nil
}

func (s *Server) apiUnitGridPreview(w http.ResponseWriter, r *http.Request) error {
	metres, err := cellMetresParam(r.URL.Query().Get("cell_m"))
	if err != nil {
		return err
	}
	plan, err := s.unitGridPlan(r, metres)
	if err != nil {
		return planErr(err)
	}
	out, err := s.previewJSON(r, plan)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiUnitGridCreate(w http.ResponseWriter, r *http.Request) error {
	var req unitGridRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if req.Version <= 0 {
		return errs.FieldInvalid("version", "err.required")
	}
	plan, err := s.unitGridPlan(r, req.CellM)
	if err != nil {
		return planErr(err)
	}
	made, err := s.db.CreateUnitGrids(r.Context(), principal(r), plan, req.Version)
	if err != nil {
		return planErr(err)
	}
	s.boundariesChanged()
	out := nodeListResponse{Items: make([]nodeResponse, 0, len(made))}
	for _, n := range made {
		out.Items = append(out.Items, s.nodeJSON(r, n, 0))
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// unitGridData is the preview page.
type unitGridData struct {
	Node    *admin.Node
	Preview *unitGridPreview // nil when the place cannot be cut
	CellM   string
	Config  string // JSON for mapedit.js: the cells and the outline
}

var unitGridFields = formFields{"cell_m", "unitgrid.field.cell_m"}

func (s *Server) unitGridPage(w http.ResponseWriter, r *http.Request) error {
	f := &form{Values: r.URL.Query(), Errors: map[string]string{}}
	return s.renderUnitGrids(w, r, http.StatusOK, f)
}

// renderUnitGrids shows the preview for the cell size in f, or the problems that stop it.
func (s *Server) renderUnitGrids(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	n, err := s.boundaryTarget(r)
	if err != nil {
		return err
	}
	st := state(r)
	d := unitGridData{Node: n, CellM: f.Get("cell_m")}
	if d.CellM == "" {
		d.CellM = strconv.Itoa(geo.DefaultUnitGridMetres)
	}
	metres, err := cellMetresParam(d.CellM)
	var plan *admin.UnitGridPlan
	if err == nil {
		plan, err = s.unitGridPlan(r, metres)
	}
	if err != nil {
		if !f.absorb(st.lang, planErr(err)) {
			return err
		}
		if status == http.StatusOK {
			status = http.StatusBadRequest
		}
	} else {
		pv, err := s.previewJSON(r, plan)
		if err != nil {
			return err
		}
		d.Preview = &pv
		b, _ := json.Marshal(map[string]any{"cells": pv.Cells, "outline": json.RawMessage(orNull(n.Boundary)),
			"tiles": s.cfg.MapTiles, "attribution": s.cfg.MapAttribution})
		d.Config = string(b)
	}
	return s.renderCode(w, r, status, "unit_grids", view{Title: "title.unit_grids", Section: "tree", Form: f, Fields: unitGridFields, Data: d})
}

func (s *Server) unitGridSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	metres, err := cellMetresParam(f.Get("cell_m"))
	if err != nil {
		f.absorb(st.lang, err)
		return s.renderUnitGrids(w, r, http.StatusBadRequest, f)
	}
	version, _ := strconv.Atoi(f.Get("version"))
	plan, err := s.unitGridPlan(r, metres)
	if err == nil {
		_, err = s.db.CreateUnitGrids(r.Context(), st.p, plan, version)
	}
	if err != nil {
		if !f.absorb(st.lang, planErr(err)) {
			return err
		}
		return s.renderUnitGrids(w, r, statusFor(err), f)
	}
	s.boundariesChanged()
	flash(w, "success", "flash.unit_grids_created")
	return redirect(w, r, nodeURL(plan.Parent.ID)+"#children")
}
