package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/store"
)

// gridRoutes are the grid workers on duty of grids and micro-grids.
func (s *Server) gridRoutes() []route {
	return []route{
		page("POST", "/admin/nodes/{id}/workers", account.GridManage, s.assignSubmit),
		page("POST", "/admin/assignments/{id}/end", account.GridManage, s.assignEndSubmit),

		api("GET", "/api/v1/nodes/{id}/workers", account.TreeView, s.apiAssignments, apiDoc{
			Summary: "The grid workers of a grid or micro-grid: on duty now, and with history=true the ended duties too",
			Tag:     "grids", Response: assignmentListResponse{}, Query: []param{
				{"history", "boolean", "Include ended duties (default false)"},
			}}),
		api("POST", "/api/v1/nodes/{id}/workers", account.GridManage, s.apiAssign, apiDoc{
			Summary: "Put a grid worker on a grid: one full-time worker and one backup at a time, any number part-time",
			Tag:     "grids", Request: assignRequest{}, Response: assignmentResponse{}, Status: http.StatusCreated}),
		api("POST", "/api/v1/assignments/{id}/end", account.GridManage, s.apiAssignmentEnd, apiDoc{
			Summary: "End a grid worker's duty now; it stays in the grid's history", Tag: "grids",
			Response: assignmentResponse{}}),
	}
}

// gridWorkersData is the grid workers section of a grid's page.
type gridWorkersData struct {
	Active, Ended []*account.Assignment
	Choices       []*account.User // grid workers the caller may assign here
	CanAssign     bool
	V             view // the assignment form, with its failed submission
}

// gridWorkers loads the section for a grid or micro-grid node, nil for other levels.
func (s *Server) gridWorkers(r *http.Request, n *admin.Node, f *form) (*gridWorkersData, error) {
	if n.Level != admin.Grid && n.Level != admin.Microgrid {
		return nil, nil
	}
	st := state(r)
	all, err := s.db.Assignments(r.Context(), st.p, n.ID, true)
	if err != nil {
		return nil, err
	}
	d := &gridWorkersData{V: view{Lang: st.lang, Form: f, Fields: assignFields, IDPrefix: "assign-"}}
	for _, a := range all {
		if a.Active() {
			d.Active = append(d.Active, a)
		} else {
			d.Ended = append(d.Ended, a)
		}
	}
	d.CanAssign = st.p.Can(account.GridManage) && st.p.InScope(n.Path) && !n.IsRetired()
	if d.CanAssign {
		// Workers of the same community: the backup often comes from the next grid.
		under := n.ID
		ancestors, err := s.db.Ancestors(r.Context(), n)
		if err != nil {
			return nil, err
		}
		for _, a := range ancestors {
			if a.Level == admin.Community && st.p.InScope(a.Path) {
				under = a.ID
			}
		}
		if d.Choices, err = s.db.Users(r.Context(), st.p, store.UserFilter{Role: account.GridWorker, Under: under, Status: "active", Limit: 500}); err != nil {
			return nil, err
		}
	}
	return d, nil
}

var assignFields = formFields{"user_id", "grid.field.worker", "kind", "grid.field.duty", "note", "grid.field.note"}

func (s *Server) assignSubmit(w http.ResponseWriter, r *http.Request) error {
	n, err := s.pathNode(r)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	userID := f.Int("user_id")
	if err = f.numErrs(); err == nil {
		_, err = s.db.Assign(r.Context(), st.p, account.AssignmentInput{NodeID: n.ID, UserID: userID,
			Kind: account.DutyKind(f.Get("kind")), Note: f.Get("note")})
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.renderNode(w, r, statusFor(err), n, nodeForms{assign: f})
	}
	flash(w, "success", "flash.assigned")
	return redirect(w, r, nodeURL(n.ID)+"#workers")
}

func (s *Server) assignEndSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.db.EndAssignment(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	flash(w, "success", "flash.assignment_ended")
	return redirect(w, r, nodeURL(a.NodeID)+"#workers")
}

func nodeURL(id int64) string { return "/admin/nodes/" + strconv.FormatInt(id, 10) }

// assignmentResponse is a grid worker's duty in the API.
type assignmentResponse struct {
	ID       int64      `json:"id"`
	NodeID   int64      `json:"node_id"`
	NodeName string     `json:"node_name"`
	UserID   int64      `json:"user_id"`
	Worker   string     `json:"worker" doc:"The worker's name"`
	Username string     `json:"username"`
	Kind     string     `json:"kind" doc:"full_time, part_time or backup"`
	KindName string     `json:"kind_name" doc:"In the caller's language"`
	Note     string     `json:"note,omitempty"`
	Started  time.Time  `json:"started"`
	Ended    *time.Time `json:"ended,omitempty" doc:"Absent while on duty"`
}

type assignmentListResponse struct {
	Items []assignmentResponse `json:"items"`
}

type assignRequest struct {
	UserID int64  `json:"user_id" doc:"A grid worker's account in the caller's scope"`
	Kind   string `json:"kind" doc:"full_time, part_time or backup"`
	Note   string `json:"note,omitempty" doc:"At most 200 characters"`
}

func assignmentJSON(lang i18n.Lang, a *account.Assignment) assignmentResponse {
	return assignmentResponse{ID: a.ID, NodeID: a.NodeID, NodeName: a.NodeName, UserID: a.UserID, Worker: a.WorkerName,
		Username: a.WorkerCode, Kind: string(a.Kind), KindName: i18n.T(lang, a.Kind.Key()), Note: a.Note,
		Started: a.Started, Ended: a.Ended}
}

func (s *Server) apiAssignments(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	history, err := treeBoolParam(r, "history")
	if err != nil {
		return err
	}
	as, err := s.db.Assignments(r.Context(), principal(r), id, history)
	if err != nil {
		return err
	}
	out := assignmentListResponse{Items: make([]assignmentResponse, len(as))}
	for i, a := range as {
		out.Items[i] = assignmentJSON(state(r).lang, a)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiAssign(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var req assignRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	a, err := s.db.Assign(r.Context(), principal(r), account.AssignmentInput{NodeID: id, UserID: req.UserID,
		Kind: account.DutyKind(req.Kind), Note: req.Note})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, assignmentJSON(state(r).lang, a))
	return nil
}

func (s *Server) apiAssignmentEnd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a, err := s.db.EndAssignment(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, assignmentJSON(state(r).lang, a))
	return nil
}
