package web

import (
	"net/http"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
)

func (s *Server) userAPIRoutes() []route {
	userFilters := []param{
		{"role", "string", "Only accounts of this role (admin, staff, grid_worker, handler, supervisor, leader, resident)"},
		{"node", "integer", "Only accounts bound anywhere below this place"},
		{"unit", "integer", "Only accounts bound to this unit"},
		{"q", "string", "Name or username contains"},
		{"status", "string", "active, disabled or locked"},
		{"after", "integer", "Keyset pagination: accounts with a larger id (next_after of the previous page)"},
		{"limit", "integer", "Page size, 1–500 (default 50)"},
	}
	return []route{
		api("GET", "/api/v1/users", account.UserView, s.apiUsers, apiDoc{Summary: "List the accounts in the caller's scope",
			Tag: "users", Query: userFilters, Response: userListResponse{}}),
		api("POST", "/api/v1/users", account.UserManage, s.apiCreateUser, apiDoc{Summary: "Create an account; staff-created " +
			"accounts must change their password at first sign-in", Tag: "users", Request: userCreateRequest{},
			Response: userCreatedResponse{}, Status: http.StatusCreated}),
		api("GET", "/api/v1/users/{id}", account.UserView, s.apiUser, apiDoc{Summary: "One account in the caller's scope",
			Tag: "users", Response: userResponse{}}),
		api("PATCH", "/api/v1/users/{id}", account.UserManage, s.apiUpdateUser, apiDoc{Summary: "Change an account's name, " +
			"role, binding or phone; absent fields keep their value", Tag: "users", Request: userUpdateRequest{}, Response: userResponse{}}),
		api("POST", "/api/v1/users/{id}/password", account.UserManage, s.apiResetPassword, apiDoc{Summary: "Set a new password " +
			"(given or generated); the owner must change it at next sign-in", Tag: "users", Request: userPasswordRequest{},
			Response: userPasswordResponse{}}),
		api("POST", "/api/v1/users/{id}/disable", account.UserManage, s.apiUserStatus("disable"), apiDoc{Summary: "Disable " +
			"an account: it can no longer sign in, and its sessions and tokens stop working", Tag: "users", Response: userResponse{}}),
		api("POST", "/api/v1/users/{id}/enable", account.UserManage, s.apiUserStatus("enable"), apiDoc{Summary: "Enable a " +
			"disabled account again", Tag: "users", Response: userResponse{}}),
		api("POST", "/api/v1/users/{id}/unlock", account.UserManage, s.apiUserStatus("unlock"), apiDoc{Summary: "Lift a " +
			"lock-out caused by failed sign-ins", Tag: "users", Response: userResponse{}}),
		api("POST", "/api/v1/users/{id}/unmask", account.PersonalUnmask, s.apiUnmaskPhone, apiDoc{Summary: "Reveal an " +
			"account's full phone number for a stated purpose; the read is audited", Tag: "users", Request: unmaskRequest{},
			Response: unmaskResponse{}}),
	}
}

// userResponse is an account as the API shows it: the phone only masked, never a
// password hash or the encrypted number.
type userResponse struct {
	ID                 int64      `json:"id"`
	Username           string     `json:"username,omitempty" doc:"Empty for residents, who sign in with their phone"`
	DisplayName        string     `json:"display_name"`
	Role               string     `json:"role"`
	RoleName           string     `json:"role_name" doc:"The role's name in the caller's language"`
	NodeID             int64      `json:"node_id,omitempty" doc:"The place the account is bound to (not for handlers, administrators, residents)"`
	UnitID             int64      `json:"unit_id,omitempty" doc:"Handlers: the unit they work for"`
	PlaceName          string     `json:"place_name,omitempty" doc:"The bound place, or for handlers their unit's place"`
	UnitName           string     `json:"unit_name,omitempty"`
	Phone              string     `json:"phone,omitempty" doc:"Masked (138****5678); POST /api/v1/users/{id}/unmask reveals it"`
	Disabled           *time.Time `json:"disabled_at,omitempty"`
	LockedUntil        *time.Time `json:"locked_until,omitempty" doc:"Set while failed sign-ins keep the account locked"`
	FailedLogins       int        `json:"failed_logins"`
	MustChangePassword bool       `json:"must_change_password"`
	LastLogin          *time.Time `json:"last_login_at,omitempty"`
	Created            time.Time  `json:"created_at"`
	Updated            time.Time  `json:"updated_at"`
	Version            int        `json:"version" doc:"Send back with PATCH to refuse lost updates"`
}

type userListResponse struct {
	Users     []userResponse `json:"users"`
	NextAfter int64          `json:"next_after,omitempty" doc:"Pass as after= for the next page; absent on the last page"`
}

type userCreateRequest struct {
	Username         string `json:"username" doc:"3–32 of a–z, 0–9, '.', '_', '-', starting with a letter; optional for residents"`
	DisplayName      string `json:"display_name"`
	Role             string `json:"role" doc:"One the caller may assign"`
	NodeID           int64  `json:"node_id,omitempty" doc:"Required for staff, grid workers, supervisors and leaders; of a level the role allows"`
	UnitID           int64  `json:"unit_id,omitempty" doc:"Required for handlers"`
	Phone            string `json:"phone,omitempty" doc:"Mainland mobile number; required for residents"`
	Password         string `json:"password,omitempty" doc:"The initial password; leave empty with generate_password"`
	GeneratePassword bool   `json:"generate_password,omitempty" doc:"Generate the initial password and return it once"`
}

