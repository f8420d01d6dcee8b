// Package webtest runs the real web server over real HTTP on a fresh test database with a
// small district and one account per role, for the web layer's tests.
package webtest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/sms"
	"github.com/shequ-dev/shequ/internal/store/storetest"
	"github.com/shequ-dev/shequ/internal/web"
)

// Password is the password of every fixture account.
const Password = "Passw0rd!"

// Env is a running server with its database and fixtures.
type Env struct {
	T      testing.TB
	DB     *storetest.DB
	Server *web.Server
	HTTP   *httptest.Server
	SMS    *sms.Recorder
	Sys    *account.Principal

	// The fixture tree: 苏州市 > 姑苏区 > 平江街道 (A) and 沧浪街道 (B) > a community each > grids.
	City, District, StreetA, StreetB, CommA, CommB, GridA, GridB *admin.Node
	UnitA, UnitB                                                 *admin.Unit // departments at street A and B
	// Users: one per role inside street A (and its community and grid), plus staff of street B.
	Users map[string]*account.User // by username
}

// Usernames of the fixture accounts.
const (
	Admin       = "admin"
	StaffDist   = "staff.district"
	StaffA      = "staff.a"
	StaffCommA  = "staff.comm.a"
	StaffB      = "staff.b"
	GridWorkerA = "grid.a"
	HandlerA    = "handler.a"
	Supervisor  = "supervisor.a"
	Leader      = "leader"
	ResidentPh  = "13900000001" // the resident signs in with this phone
)

// New starts a server for t.
func New(t testing.TB) *Env {
	t.Helper()
	return NewWith(t, nil)
}

