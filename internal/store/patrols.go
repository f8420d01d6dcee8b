package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/patrol"
)

// Patrols (巡查). A grid worker starts a patrol of one of their grids, their phone uploads
// the track in batches, they end it with a note. Staff and supervisors see the patrols of
// their area and whether each grid was patrolled enough today.

const patrolCols = `pt.id, pt.worker_id, u.display_name, pt.node_id, n.name, pt.node_path, pt.started_at, pt.ended_at,
	pt.distance_m, pt.points, pt.dropped, pt.last_at, pt.last_lng, pt.last_lat, pt.last_acc, pt.note, pt.version,
	(SELECT COUNT(*) FROM cases c WHERE c.patrol_id = pt.id)`

const patrolFrom = ` FROM patrols pt JOIN users u ON u.id = pt.worker_id JOIN nodes n ON n.id = pt.node_id`

func scanPatrol(s rowScanner) (*patrol.Patrol, error) {
	var p patrol.Patrol
	var started int64
	var ended, lastAt sql.NullInt64
	var lng, lat, acc sql.NullFloat64
	if err := s.Scan(&p.ID, &p.WorkerID, &p.WorkerName, &p.NodeID, &p.NodeName, &p.NodePath, &started, &ended,
		&p.Distance, &p.Points, &p.Dropped, &lastAt, &lng, &lat, &acc, &p.Note, &p.Version, &p.Cases); err != nil {
		return nil, err
	}
	p.Started, p.Ended = fromMS(started), fromNullMS(ended)
	if lastAt.Valid {
		p.Last = &patrol.Point{At: fromMS(lastAt.Int64), Lng: lng.Float64, Lat: lat.Float64, Accuracy: acc.Float64}
	}
	return &p, nil
}

// seesPatrols reports whether the caller may see other people's patrols in their scope:
// those who see the area's cases. A department handler's case view covers their unit's
// cases only, not the area's patrols.
func seesPatrols(p *account.Principal) bool {
	return p.Can(account.CaseView) && !p.Role.BindsUnit()
}

// seesPatrol reports whether the caller may see one patrol: their own, or one in their
// scope when they see patrols.
func seesPatrol(p *account.Principal, pt *patrol.Patrol) bool {
	return p != nil && (pt.WorkerID == p.UserID && p.UserID != 0 || seesPatrols(p) && p.InScope(pt.NodePath))
}

// PatrolGrids returns the grids the caller may patrol: the grid their account is bound to
// and those staff put them on duty in (a part-time or backup duty may lie beside their
// own grid, outside the scope of their account).
func (db *DB) PatrolGrids(ctx context.Context, p *account.Principal) ([]patrol.Grid, error) {
	if !p.Can(account.PatrolOwn) {
		return nil, errs.ForbiddenErr()
	}
	return db.patrolGrids(ctx, db.r, p)
}

// queryer is what patrolGrids needs of the reader pool or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func (db *DB) patrolGrids(ctx context.Context, q queryer, p *account.Principal) ([]patrol.Grid, error) {
	rows, err := q.QueryContext(ctx, db.dialect.rebind(`SELECT n.id, n.name, n.path FROM nodes n WHERE n.retired_at IS NULL AND n.level IN (?, ?) AND (n.id = ?
		OR n.id IN (SELECT a.node_id FROM grid_assignments a WHERE a.user_id = ? AND a.ended_at IS NULL))
		ORDER BY CASE WHEN n.id = ? THEN 0 ELSE 1 END, n.path`), int(admin.Grid), int(admin.Microgrid), p.NodeID, p.UserID, p.NodeID)
	return collect(rows, err, "entity.node", func(s rowScanner) (patrol.Grid, error) {
		var g patrol.Grid
		err := s.Scan(&g.ID, &g.Name, &g.Path)
		return g, err
	})
}

// OpenPatrol returns the caller's open patrol, or nil when they have none.
func (db *DB) OpenPatrol(ctx context.Context, p *account.Principal) (*patrol.Patrol, error) {
	if p == nil || p.UserID == 0 {
		return nil, nil
	}
	pt, err := scanPatrol(db.queryRow(ctx, `SELECT `+patrolCols+patrolFrom+` WHERE pt.worker_id = ? AND pt.ended_at IS NULL`, p.UserID))
	if err == sql.ErrNoRows {
		return nil, nil
	}
	return pt, mapErr(err, "entity.patrol")
}

