package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/store"
)

// nodeResponse is a place of the administrative tree in the API.
type nodeResponse struct {
	ID         int64       `json:"id"`
	ParentID   int64       `json:"parent_id,omitempty" doc:"Absent for a root"`
	Level      int         `json:"level" doc:"1 city, 2 district, 3 street, 4 community, 5 grid, 6 micro-grid"`
	LevelName  string      `json:"level_name" doc:"In the caller's language"`
	Code       string      `json:"code" doc:"Local code, unique among siblings (retired ones included)"`
	FullCode   string      `json:"full_code" doc:"Official code: district 6 digits, then street 3, community 3, grid and micro-grid"`
	Name       string      `json:"name"`
	Path       []int64     `json:"path" doc:"Ids from the root down to this place"`
	ChildCount int         `json:"child_count" doc:"Active places directly below"`
	Retired    bool        `json:"retired"`
	RetiredAt  *time.Time  `json:"retired_at,omitempty"`
	CreatedAt  time.Time   `json:"created_at"`
	UpdatedAt  time.Time   `json:"updated_at"`
	Version    int         `json:"version" doc:"Send it back with every change (optimistic locking)"`
	Ancestors  []nodeBrief `json:"ancestors,omitempty" doc:"The places above, from the root (single reads only)"`
}

// nodeBrief names a place.
type nodeBrief struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Level int    `json:"level"`
}

type nodeListResponse struct {
	Items     []nodeResponse `json:"items"`
	Truncated bool           `json:"truncated" doc:"More places match than were returned; narrow the query or raise limit"`
}

type nodeCreateRequest struct {
	ParentID int64  `json:"parent_id,omitempty" doc:"The parent; omit only for a root (administrators)"`
	Level    int    `json:"level,omitempty" doc:"Only for a root: 1 city or 2 district; otherwise the level below the parent's"`
	Code     string `json:"code" doc:"Local code: 6 digits for a city or district, 3 for a street or community, 2–3 for a grid, 2 for a micro-grid"`
	Name     string `json:"name"`
}

type nodePatchRequest struct {
	Name    *string `json:"name,omitempty" doc:"New name; omit to keep"`
	Code    *string `json:"code,omitempty" doc:"New local code; omit to keep"`
	Version int     `json:"version" doc:"The version read"`
}

type nodeMoveRequest struct {
	ParentID int64 `json:"parent_id" doc:"The new parent, of the level directly above"`
	Version  int   `json:"version" doc:"The version read"`
}

// treeVersionRequest carries only the version read, for retire and restore.
type treeVersionRequest struct {
	Version int `json:"version" doc:"The version read"`
}

func (s *Server) nodeJSON(r *http.Request, n *admin.Node, childCount int) nodeResponse {
	return nodeResponse{ID: n.ID, ParentID: n.ParentID, Level: int(n.Level), LevelName: i18n.T(state(r).lang, n.Level.Key()),
		Code: n.Code, FullCode: n.FullCode, Name: n.Name, Path: n.AncestorIDs(), ChildCount: childCount, Retired: n.IsRetired(),
		RetiredAt: n.Retired, CreatedAt: n.Created, UpdatedAt: n.Updated, Version: n.Version}
}

// writeNode answers with one node read afresh, its child count and ancestors.
func (s *Server) writeNode(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	p := principal(r)
	n, err := s.db.Node(r.Context(), p, id)
	if err != nil {
		return err
	}
	counts, err := s.db.ChildCounts(r.Context(), []int64{n.ID})
	if err != nil {
		return err
	}
	anc, err := s.db.Ancestors(r.Context(), n)
	if err != nil {
		return err
	}
	out := s.nodeJSON(r, n, counts[n.ID])
	for _, a := range anc {
		out.Ancestors = append(out.Ancestors, nodeBrief{ID: a.ID, Name: a.Name, Level: int(a.Level)})
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/nodes/"+strconv.FormatInt(n.ID, 10))
	}
	writeJSON(w, status, out)
	return nil
}

