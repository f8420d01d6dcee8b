package store

import (
	"context"
	"database/sql"
	"math"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/secret"
)

const nodeCols = `id, COALESCE(parent_id, 0), level, code, full_code, name, path, boundary, retired_at, created_at, updated_at, version`

func scanNode(s rowScanner) (*admin.Node, error) {
	var n admin.Node
	var retired sql.NullInt64
	var created, updated int64
	if err := s.Scan(&n.ID, &n.ParentID, &n.Level, &n.Code, &n.FullCode, &n.Name, &n.Path, &n.Boundary,
		&retired, &created, &updated, &n.Version); err != nil {
		return nil, err
	}
	n.Retired, n.Created, n.Updated = fromNullMS(retired), fromMS(created), fromMS(updated)
	return &n, nil
}

// nodeByID reads a node without a scope check, for internal use.
func (db *DB) nodeByID(ctx context.Context, id int64) (*admin.Node, error) {
	n, err := scanNode(db.queryRow(ctx, `SELECT `+nodeCols+` FROM nodes WHERE id = ?`, id))
	return n, mapErr(err, "entity.node")
}

// Node returns a node in the caller's scope. Nodes outside it are reported as not found,
// so callers cannot probe what exists elsewhere.
func (db *DB) Node(ctx context.Context, p *account.Principal, id int64) (*admin.Node, error) {
	n, err := db.nodeByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !p.InScope(n.Path) {
		return nil, errs.NotFoundf("entity.node")
	}
	return n, nil
}

// ScopeRoot returns the node at the top of the caller's scope, or nil for a caller whose
// scope is the whole tree.
func (db *DB) ScopeRoot(ctx context.Context, p *account.Principal) (*admin.Node, error) {
	ids := admin.PathIDs(p.ScopePath)
	if len(ids) == 0 {
		return nil, nil
	}
	return db.nodeByID(ctx, ids[len(ids)-1])
}

// Ancestors returns the nodes above n, from the root down (for breadcrumbs; names of
// the places above a scope are public).
func (db *DB) Ancestors(ctx context.Context, n *admin.Node) ([]*admin.Node, error) {
	ids := n.AncestorIDs()
	if len(ids) <= 1 {
		return nil, nil
	}
	ids = ids[:len(ids)-1]
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return queryList(ctx, db, "entity.node", scanNode, `SELECT `+nodeCols+` FROM nodes WHERE id IN (`+placeholders(len(ids))+`) ORDER BY level`, args...)
}

// NodeFilter selects nodes in a listing.
type NodeFilter struct {
	ParentID       int64       // children of this node; 0 with Roots for the top of the scope
	Roots          bool        // the top nodes of the caller's scope
	Under          int64       // anywhere below this node
	Level          admin.Level // 0: any
	Query          string      // name or code contains
	IncludeRetired bool
	Limit          int
}

// Nodes lists nodes in the caller's scope.
func (db *DB) Nodes(ctx context.Context, p *account.Principal, f NodeFilter) ([]*admin.Node, error) {
	lo, hi, ok := p.Scope()
	if !ok {
		return nil, nil
	}
	where := []string{"path >= ? AND path < ?"}
	args := []any{lo, hi}
	switch {
	case f.Roots:
		if root, err := db.ScopeRoot(ctx, p); err != nil {
			return nil, err
		} else if root != nil {
			where = append(where, "id = ?")
			args = append(args, root.ID)
		} else {
			where = append(where, "parent_id IS NULL")
		}
	case f.ParentID != 0:
		where = append(where, "parent_id = ?")
		args = append(args, f.ParentID)
	}
	if f.Under != 0 {
		under, err := db.Node(ctx, p, f.Under)
		if err != nil {
			return nil, err
		}
		ulo, uhi := admin.SubtreeRange(under.Path)
		where = append(where, "path >= ? AND path < ?")
		args = append(args, ulo, uhi)
	}
	if f.Level != 0 {
		where = append(where, "level = ?")
		args = append(args, f.Level)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, `(name LIKE ? ESCAPE '\' OR full_code LIKE ? ESCAPE '\')`)
		args = append(args, "%"+escapeLike(q)+"%", escapeLike(q)+"%")
	}
	if !f.IncludeRetired {
		where = append(where, "retired_at IS NULL")
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	args = append(args, limit)
	return queryList(ctx, db, "entity.node", scanNode, `SELECT `+nodeCols+` FROM nodes WHERE `+strings.Join(where, " AND ")+
		` ORDER BY level, full_code LIMIT ?`, args...)
}