// StartPatrol starts a patrol of grid nodeID for the caller, who must serve that grid and
// have no other patrol open.
func (db *DB) StartPatrol(ctx context.Context, p *account.Principal, nodeID int64) (*patrol.Patrol, error) {
	if !p.Can(account.PatrolOwn) {
		return nil, errs.ForbiddenErr()
	}
	var id int64
	err := db.write(ctx, p, func(tx *Tx) error {
		grids, err := db.patrolGrids(tx.ctx, tx.tx, p)
		if err != nil {
			return err
		}
		open, err := tx.openPatrolRow(p.UserID)
		if err != nil {
			return err
		}
		if err := patrol.ValidateStart(nodeID, grids, open); err != nil {
			return err
		}
		var path string
		for _, g := range grids {
			if g.ID == nodeID {
				path = g.Path
			}
		}
		id, err = tx.insert(`INSERT INTO patrols (worker_id, node_id, node_path, started_at) VALUES (?, ?, ?, ?)`,
			p.UserID, nodeID, path, ms(tx.now))
		if err != nil {
			if isUnique(err, "worker_id") || isUnique(err, "patrols_open") {
				return errs.E(errs.Conflict, "err.patrol_open")
			}
			return mapErr(err, "entity.patrol")
		}
		return tx.audit(Record{Action: "patrol.start", Entity: "patrol", EntityID: id, NodePath: path,
			Detail: map[string]any{"node": nodeID}})
	})
	if err != nil {
		return nil, err
	}
	return db.patrol(ctx, id)
}

func (t *Tx) openPatrolRow(userID int64) (*patrol.Patrol, error) {
	pt, err := scanPatrol(t.queryRow(`SELECT `+patrolCols+patrolFrom+` WHERE pt.worker_id = ? AND pt.ended_at IS NULL`, userID))
	if err == sql.ErrNoRows {
		return nil, nil
	}
	return pt, mapErr(err, "entity.patrol")
}

// openPatrolOf returns the id of the user's open patrol, or 0 when they have none. Case
// intake calls it for a report with source patrol and then linkCaseToPatrol, in the same
// transaction, so a case found on patrol counts on it:
//
//	if r.Source == cases.FromPatrol {
//		if pid, err := tx.openPatrolOf(p.UserID); err != nil { return err } else if pid != 0 {
//			if err := tx.linkCaseToPatrol(caseID, pid); err != nil { return err }
//		}
//	}
func (t *Tx) openPatrolOf(userID int64) (int64, error) {
	var id int64
	err := t.queryRow(`SELECT id FROM patrols WHERE worker_id = ? AND ended_at IS NULL`, userID).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, nil
	}
	return id, mapErr(err, "entity.patrol")
}

// linkCaseToPatrol records that a case was found on a patrol. The patrol must be open and
// the caller's own.
func (t *Tx) linkCaseToPatrol(caseID, patrolID int64) error {
	var worker int64
	var ended sql.NullInt64
	if err := t.queryRow(`SELECT worker_id, ended_at FROM patrols WHERE id = ?`, patrolID).Scan(&worker, &ended); err != nil {
		return mapErr(err, "entity.patrol")
	}
	if worker != t.p.UserID && !t.p.System {
		return errs.FieldInvalid("patrol", "err.patrol_not_yours")
	}
	if ended.Valid {
		return errs.FieldInvalid("patrol", "err.patrol_ended")
	}
	return expectOne(t.exec(`UPDATE cases SET patrol_id = ? WHERE id = ? AND patrol_id IS NULL`, patrolID, caseID))
}

func (db *DB) patrol(ctx context.Context, id int64) (*patrol.Patrol, error) {
	pt, err := scanPatrol(db.queryRow(ctx, `SELECT `+patrolCols+patrolFrom+` WHERE pt.id = ?`, id))
	return pt, mapErr(err, "entity.patrol")
}

// Patrol returns a patrol the caller may see: their own, or one in their area.
func (db *DB) Patrol(ctx context.Context, p *account.Principal, id int64) (*patrol.Patrol, error) {
	pt, err := db.patrol(ctx, id)
	if err != nil {
		return nil, err
	}
	if !seesPatrol(p, pt) {
		return nil, errs.NotFoundf("entity.patrol")
	}
	return pt, nil
}

