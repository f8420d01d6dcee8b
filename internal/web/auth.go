package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/store"
)

func (s *Server) authRoutes() []route {
	return []route{
		publicPage("GET", "/login", s.loginPage),
		publicPage("POST", "/login", s.loginSubmit),
		page("POST", "/logout", "", s.logout),
		publicPage("GET", "/signup", s.signupPage),
		publicPage("POST", "/signup", s.signupSubmit),
		page("GET", "/account/password", account.OwnAccount, s.passwordPage),
		page("POST", "/account/password", account.OwnAccount, s.passwordSubmit),
		publicPage("GET", "/prefs", s.prefs),

		publicAPI("POST", "/api/v1/session", s.apiLogin, apiDoc{Summary: "Sign in; sets the session cookie", Tag: "account",
			Request: loginRequest{}, Response: meResponse{}}),
		api("DELETE", "/api/v1/session", "", s.apiLogout, apiDoc{Summary: "Sign out", Tag: "account", Status: http.StatusNoContent}),
		api("GET", "/api/v1/me", "", s.apiMe, apiDoc{Summary: "The caller's account, role, scope and permissions", Tag: "account", Response: meResponse{}}),
		api("PUT", "/api/v1/me/password", account.OwnAccount, s.apiChangePassword, apiDoc{Summary: "Change one's own password", Tag: "account",
			Request: passwordRequest{}, Status: http.StatusNoContent}),
		publicAPI("POST", "/api/v1/signup/code", s.apiSignupCode, apiDoc{Summary: "Send a sign-up verification code by SMS", Tag: "account",
			Request: codeRequest{}, Status: http.StatusNoContent}),
		publicAPI("POST", "/api/v1/signup", s.apiSignup, apiDoc{Summary: "Open a resident account with a verification code", Tag: "account",
			Request: signupRequest{}, Response: meResponse{}, Status: http.StatusCreated}),
	}
}

// setSession signs the browser in.
func (s *Server) setSession(w http.ResponseWriter, r *http.Request, p *account.Principal) error {
	token, err := s.db.CreateSession(r.Context(), p, r.UserAgent(), s.cfg.Sessions)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: s.secure(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.cfg.Sessions.Absolute / time.Second)})
	return nil
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

// secure says whether cookies get the Secure flag: always behind TLS or a TLS proxy, or
// when the deployment says so.
func (s *Server) secure(r *http.Request) bool {
	return s.cfg.SecureCookies || r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https"
}

// login checks credentials, with a limit on failed attempts per client address in front
// of the per-account lock. Only failures count: a whole office signing in each morning
// from one address is not an attack.
func (s *Server) login(r *http.Request, login, password string) (*account.Principal, *account.User, error) {
	st := state(r)
	key := "login:" + st.ip
	if s.limiter.blocked(key) {
		return nil, nil, errs.E(errs.TooMany, "err.too_many_requests")
	}
	var v errs.Validation
	v.Require("login", login)
	v.Require("password", password)
	if err := v.Err(); err != nil {
		return nil, nil, err
	}
	p, u, err := s.db.Authenticate(r.Context(), login, password, st.ip)
	if errs.Is(err, errs.Unauthenticated) {
		s.limiter.add(key)
	}
	return p, u, err
}

type loginData struct {
	Next string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	if principal(r) != nil {
		return redirect(w, r, "/")
	}
	return s.render(w, r, "login", view{Title: "title.login", Data: loginData{Next: safeNext(r.URL.Query().Get("next"))}})
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	next := safeNext(f.Get("next"))
	p, _, err := s.login(r, f.Get("login"), f.Raw("password"))
	if err != nil {
		if errs.Is(err, errs.Unauthenticated) {
			f.Error = i18n.Msg(state(r).lang, errs.As(err).Msg)
		} else if !f.absorb(state(r).lang, err) {
			return err
		}
		return s.renderCode(w, r, statusFor(err), "login", view{Title: "title.login", Form: f, Fields: loginFields, Data: loginData{Next: next}})
	}
	if err := s.setSession(w, r, p); err != nil {
		return err
	}
	if next == "/" && p.Role == account.Leader { // a leader's work starts with the scope's figures
		next = "/dashboard"
	}
	return redirect(w, r, next)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	st := state(r)
	if st.session != "" {
		if err := s.db.DeleteSession(r.Context(), st.p, st.session); err != nil {
			return err
		}
	}
	s.clearSessionCookie(w, r)
	flash(w, "info", "flash.signed_out")
	return redirect(w, r, "/login")
}

