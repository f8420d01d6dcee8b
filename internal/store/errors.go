package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/shequ-dev/shequ/internal/errs"
)

// mapErr turns a driver error into a domain error: unique violations become Conflict,
// missing rows NotFound, foreign-key violations Invalid; anything else stays Internal.
// entityKey names what was being read or written, for the user's message.
func mapErr(err error, entityKey string) error {
	if err == nil || errs.As(err) != nil {
		return err
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return errs.Wrap(err, errs.NotFound, "err.not_found", errs.M(entityKey))
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return errs.Wrap(err, errs.Internal, "err.timeout")
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "23505":
			return errs.Wrap(err, errs.Conflict, "err.duplicate", errs.M(entityKey))
		case "23503":
			return errs.Wrap(err, errs.Invalid, "err.reference", errs.M(entityKey))
		case "40001", "40P01":
			return errs.Wrap(err, errs.Conflict, "err.concurrent")
		}
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		switch lite.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return errs.Wrap(err, errs.Conflict, "err.duplicate", errs.M(entityKey))
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return errs.Wrap(err, errs.Invalid, "err.reference", errs.M(entityKey))
		case sqlite3.SQLITE_BUSY:
			return errs.Wrap(err, errs.Conflict, "err.concurrent")
		}
	}
	return errs.Wrap(err, errs.Internal, "err.internal")
}

// isUnique reports whether err is a unique violation on a constraint or index whose
// name (PostgreSQL) or column list (SQLite) mentions what.
func isUnique(err error, what string) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505" && strings.Contains(pg.ConstraintName+pg.Detail, what)
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		return (lite.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE) && strings.Contains(lite.Error(), what)
	}
	return false
}
