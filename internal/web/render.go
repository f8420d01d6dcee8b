package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
)

//go:embed all:templates
var templateFS embed.FS

// pages holds one template set per page: the shared layout and partials plus the page.
type pages struct {
	sets map[string]*template.Template
}

func parsePages(funcs template.FuncMap) (*pages, error) {
	shared, err := fs.Glob(templateFS, "templates/_*.html")
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	base, err := template.New("").Funcs(funcs).ParseFS(templateFS, shared...)
	if err != nil {
		return nil, err
	}
	p := &pages{sets: map[string]*template.Template{}}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if strings.HasPrefix(name, "_") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		p.sets[name] = t
	}
	return p, nil
}

// view is what every page template receives.
type view struct {
	Lang      i18n.Lang
	LargeText bool
	P         *account.Principal
	User      *account.User
	Title     string // catalogue key or literal; the layout translates keys
	Section   string // which navigation entry is active
	Flash     *flashMsg
	Here      string     // this page's address, for the language and text-size links to return to
	Form      *form      // the submitted form, when re-rendering with errors
	Fields    formFields // the fields the form shows, for its error summary
	IDPrefix  string     // keeps element ids unique when a page shows several forms
	Detached  bool       // the failed form is no longer on the page: no links to its fields
	Data      any
	Version   string
	Unread    int  // the caller's unread notifications, for the bell in the top bar
	Screen    bool // the big screen (大屏): the page alone, dark, without the top bar
}

// pageAddress is where the page can be fetched again, for the language and text-size
// links. A page shown in answer to a failed form post stands at an address that only
// takes posts; the address is then the page the form was on (the Referer, when it is
// a page of this site), else the nearest page up the posted path, else home.
func (s *Server) pageAddress(r *http.Request) string {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return r.URL.RequestURI()
	}
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host && s.isPage(ref.Path) {
		return ref.RequestURI()
	}
	for p := r.URL.Path; p != "/" && p != "."; p = path.Dir(p) {
		if s.isPage(p) {
			return p
		}
	}
	return "/"
}

// isPage reports whether GET p is served by a page route.
func (s *Server) isPage(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "/api/") {
		return false
	}
	_, pattern := s.mux.Handler(&http.Request{Method: http.MethodGet, URL: &url.URL{Path: p}, Host: "x"})
	return pattern != "" && pattern != "/"
}

// render writes a page with status 200.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, v view) error {
	return s.renderCode(w, r, http.StatusOK, name, v)
}

func (s *Server) renderCode(w http.ResponseWriter, r *http.Request, status int, name string, v view) error {
	st := state(r)
	v.Lang, v.LargeText, v.P, v.User = st.lang, st.largeText, st.p, st.user
	v.Here, v.Version = s.pageAddress(r), s.cfg.Version
	if st.p != nil {
		v.Unread = s.unreadBadge(r, st.p)
	}
	if v.Flash == nil {
		v.Flash = takeFlash(w, r)
	}
	set := s.pages.sets[name]
	if set == nil {
		return errs.Internalf("no template %q", name)
	}
	var buf bytes.Buffer
	if err := set.ExecuteTemplate(&buf, "layout", v); err != nil {
		return errs.Internalf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// renderStatus renders a page for an error; failures here can only be logged.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	if err := s.renderCode(w, r, status, name, view{Title: "title.error", Data: data}); err != nil {
		s.log.Error("render error page", "err", err)
		http.Error(w, http.StatusText(status), status)
	}
}

// funcs are the template helpers.
func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		// t translates a key; the language comes from the view passed first.
		"t": func(v any, key string, args ...any) string { return i18n.T(langOf(v), key, args...) },
		// tm translates an errs.Message.
		"tm":    func(v any, m errs.Message) string { return i18n.Msg(langOf(v), m) },
		"asset": func(name string) string { return s.assets.url(name) },
		"level": func(v any, l admin.Level) string { return i18n.T(langOf(v), l.Key()) },
		"role":  func(v any, r account.Role) string { return i18n.T(langOf(v), r.Key()) },
		"kind":  func(v any, k admin.UnitKind) string { return i18n.T(langOf(v), k.Key()) },
		"can": func(v any, perm string) bool {
			if vv, ok := v.(view); ok {
				return vv.P.Can(account.Permission(perm))
			}
			return false
		},
		"date":     func(t time.Time) string { return t.In(beijing).Format("2006-01-02") },
		"datetime": fmtTime,
		"datetimep": func(t *time.Time) string {
			if t == nil {
				return ""
			}
			return fmtTime(*t)
		},
		"levels": func() []admin.Level { return admin.Levels },
		"roles":  func() []account.Role { return account.Roles },
		"kinds":  func() []admin.UnitKind { return admin.UnitKinds },
		"duties": func() []account.DutyKind { return account.DutyKinds },
		"crss":   func() []admin.CRS { return admin.CRSs },
		"add":    func(a, b int) int { return a + b },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		"str":         func(v any) string { return fmt.Sprint(v) },
		"nav":         func(v view) navMenu { return navigation(v.P) },
		"exportQuery": exportQuery,
	}
}

// beijing is China Standard Time; shequ shows every time in it.
var beijing = time.FixedZone("CST", 8*3600)

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(beijing).Format("2006-01-02 15:04")
}

func langOf(v any) i18n.Lang {
	switch x := v.(type) {
	case view:
		return x.Lang
	case *view:
		return x.Lang
	case i18n.Lang:
		return x
	case map[string]any:
		return langOf(x["V"])
	}
	return i18n.ZH
}