type signupData struct {
	CodeSent bool
}

func (s *Server) signupPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "signup", view{Title: "title.signup", Data: signupData{}})
}

// signupSubmit handles both buttons of the sign-up form: "send code" and "sign up".
func (s *Server) signupSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	lang := state(r).lang
	if f.Get("action") == "code" {
		err := s.sendSignupCode(r, f.Get("phone"))
		data := signupData{CodeSent: err == nil}
		if err != nil && !f.absorb(lang, err) {
			return err
		}
		return s.renderCode(w, r, statusFor(err), "signup", view{Title: "title.signup", Form: f, Fields: signupFields, Data: data})
	}
	var v errs.Validation
	v.Check(f.Raw("password") == f.Raw("password2"), "password2", "err.password_mismatch")
	err = v.Err()
	var p *account.Principal
	if err == nil {
		p, err = s.db.SignUpResident(r.Context(), store.SignUp{Phone: f.Get("phone"), Code: f.Get("code"),
			DisplayName: f.Get("display_name"), Password: f.Raw("password")}, state(r).ip, store.DefaultSMSPolicy)
	}
	if err != nil {
		if !f.absorb(lang, err) {
			return err
		}
		return s.renderCode(w, r, statusFor(err), "signup", view{Title: "title.signup", Form: f, Fields: signupFields, Data: signupData{CodeSent: true}})
	}
	if err := s.setSession(w, r, p); err != nil {
		return err
	}
	flash(w, "success", "flash.signed_up")
	return redirect(w, r, "/")
}

func (s *Server) sendSignupCode(r *http.Request, phone string) error {
	if !s.limiter.allow("sms:" + state(r).ip) {
		return errs.E(errs.TooMany, "err.too_many_requests")
	}
	code, err := s.db.IssueSMSCode(r.Context(), phone, "signup", state(r).ip, store.DefaultSMSPolicy)
	if err != nil {
		return err
	}
	text := fmt.Sprintf("【社区】您的注册验证码是 %s，%d 分钟内有效。请勿告诉他人。", code, int(store.DefaultSMSPolicy.TTL/time.Minute))
	if err := s.cfg.SMS.Send(r.Context(), account.NormalizePhone(phone), text); err != nil {
		return errs.Wrap(err, errs.Internal, "err.internal")
	}
	return nil
}

type passwordData struct {
	Required bool
}

func (s *Server) passwordPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, "password", view{Title: "title.password", Section: "account",
		Data: passwordData{Required: state(r).user != nil && state(r).user.MustChangePW}})
}

func (s *Server) passwordSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	var v errs.Validation
	v.Check(f.Raw("password") == f.Raw("password2"), "password2", "err.password_mismatch")
	err = v.Err()
	if err == nil {
		err = s.db.ChangeOwnPassword(r.Context(), st.p, f.Raw("current"), f.Raw("password"))
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.renderCode(w, r, statusFor(err), "password", view{Title: "title.password", Form: f, Fields: passwordFields,
			Data: passwordData{Required: st.user != nil && st.user.MustChangePW}})
	}
	// Changing the password ended every session; start a fresh one here.
	if err := s.setSession(w, r, st.p); err != nil {
		return err
	}
	flash(w, "success", "flash.password_changed")
	return redirect(w, r, "/")
}

// prefs sets the language and text size from the links in the page header. It only sets
// cookies in this browser, so a plain link (GET) is safe.
func (s *Server) prefs(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	year := int((365 * 24 * time.Hour) / time.Second)
	if l := q.Get("lang"); l != "" {
		lang := i18n.Parse(l)
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(lang), Path: "/", MaxAge: year, HttpOnly: true,
			SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	}
	if t := q.Get("text"); t != "" {
		v := "normal"
		if t == "large" {
			v = "large"
		}
		http.SetCookie(w, &http.Cookie{Name: textCookie, Value: v, Path: "/", MaxAge: year, HttpOnly: true,
			SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	}
	return redirect(w, r, safeNext(q.Get("next")))
}
