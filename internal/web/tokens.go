package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/store"
)

// API tokens let machine clients call /api/v1 as an account, with that account's role
// and scope. The secret is shown once, on the response that creates it; only its hash is
// stored.

func (s *Server) tokenRoutes() []route {
	return []route{
		page("GET", "/admin/tokens", account.TokenManage, s.tokensPage),
		page("POST", "/admin/tokens", account.TokenManage, s.tokenCreateSubmit),
		page("POST", "/admin/tokens/{id}/revoke", account.TokenManage, s.tokenRevokeSubmit),
		api("GET", "/api/v1/tokens", account.TokenManage, s.apiTokens, apiDoc{Summary: "List the API tokens of accounts in the caller's scope",
			Tag: "tokens", Query: []param{{"user", "integer", "Only the tokens of this account"}}, Response: tokenListResponse{}}),
		api("POST", "/api/v1/tokens", account.TokenManage, s.apiCreateToken, apiDoc{Summary: "Issue an API token for an account; " +
			"the secret is returned only in this response", Tag: "tokens", Request: tokenCreateRequest{}, Response: tokenCreatedResponse{},
			Status: http.StatusCreated}),
		api("POST", "/api/v1/tokens/{id}/revoke", account.TokenManage, s.apiRevokeToken, apiDoc{Summary: "Revoke an API token",
			Tag: "tokens", Status: http.StatusNoContent}),
	}
}

// tokenDefaultDays is the lifetime the form suggests.
const tokenDefaultDays = 90

type tokensPageData struct {
	Tokens  []*account.Token
	Now     time.Time
	User    *account.User // the account the list is narrowed to, or nil
	Secret  string        // the secret of a token just created, shown once
	Created *account.Token
	Problem string // why a revocation was refused
}

// tokenUserFilter reads ?user= and loads that account in the caller's scope.
func (s *Server) tokenUserFilter(r *http.Request) (*account.User, error) {
	var v errs.Validation
	id := queryIDField(&v, r.URL.Query(), "user")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if id == 0 {
		return nil, nil
	}
	return s.db.User(r.Context(), principal(r), id)
}

func (s *Server) tokenList(ctx context.Context, p *account.Principal, u *account.User) ([]*account.Token, error) {
	all, err := s.db.Tokens(ctx, p)
	if err != nil || u == nil {
		return all, err
	}
	var out []*account.Token
	for _, t := range all {
		if t.UserID == u.ID {
			out = append(out, t)
		}
	}
	return out, nil
}

func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request) error {
	u, err := s.tokenUserFilter(r)
	if err != nil {
		return err
	}
	var f *form
	if u != nil {
		f = &form{Values: map[string][]string{"user": {tokenAccountLabel(u)}, "days": {strconv.Itoa(tokenDefaultDays)}},
			Errors: map[string]string{}}
	}
	return s.showTokens(w, r, http.StatusOK, f, tokensPageData{User: u})
}

func tokenAccountLabel(u *account.User) string {
	if u.Username != "" {
		return u.Username
	}
	return strconv.FormatInt(u.ID, 10)
}

func (s *Server) showTokens(w http.ResponseWriter, r *http.Request, status int, f *form, d tokensPageData) error {
	var err error
	if d.Tokens, err = s.tokenList(r.Context(), principal(r), d.User); err != nil {
		return err
	}
	d.Now = s.db.Clock().Now()
	return s.renderCode(w, r, status, "tokens", view{Title: "title.tokens", Section: "tokens", Form: f, Fields: tokenFields, Data: d})
}

// tokenAccount finds the account a token form names: by id, or by exact username among
// the accounts the caller can see.
func (s *Server) tokenAccount(ctx context.Context, p *account.Principal, name string) (int64, error) {
	if name == "" {
		return 0, errs.FieldInvalid("user", "err.required")
	}
	if id, err := strconv.ParseInt(name, 10, 64); err == nil && id > 0 {
		return id, nil
	}
	name = strings.ToLower(name)
	us, err := s.db.Users(ctx, p, store.UserFilter{Query: name, Limit: 500})
	if err != nil && !errs.Is(err, errs.Forbidden) {
		return 0, err
	}
	for _, u := range us {
		if u.Username == name {
			return u.ID, nil
		}
	}
	return 0, errs.FieldInvalid("user", "err.not_found", errs.M("entity.user"))
}

