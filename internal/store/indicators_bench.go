package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/indicators"
)

// What the indicators benchmark (`shequ bench indicators`) runs on: a district of 8
// streets, 160 communities and 1,280 grids with its cases written straight into the case
// table, a few years of them, and the counters those cases give, so that the dashboards'
// queries (FigureCounts) can be timed next to a plain GROUP BY over the case table. The
// district is kept between runs (generating millions of cases takes minutes): a SQLite
// file in the data directory, or a schema of its own on a PostgreSQL server.
//
// A bench case's facts count on the days of its own milestones (reported on reported_at,
// closed on closed_at…), so that the GROUP BY computes exactly the counters' figures and
// the benchmark can check they agree.

// BenchIndicators is the district the benchmark queries.
type BenchIndicators struct {
	Cases          int
	Leader, Street *account.Principal // the district's leader, the first street's staff
	Worker         *account.Principal // the first grid's worker
	DistrictID     int64
	StreetID       int64
	GridID         int64
	From, To       time.Time // the cases were reported between these
}

const (
	benchStreets     = 8
	benchCommunities = 20 // a street
	benchGrids       = 8  // a community
	benchUnits       = 30
)

// OpenBench opens the benchmark's own database, creating it if absent: name.db in dir,
// or with a PostgreSQL dsn the schema shequ_bench_name on that server.
func OpenBench(ctx context.Context, dsn, dir, name string, opt Options) (*DB, error) {
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, err
		}
		dsn = filepath.Join(dir, "bench-"+name+".db")
	} else {
		admin, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		defer admin.Close()
		opt.SearchPath = "shequ_bench_" + name
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+opt.SearchPath); err != nil {
			return nil, fmt.Errorf("bench schema: %w", err)
		}
	}
	db, err := Open(ctx, dsn, opt)
	if err == nil {
		_, err = db.Migrate(ctx)
	}
	return db, err
}

// DropBench removes the benchmark database OpenBench opens: the file, or the schema.
func DropBench(ctx context.Context, dsn, dir, name string) error {
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(filepath.Join(dir, "bench-"+name+".db"+suffix)); err != nil && !os.IsNotExist(err) {
				return err
			}
		}
		return nil
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer admin.Close()
	_, err = admin.ExecContext(ctx, "DROP SCHEMA IF EXISTS shequ_bench_"+name+" CASCADE")
	return err
}

// SeedBenchIndicators returns the benchmark district of n cases reported over the years
// before now, generating it when the database holds no such district (a district of
// another size is an error: start from a fresh database). progress is told how many
// cases are written, now and then.
func (db *DB) SeedBenchIndicators(ctx context.Context, n, years int, progress func(done int)) (*BenchIndicators, error) {
	var have int
	err := db.queryRow(ctx, `SELECT COUNT(*) FROM cases`).Scan(&have)
	if err != nil {
		return nil, err
	}
	if have != 0 && have != n {
		return nil, fmt.Errorf("the bench database holds %d cases, not %d: remove it (or its schema) to generate anew", have, n)
	}
	b := &BenchIndicators{Cases: n}
	if have == 0 {
		if err := db.generateBenchDistrict(ctx, b, n, years, progress); err != nil {
			return nil, err
		}
	}
	return b, db.loadBenchDistrict(ctx, b)
}

// loadBenchDistrict finds the district's places and accounts.
func (db *DB) loadBenchDistrict(ctx context.Context, b *BenchIndicators) error {
	var from, to int64
	if err := db.queryRow(ctx, `SELECT MIN(reported_at), MAX(reported_at) FROM cases`).Scan(&from, &to); err != nil {
		return err
	}
	b.From, b.To = fromMS(from), fromMS(to)
	for _, x := range []struct {
		login string
		p     **account.Principal
		node  *int64
	}{{"bench.leader", &b.Leader, &b.DistrictID}, {"bench.street", &b.Street, &b.StreetID}, {"bench.worker", &b.Worker, &b.GridID}} {
		var id int64
		if err := db.queryRow(ctx, `SELECT id FROM users WHERE username = ?`, x.login).Scan(&id); err != nil {
			return fmt.Errorf("bench account %s: %w", x.login, err)
		}
		p, err := db.PrincipalFor(ctx, id)
		if err != nil {
			return err
		}
		*x.p, *x.node = p, p.NodeID
	}
	return nil
}

