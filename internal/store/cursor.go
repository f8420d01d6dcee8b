package store

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/errs"
)

// PathCursor is a keyset position in a register listing ordered by (node_path, id): the
// last row of the page before. Every listing of residents, households and rentals is
// ordered so, and its index on (node_path, id) turns "this scope, after this row" into
// one index range whatever the scope and however deep the page: no OFFSET, no sort.
// Ordering by path keeps the residents of one grid together, which is also how pages
// read best.
type PathCursor struct {
	Path string
	ID   int64
}

// IsZero reports whether the cursor is the start of a listing (or, returned as the next
// page, its end).
func (c PathCursor) IsZero() bool { return c.ID == 0 }

// String encodes the cursor for a URL's after parameter: opaque, URL-safe, "" for none.
func (c PathCursor) String() string {
	if c.IsZero() {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(c.ID, 10) + ":" + c.Path))
}

// ParsePathCursor reads a cursor made by String; "" is the start.
func ParsePathCursor(s string) (PathCursor, error) {
	if s == "" {
		return PathCursor{}, nil
	}
	bad := errs.FieldInvalid("after", "err.cursor")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return PathCursor{}, bad
	}
	id, path, ok := strings.Cut(string(b), ":")
	n, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || n <= 0 || !strings.HasPrefix(path, "/") {
		return PathCursor{}, bad
	}
	return PathCursor{Path: path, ID: n}, nil
}

// keyset appends the conditions of a page of a (node_path, id) listing in the range
// [lo, hi) after c to a query's WHERE parts, for the table alias t.
func keyset(where []string, args []any, t, lo, hi string, c PathCursor) ([]string, []any) {
	where = append(where, t+".node_path >= ? AND "+t+".node_path < ?")
	args = append(args, lo, hi)
	if !c.IsZero() {
		where = append(where, "("+t+".node_path, "+t+".id) > (?, ?)")
		args = append(args, c.Path, c.ID)
	}
	return where, args
}
