package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/web"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

func TestSecurityHeaders(t *testing.T) {
	e := webtest.New(t)
	r := e.Anon().Get("/login")
	csp := r.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Error("CSP allows inline code")
	}
	if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("X-Frame-Options") != "DENY" {
		t.Error("missing security headers")
	}
	if regexp.MustCompile(`<script>|\sstyle="|\son[a-z]+="`).MatchString(r.Body) {
		t.Error("page has inline script or style, which the CSP blocks")
	}
}

func TestSessionCookieFlags(t *testing.T) {
	e := webtest.New(t)
	r := e.Anon().PostForm("/login", url.Values{"login": {webtest.StaffA}, "password": {webtest.Password}})
	var found bool
	for _, c := range r.Cookies() {
		if c.Name == "shequ_session" {
			found = true
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("session cookie flags: %+v", c)
			}
		}
	}
	if !found {
		t.Fatal("no session cookie")
	}
	// Behind a TLS proxy the cookie is Secure.
	req, _ := http.NewRequest("POST", e.HTTP.URL+"/login", strings.NewReader(url.Values{"login": {webtest.StaffA}, "password": {webtest.Password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, err := (&http.Transport{}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "shequ_session" && !c.Secure {
			t.Error("cookie not Secure behind TLS")
		}
	}
}

func TestCrossOriginWritesRefused(t *testing.T) {
	e := webtest.New(t)
	c := e.Login(webtest.StaffA)
	req, _ := http.NewRequest("POST", e.HTTP.URL+"/logout", nil)
	req.AddCookie(&http.Cookie{Name: "shequ_session", Value: c.Cookie()})
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d", resp.StatusCode)
	}
	if r := c.Get("/"); r.StatusCode != http.StatusOK {
		t.Fatal("the refused request signed the user out")
	}
}

func TestJSONBadInput(t *testing.T) {
	e := webtest.New(t)
	c := e.Anon()
	big := `{"login":"` + strings.Repeat("x", 2<<20) + `"}`
	tests := []struct {
		name, ctype, body string
		status            int
		code, field, text string
	}{
		{"unknown field", "application/json", `{"login":"a","password":"b","extra":1}`, 400, "invalid", "extra", "不认识的字段"},
		{"wrong type", "application/json", `{"login":5,"password":"b"}`, 400, "invalid", "login", "类型不正确"},
		{"not JSON", "application/json", `{"login":`, 400, "invalid", "", "请求格式错误"},
		{"trailing data", "application/json", `{"login":"a","password":"b"} {}`, 400, "invalid", "", "请求格式错误"},
		{"form instead of JSON", "application/x-www-form-urlencoded", `login=a`, 400, "invalid", "", "JSON"},
		{"too large", "application/json", big, 413, "too_large", "", "上限"},
		{"empty fields", "application/json", `{}`, 400, "invalid", "login", "必填"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Do("POST", "/api/v1/session", tt.ctype, strings.NewReader(tt.body))
			if r.StatusCode != tt.status {
				t.Fatalf("status %d: %s", r.StatusCode, snippet(r.Body))
			}
			var body struct {
				Error struct {
					Code    string            `json:"code"`
					Message string            `json:"message"`
					Fields  map[string]string `json:"fields"`
				} `json:"error"`
			}
			r.JSON(t, &body)
			got := body.Error.Message
			if tt.field != "" {
				got = body.Error.Fields[tt.field]
			}
			if body.Error.Code != tt.code || !strings.Contains(got, tt.text) {
				t.Fatalf("got %+v", body.Error)
			}
		})
	}
	c.Lang = "en"
	r := c.JSON("POST", "/api/v1/session", `{}`)
	if !strings.Contains(r.Body, `"login":"Required"`) {
		t.Fatalf("English field message: %s", r.Body)
	}
}

func TestLockoutExpiresWithTheClock(t *testing.T) {
	e := webtest.New(t)
	bad := url.Values{"login": {webtest.StaffA}, "password": {"wrong-password1"}}
	for i := 0; i < 5; i++ {
		e.Anon().PostForm("/login", bad)
	}
	good := url.Values{"login": {webtest.StaffA}, "password": {webtest.Password}}
	if r := e.Anon().PostForm("/login", good); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("locked account signed in: %d", r.StatusCode)
	}
	e.DB.Clock.Advance(16 * time.Minute)
	if r := e.Anon().PostForm("/login", good); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("lock did not expire: %d", r.StatusCode)
	}
}

