// Package e2e holds shequ's browser tests. TestMain starts the real server (app.Run with
// serve --demo on a free port and a fresh data directory) and one headless Chromium; each
// test opens its own incognito-like browser context, signs in through the real forms and
// checks what the person sees. Full-page screenshots land in a folder that TestMain
// prints ($SHEQU_SCREENSHOTS, default screenshots/ at the repository root).
//
// Chromium is found at $SHEQU_CHROMIUM, /usr/bin/chromium, or as chromium,
// chromium-browser or google-chrome on PATH. Without it the tests are skipped, except
// with CI=true, where a missing browser fails the run.
//
//	go test ./e2e/ -v
package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/shequ-dev/shequ/internal/app"
	"github.com/shequ-dev/shequ/internal/demo"
	"github.com/shequ-dev/shequ/internal/i18n"
)

// actionTimeout bounds every browser action, so a missing element fails a test instead
// of hanging it.
const actionTimeout = 20 * time.Second

// env is what TestMain sets up once for the package.
var env struct {
	baseURL   string          // "http://127.0.0.1:PORT"
	browser   context.Context // a chromedp context whose browser is running
	shots     string          // absolute path of the screenshot folder
	serverLog *logBuffer      // the server's log (its stderr): the development SMS sender writes here
	accounts  []demoAccount   // the demo accounts table the server printed
	dataDir   string          // the server's data directory (its SQLite database and master key)
}

// demoAccount is one row of the demo accounts table printed by serve --demo.
type demoAccount struct {
	Login, Role, Place string
}

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if f := flag.Lookup("test.list"); f != nil && f.Value.String() != "" {
		return m.Run() // go test -list needs neither server nor browser
	}
	exe := findChromium()
	if exe == "" {
		if p := os.Getenv("SHEQU_CHROMIUM"); p != "" {
			fmt.Fprintf(os.Stderr, "SHEQU_CHROMIUM=%s is not an executable\n", p)
		}
		if os.Getenv("CI") == "true" {
			fmt.Fprintln(os.Stderr, "browser tests FAILED: no Chromium found (looked at $SHEQU_CHROMIUM, /usr/bin/chromium, "+
				"and chromium, chromium-browser, google-chrome on PATH). CI must run them: apt-get install -y chromium")
			return 1
		}
		fmt.Println("browser tests skipped: no Chromium (apt-get install -y chromium)")
		return 0
	}

	tmp, err := os.MkdirTemp("", "shequ-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser tests:", err)
		return 1
	}
	defer os.RemoveAll(tmp)

	shots, err := screenshotDir()
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser tests: screenshots:", err)
		return 1
	}
	env.shots = shots
	fmt.Println("screenshots:", shots)

	start := time.Now()
	env.dataDir = filepath.Join(tmp, "data")
	srv, err := startServer(env.dataDir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser tests: server:", err)
		return 1
	}
	fmt.Printf("server: %s (demo district seeded in %s)\n", env.baseURL, time.Since(start).Round(10*time.Millisecond))

	var browserOut logBuffer
	stopBrowser, err := startBrowser(exe, filepath.Join(tmp, "chromium-profile"), &browserOut)
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser tests: chromium:", err)
		fmt.Fprintln(os.Stderr, tail(withoutNoise(browserOut.String()), 30))
		srv.stop()
		return 1
	}

	if v, err := chromedp.CallBrowser(env.browser, cdpbrowser.GetVersion, cdp.Empty{}); err == nil {
		fmt.Printf("browser: %s (%s)\n", exe, v.Product)
	}

	code := m.Run()

	stopBrowser()
	if err := srv.stop(); err != nil {
		fmt.Fprintln(os.Stderr, "browser tests: server did not stop cleanly:", err)
		if code == 0 {
			code = 1
		}
	}
	if code != 0 {
		fmt.Fprintln(os.Stderr, "--- server log (last 40 lines):")
		fmt.Fprintln(os.Stderr, tail(env.serverLog.String(), 40))
		if s := withoutNoise(browserOut.String()); s != "" {
			fmt.Fprintln(os.Stderr, "--- chromium output (last 20 lines):")
			fmt.Fprintln(os.Stderr, tail(s, 20))
		}
	}
	return code
}