// NodeCounts counts the active nodes per level in the caller's scope.
func (db *DB) NodeCounts(ctx context.Context, p *account.Principal) (map[admin.Level]int, error) {
	lo, hi, ok := p.Scope()
	if !ok {
		return map[admin.Level]int{}, nil
	}
	return queryCounts[admin.Level](ctx, db, "entity.node", `SELECT level, COUNT(*) FROM nodes WHERE path >= ? AND path < ? AND retired_at IS NULL GROUP BY level`, lo, hi)
}

// ChildCounts returns, for each given parent, how many active children it has.
func (db *DB) ChildCounts(ctx context.Context, ids []int64) (map[int64]int, error) {
	if len(ids) == 0 {
		return map[int64]int{}, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return queryCounts[int64](ctx, db, "entity.node", `SELECT parent_id, COUNT(*) FROM nodes WHERE parent_id IN (`+placeholders(len(ids))+`) AND retired_at IS NULL GROUP BY parent_id`, args...)
}

// authorize checks that p holds perm and that path lies in its scope.
func authorize(p *account.Principal, perm account.Permission, path string) error {
	if !p.Can(perm) || (path != "" && !p.InScope(path)) {
		return errs.ForbiddenErr()
	}
	return nil
}

// CreateNode adds a node under in.ParentID (0 for a root, administrators only).
func (db *DB) CreateNode(ctx context.Context, p *account.Principal, in admin.NodeInput) (*admin.Node, error) {
	in.Name, in.Code = strings.TrimSpace(in.Name), strings.TrimSpace(in.Code)
	var parent *admin.Node
	if in.ParentID != 0 {
		var err error
		if parent, err = db.Node(ctx, p, in.ParentID); err != nil {
			if errs.Is(err, errs.NotFound) {
				return nil, errs.FieldInvalid("parent_id", "err.not_found", errs.M("entity.node"))
			}
			return nil, err
		}
		if err := authorize(p, account.TreeManage, parent.Path); err != nil {
			return nil, err
		}
		in.Level = parent.Level.Child()
	} else if err := authorize(p, account.TreeManage, "/"); err != nil || p.ScopePath != "/" {
		return nil, errs.ForbiddenErr()
	}
	if err := admin.ValidateNew(in, parent); err != nil {
		return nil, err
	}
	var out *admin.Node
	err := db.write(ctx, p, func(tx *Tx) error {
		now := ms(tx.now)
		var parentID any
		parentPath := ""
		if parent != nil {
			parentID, parentPath = parent.ID, parent.Path
		}
		// The path needs the new id, so insert with a unique placeholder path first.
		var lng, lat any
		if in.Center != nil {
			lng, lat = in.Center.Lng, in.Center.Lat
		}
		id, err := tx.insert(`INSERT INTO nodes (parent_id, level, code, full_code, name, path, boundary, center_lng, center_lat, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, parentID, in.Level, in.Code, admin.FullCode(parent, in.Level, in.Code), in.Name,
			secret.NewToken("~"), in.Boundary, lng, lat, now, now)
		if err != nil {
			if isUnique(err, "code") {
				return errs.FieldInvalid("code", "err.code_taken")
			}
			return mapErr(err, "entity.node")
		}
		path := admin.ChildPath(parentPath, id)
		if _, err := tx.exec(`UPDATE nodes SET path = ? WHERE id = ?`, path, id); err != nil {
			return mapErr(err, "entity.node")
		}
		if out, err = scanNode(tx.queryRow(`SELECT `+nodeCols+` FROM nodes WHERE id = ?`, id)); err != nil {
			return mapErr(err, "entity.node")
		}
		return tx.audit(Record{Action: "node.create", Entity: "node", EntityID: id, NodePath: path,
			Detail: map[string]any{"name": in.Name, "code": out.FullCode, "level": in.Level, "parent_id": in.ParentID}})
	})
	return out, err
}

// UpdateNode renames a node or changes its local code; a new code changes the full codes
// of everything below it.
func (db *DB) UpdateNode(ctx context.Context, p *account.Principal, id int64, name, code string, version int) (*admin.Node, error) {
	name, code = strings.TrimSpace(name), strings.TrimSpace(code)
	n, err := db.Node(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if err := authorize(p, account.TreeManage, n.Path); err != nil {
		return nil, err
	}
	var parent *admin.Node
	if n.ParentID != 0 {
		if parent, err = db.nodeByID(ctx, n.ParentID); err != nil {
			return nil, err
		}
	}
	if err := admin.ValidateRename(n, name, code, parent); err != nil {
		return nil, err
	}
	var out *admin.Node
	err = db.write(ctx, p, func(tx *Tx) error {
		fullCode := admin.FullCode(parent, n.Level, code)
		err := expectOne(tx.exec(`UPDATE nodes SET name = ?, code = ?, full_code = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`, name, code, fullCode, ms(tx.now), id, version))
		if err != nil {
			if isUnique(err, "code") {
				return errs.FieldInvalid("code", "err.code_taken")
			}
			return mapErr(err, "entity.node")
		}
		if fullCode != n.FullCode {
			if err := tx.recodeSubtree(n.Path, n.FullCode, fullCode); err != nil {
				return err
			}
		}
		if out, err = scanNode(tx.queryRow(`SELECT `+nodeCols+` FROM nodes WHERE id = ?`, id)); err != nil {
			return mapErr(err, "entity.node")
		}
		return tx.audit(Record{Action: "node.update", Entity: "node", EntityID: id, NodePath: n.Path,
			Detail: map[string]any{"name": []string{n.Name, name}, "code": []string{n.FullCode, fullCode}}})
	})
	return out, err
}

// recodeSubtree rewrites the full codes of every descendant of the node at path whose
// code prefix changes from oldCode to newCode.
func (tx *Tx) recodeSubtree(path, oldCode, newCode string) error {
	lo, hi := admin.SubtreeRange(path)
	_, err := tx.exec(`UPDATE nodes SET full_code = ? || substr(full_code, ?) WHERE path > ? AND path < ?`,
		newCode, len(oldCode)+1, lo, hi)
	return mapErr(err, "entity.node")
}

// MoveNode puts a node (and everything below it) under a new parent of the level above.
func (db *DB) MoveNode(ctx context.Context, p *account.Principal, id, newParentID int64, version int) (*admin.Node, error) {
	n, err := db.Node(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if err := authorize(p, account.TreeManage, n.Path); err != nil {
		return nil, err
	}
	if n.ParentID == 0 || !p.InScope(parentPathOf(n.Path)) {
		return nil, errs.ForbiddenErr() // moving the top of one's own scope would leave it
	}
	var np *admin.Node
	if newParentID != 0 {
		if np, err = db.Node(ctx, p, newParentID); err != nil {
			if errs.Is(err, errs.NotFound) {
				return nil, errs.FieldInvalid("parent_id", "err.not_found", errs.M("entity.node"))
			}
			return nil, err
		}
	}
	if err := admin.ValidateMove(n, np); err != nil {
		return nil, err
	}
	var out *admin.Node
	err = db.write(ctx, p, func(tx *Tx) error {
		newPath := admin.ChildPath(np.Path, n.ID)
		newCode := admin.FullCode(np, n.Level, n.Code)
		err := expectOne(tx.exec(`UPDATE nodes SET parent_id = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			np.ID, ms(tx.now), id, version))
		if err != nil {
			if isUnique(err, "code") {
				return errs.FieldInvalid("parent_id", "err.code_taken_there")
			}
			return mapErr(err, "entity.node")
		}
		if err := tx.recodeSubtree(n.Path, n.FullCode, newCode); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE nodes SET full_code = ? WHERE id = ?`, newCode, id); err != nil {
			return mapErr(err, "entity.node")
		}
		// Rewrite the paths of the whole subtree in one statement; the range is taken on
		// the old paths, which no other node can share. Each place below is a new version
		// (the moved one already is), so that spatial indexes, which keep paths, are
		// rebuilt (ShapesStamp).
		lo, hi := admin.SubtreeRange(n.Path)
		if _, err := tx.exec(`UPDATE nodes SET path = ? || substr(path, ?), updated_at = ?,
			version = version + CASE WHEN id = ? THEN 0 ELSE 1 END WHERE path >= ? AND path < ?`,
			newPath, len(n.Path)+1, ms(tx.now), id, lo, hi); err != nil {
			return mapErr(err, "entity.node")
		}
		// The registers carry their grid's path: they move with it.
		for _, table := range registerTables {
			if _, err := tx.exec(`UPDATE `+table+` SET node_path = ? || substr(node_path, ?) WHERE node_path >= ? AND node_path < ?`,
				newPath, len(n.Path)+1, lo, hi); err != nil {
				return mapErr(err, "entity.node")
			}
		}
		if out, err = scanNode(tx.queryRow(`SELECT `+nodeCols+` FROM nodes WHERE id = ?`, id)); err != nil {
			return mapErr(err, "entity.node")
		}
		return tx.audit(Record{Action: "node.move", Entity: "node", EntityID: id, NodePath: newPath,
			Detail: map[string]any{"from_parent": n.ParentID, "to_parent": np.ID, "code": []string{n.FullCode, newCode}}})
	})
	if err == nil {
		db.BoundariesChanged() // the index keeps the paths that just changed
	}
	return out, err
}

// RetireNode retires a node (停用). It refuses while active children, units or accounts
// still hang on it; the node keeps its code, history and audit trail.
func (db *DB) RetireNode(ctx context.Context, p *account.Principal, id int64, version int) error {
	n, err := db.Node(ctx, p, id)
	if err != nil {
		return err
	}
	if err := authorize(p, account.TreeManage, n.Path); err != nil {
		return err
	}
	if n.IsRetired() {
		return errs.E(errs.Conflict, "err.node_retired")
	}
	if n.Path == p.ScopePath {
		return errs.ForbiddenErr()
	}
	return db.write(ctx, p, func(tx *Tx) error {
		var children, units, users int
		if err := tx.queryRow(`SELECT
			(SELECT COUNT(*) FROM nodes WHERE parent_id = ? AND retired_at IS NULL),
			(SELECT COUNT(*) FROM units WHERE node_id = ? AND retired_at IS NULL),
			(SELECT COUNT(*) FROM users WHERE node_id = ? AND disabled_at IS NULL)`, id, id, id).Scan(&children, &units, &users); err != nil {
			return mapErr(err, "entity.node")
		}
		if children+units+users > 0 {
			return errs.E(errs.Conflict, "err.node_in_use", children, units, users)
		}
		if err := expectOne(tx.exec(`UPDATE nodes SET retired_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			ms(tx.now), ms(tx.now), id, version)); err != nil {
			return mapErr(err, "entity.node")
		}
		return tx.audit(Record{Action: "node.retire", Entity: "node", EntityID: id, NodePath: n.Path})
	})
}

