package app

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// run runs the CLI in-process and returns its exit code and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestVersionAndUsage(t *testing.T) {
	if code, out, _ := run(t, "version"); code != 0 || !strings.HasPrefix(out, "shequ ") {
		t.Fatalf("version: %d %q", code, out)
	}
	if code, _, errOut := run(t, "nonsense"); code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Fatalf("unknown command: %d %q", code, errOut)
	}
	if code, _, _ := run(t); code != 2 {
		t.Fatalf("no command: %d", code)
	}
}

func TestCommandsOnSQLite(t *testing.T) {
	dir := t.TempDir()
	data := "--data-dir=" + dir
	if code, out, errOut := run(t, "migrate", data); code != 0 || !strings.Contains(out, "up to date") {
		t.Fatalf("migrate: %d %s %s", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "master.key")); err != nil {
		t.Fatalf("key file not generated: %v", err)
	}
	code, out, errOut := run(t, "user", "create", data, "--username=root", "--name=管理员", "--role=admin")
	if code != 0 || !strings.Contains(out, "created account") || !regexp.MustCompile(`password: \S{12,}`).MatchString(out) {
		t.Fatalf("user create: %d %s %s", code, out, errOut)
	}
	// Bad input gets a field-level message, not a stack trace.
	code, _, errOut = run(t, "user", "create", data, "--username=Root!", "--name=x", "--role=admin", "--password=short")
	if code != 1 || !strings.Contains(errOut, "--username") || !strings.Contains(errOut, "--password") {
		t.Fatalf("bad user create: %d %s", code, errOut)
	}
	code, _, errOut = run(t, "user", "create", data, "--username=gw", "--name=x", "--role=grid_worker", "--node=999")
	if code != 1 || !strings.Contains(errOut, "No such place") {
		t.Fatalf("unknown node: %d %s", code, errOut)
	}
	if code, out, errOut := run(t, "user", "reset-password", data, "--login=root", "--password=NewPassw0rd"); code != 0 || !strings.Contains(out, "password reset") {
		t.Fatalf("reset: %d %s %s", code, out, errOut)
	}
	if code, out, _ := run(t, "audit", "verify", data); code != 0 || !strings.Contains(out, "intact: 2 entries") {
		t.Fatalf("verify: %d %s", code, out)
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	if code, out, errOut := run(t, "backup", data, "--out="+backup); code != 0 || !strings.Contains(out, "backup written") {
		t.Fatalf("backup: %d %s %s", code, out, errOut)
	}
	if code, _, _ := run(t, "audit", "verify", "--db="+backup, "--key-file="+filepath.Join(dir, "master.key")); code != 0 {
		t.Fatal("backup does not verify")
	}
	// Hand-edit an audit row: verify fails and names the entry.
	raw, err := sql.Open("sqlite", filepath.Join(dir, "shequ.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE audit_log SET actor = 'someone-else' WHERE seq = 1`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if code, _, errOut := run(t, "audit", "verify", data); code != 1 || !strings.Contains(errOut, "BROKEN at entry 1") {
		t.Fatalf("tampering not detected: %d %s", code, errOut)
	}
	if code, out, errOut := run(t, "indicators", "verify", data); code != 0 || !strings.Contains(out, "indicators consistent: 0 cases") {
		t.Fatalf("indicators verify: %d %s %s", code, out, errOut)
	}
	if code, _, errOut := run(t, "indicators", "check", data); code != 2 || !strings.Contains(errOut, "usage: shequ indicators verify") {
		t.Fatalf("indicators with a wrong verb: %d %s", code, errOut)
	}
}

func TestDemoSeedsOnceAndIsDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds two demo districts")
	}
	counts := func() string {
		dir := t.TempDir()
		code, out, errOut := run(t, "demo", "--data-dir="+dir)
		if code != 0 {
			t.Fatalf("demo: %d %s %s", code, out, errOut)
		}
		if code, _, errOut := run(t, "demo", "--data-dir="+dir); code != 1 || !strings.Contains(errOut, "already holds data") {
			t.Fatalf("second demo: %d %s", code, errOut)
		}
		// Every step the demo took, through every state, counted its facts as its
		// timeline says.
		if code, out, errOut := run(t, "indicators", "verify", "--data-dir="+dir); code != 0 || !strings.Contains(out, "indicators consistent") {
			t.Fatalf("indicators of the demo: %d %s %s", code, out, errOut)
		}
		raw, err := sql.Open("sqlite", filepath.Join(dir, "shequ.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer raw.Close()
		var sig string
		if err := raw.QueryRow(`SELECT group_concat(full_code || name, ',') FROM (SELECT full_code, name FROM nodes ORDER BY id)`).Scan(&sig); err != nil {
			t.Fatal(err)
		}
		var users string
		raw.QueryRow(`SELECT group_concat(COALESCE(username, '') || display_name || role, ',') FROM (SELECT * FROM users ORDER BY id)`).Scan(&users)
		for _, role := range []string{"admin", "staff", "grid_worker", "handler", "supervisor", "leader", "resident"} {
			if !strings.Contains(out, " "+role+" ") {
				t.Errorf("demo accounts printed lack role %s:\n%s", role, out)
			}
		}
		return sig + "|" + users
	}
	if a, b := counts(), counts(); a != b {
		t.Fatal("the same seed gave different demo districts")
	}
}

func TestConfigFromEnvironmentAndBadValues(t *testing.T) {
	t.Setenv("SHEQU_LOG_LEVEL", "loud")
	if code, _, errOut := run(t, "migrate", "--data-dir="+t.TempDir()); code != 1 || !strings.Contains(errOut, "--log-level") {
		t.Fatalf("bad env value: %d %s", code, errOut)
	}
	t.Setenv("SHEQU_LOG_LEVEL", "warn")
	if code, _, errOut := run(t, "migrate", "--data-dir="+t.TempDir(), "--key=not-base64"); code != 1 || !strings.Contains(errOut, "--key") {
		t.Fatalf("bad key: %d %s", code, errOut)
	}
}

// TestREADMEConfigurationTable keeps the README's table in step with the options.
func TestREADMEConfigurationTable(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Skip("no README next to the module")
	}
	for _, o := range options {
		row := "| `--" + o.name + "` | `" + o.env + "` |"
		if !strings.Contains(string(b), row) {
			t.Errorf("README configuration table lacks a row starting %q", row)
		}
	}
}

func TestServeWithDemoFlagAlone(t *testing.T) {
	fs := newFlagSet("serve", new(bytes.Buffer))
	load := flags(fs, "demo", "data-dir")
	if err := parse(fs, []string{"--demo", "--data-dir", "/x"}); err != nil {
		t.Fatal(err)
	}
	c, err := load()
	if err != nil || !c.Demo || c.DataDir != "/x" {
		t.Fatalf("%+v %v", c, err)
	}
	if err := parse(fs, []string{"--demo=maybe"}); err != nil {
		t.Fatal(err)
	}
	if _, err := load(); err == nil || !strings.Contains(err.Error(), "--demo") {
		t.Fatalf("bad bool accepted: %v", err)
	}
}

// syncBuffer is a buffer the server goroutine writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeStartsAndStopsGracefully(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, []string{"serve", "--addr=127.0.0.1:0", "--data-dir=" + t.TempDir(), "--log-level=warn"}, out, io.Discard)
	}()
	re := regexp.MustCompile(`serving on (http://\S+)/`)
	var base string
	for base == "" {
		select {
		case code := <-done:
			t.Fatalf("serve exited %d: %s", code, out.String())
		case <-time.After(10 * time.Millisecond):
		}
		if m := re.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
	}
	resp, err := http.Get(base + "/readyz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("readyz: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("serve exited %d after cancel", code)
	}
}

func TestTrustedProxiesOption(t *testing.T) {
	tests := []struct {
		in      string
		want    string // the prefixes, space-separated
		wantErr bool
	}{
		{"", "", false},
		{"127.0.0.1", "127.0.0.1/32", false},
		{" 10.0.0.0/8 , ::1 ", "10.0.0.0/8 ::1/128", false},
		{"10.1.2.3/8", "10.0.0.0/8", false},
		{"::ffff:192.168.0.1", "192.168.0.1/32", false},
		{"10.0.0.0/33", "", true},
		{"proxy.internal", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			fs := newFlagSet("serve", new(bytes.Buffer))
			load := flags(fs, "trusted-proxies")
			if err := parse(fs, []string{"--trusted-proxies=" + tt.in}); err != nil {
				t.Fatal(err)
			}
			c, err := load()
			if tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), "--trusted-proxies") {
					t.Fatalf("accepted: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range c.TrustedProxies {
				got = append(got, p.String())
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("got %v, want %s", got, tt.want)
			}
		})
	}
}