// findChromium returns the browser to drive, or "" when there is none.
func findChromium() string {
	if p := os.Getenv("SHEQU_CHROMIUM"); p != "" {
		if lp, err := exec.LookPath(p); err == nil {
			return lp
		}
		return ""
	}
	if fi, err := os.Stat("/usr/bin/chromium"); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// screenshotDir makes the screenshot folder: $SHEQU_SCREENSHOTS, or screenshots/ at the
// root of the module.
func screenshotDir() (string, error) {
	dir := os.Getenv("SHEQU_SCREENSHOTS")
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		root := wd
		for {
			if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
				break
			}
			parent := filepath.Dir(root)
			if parent == root {
				root = wd
				break
			}
			root = parent
		}
		dir = filepath.Join(root, "screenshots")
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	return dir, os.MkdirAll(dir, 0o755)
}

// ─── The server ─────────────────────────────────────────────────────────────

type server struct {
	cancel context.CancelFunc
	done   chan int
}

var servingRE = regexp.MustCompile(`is serving on (http://[^/\s]+)/`)

// startServer runs the real command line, `shequ serve --demo`, in this process with a
// fresh data directory and a free port, and waits until it serves.
func startServer(dataDir string) (*server, error) {
	ctx, cancel := context.WithCancel(context.Background())
	var out logBuffer
	env.serverLog = &logBuffer{}
	// Every flag that could otherwise come from a SHEQU_* variable of the developer's
	// shell and point the tests at a real database is given explicitly.
	args := []string{"serve",
		"--addr", "127.0.0.1:0",
		"--demo=true", "--demo-seed", "1",
		"--data-dir", dataDir,
		"--db", filepath.Join(dataDir, "shequ.db"),
		"--key=", "--key-file", filepath.Join(dataDir, "master.key"),
		"--secure-cookies=false",
		"--log-level", "info", "--log-format", "text",
		"--shutdown-timeout", "5s",
	}
	s := &server{cancel: cancel, done: make(chan int, 1)}
	go func() { s.done <- app.Run(ctx, args, &out, env.serverLog) }()

	wctx, wcancel := context.WithTimeout(ctx, 2*time.Minute)
	defer wcancel()
	waitErr := make(chan error, 1)
	go func() {
		_, err := out.waitFor(wctx, servingRE)
		waitErr <- err
	}()
	select {
	case code := <-s.done:
		cancel()
		return nil, fmt.Errorf("serve exited with code %d before serving:\n%s\n%s", code, out.String(), env.serverLog.String())
	case err := <-waitErr:
		if err != nil {
			cancel()
			return nil, fmt.Errorf("serve did not print its address: %w\n%s\n%s", err, out.String(), env.serverLog.String())
		}
	}
	env.baseURL = servingRE.FindStringSubmatch(out.String())[1]
	env.accounts = parseAccounts(out.String())
	if len(env.accounts) == 0 {
		cancel()
		return nil, fmt.Errorf("no demo accounts table in the output:\n%s", out.String())
	}
	return s, nil
}

// stop ends the server gracefully and reports a non-zero exit.
func (s *server) stop() error {
	s.cancel()
	select {
	case code := <-s.done:
		if code != 0 {
			return fmt.Errorf("serve exited with code %d", code)
		}
		return nil
	case <-time.After(30 * time.Second):
		return errors.New("serve did not stop within 30 s")
	}
}

