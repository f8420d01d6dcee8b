package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// ImportSink returns the sink an import of a register writes through, for the caller
// and the job whose batches it audits.
func (db *DB) ImportSink(ctx context.Context, p *account.Principal, reg string, jobID int64) (importer.Sink, error) {
	if !p.Can(account.RegisterEdit) || p.ScopePath == "" {
		return nil, errs.ForbiddenErr()
	}
	if err := db.backfillKeys(ctx); err != nil {
		return nil, err
	}
	base := importBase{db: db, p: p, job: jobID, grids: map[string]*admin.Node{}}
	switch reg {
	case importer.Buildings.Name:
		return &buildingSink{importBase: base}, nil
	case importer.Houses.Name:
		return &houseSink{importBase: base, buildings: map[string]*buildingRow{}}, nil
	case importer.Residents.Name:
		if db.keys == nil {
			return nil, errs.Internalf("no encryption key configured")
		}
		return &personSink{importBase: base}, nil
	case importer.Organisations.Name:
		return &orgSink{importBase: base}, nil
	case importer.Rentals.Name:
		if db.keys == nil {
			return nil, errs.Internalf("no encryption key configured")
		}
		s := &rentalSink{importBase: base}
		s.refs = newRefResolver(&s.importBase)
		return s, nil
	case importer.Households.Name:
		if db.keys == nil {
			return nil, errs.Internalf("no encryption key configured")
		}
		s := &householdSink{importBase: base, seen: map[string]int{}, members: map[int64]int{}}
		s.refs = newRefResolver(&s.importBase)
		return s, nil
	case importer.Facilities.Name:
		return &facilitySink{importBase: base, units: map[string][]*admin.Unit{}, orgs: map[string][]orgRow{}}, nil
	}
	return nil, errs.NotFoundf("entity.register")
}

// importBase is what every register's sink shares: the caller, the job and the grids
// resolved so far.
type importBase struct {
	db    *DB
	p     *account.Principal
	job   int64
	grids map[string]*admin.Node // full code → grid in scope; nil when there is none
}

// maxInsertRows bounds one multi-row INSERT, well inside both databases' limits on
// bound parameters.
const maxInsertRows = 250

// grid resolves the grids named in a batch: a full code in the caller's scope, of a
// grid or micro-grid. A code outside the scope is not found, exactly like one that
// does not exist, so an import cannot probe the tree beyond its scope.
func (b *importBase) grid(ctx context.Context, code string) (*admin.Node, error) {
	if n, ok := b.grids[code]; ok {
		return n, nil
	}
	ns, err := queryList(ctx, b.db, "entity.node", scanNode, `SELECT `+nodeCols+` FROM nodes WHERE full_code = ? ORDER BY level DESC`, code)
	if err != nil {
		return nil, err
	}
	var found *admin.Node
	for _, n := range ns {
		if b.p.InScope(n.Path) && (found == nil || found.IsRetired() && !n.IsRetired()) {
			found = n
		}
	}
	b.grids[code] = found
	return found, nil
}

// itemGrid is grid for an item's row: when the code names no grid in scope, the item
// fails and the node is nil.
func (b *importBase) itemGrid(ctx context.Context, it *importer.Item, code string) (*admin.Node, error) {
	n, err := b.grid(ctx, code)
	if err == nil && n == nil {
		it.Fail(errs.FieldInvalid("node_id", "err.import_grid_unknown", code))
	}
	return n, err
}

// audit records one batch: how many rows were inserted and updated and the id ranges,
// naming the job. Never the rows' contents.
func (b *importBase) audit(tx *Tx, reg string, inserted, updated []int64) error {
	if len(inserted) == 0 && len(updated) == 0 {
		return nil
	}
	d := map[string]any{"job": b.job, "inserted": len(inserted), "updated": len(updated)}
	if lo, hi, ok := idRange(inserted); ok {
		d["inserted_ids"] = []int64{lo, hi}
	}
	if lo, hi, ok := idRange(updated); ok {
		d["updated_ids"] = []int64{lo, hi}
	}
	return tx.audit(Record{Action: "import." + reg, Entity: "import_job", EntityID: b.job, NodePath: b.p.ScopePath, Detail: d})
}

