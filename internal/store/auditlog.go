package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/errs"
)

const auditCols = `seq, at, actor_id, actor, role, ip, action, entity, entity_id, node_path, purpose, detail, prev_hash, hash`

func scanAudit(s rowScanner) (*audit.Entry, error) {
	var e audit.Entry
	var at int64
	if err := s.Scan(&e.Seq, &at, &e.ActorID, &e.Actor, &e.Role, &e.IP, &e.Action, &e.Entity, &e.EntityID, &e.NodePath,
		&e.Purpose, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
		return nil, err
	}
	e.At = fromMS(at)
	return &e, nil
}

// AuditEntries searches the audit log, newest first. Callers see entries that happened
// in their scope; only administrators see entries with no place in the tree (sign-ins,
// settings).
func (db *DB) AuditEntries(ctx context.Context, p *account.Principal, f audit.Filter) ([]*audit.Entry, error) {
	if !p.Can(account.AuditView) {
		return nil, errs.ForbiddenErr()
	}
	var where []string
	var args []any
	if p.ScopePath != "/" {
		lo, hi, ok := p.Scope()
		if !ok {
			return nil, errs.ForbiddenErr()
		}
		where = append(where, "node_path >= ? AND node_path < ?")
		args = append(args, lo, hi)
	}
	if f.Actor != "" {
		where = append(where, "actor = ?")
		args = append(args, f.Actor)
	}
	if f.Action != "" {
		where = append(where, `action LIKE ? ESCAPE '\'`)
		args = append(args, escapeLike(f.Action)+"%")
	}
	if f.Entity != "" {
		where = append(where, "entity = ?")
		args = append(args, f.Entity)
	}
	if f.EntityID != "" {
		where = append(where, "entity_id = ?")
		args = append(args, f.EntityID)
	}
	if !f.From.IsZero() {
		where = append(where, "at >= ?")
		args = append(args, ms(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "at < ?")
		args = append(args, ms(f.To))
	}
	if f.BeforeSeq > 0 {
		where = append(where, "seq < ?")
		args = append(args, f.BeforeSeq)
	}
	q := `SELECT ` + auditCols + ` FROM audit_log`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	args = append(args, limit)
	return queryList(ctx, db, "entity.audit", scanAudit, q+` ORDER BY seq DESC LIMIT ?`, args...)
}

// VerifyAudit walks the whole chain in order and returns the number of entries checked
// and the first problem found (nil when the chain is intact).
func (db *DB) VerifyAudit(ctx context.Context) (int64, *audit.Problem, error) {
	v := audit.NewVerifier()
	// Page through the log by seq so a long chain never sits in one huge result set.
	var after int64
	for {
		rows, err := db.query(ctx, `SELECT `+auditCols+` FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 5000`, after)
		if err != nil {
			return v.Count, nil, mapErr(err, "entity.audit")
		}
		n := 0
		for rows.Next() {
			e, err := scanAudit(rows)
			if err != nil {
				rows.Close()
				return v.Count, nil, mapErr(err, "entity.audit")
			}
			n++
			after = e.Seq
			if p := v.Check(e); p != nil {
				rows.Close()
				return v.Count, p, nil
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return v.Count, nil, mapErr(err, "entity.audit")
		}
		if n == 0 {
			break
		}
	}
	var headSeq int64
	var headHash string
	if err := db.queryRow(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil && err != sql.ErrNoRows {
		return v.Count, nil, mapErr(err, "entity.audit")
	}
	return v.Count, v.CheckHead(headSeq, headHash), nil
}
