package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/store"
)

// boundaryEditRoutes are drawing and editing one place's boundary on the map.
func (s *Server) boundaryEditRoutes() []route {
	return []route{
		page("GET", "/admin/nodes/{id}/boundary/edit", account.GridManage, s.boundaryEditPage),
		api("PUT", "/api/v1/nodes/{id}/boundary", account.GridManage, s.apiBoundaryPut, apiDoc{
			Summary: "Store a place's boundary drawn on the map (GeoJSON Polygon or MultiPolygon, WGS-84), after the checks of an import: " +
				"valid rings, inside the parent, not overlapping siblings. Problems come back as 400 with their positions",
			Tag: "map", Request: boundaryPutRequest{}, Response: boundaryPutResponse{}}),
	}
}

// boundaryPutRequest is a boundary drawn on the map.
type boundaryPutRequest struct {
	Geometry json.RawMessage `json:"geometry" doc:"GeoJSON Polygon or MultiPolygon, WGS-84 longitude/latitude"`
	Version  int             `json:"version,omitempty" doc:"The place's version the boundary was drawn on; when given, a later change is refused (409)"`
}

// boundaryProblem is one thing wrong with a drawn boundary.
type boundaryProblem struct {
	Message string     `json:"message"`
	At      *[]float64 `json:"at,omitempty" doc:"[longitude, latitude] where the problem is, when it has a place"`
	Warning bool       `json:"warning" doc:"The boundary can be saved all the same"`
}

// boundaryPutResponse answers a stored boundary.
type boundaryPutResponse struct {
	Node     nodeResponse      `json:"node"`
	Warnings []boundaryProblem `json:"warnings"`
}

// boundaryRejected is the 400 answer to a boundary with problems: the usual error body,
// with the problems and where they are.
type boundaryRejected struct {
	Error    apiErrorBody      `json:"error"`
	Problems []boundaryProblem `json:"problems"`
}

func (s *Server) apiBoundaryPut(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := principal(r)
	n, err := s.boundaryTarget(r)
	if err != nil {
		return err
	}
	var req boundaryPutRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if len(req.Geometry) == 0 || string(req.Geometry) == "null" {
		return errs.FieldInvalid("geometry", "err.required")
	}
	var parent *admin.Node
	var siblings []*admin.Node
	if n.ParentID != 0 {
		// The parent may lie above the caller's scope (a community's staff draw its grids
		// inside a street they cannot see): its outline is still the limit.
		if parent, err = s.db.NodeByID(ctx, n.ParentID); err != nil {
			return err
		}
		if siblings, err = s.db.Siblings(ctx, n); err != nil {
			return err
		}
	}
	shape, issues := admin.CheckBoundary(n, req.Geometry, parent, siblings)
	lang := state(r).lang
	problems := make([]boundaryProblem, 0, len(issues))
	for _, is := range issues {
		bp := boundaryProblem{Message: i18n.Msg(lang, is.Msg), Warning: is.Warning}
		if is.At != nil {
			bp.At = &[]float64{is.At.Lng, is.At.Lat}
		}
		problems = append(problems, bp)
	}
	if shape == nil || admin.BoundaryBlocked(issues) {
		first := problems[0].Message
		for _, bp := range problems {
			if !bp.Warning {
				first = bp.Message
				break
			}
		}
		writeJSON(w, http.StatusBadRequest, boundaryRejected{Error: apiErrorBody{Code: string(errs.Invalid),
			Message: i18n.T(lang, "mapedit.rejected"), Fields: map[string]string{"geometry": first}}, Problems: problems})
		return nil
	}
	if err := s.db.SetBoundaries(ctx, p, []store.BoundaryUpdate{{NodeID: n.ID, Shape: shape, Version: req.Version}}); err != nil {
		return err
	}
	s.boundariesChanged()
	n, err = s.db.Node(ctx, p, n.ID)
	if err != nil {
		return err
	}
	counts, err := s.db.ChildCounts(ctx, []int64{n.ID})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, boundaryPutResponse{Node: s.nodeJSON(r, n, counts[n.ID]), Warnings: problems})
	return nil
}

// boundaryEditData is the page that draws or edits a boundary.
type boundaryEditData struct {
	Node   *admin.Node
	Parent *admin.Node
	Config string // JSON for mapedit.js
}

func (s *Server) boundaryEditPage(w http.ResponseWriter, r *http.Request) error {
	n, err := s.boundaryTarget(r)
	if err != nil {
		return err
	}
	d := boundaryEditData{Node: n}
	if n.ParentID != 0 {
		if d.Parent, err = s.db.NodeByID(r.Context(), n.ParentID); err != nil {
			return err
		}
	}
	lang := state(r).lang
	texts := map[string]string{}
	for _, k := range []string{"mapedit.draw", "mapedit.edit", "mapedit.save", "mapedit.cancel", "mapedit.saving", "mapedit.saved",
		"mapedit.failed", "mapedit.nothing", "mapedit.problem_here", "mapedit.rejected", "mapedit.warning", "mapedit.drawing_hint",
		"mapedit.editing_hint", "mapedit.parent", "mapedit.sibling", "mapedit.redraw"} {
		texts[k[len("mapedit."):]] = i18n.T(lang, k)
	}
	var parentID int64
	if d.Parent != nil && d.Parent.Boundary != "" {
		parentID = d.Parent.ID
	}
	b, _ := json.Marshal(map[string]any{
		"node": n.ID, "version": n.Version, "boundary": json.RawMessage(orNull(n.Boundary)), "parentBoundary": json.RawMessage(orNull(parentBoundary(d.Parent))),
		"parent": parentID, "siblings": s.siblingsURL(n), "save": "/api/v1/nodes/" + strconv.FormatInt(n.ID, 10) + "/boundary",
		"done": nodeURL(n.ID) + "#boundary", "tiles": s.cfg.MapTiles, "attribution": s.cfg.MapAttribution, "texts": texts,
	})
	d.Config = string(b)
	return s.render(w, r, "boundary_edit", view{Title: "title.boundary_edit", Section: "tree", Data: d})
}

// siblingsURL is the map layer of n's siblings, drawn for reference while editing.
func (s *Server) siblingsURL(n *admin.Node) string {
	if n.ParentID == 0 {
		return ""
	}
	return "/api/v1/map/areas?level=" + strconv.Itoa(int(n.Level)) + "&under=" + strconv.FormatInt(n.ParentID, 10)
}

func parentBoundary(n *admin.Node) string {
	if n == nil {
		return ""
	}
	return n.Boundary
}

func orNull(s string) string {
	if s == "" {
		return "null"
	}
	return s
}
