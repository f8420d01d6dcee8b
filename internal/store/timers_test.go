package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

// firings records what a handler was called with.
type firings struct {
	mu sync.Mutex
	ts []store.Timer
}

func (f *firings) handler(tx *store.Tx, t store.Timer) error {
	f.mu.Lock()
	f.ts = append(f.ts, t)
	f.mu.Unlock()
	return nil
}

// timerRow is a row of the timers table as stored.
type timerRow struct {
	kind      string
	ref       int64
	fireAt    time.Time
	attempts  int
	lastError string
}

func timerRows(t *testing.T, db *storetest.DB) []timerRow {
	t.Helper()
	rows, err := rawDB(t, db).Query(`SELECT kind, ref_id, fire_at, attempts, last_error FROM timers ORDER BY fire_at, id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []timerRow
	for rows.Next() {
		var r timerRow
		var at int64
		if err := rows.Scan(&r.kind, &r.ref, &at, &r.attempts, &r.lastError); err != nil {
			t.Fatal(err)
		}
		r.fireAt = time.UnixMilli(at)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func run(t *testing.T, db *storetest.DB, h map[string]store.TimerHandler) int {
	t.Helper()
	n, err := db.RunDueTimers(context.Background(), h, 100)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func wantNext(t *testing.T, db *store.DB, want time.Time) {
	t.Helper()
	at, ok, err := db.NextTimerAt(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case want.IsZero() && ok:
		t.Fatalf("NextTimerAt = %v, want none pending", at)
	case !want.IsZero() && (!ok || !at.Equal(want)):
		t.Fatalf("NextTimerAt = %v, %v; want %v", at, ok, want)
	}
}

func TestTimerFiresOnceWhenDue(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	var f firings
	h := map[string]store.TimerHandler{"case.overdue": f.handler}
	due := storetest.Start.Add(time.Hour)
	wantNext(t, db.DB, time.Time{})
	if err := db.SetTimer(ctx, "case.overdue", 42, due); err != nil {
		t.Fatal(err)
	}
	wantNext(t, db.DB, due)
	steps := []struct {
		advance   time.Duration
		wantFired int
	}{
		{0, 0},
		{59*time.Minute + 59*time.Second, 0},
		{time.Second, 1}, // exactly due
		{0, 0},           // once
		{24 * time.Hour, 0},
	}
	for i, s := range steps {
		db.Clock.Advance(s.advance)
		if n := run(t, db, h); n != s.wantFired {
			t.Fatalf("step %d (%v): fired %d, want %d", i, db.Clock.Now(), n, s.wantFired)
		}
	}
	if len(f.ts) != 1 {
		t.Fatalf("handler called %d times, want 1", len(f.ts))
	}
	got := f.ts[0]
	if got.Kind != "case.overdue" || got.RefID != 42 || !got.FireAt.Equal(due) || got.Attempts != 0 || got.ID == 0 {
		t.Errorf("handler got %+v", got)
	}
	wantNext(t, db.DB, time.Time{})
}

func TestTimersFireOldestFirstWithinLimit(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	for i, d := range []time.Duration{3, 1, 2, 5, 4} {
		if err := db.SetTimer(ctx, "k", int64(i+1), storetest.Start.Add(d*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	db.Clock.Advance(10 * time.Minute)
	var f firings
	h := map[string]store.TimerHandler{"k": f.handler}
	if n, err := db.RunDueTimers(ctx, h, 3); err != nil || n != 3 {
		t.Fatalf("RunDueTimers(limit 3) = %d, %v", n, err)
	}
	if n := run(t, db, h); n != 2 {
		t.Fatalf("second run fired %d, want 2", n)
	}
	var refs []int64
	for _, tm := range f.ts {
		refs = append(refs, tm.RefID)
	}
	if fmt.Sprint(refs) != "[2 3 1 5 4]" {
		t.Errorf("fired refs %v, want oldest first [2 3 1 5 4]", refs)
	}
}

func TestTimerSurvivesRestart(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	due := storetest.Start.Add(2 * time.Hour)
	if err := db.SetTimer(ctx, "case.urge", 7, due); err != nil {
		t.Fatal(err)
	}
	db.DB.Close()
	reopened, err := store.Open(ctx, db.URL, store.Options{Clock: db.Clock, Keys: storetest.Keys(t), SearchPath: db.Path})
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	if _, err := reopened.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	wantNext(t, reopened, due)
	db.Clock.Set(due)
	var f firings
	n, err := reopened.RunDueTimers(ctx, map[string]store.TimerHandler{"case.urge": f.handler}, 10)
	if err != nil || n != 1 || f.ts[0].RefID != 7 {
		t.Fatalf("after restart: fired %d, %v, %+v", n, err, f.ts)
	}
}

func TestTimerMove(t *testing.T) {
	tests := []struct {
		name    string
		sets    []time.Duration // successive setTimer calls for the same kind and row
		notAt   time.Duration   // the timer has not fired by then
		firesAt time.Duration
	}{
		{"earlier", []time.Duration{3 * time.Hour, time.Hour}, 59 * time.Minute, time.Hour},
		{"later", []time.Duration{time.Hour, 3 * time.Hour}, 2 * time.Hour, 3 * time.Hour},
		{"same", []time.Duration{time.Hour, time.Hour}, 30 * time.Minute, time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.New(t)
			ctx := context.Background()
			for _, d := range tt.sets {
				if err := db.SetTimer(ctx, "case.yellow", 1, storetest.Start.Add(d)); err != nil {
					t.Fatal(err)
				}
			}
			if rows := timerRows(t, db); len(rows) != 1 {
				t.Fatalf("%d rows after moving, want 1: %+v", len(rows), rows)
			}
			wantNext(t, db.DB, storetest.Start.Add(tt.firesAt))
			var f firings
			h := map[string]store.TimerHandler{"case.yellow": f.handler}
			db.Clock.Set(storetest.Start.Add(tt.notAt))
			if n := run(t, db, h); n != 0 {
				t.Fatalf("fired %d at %v, before its moved time", n, tt.notAt)
			}
			db.Clock.Set(storetest.Start.Add(tt.firesAt))
			if n := run(t, db, h); n != 1 {
				t.Fatalf("fired %d at %v, want 1", n, tt.firesAt)
			}
		})
	}
}

func TestTimerMoveResetsAttempts(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	if err := db.SetTimer(ctx, "k", 1, storetest.Start); err != nil {
		t.Fatal(err)
	}
	run(t, db, map[string]store.TimerHandler{"k": func(*store.Tx, store.Timer) error { return errors.New("down") }})
	if r := timerRows(t, db)[0]; r.attempts != 1 || r.lastError != "down" {
		t.Fatalf("after a failure: %+v", r)
	}
	if err := db.SetTimer(ctx, "k", 1, storetest.Start.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if r := timerRows(t, db)[0]; r.attempts != 0 || r.lastError != "" || !r.fireAt.Equal(storetest.Start.Add(time.Hour)) {
		t.Fatalf("after moving: %+v", r)
	}
}

func TestTimerCancel(t *testing.T) {
	tests := []struct {
		name   string
		cancel func(ctx context.Context, db *storetest.DB) error
		want   []string // kind/ref of the timers left
	}{
		{"one", func(ctx context.Context, db *storetest.DB) error { return db.CancelTimerForTest(ctx, "a", 1) },
			[]string{"b/1", "c/1", "a/2"}},
		{"one absent", func(ctx context.Context, db *storetest.DB) error { return db.CancelTimerForTest(ctx, "a", 9) },
			[]string{"a/1", "b/1", "c/1", "a/2"}},
		{"kinds of a row", func(ctx context.Context, db *storetest.DB) error { return db.CancelTimersForTest(ctx, 1, "a", "c") },
			[]string{"b/1", "a/2"}},
		{"one kind of a row", func(ctx context.Context, db *storetest.DB) error { return db.CancelTimersForTest(ctx, 1, "b") },
			[]string{"a/1", "c/1", "a/2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.New(t)
			ctx := context.Background()
			for i, k := range []string{"a/1", "b/1", "c/1", "a/2"} {
				kind, ref, _ := strings.Cut(k, "/")
				if err := db.SetTimer(ctx, kind, int64(ref[0]-'0'), storetest.Start.Add(time.Duration(i)*time.Minute)); err != nil {
					t.Fatal(err)
				}
			}
			if err := tt.cancel(ctx, db); err != nil {
				t.Fatal(err)
			}
			var left []string
			for _, r := range timerRows(t, db) {
				left = append(left, fmt.Sprintf("%s/%d", r.kind, r.ref))
			}
			if fmt.Sprint(left) != fmt.Sprint(tt.want) {
				t.Errorf("left %v, want %v", left, tt.want)
			}
		})
	}
	t.Run("no kinds", func(t *testing.T) {
		db := storetest.New(t)
		if err := db.CancelTimersForTest(context.Background(), 1); err == nil {
			t.Error("cancelTimers with no kinds succeeded; it must name them")
		}
	})
	t.Run("empty kind", func(t *testing.T) {
		db := storetest.New(t)
		if err := db.SetTimer(context.Background(), "", 1, storetest.Start); err == nil {
			t.Error("setTimer with an empty kind succeeded")
		}
	})
}

func TestTimerBackoff(t *testing.T) {
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute,
		16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, w := range want {
		if got := store.TimerBackoff(i + 1); got != w {
			t.Errorf("backoff after %d failures = %v, want %v", i+1, got, w)
		}
	}
	if got := store.TimerBackoff(1000); got != time.Hour {
		t.Errorf("backoff after 1000 failures = %v, want the cap", got)
	}
}

// TestTimerRetriedAfterFailure: a failing handler's work is rolled back, the timer stays
// with its attempt counted and is retried after the backoff, never before, until it
// succeeds.
func TestTimerRetriedAfterFailure(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	type failure struct {
		t       store.Timer
		err     string
		retryAt time.Time
	}
	var failures []failure
	db.OnTimerFailed(func(t store.Timer, err error, retryAt time.Time) {
		failures = append(failures, failure{t, err.Error(), retryAt})
	})
	calls := 0
	h := map[string]store.TimerHandler{"case.visit": func(tx *store.Tx, tm store.Timer) error {
		calls++
		// Work the failure must undo.
		if err := tx.SetTimerForTest("side.effect", tm.RefID, tx.NowForTest()); err != nil {
			return err
		}
		if calls <= 2 {
			return fmt.Errorf("attempt %d failed", calls)
		}
		return nil
	}}
	if err := db.SetTimer(ctx, "case.visit", 5, storetest.Start); err != nil {
		t.Fatal(err)
	}
	// First attempt fails: retried 30 s later.
	if n := run(t, db, h); n != 0 {
		t.Fatalf("fired %d on a failing handler", n)
	}
	rows := timerRows(t, db)
	if len(rows) != 1 || rows[0].kind != "case.visit" || rows[0].attempts != 1 || rows[0].lastError != "attempt 1 failed" ||
		!rows[0].fireAt.Equal(storetest.Start.Add(30*time.Second)) {
		t.Fatalf("after the first failure: %+v (the handler's own write must be rolled back)", rows)
	}
	if len(failures) != 1 || failures[0].err != "attempt 1 failed" || !failures[0].retryAt.Equal(storetest.Start.Add(30*time.Second)) {
		t.Fatalf("failure hook got %+v", failures)
	}
	// Not before the backoff: no busy loop.
	db.Clock.Advance(29 * time.Second)
	if n := run(t, db, h); n != 0 || calls != 1 {
		t.Fatalf("retried before the backoff: fired %d, calls %d", n, calls)
	}
	// Second attempt fails: retried a minute later.
	db.Clock.Advance(time.Second)
	run(t, db, h)
	rows = timerRows(t, db)
	if calls != 2 || len(rows) != 1 || rows[0].attempts != 2 || !rows[0].fireAt.Equal(db.Clock.Now().Add(time.Minute)) {
		t.Fatalf("after the second failure: calls %d, %+v", calls, rows)
	}
	// Third attempt succeeds and sees its attempts.
	var seen store.Timer
	inner := h["case.visit"]
	h["case.visit"] = func(tx *store.Tx, tm store.Timer) error { seen = tm; return inner(tx, tm) }
	db.Clock.Advance(time.Minute)
	if n := run(t, db, h); n != 1 || seen.Attempts != 2 {
		t.Fatalf("third attempt: fired %d, timer %+v", n, seen)
	}
	rows = timerRows(t, db)
	if len(rows) != 1 || rows[0].kind != "side.effect" {
		t.Fatalf("after success: %+v, want only the handler's own timer", rows)
	}
}

func TestTimerUnknownKindAndPanic(t *testing.T) {
	tests := []struct {
		name     string
		handlers map[string]store.TimerHandler
		wantErr  string
	}{
		{"unknown kind", map[string]store.TimerHandler{"other": func(*store.Tx, store.Timer) error { return nil }},
			`no handler for timer kind "mystery"`},
		{"nil handlers", nil, `no handler for timer kind "mystery"`},
		{"panic", map[string]store.TimerHandler{"mystery": func(*store.Tx, store.Timer) error { panic("boom") }},
			"handler panicked: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.New(t)
			ctx := context.Background()
			var failed []string
			db.OnTimerFailed(func(tm store.Timer, err error, _ time.Time) { failed = append(failed, tm.Kind+": "+err.Error()) })
			if err := db.SetTimer(ctx, "mystery", 1, storetest.Start); err != nil {
				t.Fatal(err)
			}
			if n := run(t, db, tt.handlers); n != 0 {
				t.Fatalf("fired %d", n)
			}
			rows := timerRows(t, db)
			if len(rows) != 1 || rows[0].attempts != 1 || rows[0].lastError != tt.wantErr || !rows[0].fireAt.After(storetest.Start) {
				t.Fatalf("row %+v, want one attempt recorded with %q and backed off", rows, tt.wantErr)
			}
			if len(failed) != 1 || failed[0] != "mystery: "+tt.wantErr {
				t.Errorf("failure hook: %q", failed)
			}
			// Once a handler exists, the kept timer fires.
			db.Clock.Advance(time.Hour)
			var f firings
			if n := run(t, db, map[string]store.TimerHandler{"mystery": f.handler}); n != 1 {
				t.Fatalf("with a handler: fired %d, want 1", n)
			}
		})
	}
}

func TestTimerHandlerRunsAsSystemAndMayRearm(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	if err := db.SetTimer(ctx, "case.urge", 3, storetest.Start); err != nil {
		t.Fatal(err)
	}
	var label string
	h := map[string]store.TimerHandler{"case.urge": func(tx *store.Tx, tm store.Timer) error {
		label = tx.PrincipalForTest().Label()
		// Urging again tomorrow: the same kind for the same row.
		return tx.SetTimerForTest(tm.Kind, tm.RefID, tx.NowForTest().Add(24*time.Hour))
	}}
	var woken []time.Time
	db.OnTimerSet(func(at time.Time) { woken = append(woken, at) })
	if n := run(t, db, h); n != 1 {
		t.Fatalf("fired %d", n)
	}
	if label != "system:timers" {
		t.Errorf("handler ran as %q, want system:timers", label)
	}
	rows := timerRows(t, db)
	if len(rows) != 1 || rows[0].kind != "case.urge" || !rows[0].fireAt.Equal(storetest.Start.Add(24*time.Hour)) {
		t.Fatalf("re-armed timer: %+v", rows)
	}
	if len(woken) != 1 || !woken[0].Equal(storetest.Start.Add(24*time.Hour)) {
		t.Errorf("OnTimerSet after the handler's commit: %v", woken)
	}
}

func TestOnTimerSetAfterCommit(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	var woken []time.Time
	db.OnTimerSet(func(at time.Time) { woken = append(woken, at) })
	a, b := storetest.Start.Add(2*time.Hour), storetest.Start.Add(time.Hour)
	// One transaction setting two timers tells the earliest, once.
	if err := db.WriteForTest(ctx, func(tx *store.Tx) error {
		if err := tx.SetTimerForTest("x", 1, a); err != nil {
			return err
		}
		if len(woken) != 0 {
			t.Error("hook called before commit")
		}
		return tx.SetTimerForTest("y", 1, b)
	}); err != nil {
		t.Fatal(err)
	}
	if len(woken) != 1 || !woken[0].Equal(b) {
		t.Fatalf("hook got %v, want [%v]", woken, b)
	}
	// A rolled-back transaction tells nothing; one that sets no timer neither.
	db.WriteForTest(ctx, func(tx *store.Tx) error {
		tx.SetTimerForTest("z", 1, storetest.Start)
		return errors.New("rolled back")
	})
	db.CancelTimerForTest(ctx, "x", 1)
	if len(woken) != 1 {
		t.Errorf("hook called %d times, want 1", len(woken))
	}
	wantNext(t, db.DB, b)
	// Inside a batch, the hook runs once the batch commits.
	woken = nil
	if err := db.Batch(ctx, sys, func(ctx context.Context) error {
		if err := db.SetTimer(ctx, "w", 1, storetest.Start.Add(time.Minute)); err != nil {
			return err
		}
		if len(woken) != 0 {
			t.Error("hook called inside the batch")
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(woken) != 1 || !woken[0].Equal(storetest.Start.Add(time.Minute)) {
		t.Errorf("after the batch: hook got %v", woken)
	}
}

// TestConcurrentRunnersFireEachOnce: two instances sharing the database (two connection
// pools; on PostgreSQL FOR UPDATE SKIP LOCKED keeps them apart) fire 2,000 due timers,
// each exactly once.
func TestConcurrentRunnersFireEachOnce(t *testing.T) {
	const n = 2000
	db := storetest.New(t)
	ctx := context.Background()
	if err := db.SeedBenchTimers(ctx, n, n); err != nil {
		t.Fatal(err)
	}
	other, err := store.Open(ctx, db.URL, store.Options{Clock: db.Clock, Keys: storetest.Keys(t), SearchPath: db.Path})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var mu sync.Mutex
	count := map[int64]int{}
	byRunner := [2]int{}
	var wg sync.WaitGroup
	errc := make(chan error, 2)
	for i, d := range []*store.DB{db.DB, other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := map[string]store.TimerHandler{store.BenchTimerKind: func(tx *store.Tx, tm store.Timer) error {
				mu.Lock()
				count[tm.RefID]++
				byRunner[i]++
				mu.Unlock()
				return nil
			}}
			for {
				fired, err := d.RunDueTimers(ctx, h, 25)
				if err != nil {
					errc <- err
					return
				}
				if fired == 0 {
					if _, ok, err := d.NextTimerAt(ctx); err != nil || !ok {
						errc <- err
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(count) != n {
		t.Fatalf("%d timers fired, want %d", len(count), n)
	}
	for ref, c := range count {
		if c != 1 {
			t.Fatalf("timer %d fired %d times", ref, c)
		}
	}
	t.Logf("runner shares: %v", byRunner)
	wantNext(t, db.DB, time.Time{})
}

// TestTimerHandlerBreakingItsTransaction: a handler whose failure ends the whole
// transaction (here it rolls it back itself) undoes its group, but its timer's failure is
// recorded in a transaction of its own and the others due fire in the next group.
func TestTimerHandlerBreakingItsTransaction(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	for ref := int64(1); ref <= 3; ref++ {
		if err := db.SetTimer(ctx, "k", ref, storetest.Start.Add(time.Duration(ref)*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	db.Clock.Advance(time.Second)
	var fired []int64
	h := map[string]store.TimerHandler{"k": func(tx *store.Tx, tm store.Timer) error {
		if tm.RefID == 2 {
			tx.ExecForTest(`ROLLBACK`)
			return errors.New("lost the transaction")
		}
		fired = append(fired, tm.RefID)
		return nil
	}}
	n, err := db.RunDueTimers(ctx, h, 100)
	if err != nil || n != 2 {
		t.Fatalf("RunDueTimers = %d, %v; want the two good timers fired", n, err)
	}
	rows := timerRows(t, db)
	if len(rows) != 1 || rows[0].ref != 2 || rows[0].attempts != 1 || rows[0].lastError != "lost the transaction" ||
		!rows[0].fireAt.Equal(db.Clock.Now().Add(30*time.Second)) {
		t.Fatalf("left %+v, want timer 2 backed off with its error", rows)
	}
	// Timer 1 ran twice (its first run was undone with the group): handlers are idempotent.
	if fmt.Sprint(fired) != "[1 1 3]" {
		t.Errorf("handler runs %v", fired)
	}
}

// TestDueTimersQueryPlan: finding the due timers and the next due time reads the start of
// the index on (fire_at, id), with no scan of the table and no sort, which is why their
// cost does not grow with the number pending (BenchmarkDueTimers measures it).
func TestDueTimersQueryPlan(t *testing.T) {
	if storetest.Dialect() != store.SQLite {
		t.Skip("PostgreSQL's plan depends on its statistics; BenchmarkDueTimers measures it")
	}
	db := storetest.New(t)
	raw := rawDB(t, db)
	for _, q := range []string{
		`SELECT id, kind, ref_id, fire_at, attempts FROM timers WHERE fire_at <= 1 ORDER BY fire_at, id LIMIT 16`,
		`SELECT MIN(fire_at) FROM timers`,
	} {
		rows, err := raw.Query(`EXPLAIN QUERY PLAN ` + q)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		p := strings.Join(plan, "; ")
		if !strings.Contains(p, "timers_due") || strings.Contains(p, "SCAN timers ") || strings.HasSuffix(p, "SCAN timers") ||
			strings.Contains(p, "TEMP B-TREE") {
			t.Errorf("%s\nplan: %s", q, p)
		}
	}
}

// A case's yellow and red timers of before are its clock after migration 0017, at the
// earlier of them; other timers stay as they were.
func TestCaseTimersBecomeOneClock(t *testing.T) {
	db := storetest.New(t)
	err := db.WriteForTest(ctx, func(tx *store.Tx) error {
		for _, q := range []string{
			`INSERT INTO timers (kind, ref_id, fire_at, created_at) VALUES ('case.warn', 7, 1000, 1), ('case.due', 7, 2000, 1),
				('case.due', 8, 3000, 2), ('case.supervise', 7, 4000, 1)`,
			`DELETE FROM schema_migrations WHERE version = 17`,
		} {
			if err := tx.ExecForTest(q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	want := []timerRow{{kind: "case.clock", ref: 7, fireAt: time.UnixMilli(1000)}, {kind: "case.clock", ref: 8, fireAt: time.UnixMilli(3000)},
		{kind: "case.supervise", ref: 7, fireAt: time.UnixMilli(4000)}}
	if got := timerRows(t, db); !reflect.DeepEqual(got, want) {
		t.Errorf("timers\n got %+v\nwant %+v", got, want)
	}
}