type userCreatedResponse struct {
	User              userResponse `json:"user"`
	GeneratedPassword string       `json:"generated_password,omitempty" doc:"Only in this response, when generate_password was set"`
}

type userUpdateRequest struct {
	Username    *string `json:"username,omitempty"`
	DisplayName *string `json:"display_name,omitempty"`
	Role        *string `json:"role,omitempty"`
	NodeID      *int64  `json:"node_id,omitempty"`
	UnitID      *int64  `json:"unit_id,omitempty"`
	Phone       *string `json:"phone,omitempty" doc:"A new mobile number; absent or empty keeps the stored one"`
	Version     *int    `json:"version,omitempty" doc:"The version read; when given, a changed account is refused (409)"`
}

type userPasswordRequest struct {
	Password         string `json:"password,omitempty"`
	GeneratePassword bool   `json:"generate_password,omitempty"`
}

type userPasswordResponse struct {
	GeneratedPassword string `json:"generated_password,omitempty" doc:"Only when generate_password was set"`
}

type unmaskRequest struct {
	Purpose string `json:"purpose" doc:"Why the number is needed; recorded in the audit log"`
}

type unmaskResponse struct {
	Phone string `json:"phone" doc:"The full number, or empty when the account has none"`
}

func (s *Server) userJSON(r *http.Request, u *account.User) userResponse {
	out := userResponse{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Role: string(u.Role),
		RoleName: i18n.T(state(r).lang, u.Role.Key()), NodeID: u.NodeID, UnitID: u.UnitID, PlaceName: u.NodeName,
		UnitName: u.UnitName, Phone: u.PhoneMasked, Disabled: u.Disabled, FailedLogins: u.FailedLogins,
		MustChangePassword: u.MustChangePW, LastLogin: u.LastLogin, Created: u.Created, Updated: u.Updated, Version: u.Version}
	if u.IsLocked(s.db.Clock().Now()) {
		out.LockedUntil = u.LockedUntil
	}
	return out
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, err := userFilterFrom(q)
	if err != nil {
		return err
	}
	var v errs.Validation
	limit := queryLimit(&v, q, userPageSize)
	if err := v.Err(); err != nil {
		return err
	}
	f.Limit = limit + 1
	us, err := s.db.Users(r.Context(), principal(r), f)
	if err != nil {
		return err
	}
	out := userListResponse{Users: []userResponse{}}
	if len(us) > limit {
		us = us[:limit]
		out.NextAfter = us[len(us)-1].ID
	}
	for _, u := range us {
		out.Users = append(out.Users, s.userJSON(r, u))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiCreateUser(w http.ResponseWriter, r *http.Request) error {
	var req userCreateRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	in := cleanBinding(account.UserInput{Username: req.Username, DisplayName: req.DisplayName, Role: account.Role(req.Role),
		NodeID: req.NodeID, UnitID: req.UnitID, Phone: req.Phone, Password: req.Password})
	out := userCreatedResponse{}
	if req.GeneratePassword {
		out.GeneratedPassword = generatePassword()
		in.Password = out.GeneratedPassword
	}
	u, err := s.db.CreateUser(r.Context(), principal(r), in)
	if err != nil {
		return err
	}
	out.User = s.userJSON(r, u)
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) apiUser(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userFromPath(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.userJSON(r, u))
	return nil
}

func (s *Server) apiUpdateUser(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userFromPath(r)
	if err != nil {
		return err
	}
	var req userUpdateRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	in := account.UserInput{Username: u.Username, DisplayName: u.DisplayName, Role: u.Role, NodeID: u.NodeID, UnitID: u.UnitID}
	if req.Username != nil {
		in.Username = *req.Username
	}
	if req.DisplayName != nil {
		in.DisplayName = *req.DisplayName
	}
	if req.Role != nil {
		in.Role = account.Role(*req.Role)
	}
	if req.NodeID != nil {
		in.NodeID = *req.NodeID
	}
	if req.UnitID != nil {
		in.UnitID = *req.UnitID
	}
	if req.Phone != nil {
		in.Phone = *req.Phone
	}
	version := u.Version
	if req.Version != nil {
		version = *req.Version
	}
	u, err = s.db.UpdateUser(r.Context(), principal(r), u.ID, cleanBinding(in), version)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.userJSON(r, u))
	return nil
}

func (s *Server) apiResetPassword(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userFromPath(r)
	if err != nil {
		return err
	}
	var req userPasswordRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	out := userPasswordResponse{}
	pw := req.Password
	if req.GeneratePassword {
		out.GeneratedPassword = generatePassword()
		pw = out.GeneratedPassword
	}
	if err := s.db.ResetPassword(r.Context(), principal(r), u.ID, pw); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiUserStatus(action string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		u, err := s.userFromPath(r)
		if err != nil {
			return err
		}
		p := principal(r)
		if err := s.setUserStatus(r.Context(), p, u.ID, action); err != nil {
			return err
		}
		if u, err = s.db.User(r.Context(), p, u.ID); err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, s.userJSON(r, u))
		return nil
	}
}

func (s *Server) apiUnmaskPhone(w http.ResponseWriter, r *http.Request) error {
	u, err := s.userFromPath(r)
	if err != nil {
		return err
	}
	var req unmaskRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	phone, err := s.db.UnmaskPhone(r.Context(), principal(r), u.ID, req.Purpose)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, unmaskResponse{Phone: phone})
	return nil
}
