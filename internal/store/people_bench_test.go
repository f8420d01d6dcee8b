package store_test

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

// BenchmarkPeopleList measures pages of the residents' list over 1,000,000 residents in
// one district (10 streets × 10 communities × 10 grids, 1,000 residents a grid), for a
// district, a street and a grid scope: the first page, a page 90% of the way through the
// scope, and filters. The keyset pages go through store.People, as the API does; the
// baseline is the same deep page by OFFSET, in the same run.
//
//	go test -run '^$' -bench PeopleList -benchtime 20x ./internal/store/
//
// SHEQU_BENCH_PEOPLE sets another number of residents (e.g. 100000 for a quick look).
func BenchmarkPeopleList(b *testing.B) {
	total := 1_000_000
	if s := os.Getenv("SHEQU_BENCH_PEOPLE"); s != "" {
		total, _ = strconv.Atoi(s)
	}
	db := storetest.New(b)
	raw := rawDB(b, db)
	keys := storetest.Keys(b)
	// A second handle on the same database with known keys, so the fixture's lookup
	// hashes are the ones People computes.
	sdb, err := store.Open(ctx, db.URL, store.Options{Clock: db.Clock, Keys: keys, SearchPath: db.Path})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sdb.Close() })
	start := time.Now()
	district, street, grid := seedPeople(b, raw, keys.Lookup, total)
	b.Logf("seeded %d residents in %s", total, time.Since(start).Round(time.Second))

	scopes := []struct {
		name string
		node benchNode
	}{{"district", district}, {"street", street}, {"grid", grid}}
	for _, sc := range scopes {
		p := &account.Principal{UserID: 1, Username: "bench", Role: account.Staff, ScopePath: sc.node.path, NodeLevel: admin.Community}
		lo, hi := admin.SubtreeRange(sc.node.path)
		var n int
		if err := raw.QueryRow(rebind(`SELECT COUNT(*) FROM persons WHERE node_path >= ? AND node_path < ?`), lo, hi).Scan(&n); err != nil {
			b.Fatal(err)
		}
		deep := n * 9 / 10
		var c store.PathCursor
		if err := raw.QueryRow(rebind(`SELECT node_path, id FROM persons WHERE node_path >= ? AND node_path < ? ORDER BY node_path, id
			LIMIT 1 OFFSET ?`), lo, hi, deep-1).Scan(&c.Path, &c.ID); err != nil {
			b.Fatal(err)
		}
		cases := []struct {
			name string
			f    store.PeopleFilter
		}{
			{"first-page", store.PeopleFilter{}},
			{"deep-page", store.PeopleFilter{After: c}},
			{"reg-type", store.PeopleFilter{RegType: register.Floating}},
			{"reg-type-deep", store.PeopleFilter{RegType: register.Floating, After: c}},
			{"women-over-80", store.PeopleFilter{Sex: register.Female, MinAge: 80}},
			{"care-tag", store.PeopleFilter{CareTag: register.Disabled}},
			{"name-prefix", store.PeopleFilter{Name: "王", NamePrefix: true}},
			{"id-number", store.PeopleFilter{IDNumber: benchID(total / 2)}},
			{"phone", store.PeopleFilter{Phone: benchPhone(total / 3)}},
		}
		for _, c := range cases {
			b.Run(sc.name+"/"+c.name, func(b *testing.B) {
				for b.Loop() {
					if _, _, err := sdb.People(ctx, p, c.f); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/page")
			})
		}
		b.Run(sc.name+"/baseline-offset-deep-page", func(b *testing.B) {
			q := rebind(`SELECT id, node_id, node_path, name, reg_type, id_masked, passport_masked, nationality, birth_date, sex,
				phone_masked, ethnicity, care_tags, retired_at, created_at, updated_at, version FROM persons
				WHERE node_path >= ? AND node_path < ? AND retired_at IS NULL ORDER BY node_path, id LIMIT 51 OFFSET ?`)
			for b.Loop() {
				rows, err := raw.Query(q, lo, hi, deep)
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
				}
				rows.Close()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/page")
		})
	}
}

func benchID(i int) string {
	first := fmt.Sprintf("3205%02d%04d%02d%02d%03d", i%90+10, 1930+i%95, i%12+1, i%28+1, i/(90*95*12*28/4)%1000)
	c, _ := register.IDCheckChar(first)
	return first + string(c)
}

func benchPhone(i int) string { return fmt.Sprintf("13%09d", i) }

var benchSurnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"}

// seedPeople writes the district's places and total residents straight into the tables
// (no audit: a fixture, not a history) and returns the district, its first street and
// that street's first grid.
func seedPeople(b *testing.B, raw *sql.DB, lookup func(kind, v string) string, total int) (district, street, grid benchNode) {
	b.Helper()
	tx, err := raw.Begin()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	insNode, err := tx.Prepare(rebind(`INSERT INTO nodes (id, parent_id, level, code, full_code, name, path, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)`))
	if err != nil {
		b.Fatal(err)
	}
	next := int64(1000)
	add := func(parent *benchNode, level admin.Level, code, fullCode string) benchNode {
		next++
		n := benchNode{id: next, path: admin.ChildPath("", next)}
		var parentID any
		if parent != nil {
			n.path, parentID = admin.ChildPath(parent.path, next), parent.id
		}
		if _, err := insNode.Exec(n.id, parentID, level, code, fullCode, fullCode, n.path); err != nil {
			b.Fatal(err)
		}
		return n
	}
	city := add(nil, admin.City, "320500", "320500")
	district = add(&city, admin.District, "320508", "320508")
	var grids []benchNode
	for s := 1; s <= 10; s++ {
		sc := fmt.Sprintf("320508%03d", s)
		st := add(&district, admin.Street, sc[6:], sc)
		if s == 1 {
			street = st
		}
		for c := 1; c <= 10; c++ {
			cc := fmt.Sprintf("%s%03d", sc, c)
			comm := add(&st, admin.Community, cc[9:], cc)
			for g := 1; g <= 10; g++ {
				gc := fmt.Sprintf("%s%02d", cc, g)
				grids = append(grids, add(&comm, admin.Grid, gc[12:], gc))
			}
		}
	}
	grid = grids[0]
	ins, err := tx.Prepare(rebind(`INSERT INTO persons (node_id, node_path, name, reg_type, id_lookup, id_masked, birth_date, sex,
		phone_lookup, phone_masked, ethnicity, care_tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '01', ?, 0, 0)`))
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	regTypes := []register.RegType{register.Registered, register.Registered, register.Floating, register.Registered, register.Foreign}
	for i := range total {
		g := grids[i*len(grids)/total]
		id := benchID(i)
		sex := register.Female
		if rng.IntN(2) == 0 {
			sex = register.Male
		}
		birth := register.Date(1930+rng.IntN(95), time.Month(1+rng.IntN(12)), 1+rng.IntN(28)).Format(time.DateOnly)
		tags := ""
		if rng.IntN(100) == 0 {
			tags = string(register.Disabled)
		}
		name := benchSurnames[rng.IntN(len(benchSurnames))] + "某" + strconv.Itoa(i%1000)
		var phone any
		if i%3 == 0 {
			phone = lookup(register.LookupPhone, benchPhone(i))
		}
		if _, err := ins.Exec(g.id, g.path, name, regTypes[i%len(regTypes)], lookup(register.LookupIDNumber, id), id[:6]+"********"+id[14:],
			birth, sex, phone, "", tags); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := raw.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return district, street, grid
}
