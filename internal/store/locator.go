package store

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/geo/spatial"
)

// locator keeps the spatial index of every boundary, rebuilt when boundaries change:
// at once after an edit through this server, and within a short while after an edit
// through another server sharing the database.
type locator struct {
	holder spatial.Holder
	// paths are the paths of the places in the index, so that locating a point needs
	// no read of its place. They are stored before the index they go with, so that a
	// reader who sees an index sees its paths or newer ones.
	paths   atomic.Pointer[map[int64]string]
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
	paths := make(map[int64]string, len(shapes))
	for _, sh := range shapes {
		paths[sh.ID] = sh.Path
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
	l.paths.Store(&paths)
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

// LocatePoint finds the smallest place whose boundary holds pt, by its id and path; ok is
// false when no boundary does.
func (db *DB) LocatePoint(ctx context.Context, pt geo.Point) (id int64, path string, ok bool, err error) {
	ix, err := db.SpatialIndex(ctx)
	if err != nil {
		return 0, "", false, err
	}
	hits := ix.Locate(pt)
	if len(hits) == 0 {
		return 0, "", false, nil
	}
	id = hits[0].ID
	if paths := db.locator.paths.Load(); paths != nil {
		if path, ok := (*paths)[id]; ok {
			return id, path, true, nil
		}
	}
	n, err := db.nodeByID(ctx, id)
	if err != nil {
		return 0, "", false, err
	}
	return n.ID, n.Path, true, nil
}