func idRange(ids []int64) (lo, hi int64, ok bool) {
	for i, id := range ids {
		if i == 0 || id < lo {
			lo = id
		}
		if id > hi {
			hi = id
		}
	}
	return lo, hi, len(ids) > 0
}

// valueRows returns "(?, ?, …), (?, …)" for rows of n values.
func valueRows(rows, n int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
	return strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
}

// rowInserter gathers a batch's new rows into multi-row INSERTs of at most maxInsertRows
// rows and collects the ids they are given.
type rowInserter struct {
	tx     *Tx
	insert string // "INSERT INTO t (…) VALUES "
	width  int    // the values of one row
	// one, when set, is insert prepared for a single row: the rows go through it one by
	// one instead of in one multi-row INSERT.
	one  *sql.Stmt
	args []any
	rows int
	ids  []int64
}

// add queues one row's values, sending the queue when it is full.
func (r *rowInserter) add(vals ...any) error {
	r.args = append(r.args, vals...)
	if r.rows++; r.rows == maxInsertRows {
		return r.flush()
	}
	return nil
}

// flush sends the queued rows.
func (r *rowInserter) flush() error {
	if r.rows == 0 {
		return nil
	}
	if r.one != nil {
		for i := 0; i < r.rows; i++ {
			res, err := r.one.ExecContext(r.tx.ctx, r.args[i*r.width:(i+1)*r.width]...)
			if err != nil {
				return err
			}
			id, err := res.LastInsertId()
			if err != nil {
				return err
			}
			r.ids = append(r.ids, id)
		}
		r.args, r.rows = r.args[:0], 0
		return nil
	}
	ids, err := r.tx.insertReturning(r.insert+valueRows(r.rows, r.width), r.args)
	if err != nil {
		return err
	}
	r.ids = append(r.ids, ids...)
	r.args, r.rows = r.args[:0], 0
	return nil
}

