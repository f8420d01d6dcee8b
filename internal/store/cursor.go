package store

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/errs"
)

// PathCursor is a keyset position in a register listing ordered by (node_path, id): the
// last row of the page before. Listings in path order group records by place, and with
// the cursor carrying both parts each page is one range of the (node_path, id) index.
type PathCursor struct {
	Path string
	ID   int64
}

// IsZero reports whether c is the start of a listing.
func (c PathCursor) IsZero() bool { return c.ID == 0 }

// String encodes the cursor for a query string: the id, a dot and the path in unpadded
// URL-safe base64 ("" for the start).
func (c PathCursor) String() string {
	if c.IsZero() {
		return ""
	}
	return strconv.FormatInt(c.ID, 10) + "." + base64.RawURLEncoding.EncodeToString([]byte(c.Path))
}

// ParsePathCursor reads a cursor written by String; "" is the start. A cursor that cannot
// be read is a field error on "after".
func ParsePathCursor(s string) (PathCursor, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return PathCursor{}, nil
	}
	idPart, pathPart, ok := strings.Cut(s, ".")
	id, err := strconv.ParseInt(idPart, 10, 64)
	if !ok || err != nil || id <= 0 {
		return PathCursor{}, errs.FieldInvalid("after", "err.cursor")
	}
	path, err := base64.RawURLEncoding.DecodeString(pathPart)
	if err != nil || len(path) == 0 {
		return PathCursor{}, errs.FieldInvalid("after", "err.cursor")
	}
	return PathCursor{Path: string(path), ID: id}, nil
}

// keyset starts the WHERE parts of a page of a (node_path, id) listing of table alias
// t: the path range [lo, hi), and after c in (path, id) order, written as a row
// comparison so both databases scan the index from that point.
func keyset(t, lo, hi string, c PathCursor) ([]string, []any) {
	where := []string{t + ".node_path >= ? AND " + t + ".node_path < ?"}
	args := []any{lo, hi}
	if !c.IsZero() {
		where = append(where, "("+t+".node_path, "+t+".id) > (?, ?)")
		args = append(args, c.Path, c.ID)
	}
	return where, args
}

// pathRow is a register row that knows its position in a (node_path, id) listing.
type pathRow interface{ cursor() PathCursor }

// pathPage runs the query of one page of a (node_path, id) listing. q ends in "LIMIT ?",
// which is given one row more than limit: the row past the page tells that another page
// follows, whose cursor is the page's last row (zero after the last page).
func pathPage[R pathRow](ctx context.Context, db *DB, entity string, scan func(rowScanner) (R, error), limit int, q string, args ...any) ([]R, PathCursor, error) {
	rows, err := queryList(ctx, db, entity, scan, q, append(args, limit+1)...)
	if err != nil || len(rows) <= limit {
		return rows, PathCursor{}, err
	}
	rows = rows[:limit]
	return rows, rows[limit-1].cursor(), nil
}
