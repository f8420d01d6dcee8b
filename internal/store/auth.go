package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/secret"
)

// ErrBadLogin is the only answer to a failed sign-in: a wrong password, an unknown
// account, a locked account and a disabled account all look the same to the caller.
var ErrBadLogin = errs.E(errs.Unauthenticated, "err.bad_login")

// Authenticate checks a login (username or mobile number) and password. Every failure
// returns ErrBadLogin after the same amount of work, and is audited; five failures in a
// row lock the account for a while (account.DefaultLockout).
func (db *DB) Authenticate(ctx context.Context, login, password, ip string) (*account.Principal, *account.User, error) {
	login = strings.TrimSpace(login)
	var id int64
	var hash string
	var locked, disabled sql.NullInt64
	var failures int
	q := `SELECT id, password_hash, locked_until, disabled_at, failed_logins FROM users WHERE username = ?`
	key := strings.ToLower(login)
	label := key
	if phone := account.NormalizePhone(login); account.ValidMobile(phone) {
		q = `SELECT id, password_hash, locked_until, disabled_at, failed_logins FROM users WHERE phone_hash = ?`
		key, label = db.keys.Lookup("phone", phone), secret.MaskPhone(phone)
	}
	err := db.queryRow(ctx, q, key).Scan(&id, &hash, &locked, &disabled, &failures)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, nil, mapErr(err, "entity.user")
	}
	if id == 0 {
		hash = secret.DummyHash() // same work as for a real account
	}
	ok, _ := secret.VerifyPassword(password, hash)
	now := db.now()
	anon := &account.Principal{Username: label, IP: ip}
	switch {
	case id == 0:
		return nil, nil, db.auditFailure(ctx, anon, 0, "unknown account")
	case disabled.Valid:
		return nil, nil, db.auditFailure(ctx, anon, id, "disabled")
	case locked.Valid && now.Before(fromMS(locked.Int64)):
		return nil, nil, db.auditFailure(ctx, anon, id, "locked")
	case !ok:
		n, until := account.DefaultLockout.AfterFailure(failures, now)
		err := db.write(ctx, anon, func(tx *Tx) error {
			if _, err := tx.exec(`UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?`, n, msPtr(until), id); err != nil {
				return mapErr(err, "entity.user")
			}
			reason := "wrong password"
			if until != nil {
				reason = "wrong password; account locked"
			}
			return tx.audit(Record{Action: "session.login_failed", Entity: "user", EntityID: id, Detail: map[string]string{"reason": reason}})
		})
		if err != nil {
			return nil, nil, err
		}
		return nil, nil, ErrBadLogin
	}
	p, u, err := db.principalFor(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p.IP = ip
	if secret.NeedsRehash(hash) {
		if h, err := secret.HashPassword(password); err == nil {
			hash = h
		}
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		if _, err := tx.exec(`UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ?, password_hash = ? WHERE id = ?`,
			ms(now), hash, id); err != nil {
			return mapErr(err, "entity.user")
		}
		return tx.audit(Record{Action: "session.login", Entity: "user", EntityID: id, NodePath: u.NodePath})
	})
	return p, u, err
}

func (db *DB) auditFailure(ctx context.Context, p *account.Principal, id int64, reason string) error {
	if err := db.Audit(ctx, p, Record{Action: "session.login_failed", Entity: "user", EntityID: id,
		Detail: map[string]string{"reason": reason}}); err != nil {
		return err
	}
	return ErrBadLogin
}

// SessionPolicy says how long sessions live.
type SessionPolicy struct {
	Idle     time.Duration // a session unused this long ends
	Absolute time.Duration // no session lives longer than this
}

// DefaultSessionPolicy ends sessions after 12 idle hours and at the latest after 7 days.
var DefaultSessionPolicy = SessionPolicy{Idle: 12 * time.Hour, Absolute: 7 * 24 * time.Hour}

// CreateSession starts a session for a signed-in account and returns its secret id,
// which only the browser's cookie holds; the database stores its hash.
func (db *DB) CreateSession(ctx context.Context, p *account.Principal, userAgent string, pol SessionPolicy) (string, error) {
	token := secret.NewToken("s_")
	now := db.now()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	_, err := db.w.ExecContext(ctx, db.dialect.rebind(`INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent)
		VALUES (?, ?, ?, ?, ?, ?, ?)`), secret.HashToken(token), p.UserID, ms(now), ms(now), ms(now.Add(pol.Idle)), p.IP, userAgent)
	return token, mapErr(err, "entity.session")
}

// SessionPrincipal returns the principal of a live session. It slides the idle expiry
// forward at most once a minute, so reads do not turn into a write per request.
func (db *DB) SessionPrincipal(ctx context.Context, token string, pol SessionPolicy) (*account.Principal, *account.User, error) {
	if token == "" {
		return nil, nil, errs.E(errs.Unauthenticated, "err.unauthenticated")
	}
	h := secret.HashToken(token)
	var userID, created, lastSeen, expires int64
	err := db.queryRow(ctx, `SELECT user_id, created_at, last_seen_at, expires_at FROM sessions WHERE id_hash = ?`, h).
		Scan(&userID, &created, &lastSeen, &expires)
	now := db.now()
	if errors.Is(err, sql.ErrNoRows) || err == nil && (ms(now) >= expires || now.Sub(fromMS(created)) > pol.Absolute) {
		return nil, nil, errs.E(errs.Unauthenticated, "err.session_expired")
	}
	if err != nil {
		return nil, nil, mapErr(err, "entity.session")
	}
	p, u, err := db.principalFor(ctx, userID)
	if err != nil {
		return nil, nil, err
	}
	if now.Sub(fromMS(lastSeen)) > time.Minute {
		if _, err := db.w.ExecContext(ctx, db.dialect.rebind(`UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?`),
			ms(now), ms(now.Add(pol.Idle)), h); err != nil {
			return nil, nil, mapErr(err, "entity.session")
		}
	}
	return p, u, nil
}

// DeleteSession ends a session (sign-out).
func (db *DB) DeleteSession(ctx context.Context, p *account.Principal, token string) error {
	return db.write(ctx, p, func(tx *Tx) error {
		if _, err := tx.exec(`DELETE FROM sessions WHERE id_hash = ?`, secret.HashToken(token)); err != nil {
			return mapErr(err, "entity.session")
		}
		return tx.audit(Record{Action: "session.logout", Entity: "user", EntityID: p.UserID})
	})
}

// PurgeSessions deletes expired sessions and used or expired SMS codes.
func (db *DB) PurgeSessions(ctx context.Context) (int64, error) {
	now := ms(db.now())
	res, err := db.w.ExecContext(ctx, db.dialect.rebind(`DELETE FROM sessions WHERE expires_at <= ?`), now)
	if err != nil {
		return 0, mapErr(err, "entity.session")
	}
	if _, err := db.w.ExecContext(ctx, db.dialect.rebind(`DELETE FROM sms_codes WHERE expires_at <= ?`), now-int64(24*time.Hour/time.Millisecond)); err != nil {
		return 0, mapErr(err, "entity.session")
	}
	return res.RowsAffected()
}
