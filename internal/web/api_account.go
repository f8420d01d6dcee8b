package web

import (
	"net/http"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/store"
)

type loginRequest struct {
	Login    string `json:"login" doc:"Username, or mobile number for residents"`
	Password string `json:"password"`
}

type meResponse struct {
	ID                 int64    `json:"id"`
	Username           string   `json:"username,omitempty"`
	DisplayName        string   `json:"display_name"`
	Role               string   `json:"role"`
	RoleName           string   `json:"role_name"`
	NodeID             int64    `json:"node_id,omitempty" doc:"The node the account is bound to (handlers: their unit's node)"`
	UnitID             int64    `json:"unit_id,omitempty"`
	Phone              string   `json:"phone,omitempty" doc:"Masked"`
	Permissions        []string `json:"permissions"`
	MustChangePassword bool     `json:"must_change_password"`
}

type passwordRequest struct {
	Current  string `json:"current"`
	Password string `json:"password"`
}

type codeRequest struct {
	Phone string `json:"phone"`
}

type signupRequest struct {
	Phone       string `json:"phone"`
	Code        string `json:"code"`
	DisplayName string `json:"display_name"`
	Password    string `json:"password"`
}

var allPermissions = []account.Permission{account.TreeView, account.TreeManage, account.UnitManage, account.UserView,
	account.UserManage, account.PersonalUnmask, account.AuditView, account.TokenManage, account.DashboardView, account.OwnAccount}

func (s *Server) me(r *http.Request, p *account.Principal, u *account.User) meResponse {
	m := meResponse{ID: p.UserID, Username: p.Username, DisplayName: p.DisplayName, Role: string(p.Role),
		RoleName: i18n.T(state(r).lang, p.Role.Key()), NodeID: p.NodeID, UnitID: p.UnitID, Permissions: []string{}}
	if u != nil {
		m.Phone, m.MustChangePassword = u.PhoneMasked, u.MustChangePW
	}
	for _, perm := range allPermissions {
		if p.Can(perm) {
			m.Permissions = append(m.Permissions, string(perm))
		}
	}
	return m
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) error {
	var req loginRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	p, u, err := s.login(r, req.Login, req.Password)
	if err != nil {
		return err
	}
	if err := s.setSession(w, r, p); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.me(r, p, u))
	return nil
}

func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) error {
	st := state(r)
	if st.session != "" {
		if err := s.db.DeleteSession(r.Context(), st.p, st.session); err != nil {
			return err
		}
		s.clearSessionCookie(w, r)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	st := state(r)
	u := st.user
	if u == nil {
		var err error
		if u, err = s.db.User(r.Context(), st.p, st.p.UserID); err != nil {
			return err
		}
	}
	writeJSON(w, http.StatusOK, s.me(r, st.p, u))
	return nil
}

func (s *Server) apiChangePassword(w http.ResponseWriter, r *http.Request) error {
	var req passwordRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	st := state(r)
	if err := s.db.ChangeOwnPassword(r.Context(), st.p, req.Current, req.Password); err != nil {
		return err
	}
	if st.session != "" {
		if err := s.setSession(w, r, st.p); err != nil {
			return err
		}
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiSignupCode(w http.ResponseWriter, r *http.Request) error {
	var req codeRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := s.sendSignupCode(r, req.Phone); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiSignup(w http.ResponseWriter, r *http.Request) error {
	var req signupRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if !s.limiter.allow("signup:" + state(r).ip) {
		return errs.E(errs.TooMany, "err.too_many_requests")
	}
	p, err := s.db.SignUpResident(r.Context(), store.SignUp{Phone: req.Phone, Code: req.Code, DisplayName: req.DisplayName,
		Password: req.Password}, state(r).ip, store.DefaultSMSPolicy)
	if err != nil {
		return err
	}
	if err := s.setSession(w, r, p); err != nil {
		return err
	}
	u, err := s.db.User(r.Context(), p, p.UserID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, s.me(r, p, u))
	return nil
}
