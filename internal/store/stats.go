package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

// NodeStats are the counts of the registers in a place and everything below it, active
// records only.
type NodeStats struct {
	NodeID            int64          `json:"node_id"`
	Buildings         int            `json:"buildings"`
	Houses            int            `json:"houses"`
	RentedHouses      int            `json:"rented_houses" doc:"Houses whose use is rented"`
	HousesByUse       map[string]int `json:"houses_by_use" doc:"self_occupied, rented, vacant, commercial, other"`
	Households        int            `json:"households"`
	Residents         int            `json:"residents"`
	ResidentsByType   map[string]int `json:"residents_by_type" doc:"registered, floating, foreign"`
	Rentals           int            `json:"rentals" doc:"Rental registrations covering today"`
	Organisations     int            `json:"organisations"`
	Facilities        int            `json:"facilities"`
	FacilitiesByClass map[string]int `json:"facilities_by_class" doc:"By GB/T 30428 major class (01 public utilities … 06 other)"`
}

// StatMetrics are the counts a map can colour places by, in display order.
var StatMetrics = []string{"households", "residents", "rented_houses", "rentals", "organisations", "facilities", "buildings", "houses"}

// Metric returns the count named by one of StatMetrics (0 for another name).
func (s *NodeStats) Metric(name string) int {
	switch name {
	case "buildings":
		return s.Buildings
	case "houses":
		return s.Houses
	case "rented_houses":
		return s.RentedHouses
	case "households":
		return s.Households
	case "residents":
		return s.Residents
	case "rentals":
		return s.Rentals
	case "organisations":
		return s.Organisations
	case "facilities":
		return s.Facilities
	}
	return 0
}

func newNodeStats(id int64) *NodeStats {
	return &NodeStats{NodeID: id, HousesByUse: map[string]int{}, ResidentsByType: map[string]int{}, FacilitiesByClass: map[string]int{}}
}

// statSource is one register table counted per place: by the path of the grid its rows
// belong to, split by a column when kind is set, narrowed by where (with args from the
// database's clock) when set.
type statSource struct {
	table, kind string
	where       string
	args        func(db *DB) []any
	add         func(s *NodeStats, kind string, n int)
}

var statSources = []statSource{
	{table: "buildings", add: func(s *NodeStats, _ string, n int) { s.Buildings += n }},
	{table: "houses", kind: "house_use", add: func(s *NodeStats, kind string, n int) {
		s.Houses += n
		s.HousesByUse[kind] += n
		if kind == string(register.Rented) {
			s.RentedHouses += n
		}
	}},
	{table: "households", add: func(s *NodeStats, _ string, n int) { s.Households += n }},
	{table: "persons", kind: "reg_type", add: func(s *NodeStats, kind string, n int) {
		s.Residents += n
		s.ResidentsByType[kind] += n
	}},
	// The registrations the rentals register calls active: covering today.
	{table: "rentals", where: "start_date <= ? AND end_date >= ?", args: func(db *DB) []any {
		today := register.Today(db.now()).Format(time.DateOnly)
		return []any{today, today}
	}, add: func(s *NodeStats, _ string, n int) { s.Rentals += n }},
	{table: "organisations", add: func(s *NodeStats, _ string, n int) { s.Organisations += n }},
	{table: "facilities", kind: "major", add: func(s *NodeStats, kind string, n int) {
		s.Facilities += n
		s.FacilitiesByClass[kind] += n
	}},
}

// NodeStats counts the registers of a place in the caller's scope and below it.
func (db *DB) NodeStats(ctx context.Context, p *account.Principal, nodeID int64) (*NodeStats, error) {
	n, err := db.statsNode(ctx, p, nodeID)
	if err != nil {
		return nil, err
	}
	out := newNodeStats(n.ID)
	err = db.countByPath(ctx, n.Path, func(_ string, src statSource, kind string, c int) { src.add(out, kind, c) })
	return out, err
}

// ChildStats counts the registers of each active child of a place in the caller's scope
// (and below it), in the children's code order; children without records have zeros.
// One grouped query per register serves every child, however many.
func (db *DB) ChildStats(ctx context.Context, p *account.Principal, nodeID int64) ([]*NodeStats, error) {
	n, err := db.statsNode(ctx, p, nodeID)
	if err != nil {
		return nil, err
	}
	kids, err := queryList(ctx, db, "entity.node", scanID, `SELECT id FROM nodes WHERE parent_id = ? AND retired_at IS NULL ORDER BY code`, n.ID)
	if err != nil {
		return nil, err
	}
	out := make([]*NodeStats, len(kids))
	byID := make(map[int64]*NodeStats, len(kids))
	for i, id := range kids {
		out[i] = newNodeStats(id)
		byID[id] = out[i]
	}
	depth := n.Depth()
	err = db.countByPath(ctx, n.Path, func(path string, src statSource, kind string, c int) {
		// A record's path runs through the child it falls under, right after n's own ids.
		if ids := admin.PathIDs(path); len(ids) > depth {
			if s := byID[ids[depth]]; s != nil {
				src.add(s, kind, c)
			}
		}
	})
	return out, err
}

// statsNode is a place whose statistics the caller may see.
func (db *DB) statsNode(ctx context.Context, p *account.Principal, id int64) (*admin.Node, error) {
	if !p.Can(account.TreeView) {
		return nil, errs.ForbiddenErr()
	}
	return db.Node(ctx, p, id)
}

// countByPath counts the active rows of every register below path, grouped by the path
// of their place (and their kind), and hands each group to add.
func (db *DB) countByPath(ctx context.Context, path string, add func(path string, src statSource, kind string, n int)) error {
	lo, hi := admin.SubtreeRange(path)
	for _, src := range statSources {
		// PostgreSQL refuses a constant in GROUP BY: a source without kinds groups by path alone.
		kind, group := "''", ""
		if src.kind != "" {
			kind, group = src.kind, ", "+src.kind
		}
		where, args := "", []any{lo, hi}
		if src.where != "" {
			where = " AND " + src.where
			args = append(args, src.args(db)...)
		}
		rows, err := db.query(ctx, `SELECT node_path, `+kind+`, COUNT(*) FROM `+src.table+
			` WHERE node_path >= ? AND node_path < ? AND retired_at IS NULL`+where+` GROUP BY node_path`+group, args...)
		if err != nil {
			return mapErr(err, "entity.node")
		}
		for rows.Next() {
			var p string
			var k sql.NullString
			var n int
			if err := rows.Scan(&p, &k, &n); err != nil {
				rows.Close()
				return mapErr(err, "entity.node")
			}
			add(p, src, k.String, n)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return mapErr(err, "entity.node")
		}
	}
	return nil
}

// scanID scans a row of one id.
func scanID(s rowScanner) (int64, error) {
	var id int64
	return id, s.Scan(&id)
}
