package store

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/geo/spatial"
)

// locator keeps the spatial index of every boundary, rebuilt when boundaries change:
// at once after an edit through this server, and within a short while after an edit
// through another server sharing the database.
type locator struct {
	holder  spatial.Holder
	mu      sync.Mutex // one rebuild at a time
	stamp   string     // the boundaries the index was built from
	checked time.Time  // when the stamp was last compared
}

// locatorRecheck is how long an index is trusted before the database is asked whether
// boundaries changed elsewhere.
const locatorRecheck = 30 * time.Second

// SpatialIndex returns an up-to-date spatial index of every boundary.
func (db *DB) SpatialIndex(ctx context.Context) (*spatial.Index, error) {
	l := &db.locator
	now := db.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if ix := l.holder.Load(); ix != nil && now.Sub(l.checked) < locatorRecheck {
		return ix, nil
	}
	stamp, err := db.ShapesStamp(ctx)
	if err != nil {
		return nil, err
	}
	l.checked = now
	if ix := l.holder.Load(); ix != nil && stamp == l.stamp {
		return ix, nil
	}
	shapes, err := db.Shapes(ctx)
	if err != nil {
		return nil, err
	}
	entries := make([]spatial.Entry, 0, len(shapes))
	for _, sh := range shapes {
		g, err := geo.ParseGeoJSONGeometry([]byte(sh.Boundary))
		if err != nil {
			slog.Warn("boundary left out of the spatial index", "node", sh.ID, "err", err)
			continue
		}
		entries = append(entries, spatial.Entry{ID: sh.ID, Level: int(sh.Level), Geometry: geo.AsMultiPolygon(g)})
	}
	ix, err := spatial.Build(entries)
	if err != nil {
		return nil, errs.Internalf("spatial index: %w", err)
	}
	l.holder.Store(ix)
	l.stamp = stamp
	return ix, nil
}

// BoundariesChanged makes the next lookup rebuild the index (after an edit through
// this server; edits elsewhere are noticed within locatorRecheck).
func (db *DB) BoundariesChanged() {
	db.locator.mu.Lock()
	db.locator.checked = time.Time{}
	db.locator.mu.Unlock()
}

// LocatePoint finds the smallest place whose boundary holds pt; ok is false when no
// boundary does.
func (db *DB) LocatePoint(ctx context.Context, pt geo.Point) (n *admin.Node, ok bool, err error) {
	ix, err := db.SpatialIndex(ctx)
	if err != nil {
		return nil, false, err
	}
	hits := ix.Locate(pt)
	if len(hits) == 0 {
		return nil, false, nil
	}
	n, err = db.nodeByID(ctx, hits[0].ID)
	return n, err == nil, err
}
