package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/secret"
)

// CreateToken issues an API token for an account the caller manages. The secret is
// returned once and never stored; days = 0 means it does not expire.
func (db *DB) CreateToken(ctx context.Context, p *account.Principal, userID int64, name string, days int) (string, *account.Token, error) {
	if !p.Can(account.TokenManage) {
		return "", nil, errs.ForbiddenErr()
	}
	u, err := db.User(ctx, p, userID)
	if err != nil {
		return "", nil, errs.FieldInvalid("user_id", "err.not_found", errs.M("entity.user"))
	}
	if !p.InScope(u.NodePath) || !p.Role.CanAssign(u.Role) {
		return "", nil, errs.ForbiddenErr()
	}
	if err := account.ValidateTokenInput(name, days); err != nil {
		return "", nil, err
	}
	if u.IsDisabled() {
		return "", nil, errs.FieldInvalid("user_id", "err.user_disabled")
	}
	secretText := secret.NewToken("shq_")
	var id int64
	err = db.write(ctx, p, func(tx *Tx) error {
		var expires *time.Time
		if days > 0 {
			e := tx.now.AddDate(0, 0, days)
			expires = &e
		}
		var err error
		id, err = tx.insert(`INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, userID, name, secret.HashToken(secretText), secretText[:10], p.Label(), ms(tx.now), msPtr(expires))
		if err != nil {
			return mapErr(err, "entity.token")
		}
		return tx.audit(Record{Action: "token.create", Entity: "token", EntityID: id, NodePath: u.NodePath,
			Detail: map[string]any{"user_id": userID, "name": name, "days": days}})
	})
	if err != nil {
		return "", nil, err
	}
	t, err := db.token(ctx, id)
	return secretText, t, err
}

const tokenCols = `t.id, t.user_id, t.name, t.prefix, t.created_by, t.created_at, t.expires_at, t.last_used_at, t.revoked_at,
	COALESCE(u.username, u.display_name)`

func scanToken(s rowScanner) (*account.Token, error) {
	var t account.Token
	var created int64
	var expires, lastUsed, revoked sql.NullInt64
	if err := s.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.CreatedBy, &created, &expires, &lastUsed, &revoked, &t.UserName); err != nil {
		return nil, err
	}
	t.Created, t.Expires, t.LastUsed, t.Revoked = fromMS(created), fromNullMS(expires), fromNullMS(lastUsed), fromNullMS(revoked)
	return &t, nil
}

func (db *DB) token(ctx context.Context, id int64) (*account.Token, error) {
	t, err := scanToken(db.queryRow(ctx, `SELECT `+tokenCols+` FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?`, id))
	return t, mapErr(err, "entity.token")
}

// Tokens lists the API tokens of accounts in the caller's scope.
func (db *DB) Tokens(ctx context.Context, p *account.Principal) ([]*account.Token, error) {
	lo, hi, ok := p.Scope()
	if !ok || !p.Can(account.TokenManage) {
		return nil, errs.ForbiddenErr()
	}
	return queryList(ctx, db, "entity.token", scanToken, `SELECT `+tokenCols+` FROM api_tokens t JOIN users u ON u.id = t.user_id
		LEFT JOIN nodes n ON n.id = u.node_id LEFT JOIN units un ON un.id = u.unit_id LEFT JOIN nodes unn ON unn.id = un.node_id
		WHERE `+userPath+` >= ? AND `+userPath+` < ? ORDER BY t.id DESC LIMIT 500`, lo, hi)
}

// RevokeToken stops a token from working.
func (db *DB) RevokeToken(ctx context.Context, p *account.Principal, id int64) error {
	t, err := db.token(ctx, id)
	if err != nil {
		return err
	}
	u, err := db.User(ctx, p, t.UserID)
	if err != nil || !p.Can(account.TokenManage) || !p.InScope(u.NodePath) {
		return errs.NotFoundf("entity.token")
	}
	if t.Revoked != nil {
		return errs.E(errs.Conflict, "err.token_revoked")
	}
	return db.write(ctx, p, func(tx *Tx) error {
		if _, err := tx.exec(`UPDATE api_tokens SET revoked_at = ? WHERE id = ?`, ms(tx.now), id); err != nil {
			return mapErr(err, "entity.token")
		}
		return tx.audit(Record{Action: "token.revoke", Entity: "token", EntityID: id, NodePath: u.NodePath})
	})
}

// TokenPrincipal returns the principal an API token acts as. Last-use times are kept to
// the minute so a busy machine client does not write on every call.
func (db *DB) TokenPrincipal(ctx context.Context, secretText string) (*account.Principal, error) {
	var id, userID int64
	var expires, lastUsed, revoked sql.NullInt64
	err := db.queryRow(ctx, `SELECT id, user_id, expires_at, last_used_at, revoked_at FROM api_tokens WHERE token_hash = ?`,
		secret.HashToken(secretText)).Scan(&id, &userID, &expires, &lastUsed, &revoked)
	now := db.now()
	if errors.Is(err, sql.ErrNoRows) || err == nil && (revoked.Valid || expires.Valid && ms(now) >= expires.Int64) {
		return nil, errs.E(errs.Unauthenticated, "err.bad_token")
	}
	if err != nil {
		return nil, mapErr(err, "entity.token")
	}
	p, _, err := db.principalFor(ctx, userID)
	if err != nil {
		return nil, errs.E(errs.Unauthenticated, "err.bad_token")
	}
	p.TokenID = id
	if !lastUsed.Valid || now.Sub(fromMS(lastUsed.Int64)) > time.Minute {
		if _, err := db.w.ExecContext(ctx, db.dialect.rebind(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`), ms(now), id); err != nil {
			return nil, mapErr(err, "entity.token")
		}
	}
	return p, nil
}