// insertReturning runs a multi-row INSERT … RETURNING id and collects the ids.
func (t *Tx) insertReturning(q string, args []any) ([]int64, error) {
	rows, err := t.query(q+" RETURNING id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// ─── Buildings ───────────────────────────────────────────────────────────────

type buildingSink struct {
	importBase
}

func (s *buildingSink) Prepare(ctx context.Context, m *tabular.Mapping, items []*importer.Item) error {
	var keys []any
	for _, it := range items {
		if it.Status == importer.Failed {
			continue
		}
		row := it.Value.(*importer.BuildingRow)
		node, err := s.itemGrid(ctx, it, row.GridCode)
		if err != nil {
			return err
		}
		if node == nil {
			continue
		}
		row.Input.NodeID = node.ID
		if err := row.Input.Validate(node); err != nil {
			it.Fail(err)
			continue
		}
		it.Key = register.BuildingKey(node.ID, row.Input.Name)
		it.Prep = node
		keys = append(keys, it.Key)
	}
	existing := map[string]buildingRow{}
	err := inChunks(keys, func(chunk []any) error {
		rows, err := queryList(ctx, s.db, "entity.building", scanKeyed(scanBuilding),
			`SELECT `+buildingCols+`, b.nkey FROM buildings b WHERE b.nkey IN (`+placeholders(len(chunk))+`)`, chunk...)
		for _, r := range rows {
			existing[r.key] = r.row
		}
		return err
	})
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.Status == importer.Failed {
			continue
		}
		in := &it.Value.(*importer.BuildingRow).Input
		ex, ok := existing[it.Key]
		if !ok {
			it.Status = importer.New
			continue
		}
		it.ID = ex.ID
		// Columns the file does not have keep the stored values.
		if !m.Has("floors_below") {
			in.FloorsBelow = ex.FloorsBelow
		}
		if !m.Has("lng") && !m.Has("lat") {
			in.Location = ex.Location
		}
		if in.Name == ex.Name && in.Address == ex.Address && in.FloorsAbove == ex.FloorsAbove && in.FloorsBelow == ex.FloorsBelow &&
			in.Kind == ex.Kind && samePoint(in.Location, ex.Location) {
			it.Status = importer.Unchanged
		} else {
			it.Status = importer.Changed
		}
	}
	return nil
}

func (s *buildingSink) Write(ctx context.Context, items []*importer.Item) error {
	return s.db.write(ctx, s.p, func(tx *Tx) error {
		var updated []int64
		ins := &rowInserter{tx: tx, width: 12, insert: `INSERT INTO buildings (node_id, node_path, name, address, lng, lat, floors_above,
			floors_below, kind, nkey, created_at, updated_at) VALUES `}
		for _, it := range items {
			if it.Status != importer.New && it.Status != importer.Changed {
				continue
			}
			in := it.Value.(*importer.BuildingRow).Input
			lng, lat := pointArgs(in.Location)
			if it.Status == importer.Changed {
				if _, err := tx.exec(`UPDATE buildings SET name = ?, address = ?, lng = ?, lat = ?, floors_above = ?, floors_below = ?, kind = ?,
					updated_at = ?, version = version + 1 WHERE id = ?`, in.Name, in.Address, lng, lat, in.FloorsAbove, in.FloorsBelow, in.Kind,
					ms(tx.now), it.ID); err != nil {
					return mapErr(err, "entity.building")
				}
				updated = append(updated, it.ID)
				continue
			}
			node := it.Prep.(*admin.Node)
			if err := ins.add(node.ID, node.Path, in.Name, in.Address, lng, lat, in.FloorsAbove, in.FloorsBelow, in.Kind, it.Key,
				ms(tx.now), ms(tx.now)); err != nil {
				return mapErr(err, "entity.building")
			}
		}
		if err := ins.flush(); err != nil {
			return mapErr(err, "entity.building")
		}
		return s.audit(tx, importer.Buildings.Name, ins.ids, updated)
	})
}

// keyedRow is a stored row with its natural key ("" when it has none).
type keyedRow[T any] struct {
	row T
	key string
}

// scanKeyed scans what scan does followed by the natural key.
func scanKeyed[T any](scan func(rowScanner) (T, error)) func(rowScanner) (keyedRow[T], error) {
	return func(s rowScanner) (keyedRow[T], error) {
		var r keyedRow[T]
		var key *string
		row, err := scan(scanTail{s, []any{&key}})
		if err != nil {
			return r, err
		}
		r.row = row
		if key != nil {
			r.key = *key
		}
		return r, nil
	}
}

// inChunks calls fn with vals 500 at a time, well inside both databases' limits on
// bound parameters.
func inChunks(vals []any, fn func(chunk []any) error) error {
	for len(vals) > 0 {
		n := min(len(vals), 500)
		if err := fn(vals[:n]); err != nil {
			return err
		}
		vals = vals[n:]
	}
	return nil
}

// scanTail scans a row whose columns are another scanner's followed by extra ones.
type scanTail struct {
	s     rowScanner
	extra []any
}

func (t scanTail) Scan(dest ...any) error { return t.s.Scan(append(dest, t.extra...)...) }

func pointArgs(p *geo.Point) (lng, lat any) {
	if p == nil {
		return nil, nil
	}
	return p.Lng, p.Lat
}

func samePoint(a, b *geo.Point) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Lng == b.Lng && a.Lat == b.Lat
}

// ─── Houses ──────────────────────────────────────────────────────────────────

type houseSink struct {
	importBase
	buildings map[string]*buildingRow // building key → building in scope; nil when none
}