func TestSessionExpiresWhenIdle(t *testing.T) {
	e := webtest.New(t)
	c := e.Login(webtest.StaffA)
	e.DB.Clock.Advance(11 * time.Hour)
	if r := c.Get("/"); r.StatusCode != http.StatusOK {
		t.Fatalf("active session refused: %d", r.StatusCode)
	}
	e.DB.Clock.Advance(11 * time.Hour) // sliding: still within 12 h of the last use
	if r := c.Get("/"); r.StatusCode != http.StatusOK {
		t.Fatalf("sliding expiry: %d", r.StatusCode)
	}
	e.DB.Clock.Advance(13 * time.Hour)
	if r := c.Get("/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("idle session still valid: %d", r.StatusCode)
	}
	if r := c.Get("/api/v1/me"); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("API with expired session: %d", r.StatusCode)
	}
}

func TestResidentSignUp(t *testing.T) {
	e := webtest.New(t)
	c := e.Anon()
	tests := []struct {
		name  string
		form  url.Values
		field string
	}{
		{"bad phone", url.Values{"action": {"code"}, "phone": {"12345"}}, "手机号码"},
		{"no code yet", url.Values{"phone": {"13700000009"}, "code": {"123456"}, "display_name": {"王芳"}, "password": {"gusu2026"}, "password2": {"gusu2026"}}, "验证码已失效"},
		{"mismatch", url.Values{"phone": {"13700000009"}, "code": {"123456"}, "display_name": {"王芳"}, "password": {"gusu2026"}, "password2": {"gusu20265"}}, "两次输入的密码不一致"},
		{"weak password", url.Values{"phone": {"13700000009"}, "code": {"12"}, "display_name": {""}, "password": {"12345678"}, "password2": {"12345678"}}, "不能只有数字"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.PostForm("/signup", tt.form)
			if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, tt.field) {
				t.Fatalf("%d, want message %q", r.StatusCode, tt.field)
			}
		})
	}
	r := c.PostForm("/signup", url.Values{"action": {"code"}, "phone": {"137 0000 0009"}})
	if r.StatusCode != http.StatusOK || len(e.SMS.Sent()) != 1 {
		t.Fatalf("send code: %d, %d sent", r.StatusCode, len(e.SMS.Sent()))
	}
	if r := c.PostForm("/signup", url.Values{"action": {"code"}, "phone": {"13700000009"}}); !strings.Contains(r.Body, "秒后再获取") {
		t.Fatal("second code within a minute was not refused")
	}
	code := regexp.MustCompile(`\d{6}`).FindString(e.SMS.Sent()[0].Text)
	r = c.PostForm("/signup", url.Values{"phone": {"13700000009"}, "code": {code}, "display_name": {"王芳"}, "password": {"gusu2026"}, "password2": {"gusu2026"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign up: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := c.Get("/"); !strings.Contains(r.Body, "王芳") {
		t.Fatal("not signed in after sign-up")
	}
	if r := e.Anon().PostForm("/login", url.Values{"login": {"13700000009"}, "password": {"gusu2026"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("resident login by phone: %d", r.StatusCode)
	}
	// The same code cannot open a second account.
	r = e.Anon().PostForm("/signup", url.Values{"phone": {"13700000009"}, "code": {code}, "display_name": {"x"}, "password": {"gusu2026"}, "password2": {"gusu2026"}})
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("code reused: %d", r.StatusCode)
	}
}

func TestMustChangePasswordFirst(t *testing.T) {
	e := webtest.New(t)
	staff := e.Login(webtest.StaffA)
	_ = staff
	if err := e.DB.ResetPassword(t.Context(), mustPrincipal(t, e, webtest.Admin), e.Users[webtest.GridWorkerA].ID, "Temp-pass-1"); err != nil {
		t.Fatal(err)
	}
	c := e.Anon()
	c.PostForm("/login", url.Values{"login": {webtest.GridWorkerA}, "password": {"Temp-pass-1"}})
	r := c.Get("/")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/account/password") {
		t.Fatalf("not sent to change password: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	r = c.PostForm("/account/password", url.Values{"current": {"Temp-pass-1"}, "password": {"New-pass-22"}, "password2": {"New-pass-22"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("change: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := c.Get("/"); r.StatusCode != http.StatusOK {
		t.Fatalf("home after change: %d", r.StatusCode)
	}
}

func TestPasswordChangeBadInput(t *testing.T) {
	e := webtest.New(t)
	c := e.Login(webtest.StaffA)
	tests := []struct {
		name string
		form url.Values
		msg  string
	}{
		{"wrong current", url.Values{"current": {"nope-nope-1"}, "password": {"New-pass-22"}, "password2": {"New-pass-22"}}, "当前密码不正确"},
		{"too short", url.Values{"current": {webtest.Password}, "password": {"a1"}, "password2": {"a1"}}, "密码至少 8 位"},
		{"mismatch", url.Values{"current": {webtest.Password}, "password": {"New-pass-22"}, "password2": {"New-pass-23"}}, "两次输入的密码不一致"},
		{"same", url.Values{"current": {webtest.Password}, "password": {webtest.Password}, "password2": {webtest.Password}}, "不能与当前密码相同"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.PostForm("/account/password", tt.form)
			if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, tt.msg) {
				t.Fatalf("%d, want %q", r.StatusCode, tt.msg)
			}
		})
	}
}

func TestOpsEndpoints(t *testing.T) {
	e := webtest.New(t)
	c := e.Anon()
	if r := c.Get("/healthz"); r.StatusCode != 200 {
		t.Fatal("healthz")
	}
	if r := c.Get("/readyz"); r.StatusCode != 200 || !strings.Contains(r.Body, "ready") {
		t.Fatalf("readyz: %d %s", r.StatusCode, r.Body)
	}
	c.Get("/login")
	r := c.Get("/metrics")
	for _, want := range []string{`shequ_http_requests_total{route="GET /login",method="GET",status="200"} 1`,
		`shequ_http_request_duration_seconds_bucket{route="GET /login"`, `shequ_db_connections{pool="writer",state="open"}`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if r := c.Get("/no/such/page"); r.StatusCode != 404 || !strings.Contains(r.Body, "页面不存在") {
		t.Fatalf("404 page: %d", r.StatusCode)
	}
	if r := c.Get("/api/v1/nothing"); r.StatusCode != 404 || !strings.Contains(r.Body, `"code":"not_found"`) {
		t.Fatalf("API 404: %d %s", r.StatusCode, r.Body)
	}
}

func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	e := webtest.New(t)
	r := e.Anon().Get("/api/v1/openapi.json")
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	r.JSON(t, &doc)
	if doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi %q", doc.OpenAPI)
	}
	n := 0
	for _, rt := range e.Server.Routes() {
		if !rt.API {
			continue
		}
		n++
		ops, ok := doc.Paths[rt.Path]
		if !ok {
			t.Errorf("%s %s is not documented", rt.Method, rt.Path)
			continue
		}
		var op struct {
			Summary   string         `json:"summary"`
			Responses map[string]any `json:"responses"`
		}
		if err := json.Unmarshal(ops[strings.ToLower(rt.Method)], &op); err != nil || op.Summary == "" || len(op.Responses) == 0 {
			t.Errorf("%s %s: operation missing or without summary/responses", rt.Method, rt.Path)
		}
	}
	documented := 0
	for _, ops := range doc.Paths {
		documented += len(ops)
	}
	if documented != n {
		t.Errorf("document has %d operations, the route table %d API routes", documented, n)
	}
}

// TestCatalogueCoversTemplates checks that every key a template translates exists in
// both languages, so no page ever shows a raw key.
func TestCatalogueCoversTemplates(t *testing.T) {
	files, _ := filepath.Glob("templates/*.html")
	re := regexp.MustCompile(`\bt \$?[A-Za-z.]* "([a-z0-9_.]+)"`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !i18n.Has(m[1]) {
				t.Errorf("%s: key %q is not in the catalogue", f, m[1])
			}
		}
	}
	for _, k := range i18n.Keys() {
		zh, en := i18n.Entry(k)
		if zh == "" || en == "" {
			t.Errorf("key %q lacks a translation", k)
		}
	}
}

