package store

import (
	"database/sql"
	"strings"

	"github.com/shequ-dev/shequ/internal/admin"
)

// What a write transaction keeps of the rows its steps read again and again: units and
// nodes, read once per transaction (shared by the writes of a group commit) and dropped
// when the transaction writes their table (Tx.forget).

// unitInfo is what steps read of a unit.
type unitInfo struct {
	name    string
	retired bool
}

// unit reads a unit's name and whether it is retired, once per transaction; ok is false
// when there is no such unit.
func (t *Tx) unit(id int64) (u unitInfo, ok bool) {
	if t.stmts != nil {
		t.stmts.mu.Lock()
		u, ok = t.stmts.units[id]
		t.stmts.mu.Unlock()
		if ok {
			return u, true
		}
	}
	var retired sql.NullInt64
	if err := t.queryRow(`SELECT name, retired_at FROM units WHERE id = ?`, id).Scan(&u.name, &retired); err != nil {
		return unitInfo{}, false
	}
	u.retired = retired.Valid
	t.knowUnit(id, u)
	return u, true
}

// knowUnit keeps what the transaction read of a unit.
func (t *Tx) knowUnit(id int64, u unitInfo) {
	if t.stmts == nil {
		return
	}
	t.stmts.mu.Lock()
	defer t.stmts.mu.Unlock()
	if t.stmts.units == nil {
		t.stmts.units = map[int64]unitInfo{}
	}
	t.stmts.units[id] = u
}

// nodeInfo is what steps read of a node.
type nodeInfo struct {
	level   admin.Level
	path    string
	retired bool
}

// node reads a node's level and path, once per transaction; ok is false when there is no
// such node.
func (t *Tx) node(id int64) (nodeInfo, bool) {
	if t.stmts == nil {
		return t.readNode(id)
	}
	if n, ok := t.cachedNode(id); ok {
		return n, true
	}
	if err := t.loadNodes([]int64{id}); err != nil {
		return nodeInfo{}, false
	}
	return t.cachedNode(id)
}

func (t *Tx) cachedNode(id int64) (nodeInfo, bool) {
	t.stmts.mu.Lock()
	defer t.stmts.mu.Unlock()
	n, ok := t.stmts.nodes[id]
	return n, ok
}

func (t *Tx) readNode(id int64) (nodeInfo, bool) {
	var n nodeInfo
	var retired sql.NullInt64
	if err := t.queryRow(`SELECT level, path, retired_at FROM nodes WHERE id = ?`, id).Scan(&n.level, &n.path, &retired); err != nil {
		return nodeInfo{}, false
	}
	n.retired = retired.Valid
	return n, true
}

// loadNodes reads the nodes ids into the transaction's cache in one query.
func (t *Tx) loadNodes(ids []int64) error {
	if t.stmts == nil || len(ids) == 0 {
		return nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := t.query(`SELECT id, level, path, retired_at FROM nodes WHERE id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return mapErr(err, "entity.node")
	}
	defer rows.Close()
	t.stmts.mu.Lock()
	defer t.stmts.mu.Unlock()
	if t.stmts.nodes == nil {
		t.stmts.nodes = map[int64]nodeInfo{}
	}
	for rows.Next() {
		var id int64
		var n nodeInfo
		var retired sql.NullInt64
		if err := rows.Scan(&id, &n.level, &n.path, &retired); err != nil {
			return mapErr(err, "entity.node")
		}
		n.retired = retired.Valid
		t.stmts.nodes[id] = n
	}
	return mapErr(rows.Err(), "entity.node")
}

// forget drops what the transaction keeps of the tables the write q changes.
func (t *Tx) forget(q string) {
	c := t.stmts
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cal != nil && (strings.Contains(q, "calendar_days") || strings.Contains(q, "working_hours")) {
		c.cal = nil
	}
	if c.units != nil && strings.Contains(q, "units") {
		c.units = nil
	}
	if c.nodes != nil && strings.Contains(q, "nodes") {
		c.nodes = nil
	}
}
