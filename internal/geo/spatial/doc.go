// Package spatial answers "which polygons of the administrative tree contain
// this point?" fast enough to run on every report, scan and map click: an
// immutable in-memory index over the polygons of micro-grids, grids,
// communities, streets and districts.
//
// # How a look-up works
//
// Build packs the bounding boxes of every polygon into a static R-tree using
// Sort-Tile-Recursive bulk loading (Leutenegger et al., 1997). Nodes, leaf
// entries and points live in a few flat slices laid out in tree order, so a
// query touches little memory and allocates nothing but its result. The
// boxes only filter candidates; each candidate is then tested exactly with
// the even-odd rule. Polygons with many edges (the outlines of streets and
// districts easily have thousands) get a precomputed table of latitude
// bands, each listing only the edges that span it, so a test costs a handful
// of edges instead of all of them.
//
// # Points on boundaries
//
// The exact test is the one of geo.Polygon.Contains, computed with the same
// floating-point expression, so the two agree: a point on a left or bottom
// edge is inside, on a right or top edge outside, and vertices follow (of a
// square's corners only the bottom-left one is inside). Because every edge is
// evaluated in a fixed direction, neighbouring polygons that share an edge
// (end point for end point) never both claim a point on it: in a tiling,
// each level of the tree yields exactly one hit for every covered point.
//
// # Rebuilding
//
// An Index never changes after Build, so any number of goroutines may query
// it at once without locks. When geometry changes, build a new Index from
// the current polygons off to the side and publish it with Holder.Store;
// readers call Holder.Load once per request and keep using that snapshot.
// Old indexes are reclaimed by the garbage collector when the last reader
// drops them:
//
//	var locator spatial.Holder
//
//	// at start-up and after every geometry change:
//	ix, err := spatial.Build(entries)
//	if err != nil { … keep serving the old index, report err … }
//	locator.Store(ix)
//
//	// in a handler:
//	hits := locator.Load().Locate(p) // empty: outside every polygon
//
// The package uses only the standard library and package geo.
package spatial