// parseAccounts reads the table of demo accounts: login, role, password, bound to.
func parseAccounts(out string) []demoAccount {
	var accts []demoAccount
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) >= 3 && f[2] == demo.Password {
			accts = append(accts, demoAccount{Login: f[0], Role: f[1], Place: strings.Join(f[3:], " ")})
		}
	}
	return accts
}

// account returns the demo account with the given login, or the first of the role when
// login is a role name in angle brackets ("<resident>").
func account(t testing.TB, login string) demoAccount {
	t.Helper()
	role, byRole := strings.CutPrefix(login, "<")
	role = strings.TrimSuffix(role, ">")
	for _, a := range env.accounts {
		if (byRole && a.Role == role) || (!byRole && a.Login == login) {
			return a
		}
	}
	t.Fatalf("demo account %s is not in the table the server printed: %+v", login, env.accounts)
	return demoAccount{}
}

// ─── The browser ────────────────────────────────────────────────────────────

// startBrowser starts one headless Chromium for the package.
func startBrowser(exe, profile string, out io.Writer) (stop func(), err error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests may run as root, in containers
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "zh-CN"),
		chromedp.Flag("accept-lang", "zh-CN,zh"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(int(desktop.Width), int(desktop.Height)),
		chromedp.CombinedOutput(out),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// The first Do starts the browser and binds it to ctx, so it has no deadline of its
	// own; the timer cancels it if the start hangs.
	timer := time.AfterFunc(time.Minute, cancel)
	err = chromedp.Do(ctx)
	timer.Stop()
	if err != nil {
		cancel()
		cancelAlloc()
		return nil, err
	}
	env.browser = ctx
	return func() { cancel(); cancelAlloc() }, nil
}

// device is a window size the tests look at pages with.
type device struct {
	Name          string
	Width, Height int64
	Mobile        bool
}

var (
	desktop = device{Name: "desktop", Width: 1280, Height: 900}
	phone   = device{Name: "phone", Width: 360, Height: 780, Mobile: true}
)

// page is one test's browser tab, in a browser context of its own (its own cookies).
type page struct {
	t   testing.TB
	ctx context.Context
	dev device
	// base is the server the page opens paths on; "" is the shared server.
	base string
}

// newPage opens a tab in a fresh browser context with the device's window size.
func newPage(t testing.TB, dev device) *page {
	t.Helper()
	ctx, cancel := chromedp.NewContext(env.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	timer := time.AfterFunc(actionTimeout, cancel)
	err := chromedp.Do(ctx) // opens the tab; its life is bound to ctx, so no deadline here
	timer.Stop()
	if err != nil {
		t.Fatalf("open a browser tab: %v", err)
	}
	p := &page{t: t, ctx: ctx}
	p.setDevice(dev)
	return p
}

// setDevice emulates the device's window: its size and, for phones, a mobile viewport
// with touch at twice the pixel density. Load a page afterwards to see it as the device
// would.
func (p *page) setDevice(dev device) {
	p.t.Helper()
	var opts []chromedp.EmulateViewportOption
	if dev.Mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2), chromedp.EmulatePortrait)
	}
	p.do("emulate "+dev.Name, chromedp.EmulateViewport(dev.Width, dev.Height, opts...))
	p.dev = dev
}

// do runs actions with the action timeout and fails the test on an error.
func (p *page) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.fail(what, err)
	}
}

// get runs one action that returns a value, with the action timeout.
func get[T any](p *page, what string, a chromedp.Action[T]) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		p.fail(what, err)
	}
	return v
}

// fail stops the test, with the page's address and a screenshot of what it showed.
func (p *page) fail(what string, err error) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	where, _ := chromedp.Run(ctx, chromedp.Location())
	shot := ""
	if buf, serr := chromedp.Run(ctx, chromedp.FullScreenshot(100)); serr == nil {
		shot = p.save("FAILED", buf)
	}
	p.t.Fatalf("%s: %v\n  page: %s\n  screenshot: %s", what, err, where, shot)
}