func (s *Server) apiNodes(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := principal(r)
	var v errs.Validation
	f := store.NodeFilter{Query: r.URL.Query().Get("q")}
	var err error
	collect := func(e error) {
		if fe := errs.As(e); fe != nil {
			for _, x := range fe.Fields {
				v.Add(x.Field, x.Msg.Key, x.Msg.Args...)
			}
		}
	}
	if f.ParentID, err = queryInt(r, "parent"); err != nil {
		collect(err)
	}
	if f.Under, err = queryInt(r, "under"); err != nil {
		collect(err)
	}
	if f.Level, err = treeLevelParam(r); err != nil {
		collect(err)
	}
	if f.IncludeRetired, err = treeBoolParam(r, "include_retired"); err != nil {
		collect(err)
	}
	limit, err := treeLimitParam(r)
	if err != nil {
		collect(err)
	}
	if err := v.Err(); err != nil {
		return err
	}
	if f.ParentID != 0 {
		if _, err := s.db.Node(ctx, p, f.ParentID); err != nil {
			return err
		}
	}
	f.Roots = f.ParentID == 0 && f.Under == 0 && f.Level == 0 && f.Query == ""
	f.Limit = limit + 1
	ns, err := s.db.Nodes(ctx, p, f)
	if err != nil {
		return err
	}
	out := nodeListResponse{Items: []nodeResponse{}}
	if len(ns) > limit {
		ns, out.Truncated = ns[:limit], true
	}
	ids := make([]int64, len(ns))
	for i, n := range ns {
		ids[i] = n.ID
	}
	counts, err := s.db.ChildCounts(ctx, ids)
	if err != nil {
		return err
	}
	for _, n := range ns {
		out.Items = append(out.Items, s.nodeJSON(r, n, counts[n.ID]))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiNode(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.writeNode(w, r, http.StatusOK, id)
}

func (s *Server) apiNodeCreate(w http.ResponseWriter, r *http.Request) error {
	var req nodeCreateRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	p := principal(r)
	if req.ParentID != 0 {
		if _, err := s.db.Node(r.Context(), p, req.ParentID); err != nil {
			return err
		}
	}
	n, err := s.db.CreateNode(r.Context(), p, admin.NodeInput{ParentID: req.ParentID, Level: admin.Level(req.Level),
		Code: req.Code, Name: req.Name})
	if err != nil {
		return err
	}
	return s.writeNode(w, r, http.StatusCreated, n.ID)
}

// apiNodeTarget reads the {id} node and checks the version sent.
func (s *Server) apiNodeTarget(r *http.Request, version int) (*admin.Node, error) {
	n, err := s.pathNode(r)
	if err != nil {
		return nil, err
	}
	if version <= 0 {
		return nil, errs.FieldInvalid("version", "err.required")
	}
	return n, nil
}

func (s *Server) apiNodeUpdate(w http.ResponseWriter, r *http.Request) error {
	var req nodePatchRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	n, err := s.apiNodeTarget(r, req.Version)
	if err != nil {
		return err
	}
	name, code := n.Name, n.Code
	if req.Name != nil {
		name = *req.Name
	}
	if req.Code != nil {
		code = *req.Code
	}
	if _, err := s.db.UpdateNode(r.Context(), principal(r), n.ID, name, code, req.Version); err != nil {
		return err
	}
	return s.writeNode(w, r, http.StatusOK, n.ID)
}

func (s *Server) apiNodeMove(w http.ResponseWriter, r *http.Request) error {
	var req nodeMoveRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	n, err := s.apiNodeTarget(r, req.Version)
	if err != nil {
		return err
	}
	if _, err := s.db.MoveNode(r.Context(), principal(r), n.ID, req.ParentID, req.Version); err != nil {
		return err
	}
	return s.writeNode(w, r, http.StatusOK, n.ID)
}

func (s *Server) apiNodeRetire(w http.ResponseWriter, r *http.Request) error {
	return s.apiNodeLifecycle(w, r, s.db.RetireNode)
}

func (s *Server) apiNodeRestore(w http.ResponseWriter, r *http.Request) error {
	return s.apiNodeLifecycle(w, r, s.db.RestoreNode)
}

// apiNodeLifecycle retires or restores the {id} node at the version sent.
func (s *Server) apiNodeLifecycle(w http.ResponseWriter, r *http.Request,
	change func(context.Context, *account.Principal, int64, int) error) error {
	var req treeVersionRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	n, err := s.apiNodeTarget(r, req.Version)
	if err != nil {
		return err
	}
	if err := change(r.Context(), principal(r), n.ID, req.Version); err != nil {
		return err
	}
	return s.writeNode(w, r, http.StatusOK, n.ID)
}
