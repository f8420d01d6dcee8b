package store

import (
	"context"
	"database/sql"
	"math"
	"strings"

	"github.com/shequ-dev/shequ/internal/geo"
)

// Cases are found near a point by cell: the map is cut into squares of 1/cellsPerDegree
// degrees (about 220 m north to south, 190 m east to west in Suzhou), numbered row by
// row, and a case keeps the number of the square it lies in. The cells of one row are
// consecutive numbers, so the cases in a box are a few ranges of one index
// (category_id, cell) — one a row of cells the box touches — where an index on latitude
// and longitude would read the whole strip of the map at the box's latitudes.
const (
	cellsPerDegree = 500
	cellsInRow     = 360*cellsPerDegree + 1
)

// cellRow and cellColumn are the row and column of the cell holding lat and lng.
func cellRow(lat float64) int64 { return int64(math.Floor((lat + 90) * cellsPerDegree)) }
func cellColumn(lng float64) int64 {
	return min(max(int64(math.Floor((lng+180)*cellsPerDegree)), 0), cellsInRow-1)
}

// cellOf is the cell number of p, or NULL for a case without a location.
func cellOf(p *geo.Point) any {
	if p == nil {
		return nil
	}
	return cellRow(p.Lat)*cellsInRow + cellColumn(p.Lng)
}

// cellRanges are the first and last cell numbers of each row of cells the box of
// half-size dLat × dLng degrees around p touches, in pairs. Their number depends on dLat
// alone, not on where p lies in its cell: the rows the box may touch are read, the last
// one sometimes needlessly (its cases are turned away on the index by their latitude),
// so that every query around a point has the same shape and is prepared once.
func cellRanges(p geo.Point, dLat, dLng float64) []any {
	c0, c1 := cellColumn(p.Lng-dLng), cellColumn(p.Lng+dLng)
	rows := int64(math.Ceil(2*dLat*cellsPerDegree)) + 1
	out := make([]any, 0, 2*rows)
	for r := cellRow(p.Lat - dLat); r < cellRow(p.Lat-dLat)+rows; r++ {
		out = append(out, r*cellsInRow+c0, r*cellsInRow+c1)
	}
	return out
}

// nearbyTerms is the condition on c.cell, c.lat and c.lng that holds the cases of
// category in the box of half-size dLat × dLng around p, with its arguments: one term a
// row of cells, joined by OR, so that the planner reads each as a range of the index
// (category_id, cell, lat, lng) and turns away on the index the cases of those cells
// outside the box.
func nearbyTerms(category int64, p geo.Point, dLat, dLng float64) (string, []any) {
	ranges := cellRanges(p, dLat, dLng)
	var sb strings.Builder
	args := make([]any, 0, len(ranges)*7/2)
	for i := 0; i < len(ranges); i += 2 {
		if i > 0 {
			sb.WriteString(" OR ")
		}
		sb.WriteString("(c.category_id = ? AND c.cell BETWEEN ? AND ? AND c.lat BETWEEN ? AND ? AND c.lng BETWEEN ? AND ?)")
		args = append(args, category, ranges[i], ranges[i+1], p.Lat-dLat, p.Lat+dLat, p.Lng-dLng, p.Lng+dLng)
	}
	return sb.String(), args
}

// backfillCells numbers the cells of cases written before cases kept them.
func (db *DB) backfillCells(ctx context.Context) error {
	return db.backfill(ctx, `SELECT id, lng, lat FROM cases WHERE cell IS NULL AND lat IS NOT NULL AND id > ? ORDER BY id LIMIT 1000`,
		`UPDATE cases SET cell = ? WHERE id = ?`, func(rows *sql.Rows) (int64, []any, error) {
			var id int64
			var p geo.Point
			err := rows.Scan(&id, &p.Lng, &p.Lat)
			return id, []any{cellOf(&p), id}, err
		})
}