// RestoreNode brings a retired node back into use; its parent must be active.
func (db *DB) RestoreNode(ctx context.Context, p *account.Principal, id int64, version int) error {
	n, err := db.Node(ctx, p, id)
	if err != nil {
		return err
	}
	if err := authorize(p, account.TreeManage, n.Path); err != nil {
		return err
	}
	if !n.IsRetired() {
		return errs.E(errs.Conflict, "err.node_not_retired")
	}
	if n.ParentID != 0 {
		parent, err := db.nodeByID(ctx, n.ParentID)
		if err != nil {
			return err
		}
		if parent.IsRetired() {
			return errs.E(errs.Conflict, "err.node_parent_retired")
		}
	}
	return db.write(ctx, p, func(tx *Tx) error {
		if err := expectOne(tx.exec(`UPDATE nodes SET retired_at = NULL, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			ms(tx.now), id, version)); err != nil {
			return mapErr(err, "entity.node")
		}
		return tx.audit(Record{Action: "node.restore", Entity: "node", EntityID: id, NodePath: n.Path})
	})
}

// SetNodeBoundary stores a node's boundary (GeoJSON geometry, WGS-84) and centre.
func (db *DB) SetNodeBoundary(ctx context.Context, p *account.Principal, id int64, geojson string, lng, lat float64) error {
	n, err := db.Node(ctx, p, id)
	if err != nil {
		return err
	}
	if err := authorize(p, account.TreeManage, n.Path); err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		if _, err := tx.exec(`UPDATE nodes SET boundary = ?, center_lng = ?, center_lat = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			geojson, lng, lat, ms(tx.now), id); err != nil {
			return mapErr(err, "entity.node")
		}
		return tx.audit(Record{Action: "node.boundary", Entity: "node", EntityID: id, NodePath: n.Path})
	})
}

func parentPathOf(path string) string {
	t := strings.TrimSuffix(path, "/")
	return t[:strings.LastIndexByte(t, '/')+1]
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// escapeLike escapes LIKE wildcards in user input; every LIKE in shequ says ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}

// NodeIDByCode finds an active node by its full official code (for the command line).
func (db *DB) NodeIDByCode(ctx context.Context, fullCode string) (int64, error) {
	var id int64
	err := db.queryRow(ctx, `SELECT id FROM nodes WHERE full_code = ? AND retired_at IS NULL ORDER BY level LIMIT 1`, strings.TrimSpace(fullCode)).Scan(&id)
	return id, mapErr(err, "entity.node")
}

// registerTables are the tables whose rows carry the materialised path of their place.
var registerTables = []string{"buildings", "houses", "persons", "households", "household_members", "residences", "rentals",
	"organisations", "organisation_contacts", "facilities"}

// MaxMapAreas bounds one map layer: a whole district's micro-grids fit with room to spare.
const MaxMapAreas = 20000

// MapAreas returns the active places of one level with a boundary, in the caller's
// scope and below under (0: the whole scope), for the map. With id set it returns that
// one place only.
func (db *DB) MapAreas(ctx context.Context, p *account.Principal, level admin.Level, under, id int64) ([]*admin.Node, error) {
	lo, hi, ok := p.Scope()
	if !ok || !p.Can(account.TreeView) {
		return nil, errs.ForbiddenErr()
	}
	where := []string{"path >= ? AND path < ?", "retired_at IS NULL", "boundary <> ''"}
	args := []any{lo, hi}
	if id != 0 {
		where = append(where, "id = ?")
		args = append(args, id)
	}
	if level != 0 {
		where = append(where, "level = ?")
		args = append(args, level)
	}
	if under != 0 {
		n, err := db.Node(ctx, p, under)
		if err != nil {
			return nil, err
		}
		ulo, uhi := admin.SubtreeRange(n.Path)
		where = append(where, "path >= ? AND path < ?")
		args = append(args, ulo, uhi)
	}
	args = append(args, MaxMapAreas)
	return queryList(ctx, db, "entity.node", scanNode, `SELECT `+nodeCols+` FROM nodes WHERE `+strings.Join(where, " AND ")+
		` ORDER BY full_code LIMIT ?`, args...)
}

// BoundaryUpdate is a new boundary for a place.
type BoundaryUpdate struct {
	NodeID  int64
	Shape   geo.MultiPolygon
	Version int // when not 0, the place's version the boundary was drawn on: a later change refuses it
}

// SetBoundaries stores new boundaries for several places at once, all or none, each
// with a label point inside it and an audit entry.
func (db *DB) SetBoundaries(ctx context.Context, p *account.Principal, updates []BoundaryUpdate) error {
	nodes := make([]*admin.Node, len(updates))
	for i, u := range updates {
		n, err := db.Node(ctx, p, u.NodeID)
		if err != nil {
			return err
		}
		if err := authorize(p, account.GridManage, n.Path); err != nil {
			return err
		}
		if n.IsRetired() {
			return errs.E(errs.Conflict, "err.node_retired")
		}
		nodes[i] = n
	}
	return db.write(ctx, p, func(tx *Tx) error {
		for i, u := range updates {
			b, err := geo.MarshalGeoJSON(u.Shape)
			if err != nil {
				return errs.Internalf("boundary of %d: %w", u.NodeID, err)
			}
			c := labelPoint(u.Shape)
			if err := expectOne(tx.exec(`UPDATE nodes SET boundary = ?, center_lng = ?, center_lat = ?, updated_at = ?, version = version + 1
				WHERE id = ? AND (? = 0 OR version = ?)`, string(b), c.Lng, c.Lat, ms(tx.now), u.NodeID, u.Version, u.Version)); err != nil {
				return mapErr(err, "entity.node")
			}
			if err := tx.audit(Record{Action: "node.boundary", Entity: "node", EntityID: u.NodeID, NodePath: nodes[i].Path,
				Detail: map[string]any{"area_m2": math.Round(u.Shape.AreaSquareMetres())}}); err != nil {
				return err
			}
		}
		return nil
	})
}

// labelPoint is a point inside the largest polygon of m, where its name is written.
func labelPoint(m geo.MultiPolygon) geo.Point {
	best, area := geo.Polygon(nil), -1.0
	for _, pg := range m {
		if a := pg.AreaSquareMetres(); a > area {
			best, area = pg, a
		}
	}
	if p, ok := best.InteriorPoint(); ok {
		return p
	}
	return best.BBox().Center()
}

// Subtree returns a place in the caller's scope and every active place below it, with
// their boundaries, for matching an uploaded boundary file.
func (db *DB) Subtree(ctx context.Context, p *account.Principal, id int64) ([]*admin.Node, error) {
	n, err := db.Node(ctx, p, id)
	if err != nil {
		return nil, err
	}
	lo, hi := admin.SubtreeRange(n.Path)
	return queryList(ctx, db, "entity.node", scanNode, `SELECT `+nodeCols+` FROM nodes WHERE path >= ? AND path < ? AND retired_at IS NULL
		ORDER BY level, full_code LIMIT ?`, lo, hi, MaxMapAreas)
}

// Shape is a place's boundary for the spatial index.
type Shape struct {
	ID       int64
	Level    admin.Level
	Path     string
	Boundary string // GeoJSON
}

// Shapes returns the boundaries of every active place, for building the spatial index
// (not scoped: the index answers "where is this point", whoever asks).
func (db *DB) Shapes(ctx context.Context) ([]Shape, error) {
	return queryList(ctx, db, "entity.node", func(s rowScanner) (Shape, error) {
		var sh Shape
		err := s.Scan(&sh.ID, &sh.Level, &sh.Path, &sh.Boundary)
		return sh, err
	}, `SELECT id, level, path, boundary FROM nodes WHERE boundary <> '' AND retired_at IS NULL ORDER BY id`)
}

// ShapesStamp changes whenever a boundary may have changed: an index built when it
// was different is stale.
func (db *DB) ShapesStamp(ctx context.Context) (string, error) {
	// Every change of a place bumps its version, so the sum moves even when two edits
	// fall in the same millisecond.
	var n, last, versions int64
	err := db.queryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(updated_at), 0), COALESCE(SUM(version), 0) FROM nodes WHERE boundary <> ''`).
		Scan(&n, &last, &versions)
	return strconv.FormatInt(n, 10) + ":" + strconv.FormatInt(last, 10) + ":" + strconv.FormatInt(versions, 10), mapErr(err, "entity.node")
}

// NodeByID reads a place whoever asks: the names and codes of the tree are public
// administrative facts (breadcrumbs and the locate answer show them beyond a scope).
func (db *DB) NodeByID(ctx context.Context, id int64) (*admin.Node, error) {
	return db.nodeByID(ctx, id)
}