// eval runs JavaScript in the page and decodes its result.
func eval[T any](p *page, js string) T {
	p.t.Helper()
	return get(p, "evaluate "+js, chromedp.Evaluate[T](js))
}

// eval runs JavaScript that returns a string.
func (p *page) eval(js string) string {
	p.t.Helper()
	return eval[string](p, js)
}

// js quotes s as a JavaScript string literal.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// open loads a path of the server and returns the HTTP status of the document.
func (p *page) open(path string) int64 {
	p.t.Helper()
	base := env.baseURL
	if p.base != "" {
		base = p.base
	}
	resp := get(p, "open "+path, chromedp.NavigateResponse(base+path))
	return statusOf(resp)
}

// follow runs actions that navigate (a click on a link or a submit button) and waits
// until the new page has loaded; it returns the HTTP status of the final document.
func (p *page) follow(what string, actions ...chromedp.Action[chromedp.Void]) int64 {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		p.fail(what, err)
	}
	return statusOf(resp)
}

func statusOf(resp *network.Response) int64 {
	if resp == nil {
		return 0
	}
	return resp.Status
}

// click clicks the element and waits for the page it leads to.
func (p *page) click(sel string) int64 {
	p.t.Helper()
	return p.follow("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// tap taps the element (touch events) and waits for the page it leads to.
func (p *page) tap(sel string) int64 {
	p.t.Helper()
	return p.follow("tap "+sel, chromedp.Tap(chromedp.CSS(sel)))
}

// fill types text into a form field, replacing what it held.
func (p *page) fill(sel, text string) {
	p.t.Helper()
	p.do("fill "+sel,
		chromedp.WaitReady(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector(`+js(sel)+`).value = ""`),
		chromedp.SendKeys(chromedp.CSS(sel), text))
}

// waitVisible waits until the element is shown.
func (p *page) waitVisible(sel string) {
	p.t.Helper()
	p.do("wait for "+sel+" to be visible", chromedp.WaitVisible(chromedp.CSS(sel)))
}

// text returns the visible text of the first element the selector matches, waiting for
// it to exist.
func (p *page) text(sel string) string {
	p.t.Helper()
	return strings.TrimSpace(get(p, "text of "+sel, chromedp.Text(chromedp.CSS(sel))))
}

// texts returns the text of every element the selector matches, now.
func (p *page) texts(sel string) []string {
	p.t.Helper()
	return eval[[]string](p, `Array.from(document.querySelectorAll(`+js(sel)+`), e => e.textContent.trim())`)
}

// visible reports whether an element matching the selector is shown now.
func (p *page) visible(sel string) bool {
	p.t.Helper()
	return eval[bool](p, `(() => { const e = document.querySelector(`+js(sel)+`); return !!e && e.checkVisibility(); })()`)
}

// exists reports whether an element matches the selector now.
func (p *page) exists(sel string) bool {
	p.t.Helper()
	return eval[bool](p, `document.querySelector(`+js(sel)+`) !== null`)
}

// bodyText is the text a person sees on the page.
func (p *page) bodyText() string {
	p.t.Helper()
	return eval[string](p, `document.body.innerText`)
}

// path is the path of the page's address.
func (p *page) path() string {
	p.t.Helper()
	return eval[string](p, `location.pathname + location.search`)
}

// login signs in through the sign-in form and returns the status of the page it leads to.
func (p *page) login(login, password string) int64 {
	p.t.Helper()
	if p.open("/login") != 200 {
		p.fail("open the sign-in page", errors.New("not 200"))
	}
	p.fill("#f-login", login)
	p.fill("#f-password", password)
	return p.click(`form[action="/login"] button[type="submit"]`)
}

// mustLogin signs in and checks that the home page follows (for a leader, whose work
// starts on the dashboard, that it follows and then opens the home page).
func (p *page) mustLogin(login, password string) {
	p.t.Helper()
	st := p.login(login, password)
	if st == 200 && p.path() == "/dashboard" {
		st = p.open("/")
	}
	if st != 200 || p.path() != "/" {
		p.fail("sign in as "+login, fmt.Errorf("status %d at %s: %s", st, p.path(), firstLine(p.bodyText())))
	}
}

// shot saves a full-page screenshot as TEST_STEP_WIDTH.png.
func (p *page) shot(step string) string {
	p.t.Helper()
	buf := get(p, "screenshot "+step, chromedp.FullScreenshot(100))
	return p.save(step, buf)
}

func (p *page) save(step string, png []byte) string {
	name := fmt.Sprintf("%s_%s_%d.png", fileSafe(p.t.Name()), fileSafe(step), p.dev.Width)
	path := filepath.Join(env.shots, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Errorf("save screenshot: %v", err)
	}
	return path
}

var unsafeRE = regexp.MustCompile(`[^\p{L}\p{N}._-]+`)

func fileSafe(s string) string { return strings.Trim(unsafeRE.ReplaceAllString(s, "-"), "-") }

// rawKeyRE finds catalogue keys shown untranslated ("nav.home"): words of the form
// prefix.rest whose prefix is one the catalogue uses.
var rawKeyRE = func() *regexp.Regexp {
	seen := map[string]bool{}
	for _, k := range i18n.Keys() {
		if i := strings.IndexByte(k, '.'); i > 0 {
			seen[k[:i]] = true
		}
	}
	// Prefixes of pages being written may not be in the catalogue yet.
	for _, k := range []string{"nav", "title", "action", "field", "hint", "flash", "err", "role", "level", "kind",
		"home", "tree", "node", "nodes", "unit", "units", "user", "users", "token", "tokens", "audit", "entity", "status"} {
		seen[k] = true
	}
	var ps []string
	for k := range seen {
		ps = append(ps, regexp.QuoteMeta(k))
	}
	sort.Strings(ps)
	return regexp.MustCompile(`\b(?:` + strings.Join(ps, "|") + `)\.[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*\b`)
}()

// checkTranslated reports catalogue keys the page shows untranslated.
func (p *page) checkTranslated() {
	p.t.Helper()
	if keys := rawKeyRE.FindAllString(p.bodyText(), -1); len(keys) > 0 {
		p.t.Errorf("%s shows untranslated catalogue keys: %v", p.path(), keys)
	}
}

// ─── Helpers ────────────────────────────────────────────────────────────────

// logBuffer collects output written from another goroutine and lets a reader wait for
// a line to appear.
type logBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.buf.Write(p)
	if b.changed != nil {
		close(b.changed)
		b.changed = nil
	}
	return n, err
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitFor waits until the output matches re and returns the submatches of the last match.
func (b *logBuffer) waitFor(ctx context.Context, re *regexp.Regexp) ([]string, error) {
	for {
		b.mu.Lock()
		all := re.FindAllStringSubmatch(b.buf.String(), -1)
		if b.changed == nil {
			b.changed = make(chan struct{})
		}
		ch := b.changed
		b.mu.Unlock()
		if len(all) > 0 {
			return all[len(all)-1], nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for %q: %w", re, ctx.Err())
		}
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// withoutNoise drops the lines Chromium prints in every container (no D-Bus).
func withoutNoise(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.Contains(l, "dbus") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// tapAction taps an element that does not navigate (a <summary>, say).
func tapAction(sel string) chromedp.Action[chromedp.Void] { return chromedp.Tap(chromedp.CSS(sel)) }

// waitHidden waits until no element matching the selector is shown (checkVisibility
// also sees content folded inside a closed <details>).
func waitHidden(sel string) chromedp.Action[chromedp.Void] {
	poll := chromedp.Poll[bool](`(() => { const e = document.querySelector(` + js(sel) + `); return !e || !e.checkVisibility(); })()`)
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := poll(ctx, t)
		return chromedp.Void{}, err
	}
}