func (s *houseSink) Prepare(ctx context.Context, m *tabular.Mapping, items []*importer.Item) error {
	// The buildings the batch names, looked up together.
	bkeys := make([]string, len(items))
	var missing []any
	for i, it := range items {
		if it.Status == importer.Failed {
			continue
		}
		row := it.Value.(*importer.HouseRow)
		node, err := s.itemGrid(ctx, it, row.GridCode)
		if err != nil {
			return err
		}
		if node == nil {
			continue
		}
		bkeys[i] = register.BuildingKey(node.ID, row.BuildingName)
		if _, ok := s.buildings[bkeys[i]]; !ok && bkeys[i] != "" {
			s.buildings[bkeys[i]] = nil
			missing = append(missing, bkeys[i])
		}
	}
	err := inChunks(missing, func(chunk []any) error {
		rows, err := queryList(ctx, s.db, "entity.building", scanKeyed(scanBuilding),
			`SELECT `+buildingCols+`, b.nkey FROM buildings b WHERE b.nkey IN (`+placeholders(len(chunk))+`)`, chunk...)
		for _, r := range rows {
			if s.p.InScope(r.row.path) {
				b := r.row
				s.buildings[r.key] = &b
			}
		}
		return err
	})
	if err != nil {
		return err
	}
	var keys []any
	for i, it := range items {
		if it.Status == importer.Failed {
			continue
		}
		row := it.Value.(*importer.HouseRow)
		b := s.buildings[bkeys[i]]
		if b == nil {
			it.Fail(errs.FieldInvalid("building_id", "err.import_building_unknown", row.BuildingName, row.GridCode))
			continue
		}
		row.Input.BuildingID = b.ID
		if err := row.Input.Validate(b.Building); err != nil {
			it.Fail(err)
			continue
		}
		it.Key = register.HouseKey(b.ID, row.Input.Unit, row.Input.Floor, row.Input.Room)
		it.Prep = b
		keys = append(keys, it.Key)
	}
	existing := map[string]*register.House{}
	err = inChunks(keys, func(chunk []any) error {
		rows, err := queryList(ctx, s.db, "entity.house", scanKeyed(scanHouse),
			`SELECT `+houseCols+`, h.nkey FROM houses h WHERE h.nkey IN (`+placeholders(len(chunk))+`)`, chunk...)
		for _, r := range rows {
			existing[r.key] = r.row.House
		}
		return err
	})
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.Status == importer.Failed {
			continue
		}
		row := it.Value.(*importer.HouseRow)
		in := &row.Input
		ex, ok := existing[it.Key]
		if !ok {
			it.Status = importer.New
			continue
		}
		it.ID = ex.ID
		if !m.Has("address") {
			in.Address = ex.Address
		}
		if !m.Has("owner_name") || row.OwnerMasked {
			in.OwnerName = ex.OwnerName
		}
		if in.Unit == ex.Unit && in.Floor == ex.Floor && in.Room == ex.Room && in.Address == ex.Address && in.Area == ex.Area &&
			in.Use == ex.Use && in.OwnerName == ex.OwnerName {
			it.Status = importer.Unchanged
		} else {
			it.Status = importer.Changed
		}
	}
	return nil
}

func (s *houseSink) Write(ctx context.Context, items []*importer.Item) error {
	// A fresh door-plate code collides with a stored one about once in a quadrillion
	// draws; the unique index catches it, and the batch is written again with new codes.
	for attempt := 0; ; attempt++ {
		err := s.write(ctx, items)
		if err != nil && isUnique(err, "code") && attempt < 3 {
			continue
		}
		return mapErr(err, "entity.house")
	}
}

func (s *houseSink) write(ctx context.Context, items []*importer.Item) error {
	return s.db.write(ctx, s.p, func(tx *Tx) error {
		var updated []int64
		ins := &rowInserter{tx: tx, width: 14, insert: `INSERT INTO houses (building_id, node_id, node_path, code, unit, floor, room, address,
			area, house_use, owner_name, nkey, created_at, updated_at) VALUES `}
		for _, it := range items {
			if it.Status != importer.New && it.Status != importer.Changed {
				continue
			}
			in := it.Value.(*importer.HouseRow).Input
			if it.Status == importer.Changed {
				if _, err := tx.exec(`UPDATE houses SET unit = ?, floor = ?, room = ?, address = ?, area = ?, house_use = ?, owner_name = ?,
					updated_at = ?, version = version + 1 WHERE id = ?`, in.Unit, in.Floor, in.Room, in.Address, in.Area, in.Use, in.OwnerName,
					ms(tx.now), it.ID); err != nil {
					return err
				}
				updated = append(updated, it.ID)
				continue
			}
			b := it.Prep.(*buildingRow)
			code, err := register.NewHouseCode(rand.Reader)
			if err != nil {
				return errs.Internalf("house code: %w", err)
			}
			if err := ins.add(b.ID, b.NodeID, b.path, code, in.Unit, in.Floor, in.Room, in.Address, in.Area, in.Use, in.OwnerName,
				it.Key, ms(tx.now), ms(tx.now)); err != nil {
				return err
			}
		}
		if err := ins.flush(); err != nil {
			return err
		}
		return s.audit(tx, importer.Houses.Name, ins.ids, updated)
	})
}
