package web

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
)

// reqState is what the middleware learns about a request; handlers read it with state(r).
type reqState struct {
	api       bool
	lang      i18n.Lang
	largeText bool
	route     string // the matched route pattern, for metrics
	p         *account.Principal
	user      *account.User
	session   string // the session cookie's value, when signed in by cookie
	ip        string
}

type stateKey struct{}

// state returns the request's state (never nil).
func state(r *http.Request) *reqState {
	if st, ok := r.Context().Value(stateKey{}).(*reqState); ok {
		return st
	}
	return &reqState{lang: i18n.ZH}
}

// principal returns the caller, or nil when not signed in.
func principal(r *http.Request) *account.Principal { return state(r).p }

const (
	sessionCookie = "shequ_session"
	langCookie    = "shequ_lang"
	textCookie    = "shequ_text"
)

// build assembles the mux and the middleware chain around it.
func (s *Server) build() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routes {
		mux.Handle(rt.method+" "+rt.path, s.wrap(rt))
	}
	mux.Handle("GET /static/{file...}", s.assets)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		st := state(r)
		st.route = "unmatched"
		s.fail(w, r, errs.E(errs.NotFound, "err.page_not_found"))
	})
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, errs.E(errs.Forbidden, "err.cross_origin"))
	}))
	s.mux = mux
	var h http.Handler = mux
	h = cop.Handler(h)
	h = s.authenticate(h)
	h = s.prepare(h)
	return h
}

// wrap turns a route's handler into an http.Handler that checks the caller first.
func (s *Server) wrap(rt route) http.Handler {
	pattern := rt.method + " " + rt.path
	limit := s.cfg.MaxBodyBytes
	if rt.upload {
		limit = s.cfg.MaxUploadBytes
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := state(r)
		st.route = pattern
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if !rt.public {
			switch {
			case st.p == nil:
				s.fail(w, r, errs.E(errs.Unauthenticated, "err.unauthenticated"))
				return
			case rt.perm != "" && !st.p.Can(rt.perm):
				s.fail(w, r, errs.ForbiddenErr())
				return
			case st.user != nil && st.user.MustChangePW && !rt.api && rt.path != "/account/password" && rt.path != "/logout":
				http.Redirect(w, r, "/account/password?required=1", http.StatusSeeOther)
				return
			}
		}
		if err := rt.h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// prepare is the outermost layer: request state, recovery, security headers, access log
// and metrics. Each route limits the size of its body (see wrap).
func (s *Server) prepare(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		st := &reqState{api: strings.HasPrefix(r.URL.Path, "/api/"), ip: s.clientIP(r)}
		// Pages are in Chinese unless the person switched to English; API clients say
		// what they want with Accept-Language.
		st.lang = i18n.ZH
		if st.api {
			st.lang = i18n.Parse(r.Header.Get("Accept-Language"))
		}
		if c, err := r.Cookie(langCookie); err == nil {
			st.lang = i18n.Parse(c.Value)
		}
		if c, err := r.Cookie(textCookie); err == nil && c.Value == "large" {
			st.largeText = true
		}
		r = r.WithContext(context.WithValue(r.Context(), stateKey{}, st))
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		securityHeaders(rec.Header(), st.api, s.tileSource)
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "panic", "panic", v, "stack", string(debug.Stack()))
				if !rec.wrote {
					s.fail(rec, r, errs.Internalf("panic: %v", v))
				}
			}
			d := time.Since(start)
			route := st.route
			if route == "" {
				route = "static"
			}
			s.metrics.observe(route, r.Method, rec.status, d)
			s.log.InfoContext(r.Context(), "http", "method", r.Method, "path", r.URL.Path, "status", rec.status,
				"ms", d.Milliseconds(), "ip", st.ip, "user", st.p.Label())
		}()
		next.ServeHTTP(rec, r)
	})
}

// securityHeaders are sent with every response. The CSP allows no inline script or style:
// every script and stylesheet is a file under /static.
func securityHeaders(h http.Header, api bool, tiles string) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
	if api {
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		h.Set("Cache-Control", "no-store")
		return
	}
	img := "'self' data: blob:"
	if tiles != "" { // map tiles from the configured server
		img += " " + tiles
	}
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src "+img+"; "+
		"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
}

// authenticate finds the caller from an API bearer token or the session cookie.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := state(r)
		if h := r.Header.Get("Authorization"); h != "" {
			token, ok := strings.CutPrefix(h, "Bearer ")
			if !ok || !st.api {
				s.fail(w, r, errs.E(errs.Unauthenticated, "err.bad_token"))
				return
			}
			p, err := s.db.TokenPrincipal(r.Context(), strings.TrimSpace(token))
			if err != nil {
				s.fail(w, r, err)
				return
			}
			p.IP = st.ip
			st.p = p
			// Token calls carry no cookies, so cross-origin protection has nothing to
			// protect; strip browser headers that would make it refuse a machine client.
			r.Header.Del("Sec-Fetch-Site")
			r.Header.Del("Origin")
			next.ServeHTTP(w, r)
			return
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			p, u, err := s.db.SessionPrincipal(r.Context(), c.Value, s.cfg.Sessions)
			switch {
			case err == nil:
				p.IP = st.ip
				st.p, st.user, st.session = p, u, c.Value
				if u.Lang != "" {
					if _, err := r.Cookie(langCookie); err != nil {
						st.lang = i18n.Parse(u.Lang)
					}
				}
			case errs.Is(err, errs.Unauthenticated):
				s.clearSessionCookie(w, r)
			default:
				s.fail(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// clientIP is the address of the client. Behind a proxy the peer is the proxy, so when
// the peer is one of the trusted proxies the address comes from X-Forwarded-For: the
// right-most entry that is not itself a trusted proxy (entries further left are whatever
// the client chose to send). Without trusted proxies, forwarded headers are ignored.
func (s *Server) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if _, err := netip.ParseAddr(hop); err != nil {
			break // a malformed chain: trust nothing further left
		}
		host = hop
		if !s.trusted(hop) {
			break
		}
	}
	return host
}

// trusted reports whether addr is one of the configured proxies.
func (s *Server) trusted(addr string) bool {
	if len(s.cfg.TrustedProxies) == 0 {
		return false
	}
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusRecorder) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// isBodyTooLarge reports whether err came from the request body limit.
func isBodyTooLarge(err error) bool {
	var mbe *http.MaxBytesError
	return errors.As(err, &mbe)
}
