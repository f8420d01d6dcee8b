package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/geo"
)

// What the intake benchmarks (BenchmarkIntake, `shequ bench intake`) run on: a small
// district whose grids have boundaries, a unit with a handler and a dispatch rule for the
// category reported, so that every report goes the whole way through db.Report (locate,
// triage, the rule, register and dispatch, deadlines from the working calendar, timers,
// notifications, the timeline and the audit chain); and, for the baseline, a table of a
// few columns written a row per transaction on the same writer.

// BenchIntakeCategory is the code of the category the benchmark reports (暴露垃圾: 大事,
// its limits in working hours and days).
const BenchIntakeCategory = "0102"

// BenchIntake is the district SeedBenchIntake built.
type BenchIntake struct {
	CategoryID int64
	UnitID     int64
	Grids      int
	// SW and NE bound the grids: every point between them lies in one grid.
	SW, NE geo.Point
}

// benchGridSide is the side of a benchmark grid in degrees (about 2.2 km north to south):
// reports spread over 8 × 8 of them rarely fall within the duplicate radius of another.
const benchGridSide = 0.02

// SeedBenchIntake builds the benchmark's district: a city, a district, a street and a
// community with side × side square grids (at most 99), a department with a handler, and
// a rule sending BenchIntakeCategory to it.
func (db *DB) SeedBenchIntake(ctx context.Context, side int) (*BenchIntake, error) {
	if side < 1 || side*side > 99 {
		return nil, fmt.Errorf("bench intake: %d × %d grids, want 1 to 99", side, side)
	}
	sys := account.SystemPrincipal("bench")
	mk := func(parent int64, level admin.Level, code, name, boundary string) (*admin.Node, error) {
		n, err := db.CreateNode(ctx, sys, admin.NodeInput{ParentID: parent, Level: level, Code: code, Name: name, Boundary: boundary})
		if err != nil {
			return nil, fmt.Errorf("bench place %s: %w", name, err)
		}
		return n, nil
	}
	city, err := mk(0, admin.City, "320500", "苏州市", "")
	if err != nil {
		return nil, err
	}
	dist, err := mk(city.ID, admin.District, "320508", "姑苏区", "")
	if err != nil {
		return nil, err
	}
	street, err := mk(dist.ID, admin.Street, "001", "平江街道", "")
	if err != nil {
		return nil, err
	}
	comm, err := mk(street.ID, admin.Community, "001", "平江路社区", "")
	if err != nil {
		return nil, err
	}
	out := &BenchIntake{Grids: side * side, SW: geo.Point{Lng: 120.50, Lat: 31.20}}
	out.NE = geo.Point{Lng: out.SW.Lng + float64(side)*benchGridSide, Lat: out.SW.Lat + float64(side)*benchGridSide}
	for i := range side * side {
		x0, y0 := out.SW.Lng+float64(i%side)*benchGridSide, out.SW.Lat+float64(i/side)*benchGridSide
		x1, y1 := x0+benchGridSide, y0+benchGridSide
		b, err := geo.MarshalGeoJSON(geo.Polygon{geo.Ring{{Lng: x0, Lat: y0}, {Lng: x1, Lat: y0}, {Lng: x1, Lat: y1}, {Lng: x0, Lat: y1}, {Lng: x0, Lat: y0}}})
		if err != nil {
			return nil, err
		}
		if _, err := mk(comm.ID, admin.Grid, fmt.Sprintf("%02d", i+1), fmt.Sprintf("第%d网格", i+1), string(b)); err != nil {
			return nil, err
		}
	}
	u, err := db.CreateUnit(ctx, sys, admin.UnitInput{NodeID: dist.ID, Kind: admin.Department, Name: "区城市管理局"})
	if err != nil {
		return nil, fmt.Errorf("bench unit: %w", err)
	}
	out.UnitID = u.ID
	if _, err := db.CreateUser(ctx, sys, account.UserInput{Username: "bench.handler", DisplayName: "处置人员", Role: account.Handler,
		UnitID: u.ID, Phone: "13900000001", Password: "Bench-pass-1"}); err != nil {
		return nil, fmt.Errorf("bench handler: %w", err)
	}
	tree, err := db.Categories(ctx)
	if err != nil {
		return nil, err
	}
	cat := tree.ByCode(cases.EventKind, BenchIntakeCategory)
	if cat == nil {
		return nil, fmt.Errorf("bench intake: no category %s", BenchIntakeCategory)
	}
	out.CategoryID = cat.ID
	if _, err := db.CreateDispatchRule(ctx, sys, cases.DispatchRuleInput{NodeID: dist.ID, CategoryID: cat.ID, UnitID: u.ID}); err != nil {
		return nil, fmt.Errorf("bench rule: %w", err)
	}
	db.BoundariesChanged()
	return out, nil
}