// ownPatrol reads a patrol for a write by its worker: one the caller may see but is not
// theirs is refused, one they may not see is not found.
func (db *DB) ownPatrol(ctx context.Context, p *account.Principal, id int64) (*patrol.Patrol, error) {
	if !p.Can(account.PatrolOwn) {
		return nil, errs.ForbiddenErr()
	}
	pt, err := db.Patrol(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if pt.WorkerID != p.UserID {
		return nil, errs.E(errs.Forbidden, "err.patrol_not_yours")
	}
	return pt, nil
}

// PointsResult says what an upload of track points did.
type PointsResult struct {
	Patrol   *patrol.Patrol
	Kept     int
	Dropped  int
	Repeated int
}

// AddPatrolPoints appends points to the caller's open patrol. The upload is checked in
// the transaction against the last kept point, so two uploads racing from a phone that
// came back online keep each point once.
func (db *DB) AddPatrolPoints(ctx context.Context, p *account.Principal, patrolID int64, pts []patrol.Point) (*PointsResult, error) {
	if _, err := db.ownPatrol(ctx, p, patrolID); err != nil {
		return nil, err
	}
	res := &PointsResult{}
	err := db.write(ctx, p, func(tx *Tx) error {
		// Lock the patrol's row first: uploads of one patrol queue here.
		if _, err := tx.exec(`UPDATE patrols SET version = version WHERE id = ?`, patrolID); err != nil {
			return mapErr(err, "entity.patrol")
		}
		pt, err := scanPatrol(tx.queryRow(`SELECT `+patrolCols+patrolFrom+` WHERE pt.id = ?`, patrolID))
		if err != nil {
			return mapErr(err, "entity.patrol")
		}
		b, err := patrol.Accept(pt, pts, tx.now, patrol.DefaultLimits())
		if err != nil {
			return err
		}
		res.Kept, res.Dropped, res.Repeated = len(b.Kept), b.Dropped, b.Repeated
		if len(b.Kept) > 0 {
			first, last := b.Kept[0], b.Kept[len(b.Kept)-1]
			if _, err := tx.exec(`INSERT INTO patrol_tracks (patrol_id, first_at, last_at, points, data, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
				patrolID, ms(first.At), ms(last.At), len(b.Kept), patrol.EncodeTrack(b.Kept), ms(tx.now)); err != nil {
				return mapErr(err, "entity.patrol")
			}
			if err := expectOne(tx.exec(`UPDATE patrols SET distance_m = distance_m + ?, points = points + ?, dropped = dropped + ?,
				last_at = ?, last_lng = ?, last_lat = ?, last_acc = ?, version = version + 1 WHERE id = ? AND ended_at IS NULL`,
				b.Distance, len(b.Kept), b.Dropped, ms(last.At), last.Lng, last.Lat, last.Accuracy, patrolID)); err != nil {
				return err
			}
		} else if b.Dropped > 0 {
			if _, err := tx.exec(`UPDATE patrols SET dropped = dropped + ? WHERE id = ?`, b.Dropped, patrolID); err != nil {
				return mapErr(err, "entity.patrol")
			}
		}
		// The track is not personal data beyond the patrol itself; one audit entry an upload
		// records that it arrived, not where the worker walked.
		return tx.audit(Record{Action: "patrol.points", Entity: "patrol", EntityID: patrolID, NodePath: pt.NodePath,
			Detail: map[string]any{"kept": len(b.Kept), "dropped": b.Dropped, "repeated": b.Repeated}})
	})
	if err != nil {
		return nil, err
	}
	if res.Patrol, err = db.patrol(ctx, patrolID); err != nil {
		return nil, err
	}
	return res, nil
}

// EndPatrol ends the caller's open patrol now, with an optional note.
func (db *DB) EndPatrol(ctx context.Context, p *account.Principal, patrolID int64, note string) (*patrol.Patrol, error) {
	pt, err := db.ownPatrol(ctx, p, patrolID)
	if err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if err := patrol.ValidateEnd(pt, note); err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		if err := expectOne(tx.exec(`UPDATE patrols SET ended_at = ?, note = ?, version = version + 1 WHERE id = ? AND ended_at IS NULL`,
			ms(tx.now), note, patrolID)); err != nil {
			if errs.Is(err, errs.Conflict) {
				return errs.E(errs.Conflict, "err.patrol_ended")
			}
			return err
		}
		return tx.audit(Record{Action: "patrol.end", Entity: "patrol", EntityID: patrolID, NodePath: pt.NodePath,
			Detail: map[string]any{"minutes": int(tx.now.Sub(pt.Started).Minutes()), "distance_m": int(pt.Distance), "points": pt.Points}})
	})
	if err != nil {
		return nil, err
	}
	return db.patrol(ctx, patrolID)
}

// PatrolTrack returns the kept points of a patrol the caller may see, in time order.
func (db *DB) PatrolTrack(ctx context.Context, p *account.Principal, id int64) ([]patrol.Point, error) {
	if _, err := db.Patrol(ctx, p, id); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT data FROM patrol_tracks WHERE patrol_id = ? ORDER BY first_at, id`, id)
	if err != nil {
		return nil, mapErr(err, "entity.patrol")
	}
	defer rows.Close()
	var out []patrol.Point
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			return nil, mapErr(err, "entity.patrol")
		}
		pts, err := patrol.DecodeTrack(data)
		if err != nil {
			return nil, errs.Internalf("patrol %d track: %w", id, err)
		}
		out = append(out, pts...)
	}
	return out, mapErr(rows.Err(), "entity.patrol")
}

// PatrolFilter selects patrols: below a node (0: the caller's whole scope), of one worker
// (0: anyone), started on one day (zero: any day), newest first.
type PatrolFilter struct {
	Under    int64
	WorkerID int64
	Day      time.Time // any time of the day; the day is China Standard Time
	Limit    int       // default and maximum 500
}

// ListPatrols lists the patrols the caller may see. Grid workers without the area's view
// see their own only.
func (db *DB) ListPatrols(ctx context.Context, p *account.Principal, f PatrolFilter) ([]*patrol.Patrol, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 500
	}
	return db.listPatrols(ctx, p, f)
}

func (db *DB) listPatrols(ctx context.Context, p *account.Principal, f PatrolFilter) ([]*patrol.Patrol, error) {
	if !seesPatrols(p) && !p.Can(account.PatrolOwn) {
		return nil, errs.ForbiddenErr()
	}
	lo, hi, ok := p.Scope()
	if !ok {
		return nil, errs.ForbiddenErr()
	}
	if f.Under != 0 {
		n, err := db.Node(ctx, p, f.Under)
		if err != nil {
			return nil, err
		}
		lo, hi = admin.SubtreeRange(n.Path)
	}
	q := `SELECT ` + patrolCols + patrolFrom + ` WHERE pt.node_path >= ? AND pt.node_path < ?`
	args := []any{lo, hi}
	if !seesPatrols(p) {
		f.WorkerID = p.UserID
	}
	if f.WorkerID != 0 {
		q += ` AND pt.worker_id = ?`
		args = append(args, f.WorkerID)
	}
	if !f.Day.IsZero() {
		start, end := patrol.DayOf(f.Day)
		q += ` AND pt.started_at >= ? AND pt.started_at < ?`
		args = append(args, ms(start), ms(end))
	}
	q += ` ORDER BY pt.started_at DESC, pt.id DESC LIMIT ?`
	args = append(args, f.Limit)
	return queryList(ctx, db, "entity.patrol", scanPatrol, q, args...)
}

// GridCoverage is one grid's patrolling of a day.
type GridCoverage struct {
	NodeID   int64
	Name     string
	Path     string
	Parent   string // the name of the place above it (its community)
	Boundary bool   // the grid has a boundary to draw
	patrol.Day
}

// Coverage returns, for each grid below nodeID (or nodeID itself when it is a grid or a
// micro-grid), its patrols of the day against the requirement, in tree order. Patrols of
// a micro-grid count for its grid.
func (db *DB) Coverage(ctx context.Context, p *account.Principal, nodeID int64, day time.Time, req patrol.Requirement) ([]*GridCoverage, error) {
	if !seesPatrols(p) {
		return nil, errs.ForbiddenErr()
	}
	n, err := db.Node(ctx, p, nodeID)
	if err != nil {
		return nil, err
	}
	lo, hi := admin.SubtreeRange(n.Path)
	const cols = `SELECT g.id, g.name, g.path, g.boundary <> '', COALESCE(up.name, '') FROM nodes g LEFT JOIN nodes up ON up.id = g.parent_id`
	gridQ := cols + ` WHERE g.path >= ? AND g.path < ? AND g.level = ? AND g.retired_at IS NULL ORDER BY g.path`
	args := []any{lo, hi, int(admin.Grid)}
	if n.Level >= admin.Grid {
		gridQ = cols + ` WHERE g.id = ?`
		args = []any{n.ID}
	}
	grids, err := queryList(ctx, db, "entity.node", func(s rowScanner) (*GridCoverage, error) {
		var g GridCoverage
		err := s.Scan(&g.NodeID, &g.Name, &g.Path, &g.Boundary, &g.Parent)
		return &g, err
	}, gridQ, args...)
	if err != nil {
		return nil, err
	}
	// A day's patrols of an area are bounded by its grids: a dozen a grid is far beyond
	// any real day, and keeps a runaway client from making the page unbounded.
	ps, err := db.listPatrols(ctx, p, PatrolFilter{Under: n.ID, Day: day, Limit: 12*len(grids) + 12})
	if err != nil {
		return nil, err
	}
	byGrid := map[int64][]*patrol.Patrol{}
	for i := len(ps) - 1; i >= 0; i-- { // oldest first, so workers are named in order
		for _, g := range grids {
			if strings.HasPrefix(ps[i].NodePath, g.Path) {
				byGrid[g.NodeID] = append(byGrid[g.NodeID], ps[i])
				break
			}
		}
	}
	now := db.now()
	for _, g := range grids {
		g.Day = req.Judge(byGrid[g.NodeID], now)
	}
	return grids, nil
}