func (db *DB) generateBenchDistrict(ctx context.Context, b *BenchIndicators, n, years int, progress func(int)) error {
	sys := account.SystemPrincipal("bench")
	mk := func(parent int64, level admin.Level, code, name string) (*admin.Node, error) {
		return db.CreateNode(ctx, sys, admin.NodeInput{ParentID: parent, Level: level, Code: code, Name: name})
	}
	city, err := mk(0, admin.City, "320500", "苏州市")
	if err != nil {
		return err
	}
	dist, err := mk(city.ID, admin.District, "320508", "姑苏区")
	if err != nil {
		return err
	}
	var grids []*admin.Node
	for s := range benchStreets {
		street, err := mk(dist.ID, admin.Street, fmt.Sprintf("%03d", s+1), fmt.Sprintf("第%d街道", s+1))
		if err != nil {
			return err
		}
		for c := range benchCommunities {
			comm, err := mk(street.ID, admin.Community, fmt.Sprintf("%03d", c+1), fmt.Sprintf("第%d街道第%d社区", s+1, c+1))
			if err != nil {
				return err
			}
			for g := range benchGrids {
				grid, err := mk(comm.ID, admin.Grid, fmt.Sprintf("%02d", g+1), fmt.Sprintf("%s第%d网格", comm.Name, g+1))
				if err != nil {
					return err
				}
				grids = append(grids, grid)
			}
		}
	}
	var units []int64
	for u := range benchUnits {
		unit, err := db.CreateUnit(ctx, sys, admin.UnitInput{NodeID: dist.ID, Kind: admin.Department, Name: fmt.Sprintf("区第%d部门", u+1)})
		if err != nil {
			return err
		}
		units = append(units, unit.ID)
	}
	for i, a := range []struct {
		login string
		role  account.Role
		node  int64
	}{{"bench.leader", account.Leader, dist.ID}, {"bench.street", account.Staff, grids[0].ParentID}, {"bench.worker", account.GridWorker, grids[0].ID}} {
		node := a.node
		if a.login == "bench.street" {
			c, err := db.nodeByID(ctx, grids[0].ParentID)
			if err != nil {
				return err
			}
			node = c.ParentID
		}
		if _, err := db.CreateUser(ctx, sys, account.UserInput{Username: a.login, DisplayName: a.login, Role: a.role, NodeID: node,
			Phone: fmt.Sprintf("1390000%04d", i+1), Password: "Bench-pass-1"}); err != nil {
			return err
		}
	}
	tree, err := db.Categories(ctx)
	if err != nil {
		return err
	}
	cats := tree.Leaves(cases.EventKind, false)
	if len(cats) > 60 {
		cats = cats[:60]
	}
	// Millions of rows go in faster with the case table's secondary indexes built once
	// at the end than kept up row by row; the district ends with the same indexes.
	indexes, err := db.dropCaseIndexes(ctx)
	if err != nil {
		return err
	}
	if err := db.writeBenchCases(ctx, n, years, grids, units, cats, progress); err != nil {
		return err
	}
	for _, create := range indexes {
		if _, err := db.w.ExecContext(ctx, create); err != nil {
			return fmt.Errorf("bench index: %w", err)
		}
	}
	return nil
}

