package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/store"
)

// unitResponse is a unit in the API.
type unitResponse struct {
	ID        int64      `json:"id"`
	NodeID    int64      `json:"node_id" doc:"The place the unit serves"`
	NodeName  string     `json:"node_name"`
	Kind      string     `json:"kind" doc:"department (职能部门) or embedded (驻区单位)"`
	KindName  string     `json:"kind_name" doc:"In the caller's language"`
	Name      string     `json:"name"`
	Phone     string     `json:"phone" doc:"The office's public phone"`
	Duties    string     `json:"duties" doc:"What it is responsible for, shown to dispatchers"`
	Retired   bool       `json:"retired"`
	RetiredAt *time.Time `json:"retired_at,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	Version   int        `json:"version" doc:"Send it back with every change (optimistic locking)"`
}

type unitListResponse struct {
	Items     []unitResponse `json:"items"`
	Truncated bool           `json:"truncated" doc:"More units match than were returned; narrow the query or raise limit"`
}

type unitCreateRequest struct {
	NodeID int64  `json:"node_id" doc:"The place it serves, in the caller's scope"`
	Kind   string `json:"kind" doc:"department or embedded"`
	Name   string `json:"name" doc:"Unique among the units of the place"`
	Phone  string `json:"phone,omitempty"`
	Duties string `json:"duties,omitempty" doc:"At most 500 characters"`
}

type unitPatchRequest struct {
	NodeID  *int64  `json:"node_id,omitempty" doc:"Attach it to another place; omit to keep"`
	Kind    *string `json:"kind,omitempty"`
	Name    *string `json:"name,omitempty"`
	Phone   *string `json:"phone,omitempty" doc:"An empty string removes the phone"`
	Duties  *string `json:"duties,omitempty"`
	Version int     `json:"version" doc:"The version read"`
}

func (s *Server) unitJSON(r *http.Request, u *admin.Unit) unitResponse {
	return unitResponse{ID: u.ID, NodeID: u.NodeID, NodeName: u.NodeName, Kind: string(u.Kind),
		KindName: i18n.T(state(r).lang, u.Kind.Key()), Name: u.Name, Phone: u.Phone, Duties: u.Duties, Retired: u.IsRetired(),
		RetiredAt: u.Retired, CreatedAt: u.Created, UpdatedAt: u.Updated, Version: u.Version}
}

// writeUnit answers with one unit read afresh.
func (s *Server) writeUnit(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	u, err := s.db.Unit(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/units/"+strconv.FormatInt(u.ID, 10))
	}
	writeJSON(w, status, s.unitJSON(r, u))
	return nil
}

func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := principal(r)
	var v errs.Validation
	collect := func(err error) {
		if e := errs.As(err); e != nil {
			for _, x := range e.Fields {
				v.Add(x.Field, x.Msg.Key, x.Msg.Args...)
			}
		}
	}
	f := store.UnitFilter{Query: r.URL.Query().Get("q")}
	var err error
	if f.NodeID, err = queryInt(r, "node"); err != nil {
		collect(err)
	}
	if f.Under, err = queryInt(r, "under"); err != nil {
		collect(err)
	}
	if f.Kind, err = unitKindParam(r); err != nil {
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
	if f.NodeID != 0 {
		if _, err := s.db.Node(ctx, p, f.NodeID); err != nil {
			return err
		}
	}
	f.Limit = limit + 1
	us, err := s.db.Units(ctx, p, f)
	if err != nil {
		return err
	}
	out := unitListResponse{Items: []unitResponse{}}
	if len(us) > limit {
		us, out.Truncated = us[:limit], true
	}
	for _, u := range us {
		out.Items = append(out.Items, s.unitJSON(r, u))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiUnit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.writeUnit(w, r, http.StatusOK, id)
}

func (s *Server) apiUnitCreate(w http.ResponseWriter, r *http.Request) error {
	var req unitCreateRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	p := principal(r)
	if req.NodeID != 0 {
		if _, err := s.db.Node(r.Context(), p, req.NodeID); err != nil {
			return err
		}
	}
	u, err := s.db.CreateUnit(r.Context(), p, admin.UnitInput{NodeID: req.NodeID, Kind: admin.UnitKind(req.Kind),
		Name: req.Name, Phone: req.Phone, Duties: req.Duties})
	if err != nil {
		return err
	}
	return s.writeUnit(w, r, http.StatusCreated, u.ID)
}

// apiUnitTarget reads the {id} unit and checks the version sent.
func (s *Server) apiUnitTarget(r *http.Request, version int) (*admin.Unit, error) {
	u, err := s.pathUnit(r)
	if err != nil {
		return nil, err
	}
	if version <= 0 {
		return nil, errs.FieldInvalid("version", "err.required")
	}
	return u, nil
}

func (s *Server) apiUnitUpdate(w http.ResponseWriter, r *http.Request) error {
	var req unitPatchRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	u, err := s.apiUnitTarget(r, req.Version)
	if err != nil {
		return err
	}
	in := admin.UnitInput{NodeID: u.NodeID, Kind: u.Kind, Name: u.Name, Phone: u.Phone, Duties: u.Duties}
	if req.NodeID != nil {
		in.NodeID = *req.NodeID
	}
	if req.Kind != nil {
		in.Kind = admin.UnitKind(*req.Kind)
	}
	if req.Name != nil {
		in.Name = *req.Name
	}
	if req.Phone != nil {
		in.Phone = *req.Phone
	}
	if req.Duties != nil {
		in.Duties = *req.Duties
	}
	if _, err := s.db.UpdateUnit(r.Context(), principal(r), u.ID, in, req.Version); err != nil {
		return err
	}
	return s.writeUnit(w, r, http.StatusOK, u.ID)
}

func (s *Server) apiUnitSetRetired(w http.ResponseWriter, r *http.Request, retired bool) error {
	var req treeVersionRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	u, err := s.apiUnitTarget(r, req.Version)
	if err != nil {
		return err
	}
	if err := s.db.SetUnitRetired(r.Context(), principal(r), u.ID, retired, req.Version); err != nil {
		return err
	}
	return s.writeUnit(w, r, http.StatusOK, u.ID)
}

func (s *Server) apiUnitRetire(w http.ResponseWriter, r *http.Request) error {
	return s.apiUnitSetRetired(w, r, true)
}

func (s *Server) apiUnitRestore(w http.ResponseWriter, r *http.Request) error {
	return s.apiUnitSetRetired(w, r, false)
}