func (s *Server) tokenCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	days := f.Int("days")
	err = f.numErrs()
	var secret string
	var t *account.Token
	if err == nil {
		var id int64
		if id, err = s.tokenAccount(r.Context(), st.p, f.Get("user")); err == nil {
			secret, t, err = s.db.CreateToken(r.Context(), st.p, id, f.Get("name"), int(days))
		}
	}
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			err = renameField(err, "user_id", "user")
		}
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.showTokens(w, r, statusFor(err), f, tokensPageData{})
	}
	return s.showTokens(w, r, http.StatusCreated, nil, tokensPageData{Secret: secret, Created: t})
}

// renameField moves field errors from one name to another (storage names the account
// user_id; the form calls it user).
func renameField(err error, from, to string) error {
	e := errs.As(err)
	if e == nil {
		return err
	}
	c := *e
	c.Fields = append([]errs.FieldError(nil), e.Fields...)
	for i := range c.Fields {
		if c.Fields[i].Field == from {
			c.Fields[i].Field = to
		}
	}
	return &c
}

func (s *Server) tokenRevokeSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	if err := s.db.RevokeToken(r.Context(), st.p, id); err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.showTokens(w, r, statusFor(err), nil, tokensPageData{Problem: f.Error})
	}
	flash(w, "success", "flash.token_revoked")
	back := "/admin/tokens"
	if u := f.Get("back_user"); u != "" {
		if _, err := strconv.ParseInt(u, 10, 64); err == nil {
			back = "/admin/users/" + u
		}
	}
	return redirect(w, r, back)
}

// tokenResponse is a token as the API shows it: never its secret or hash.
type tokenResponse struct {
	ID        int64      `json:"id"`
	UserID    int64      `json:"user_id"`
	UserName  string     `json:"user_name" doc:"The account's username (or name)"`
	Name      string     `json:"name"`
	Prefix    string     `json:"prefix" doc:"The first characters of the secret, to tell tokens apart"`
	Active    bool       `json:"active"`
	CreatedBy string     `json:"created_by"`
	Created   time.Time  `json:"created_at"`
	Expires   *time.Time `json:"expires_at,omitempty" doc:"Absent: never expires"`
	LastUsed  *time.Time `json:"last_used_at,omitempty"`
	Revoked   *time.Time `json:"revoked_at,omitempty"`
}

type tokenListResponse struct {
	Tokens []tokenResponse `json:"tokens"`
}

type tokenCreateRequest struct {
	UserID int64  `json:"user_id" doc:"The account the token acts as"`
	Name   string `json:"name" doc:"What the token is for, e.g. the client's name"`
	Days   int    `json:"days" doc:"Days valid, 0–3650; 0 never expires"`
}

type tokenCreatedResponse struct {
	Token  tokenResponse `json:"token"`
	Secret string        `json:"secret" doc:"Send as Authorization: Bearer …; shown only in this response"`
}

func (s *Server) tokenJSON(t *account.Token) tokenResponse {
	return tokenResponse{ID: t.ID, UserID: t.UserID, UserName: t.UserName, Name: t.Name, Prefix: t.Prefix,
		Active: t.Active(s.db.Clock().Now()), CreatedBy: t.CreatedBy, Created: t.Created, Expires: t.Expires,
		LastUsed: t.LastUsed, Revoked: t.Revoked}
}

func (s *Server) apiTokens(w http.ResponseWriter, r *http.Request) error {
	u, err := s.tokenUserFilter(r)
	if err != nil {
		return err
	}
	ts, err := s.tokenList(r.Context(), principal(r), u)
	if err != nil {
		return err
	}
	out := tokenListResponse{Tokens: []tokenResponse{}}
	for _, t := range ts {
		out.Tokens = append(out.Tokens, s.tokenJSON(t))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiCreateToken(w http.ResponseWriter, r *http.Request) error {
	var req tokenCreateRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	secret, t, err := s.db.CreateToken(r.Context(), principal(r), req.UserID, strings.TrimSpace(req.Name), req.Days)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, tokenCreatedResponse{Token: s.tokenJSON(t), Secret: secret})
	return nil
}

func (s *Server) apiRevokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.db.RevokeToken(r.Context(), principal(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