// dropCaseIndexes drops the case table's secondary, non-unique indexes and returns the
// statements that create them again.
func (db *DB) dropCaseIndexes(ctx context.Context) ([]string, error) {
	q := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases' AND sql IS NOT NULL`
	if db.dialect == Postgres {
		q = `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'cases' AND schemaname = current_schema()`
	}
	rows, err := db.w.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	var names, creates []string
	for rows.Next() {
		var name, create string
		if err := rows.Scan(&name, &create); err != nil {
			rows.Close()
			return nil, err
		}
		if !strings.Contains(strings.ToUpper(create), "UNIQUE") {
			names, creates = append(names, name), append(creates, create)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := db.w.ExecContext(ctx, "DROP INDEX "+name); err != nil {
			return nil, fmt.Errorf("bench index: %w", err)
		}
	}
	return creates, nil
}

// writeBenchCases writes n cases in order of their report day, and the counters of
// every day and the rollups of every day and month once no later case can add to them.
func (db *DB) writeBenchCases(ctx context.Context, n, years int, grids []*admin.Node, units []int64, cats []*cases.Category,
	progress func(int)) error {
	r := rand.New(rand.NewPCG(10, 10_000_000))
	// Reports crowd into a few categories, as a city's do: the first tenth of the
	// classes takes about half of them.
	zipf := rand.NewZipf(r, 1.2, 2, uint64(len(cats)-1))
	end := time.Now().In(chinaTime).Truncate(24 * time.Hour)
	days := years * 365
	start := end.AddDate(0, 0, -days)
	dayFacts, monthRolls := map[countKey]int64{}, map[countKey]int64{}
	sources := []cases.Source{cases.FromResident, cases.FromResident, cases.FromPatrol, cases.FromPatrol, cases.FromHotline, cases.FromAssigned, cases.FromSensor}
	ratings := []cases.Rating{cases.Satisfied, cases.Satisfied, cases.Satisfied, cases.FairlySatisfied, cases.Dissatisfied}
	sink, err := db.newBenchSink(ctx)
	if err != nil {
		return err
	}
	defer sink.close()
	caseCols := []string{"ticket", "source", "status", "category_id", "triage", "priority", "description", "located", "node_id", "node_path",
		"assignee_unit_id", "due_at", "reported_at", "registered_at", "dispatched_at", "acknowledged_at", "handled_at", "closed_at", "rated_at",
		"rating", "updated_at"}
	countCols := []string{"grain", "period", "node_path", "fact", "unit_id", "category_id", "source", "triage", "n"}
	var rows [][]any
	flushCases := func() error {
		err := sink.write("cases", caseCols, rows)
		rows = rows[:0]
		return err
	}
	// writeCounts writes the counters of m whose period is done, and forgets them.
	writeCounts := func(m map[countKey]int64, done func(period int) bool) error {
		var batch [][]any
		for key, v := range m {
			if done(key.period) {
				batch = append(batch, []any{key.grain, key.period, key.nodePath, key.fact, key.unitID, key.categoryID, key.source, key.triage, v})
				delete(m, key)
			}
		}
		// In key order the rows land beside each other in the counters' b-tree.
		slices.SortFunc(batch, func(a, b []any) int {
			for i := range 8 {
				var c int
				switch x := a[i].(type) {
				case string:
					c = strings.Compare(x, b[i].(string))
				case int:
					c = cmp.Compare(x, b[i].(int))
				case int64:
					c = cmp.Compare(x, b[i].(int64))
				}
				if c != 0 {
					return c
				}
			}
			return 0
		})
		if err := sink.write("fact_counts", countCols, batch); err != nil {
			return fmt.Errorf("bench counters: %w", err)
		}
		return nil
	}
	// flushDays writes the counters of the days done and their days' rollups, complete
	// since every counter of those days is here, and adds them to their months' rollups
	// (the bench tree's root is a city, so a place's level is its depth).
	flushDays := func(done func(period int) bool) error {
		dayRolls := map[countKey]int64{}
		for key, v := range dayFacts {
			if !done(key.period) {
				continue
			}
			level := admin.Level(len(admin.PathIDs(key.nodePath)))
			for p := key.nodePath; p != "" && p != "/"; p, level = parentPath(p), level-1 {
				if level <= totalsDownTo {
					for _, r := range rollupKeys(key, p, level) {
						if r.grain == rollDay {
							dayRolls[r] += v
						} else {
							monthRolls[r] += v
						}
					}
				}
			}
		}
		if err := writeCounts(dayFacts, done); err != nil {
			return err
		}
		return writeCounts(dayRolls, func(int) bool { return true })
	}
	dayNum := func(t time.Time) int { t = t.In(chinaTime); return t.Year()*10000 + int(t.Month())*100 + t.Day() }
	// The counter of a fact; its rollups are summed when it is written.
	count := func(t time.Time, f indicators.Fact, key countKey) {
		key.fact, key.grain, key.period = string(f), dayGrain, dayNum(t)
		dayFacts[key]++
	}
	written := 0
	for day := range days {
		date := start.AddDate(0, 0, day)
		perDay := n / days
		if day < n%days {
			perDay++
		}
		for i := range perDay {
			g := grids[r.IntN(len(grids))]
			cat := cats[zipf.Uint64()]
			unit := units[int(cat.ID)%len(units)] // each category goes to one unit, as dispatch rules have it
			src := sources[r.IntN(len(sources))]
			at := date.Add(time.Duration(7*3600+r.IntN(13*3600)) * time.Second)
			key := countKey{nodePath: g.Path, categoryID: cat.ID, source: string(src), triage: string(cat.Triage)}
			var registered, dispatched, acknowledged, handled, closed, rated, due *time.Time
			status, rating := cases.Reported, ""
			step := func(base time.Time, lo, hi int) *time.Time {
				t := base.Add(time.Duration(lo+r.IntN(hi-lo+1)) * time.Minute)
				if t.After(end) {
					return nil
				}
				return &t
			}
			// The timeline first, then its facts, all with the unit the case went to (the
			// baseline has only the case's last unit to group by).
			if r.IntN(10) < 9 {
				registered = step(at, 5, 120)
			}
			if registered != nil {
				status, dispatched = cases.Registered, step(*registered, 1, 30)
			}
			if dispatched != nil {
				status, acknowledged = cases.Dispatched, step(*dispatched, 5, 240)
				key.unitID = unit
			}
			if acknowledged != nil {
				status, handled = cases.Acknowledged, step(*acknowledged, 60, 5*24*60)
			}
			if handled != nil {
				limit := dispatched.Add(5 * 24 * time.Hour)
				status, due, closed = cases.Handled, &limit, step(*handled, 30, 2*24*60)
			}
			if closed != nil && r.IntN(3) > 0 {
				status, rated = cases.Closed, step(*closed, 60, 3*24*60)
			} else if closed != nil {
				status = cases.Closed
			}
			count(at, indicators.Reported, key)
			if registered != nil {
				count(*registered, indicators.Valid, key)
				count(*registered, indicators.Registered, key)
			}
			if dispatched != nil {
				count(*dispatched, indicators.Dispatched, key)
			}
			if acknowledged != nil {
				count(*acknowledged, indicators.AckDue, key)
				if acknowledged.Sub(*dispatched) <= 2*time.Hour {
					count(*acknowledged, indicators.AckOnTime, key)
				}
			}
			if handled != nil {
				count(*handled, indicators.HandleDue, key)
				count(*handled, indicators.Handled, key)
				if handled.Sub(*dispatched) <= 3*24*time.Hour {
					count(*handled, indicators.HandledOnTime, key)
				}
			}
			if closed != nil {
				count(*closed, indicators.CloseDue, key)
				count(*closed, indicators.Closed, key)
				if !closed.After(*due) {
					count(*closed, indicators.ClosedOnTime, key)
				}
			}
			if rated != nil {
				rt := ratings[r.IntN(len(ratings))]
				rating = string(rt)
				count(*rated, indicators.Visited, key)
				count(*rated, indicators.Rated, key)
				switch rt {
				case cases.Satisfied:
					count(*rated, indicators.Satisfied, key)
				case cases.FairlySatisfied:
					count(*rated, indicators.BasicallySatisfied, key)
				default:
					count(*rated, indicators.Dissatisfied, key)
				}
			}
			msp := func(t *time.Time) any {
				if t == nil {
					return nil
				}
				return ms(*t)
			}
			var unitArg any
			if dispatched != nil {
				unitArg = unit
			}
			rows = append(rows, []any{fmt.Sprintf("B%s-%06d", date.Format("20060102"), i+1), string(src), string(status), cat.ID, string(cat.Triage),
				string(cat.Priority), "bench", true, g.ID, g.Path, unitArg, msp(due), ms(at), msp(registered), msp(dispatched), msp(acknowledged),
				msp(handled), msp(closed), msp(rated), rating, ms(at)})
			if len(rows) == benchBatch*4 {
				if err := flushCases(); err != nil {
					return err
				}
			}
			written++
		}
		if err := flushCases(); err != nil {
			return err
		}
		// A case's facts land within twelve days of its report: what is older is final.
		final := dayNum(date.AddDate(0, 0, -12))
		if err := flushDays(func(p int) bool { return p < final }); err != nil {
			return err
		}
		if day%30 == 0 {
			if err := writeCounts(monthRolls, func(p int) bool { return p < final/100 }); err != nil {
				return err
			}
			if progress != nil {
				progress(written)
			}
		}
	}
	all := func(int) bool { return true }
	if err := flushDays(all); err != nil {
		return err
	}
	if err := writeCounts(monthRolls, all); err != nil {
		return err
	}
	if err := sink.close(); err != nil {
		return err
	}
	if db.dialect == Postgres {
		for _, t := range []string{"cases", "fact_counts"} {
			if _, err := db.w.ExecContext(ctx, "ANALYZE "+t); err != nil {
				return err
			}
		}
	}
	if progress != nil {
		progress(written)
	}
	return nil
}

// BenchBaselineFacts are the facts the baseline computes from the case table: those a
// bench case's milestones say.
var BenchBaselineFacts = []indicators.Fact{indicators.Reported, indicators.Registered, indicators.Dispatched, indicators.Closed,
	indicators.Rated, indicators.Satisfied}

// BenchBaseline computes the counts of BenchBaselineFacts that FigureCounts gives for q,
// with a plain GROUP BY over the case table: the cases of the area reported since 30
// days before the period (no bench case counts later than that), each milestone within
// the period counted.
func (db *DB) BenchBaseline(ctx context.Context, p *account.Principal, q FigureQuery) ([]FigureGroup, error) {
	f, err := db.figureFilter(ctx, p, q)
	if err != nil {
		return nil, err
	}
	lo := ms(q.Period.From.Start())
	hi := ms(q.Period.To.AddDays(1).Start()) - 1
	where := []string{"reported_at >= ?"}
	for _, w := range f.where {
		where = append(where, strings.ReplaceAll(w, "unit_id", "assignee_unit_id"))
	}
	args := append([]any{lo - 30*24*3600*1000}, f.args...)
	col := map[Dimension]string{ByNone: "''", ByArea: "node_path", ByUnit: "COALESCE(assignee_unit_id, 0)", ByCategory: "category_id",
		BySource: "source", ByTriage: "triage"}[q.By]
	if col == "" {
		return nil, fmt.Errorf("bench baseline: no breakdown %q", q.By)
	}
	in := func(c string) string {
		return "SUM(CASE WHEN " + c + " BETWEEN " + strconv.FormatInt(lo, 10) + " AND " + strconv.FormatInt(hi, 10) + " THEN 1 ELSE 0 END)"
	}
	sel := []string{in("reported_at"), in("registered_at"), in("dispatched_at"), in("closed_at"), in("rated_at"),
		"SUM(CASE WHEN rating = 'satisfied' AND rated_at BETWEEN " + strconv.FormatInt(lo, 10) + " AND " + strconv.FormatInt(hi, 10) + " THEN 1 ELSE 0 END)"}
	group := " GROUP BY " + col
	if q.By == ByNone {
		group = ""
	}
	rows, err := db.query(ctx, `SELECT `+col+`, `+strings.Join(sel, ", ")+` FROM cases WHERE `+strings.Join(where, " AND ")+group, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	at := map[string]int{}
	var out []FigureGroup
	for rows.Next() {
		var key string
		v := make([]sql.NullInt64, len(BenchBaselineFacts))
		dest := []any{&key}
		for i := range v {
			dest = append(dest, &v[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if q.By == ByArea {
			key = childOf(f.scope, key)
		}
		i, ok := at[key]
		if !ok {
			i, at[key] = len(out), len(out)
			out = append(out, FigureGroup{Key: key, Counts: indicators.Counts{}})
		}
		for j, x := range v {
			if x.Int64 != 0 {
				out[i].Counts[BenchBaselineFacts[j]] += x.Int64
			}
		}
	}
	return out, rows.Err()
}