// TestCatalogueCoversCode checks the message keys used in Go code.
func TestCatalogueCoversCode(t *testing.T) {
	re := regexp.MustCompile(`"((?:err|entity|level|role|unit_kind|flash|title|nav|geo\.problem|crs|duty|boundary|map)\.[a-z0-9_.]+)"`)
	// Every package of the module: domain packages name the messages their errors carry.
	err := filepath.WalkDir("..", func(f string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(f, ".go") || strings.HasSuffix(f, "_test.go") {
			return err
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !i18n.Has(m[1]) {
				t.Errorf("%s: key %q is not in the catalogue", f, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The language and text-size links lead back to a page that can be fetched, also on a
// page shown in answer to a failed form post, whose own address takes only posts.
func TestPreferenceLinksReturnToAPage(t *testing.T) {
	e := webtest.New(t)
	grid, comm := strconv.FormatInt(e.GridA.ID, 10), strconv.FormatInt(e.CommA.ID, 10)
	move := url.Values{"parent_id": {""}, "version": {"1"}}
	child := url.Values{"parent_id": {comm}, "code": {"0a"}, "name": {"x"}}
	tests := []struct {
		name, login, method, path, referer string
		form                               url.Values
		want                               string
	}{
		{"a page keeps its query", webtest.StaffA, "GET", "/admin/nodes?q=%E5%B9%B3", "", nil, "/admin/nodes?q=%E5%B9%B3"},
		{"failed post: the page the form was on", webtest.StaffA, "POST", "/admin/nodes", "/admin/nodes/" + comm + "?retired=1", child, "/admin/nodes/" + comm + "?retired=1"},
		{"failed post without referer: the nearest page up the path", webtest.StaffA, "POST", "/admin/nodes/" + grid + "/move", "", move, "/admin/nodes/" + grid},
		{"failed post from a post-only address: up the path", webtest.StaffA, "POST", "/admin/nodes/" + grid + "/move", "/admin/nodes/" + grid + "/move", move, "/admin/nodes/" + grid},
		{"a referer from another site is ignored", webtest.StaffA, "POST", "/admin/nodes/" + grid + "/move", "https://example.com/admin/users", move, "/admin/nodes/" + grid},
		{"failed sign-in", "", "POST", "/login", "", url.Values{"login": {"x"}, "password": {"y"}}, "/login"},
	}
	link := regexp.MustCompile(`href="/prefs\?lang=en&amp;next=([^"]*)"`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.Anon()
			if tt.login != "" {
				c = e.Login(tt.login)
			}
			c.Referer = tt.referer
			var r *webtest.Response
			if tt.method == "GET" {
				r = c.Get(tt.path)
			} else {
				r = c.PostForm(tt.path, tt.form)
			}
			m := link.FindStringSubmatch(r.Body)
			if m == nil {
				t.Fatalf("status %d: no language link in %s", r.StatusCode, r.Body)
			}
			got, err := url.QueryUnescape(html.UnescapeString(m[1]))
			if err != nil || got != tt.want {
				t.Fatalf("next = %q (%v), want %q", got, err, tt.want)
			}
			if back := c.Get(got); back.StatusCode != http.StatusOK {
				t.Errorf("GET %s: status %d", got, back.StatusCode)
			}
		})
	}
}

// Failed sign-ins are limited per client address; successful ones do not count, so a
// whole office behind one address can sign in each morning.
func TestSignInLimitPerAddress(t *testing.T) {
	e := webtest.NewWith(t, func(c *web.Config) { c.LoginAttempts, c.LoginWindow = 3, 10*time.Minute })
	good := url.Values{"login": {webtest.StaffA}, "password": {webtest.Password}}
	for i := 0; i < 5; i++ {
		if r := e.Anon().PostForm("/login", good); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in %d: status %d", i, r.StatusCode)
		}
	}
	for i, login := range []string{"nobody1", "nobody2", "nobody3"} { // other accounts: not the per-account lock
		if r := e.Anon().PostForm("/login", url.Values{"login": {login}, "password": {"wrong-password1"}}); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d", i, r.StatusCode)
		}
	}
	r := e.Anon().PostForm("/login", good)
	if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(r.Body, "操作过于频繁，请稍后再试") {
		t.Fatalf("after 3 failures: status %d", r.StatusCode)
	}
	if r := e.Anon().JSON("POST", "/api/v1/session", map[string]string{"login": webtest.StaffA, "password": webtest.Password}); r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("API sign-in after 3 failures: status %d", r.StatusCode)
	}
	e.DB.Clock.Advance(10*time.Minute + time.Second)
	if r := e.Anon().PostForm("/login", good); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("limit did not expire: %d", r.StatusCode)
	}
}

func TestStaticAssets(t *testing.T) {
	e := webtest.New(t)
	page := e.Anon().Get("/login").Body
	hashed := regexp.MustCompile(`/static/app\.[0-9a-f]{10}\.css`).FindString(page)
	if hashed == "" {
		t.Fatal("no content-hashed stylesheet on the sign-in page")
	}
	tests := []struct {
		path, ctype, cache string
		status             int
	}{
		{hashed, "text/css", "immutable", 200},
		{"/static/app.css", "text/css", "max-age=3600", 200},
		// leaflet.css names its images relative to itself.
		{"/static/vendor/leaflet/images/layers.png", "image/png", "max-age=3600", 200},
		{"/static/app.0000000000.css", "", "", 404},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := e.Anon().Get(tt.path)
			if r.StatusCode != tt.status {
				t.Fatalf("status %d", r.StatusCode)
			}
			if tt.status == 200 && (!strings.HasPrefix(r.Header.Get("Content-Type"), tt.ctype) || !strings.Contains(r.Header.Get("Cache-Control"), tt.cache)) {
				t.Errorf("Content-Type %q, Cache-Control %q", r.Header.Get("Content-Type"), r.Header.Get("Cache-Control"))
			}
		})
	}
}
