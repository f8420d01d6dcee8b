package app

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/store"
)

func TestBenchTimers(t *testing.T) {
	args := []string{"bench", "timers", "--pending=200,2000", "--due=20", "--batch=5", "--rounds=5"}
	want := []string{`sqlite\s+200\s`, `sqlite\s+2,000\s`, `sqlite\s+ratio 10×(\s+\d+\.\d\d){3}\n`}
	if pg := os.Getenv("SHEQU_TEST_POSTGRES"); pg != "" {
		args = append(args, "--db="+pg)
		want = append(want, `postgres\s+2,000\s`, `postgres\s+ratio 10×(\s+\d+\.\d\d){3}\n`)
	}
	code, out, errOut := run(t, args...)
	if code != 0 {
		t.Fatalf("bench timers: %d\n%s%s", code, out, errOut)
	}
	for _, w := range want {
		if !regexp.MustCompile(w).MatchString(out) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func TestBenchIntake(t *testing.T) {
	args := []string{"bench", "intake", "--clients=4", "--cases=40", "--rounds=2"}
	row := `\s+\d+\s+[\d.]+[µm]?s\s+[\d.]+[µm]?s\s+\d+\s+[\d.]+[µm]?s\s+[\d.]+[µm]?s\s+\d+\.\d\d\s+100\.0%\n`
	want := []string{`sqlite` + row}
	if pg := os.Getenv("SHEQU_TEST_POSTGRES"); pg != "" {
		args = append(args, "--db="+pg)
		want = append(want, `postgres`+row)
	}
	code, out, errOut := run(t, args...)
	if code != 0 {
		t.Fatalf("bench intake: %d\n%s%s", code, out, errOut)
	}
	for _, w := range want {
		if !regexp.MustCompile(w).MatchString(out) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func TestBenchBadInput(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"bench"}, 2, "timers"},
		{[]string{"bench", "nope"}, 2, "usage: shequ bench"},
		{[]string{"bench", "timers", "--pending=ten"}, 1, `--pending: "ten" is not a positive number`},
		{[]string{"bench", "timers", "--pending=50", "--due=100"}, 1, "--due (100) exceeds the smallest --pending (50)"},
		{[]string{"bench", "timers", "--batch=0"}, 1, "--batch ≥ 1"},
		{[]string{"bench", "timers", "stray"}, 2, "unexpected arguments"},
		{[]string{"bench"}, 2, "intake"},
		{[]string{"bench", "intake", "--clients=0"}, 1, "--clients ≥ 1"},
		{[]string{"bench"}, 2, "indicators"},
		{[]string{"bench", "indicators", "--cases=0"}, 1, "need --cases, --years, --rounds and --baseline-rounds ≥ 1"},
		{[]string{"bench", "indicators", "--name=x; DROP"}, 1, "is not lower-case letters and digits"},
		{[]string{"bench", "intake", "--duration=0s"}, 1, "a positive --duration or --cases"},
		{[]string{"bench", "intake", "--cases=-1"}, 1, "a positive --duration or --cases"},
	}
	for _, tt := range tests {
		code, _, errOut := run(t, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: %d %q, want %d and %q", tt.args, code, errOut, tt.code, tt.want)
		}
	}
}

// The indicators bench generates its district once, keeps it, and finds the counters
// agree with the case table on every query it can compare.
func TestBenchIndicators(t *testing.T) {
	dir := t.TempDir()
	name := fmt.Sprintf("test%d", os.Getpid())
	args := []string{"bench", "indicators", "--data-dir=" + dir, "--name=" + name, "--cases=3000", "--years=1", "--rounds=1", "--baseline-rounds=1"}
	names := []string{"sqlite"}
	if pg := os.Getenv("SHEQU_TEST_POSTGRES"); pg != "" {
		args = append(args, "--db="+pg)
		names = append(names, "postgres")
		t.Cleanup(func() { store.DropBench(context.Background(), pg, dir, name) })
	}
	for range 2 { // generated, then loaded
		code, out, errOut := run(t, args...)
		if code != 0 {
			t.Fatalf("bench indicators: %d\n%s%s", code, out, errOut)
		}
		for _, name := range names {
			if n := len(regexp.MustCompile(name+`\s+\S+\s+.+\s+yes\n`).FindAllString(out, -1)); n != 14 {
				t.Errorf("%s: %d queries agree, want 14:\n%s", name, n, out)
			}
			if strings.Contains(out, "NO\n") {
				t.Errorf("the counters disagree with the case table:\n%s", out)
			}
		}
	}
	// Another size on the kept district is refused.
	if code, _, errOut := run(t, append(args[:len(args):len(args)], "--cases=10")...); code == 0 || !strings.Contains(errOut, "holds 3000 cases") {
		t.Errorf("another size: %d %s", code, errOut)
	}
}