// benchWords are the characters benchmark descriptions are drawn from: common ones, so
// the text looks like a report, and many, so two descriptions share almost no pair of
// characters and duplicate detection lets every report be dispatched.
const benchWords = "楼道门口路边小区广场河边桥下花园车库电梯垃圾杂物渣土纸箱塑料袋泡沫旧家具树枝落叶砖块水泥沙石油桶" +
	"东西南北左右前后里外上下新旧大小多少长短高低远近早晚今明昨白黑红绿蓝黄灰紫青"

// Report is a benchmark report of r: a point drawn at random in the grids, a description
// of random characters, a reporter's phone to notify.
func (b *BenchIntake) Report(r *rand.Rand) cases.Report {
	words := []rune(benchWords)
	var sb strings.Builder
	sb.WriteString("发现")
	for range 14 {
		sb.WriteRune(words[r.IntN(len(words))])
	}
	pt := geo.Point{Lng: b.SW.Lng + r.Float64()*(b.NE.Lng-b.SW.Lng), Lat: b.SW.Lat + r.Float64()*(b.NE.Lat-b.SW.Lat)}
	return cases.Report{Source: cases.FromResident, CategoryID: b.CategoryID, Description: sb.String(), Location: &pt,
		ReporterName: "居民", ReporterPhone: fmt.Sprintf("139%08d", r.IntN(100000000))}
}

// PrepareBenchRaw creates the baseline's table: a key and a few columns, as small a row
// as a write can be.
func (db *DB) PrepareBenchRaw(ctx context.Context) error {
	_, err := db.w.ExecContext(ctx, db.dialect.expand(`CREATE TABLE IF NOT EXISTS bench_raw (id {{ID}}, client INTEGER NOT NULL,
		n INTEGER NOT NULL, note TEXT NOT NULL, created_at BIGINT NOT NULL)`))
	return err
}

// BenchRawInsert writes one row in a transaction of its own (BEGIN; INSERT; COMMIT) on
// the writer every write uses, with its durability (on SQLite the single writer
// connection with synchronous=FULL, on PostgreSQL the pool with the server's
// synchronous_commit): the cheapest durable write, the baseline intake is measured by.
func (db *DB) BenchRawInsert(ctx context.Context, client, n int) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	// Prepared once, as intake's statements are (stmtCache), so that the baseline is
	// not slowed by parsing its one statement again each time.
	q := db.dialect.rebind(`INSERT INTO bench_raw (client, n, note, created_at) VALUES (?, ?, ?, ?)`)
	ins := db.stmts.kept(q)
	if ins == nil {
		tx.Rollback()
		db.stmts.keep(db.w, []string{q})
		if ins = db.stmts.kept(q); ins == nil {
			return fmt.Errorf("bench raw: statement not prepared")
		}
		if tx, err = db.w.BeginTx(ctx, nil); err != nil {
			return err
		}
	}
	if _, err := tx.StmtContext(ctx, ins).ExecContext(ctx, client, n, "bench", ms(db.now())); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