// NewWith starts a server for t whose configuration configure may change first.
func NewWith(t testing.TB, configure func(*web.Config)) *Env {
	t.Helper()
	db := storetest.New(t)
	e := &Env{T: t, DB: db, SMS: &sms.Recorder{}, Sys: account.SystemPrincipal("test"), Users: map[string]*account.User{}}
	cfg := web.Config{Version: "test", SMS: e.SMS, LoginAttempts: 100000, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		ImportDir: t.TempDir()}
	if configure != nil {
		configure(&cfg)
	}
	srv, err := web.New(db.DB, cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.Server = srv
	t.Cleanup(srv.WaitImports) // imports still running write to ImportDir, removed after this
	e.HTTP = httptest.NewServer(srv)
	t.Cleanup(e.HTTP.Close)
	e.seed()
	return e
}

func (e *Env) node(parent *admin.Node, level admin.Level, code, name string) *admin.Node {
	e.T.Helper()
	in := admin.NodeInput{Level: level, Code: code, Name: name}
	if parent != nil {
		in.ParentID = parent.ID
	}
	n, err := e.DB.CreateNode(context.Background(), e.Sys, in)
	if err != nil {
		e.T.Fatalf("node %s: %v", name, err)
	}
	return n
}

func (e *Env) unit(n *admin.Node, name string) *admin.Unit {
	u, err := e.DB.CreateUnit(context.Background(), e.Sys, admin.UnitInput{NodeID: n.ID, Kind: admin.Department, Name: name, Phone: "0512-65220000"})
	if err != nil {
		e.T.Fatalf("unit %s: %v", name, err)
	}
	return u
}

// User creates an account with the fixture password that need not change it.
func (e *Env) User(username string, role account.Role, nodeID, unitID int64, phone string) *account.User {
	e.T.Helper()
	u, err := e.DB.CreateUser(context.Background(), e.Sys, account.UserInput{Username: username, DisplayName: "测试" + username,
		Role: role, NodeID: nodeID, UnitID: unitID, Phone: phone, Password: Password})
	if err != nil {
		e.T.Fatalf("user %s: %v", username, err)
	}
	e.Users[username] = u
	if phone != "" && username == "" {
		e.Users[phone] = u
	}
	return u
}

func (e *Env) seed() {
	e.City = e.node(nil, admin.City, "320500", "苏州市")
	e.District = e.node(e.City, 0, "320508", "姑苏区")
	e.StreetA = e.node(e.District, 0, "001", "平江街道")
	e.StreetB = e.node(e.District, 0, "002", "沧浪街道")
	e.CommA = e.node(e.StreetA, 0, "001", "平江路社区")
	e.CommB = e.node(e.StreetB, 0, "001", "南门社区")
	e.GridA = e.node(e.CommA, 0, "01", "平江路第1网格")
	e.GridB = e.node(e.CommB, 0, "01", "南门第1网格")
	e.UnitA = e.unit(e.StreetA, "平江街道城管中队")
	e.UnitB = e.unit(e.StreetB, "沧浪街道城管中队")
	e.User(Admin, account.Admin, 0, 0, "")
	e.User(StaffDist, account.Staff, e.District.ID, 0, "")
	e.User(StaffA, account.Staff, e.StreetA.ID, 0, "13800000001")
	e.User(StaffCommA, account.Staff, e.CommA.ID, 0, "")
	e.User(StaffB, account.Staff, e.StreetB.ID, 0, "13800000002")
	e.User(GridWorkerA, account.GridWorker, e.GridA.ID, 0, "13800000003")
	e.User(HandlerA, account.Handler, 0, e.UnitA.ID, "")
	e.User(Supervisor, account.Supervisor, e.StreetA.ID, 0, "")
	e.User(Leader, account.Leader, e.District.ID, 0, "")
	e.User("", account.Resident, 0, 0, ResidentPh)
}

// Client is a browser-like HTTP client: it keeps the session cookie and sends the
// headers a same-origin browser sends.
type Client struct {
	e       *Env
	c       *http.Client
	cookie  string
	Lang    string // the language chosen (cookie) and asked for (Accept-Language)
	Token   string // when set, sent as a bearer token instead of the cookie
	Referer string // when set, the page the request comes from, a path on the test server or a full URL
}

// Anon returns a client that is not signed in.
func (e *Env) Anon() *Client {
	return &Client{e: e, c: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Login signs in as login (a username or phone) and fails the test if that does not work.
func (e *Env) Login(login string) *Client {
	e.T.Helper()
	c := e.Anon()
	resp := c.PostForm("/login", url.Values{"login": {login}, "password": {Password}})
	if resp.StatusCode != http.StatusSeeOther || c.cookie == "" {
		e.T.Fatalf("login %s: status %d", login, resp.StatusCode)
	}
	return c
}

// Response is a finished response with its body read.
type Response struct {
	*http.Response
	Body string
}

// JSON decodes the body into v.
func (r *Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Fatalf("decode %q: %v", r.Body, err)
	}
}

// Do sends a request with a body.
func (c *Client) Do(method, path, contentType string, body io.Reader) *Response {
	c.e.T.Helper()
	req, err := http.NewRequest(method, c.e.HTTP.URL+path, body)
	if err != nil {
		c.e.T.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.Lang != "" { // as a browser whose person chose the language, and as an API client
		req.Header.Set("Accept-Language", c.Lang)
		req.AddCookie(&http.Cookie{Name: "shequ_lang", Value: c.Lang})
	}
	if c.Referer != "" {
		ref := c.Referer
		if strings.HasPrefix(ref, "/") {
			ref = c.e.HTTP.URL + ref
		}
		req.Header.Set("Referer", ref)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	} else if c.cookie != "" {
		req.AddCookie(&http.Cookie{Name: "shequ_session", Value: c.cookie})
	}
	if method != http.MethodGet && c.Token == "" {
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("Origin", c.e.HTTP.URL)
	}
	resp, err := c.c.Do(req)
	if err != nil {
		c.e.T.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, ck := range resp.Cookies() {
		if ck.Name == "shequ_session" {
			c.cookie = ck.Value
			if ck.MaxAge < 0 {
				c.cookie = ""
			}
		}
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		if problems := checkIDs(string(b)); len(problems) > 0 {
			c.e.T.Errorf("%s %s: broken element ids:\n%s", method, path, strings.Join(problems, "\n"))
		}
	}
	return &Response{Response: resp, Body: string(b)}
}

var (
	idAttr   = regexp.MustCompile(`\sid="([^"]+)"`)
	idRefs   = regexp.MustCompile(`\s(?:for|aria-describedby|aria-labelledby|aria-controls|list)="([^"]+)"`)
	fragment = regexp.MustCompile(`\shref="#([^"]+)"`)
)

// checkIDs finds what a screen reader or a click on an error summary would trip over:
// an id used twice on a page, or a label, description or in-page link naming an id
// that is not there.
func checkIDs(page string) []string {
	var problems []string
	ids := map[string]int{}
	for _, m := range idAttr.FindAllStringSubmatch(page, -1) {
		ids[m[1]]++
		if ids[m[1]] == 2 {
			problems = append(problems, "duplicate id "+m[1])
		}
	}
	for _, m := range idRefs.FindAllStringSubmatch(page, -1) {
		for _, id := range strings.Fields(m[1]) {
			if ids[id] == 0 {
				problems = append(problems, "reference to missing id "+id)
			}
		}
	}
	for _, m := range fragment.FindAllStringSubmatch(page, -1) {
		if ids[m[1]] == 0 {
			problems = append(problems, "link to missing #"+m[1])
		}
	}
	return problems
}

// Get fetches a path.
func (c *Client) Get(path string) *Response { return c.Do(http.MethodGet, path, "", nil) }

// PostForm submits a form.
func (c *Client) PostForm(path string, v url.Values) *Response {
	return c.Do(http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(v.Encode()))
}

// PostFile submits a multipart form with one file.
func (c *Client) PostFile(path string, fields url.Values, fileField, filename string, content []byte) *Response {
	c.e.T.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if fileField != "" {
		fw, err := mw.CreateFormFile(fileField, filename)
		if err != nil {
			c.e.T.Fatal(err)
		}
		fw.Write(content)
	}
	mw.Close()
	return c.Do(http.MethodPost, path, mw.FormDataContentType(), &buf)
}

// JSON sends a JSON body (v is marshalled unless it is a string).
func (c *Client) JSON(method, path string, v any) *Response {
	c.e.T.Helper()
	var body string
	switch x := v.(type) {
	case nil:
	case string:
		body = x
	default:
		b, err := json.Marshal(v)
		if err != nil {
			c.e.T.Fatal(err)
		}
		body = string(b)
	}
	var r io.Reader
	ct := ""
	if v != nil {
		r, ct = strings.NewReader(body), "application/json"
	}
	return c.Do(method, path, ct, r)
}

// Cookie returns the session cookie value.
func (c *Client) Cookie() string { return c.cookie }
