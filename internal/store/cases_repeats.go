package store

import (
	"context"
	"math"
	"strings"
	"sync"

	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/geo"
)

// A report the rules might dispatch is first checked for repeating an open case: one of
// its category within the duplicate radius with an alike description. On PostgreSQL the
// request of a plain report reads the open cases near it before it joins a group commit
// (readNearby), in parallel with the others and outside the group's transaction; the
// group then needs only the cases written since (markRepeats), a range of ids read once
// for all its reports. On SQLite the group reads them itself, one query for all its
// reports: its writer has the pages at hand, while a reader's cache is dropped at every
// commit, which made the same read cost more on the readers than in the writer.

// nearbyRead is what a report's request read of the open cases near it.
type nearbyRead struct {
	// upTo is the highest case id when it read: a case with a higher id may have been
	// written after the read, and is looked at again by the group.
	upTo int64
	// dup is set when an open case alike the report was found.
	dup bool
}

// openNearColumns are the columns of an open case that tell whether a report repeats it.
const openNearColumns = `c.category_id, c.lng, c.lat, c.description`

// stillOpen is the condition of an open case that is not merged into another; its five
// arguments are closedStatusArgs.
const stillOpen = `COALESCE(c.master_id, 0) = 0 AND c.status NOT IN (?, ?, ?, ?, ?)`

// closedStatusArgs are the statuses of cases no longer open (cases.Status.Open).
var closedStatusArgs = []any{cases.Rejected, cases.Merged, cases.Closed, cases.Rated, cases.Archived}

// readNearby reads on the reader pool whether the plain report r repeats an open case,
// or returns nil when the group is to look for itself (no radius, no automatic dispatch,
// no place, inside a Batch, or the read failed: the group's own query then answers).
func (db *DB) readNearby(ctx context.Context, r cases.Report) *nearbyRead {
	radius := db.policy.DuplicateRadius
	if db.dialect != Postgres || radius <= 0 || !db.policy.AutoDispatch || !r.Located || r.Location == nil || db.batchTx(ctx) != nil {
		return nil
	}
	// The highest id and the open cases near the report are read in one statement, so
	// from one snapshot: a case committed after it has a higher id, and the group looks
	// at those (markRepeats). The first column tells the two kinds of row apart.
	c := &cases.Case{CategoryID: r.CategoryID, Location: r.Location, Description: r.Description}
	dLat, dLng := nearbyBox(c.Location.Lat, radius)
	near, args := nearbyTerms(c.CategoryID, *c.Location, dLat, dLng)
	rows, err := db.query(ctx, `SELECT 1, 0, 0.0, 0.0, '', COALESCE(MAX(id), 0) FROM cases
		UNION ALL SELECT 0, `+openNearColumns+`, 0 FROM cases c WHERE (`+near+`) AND `+stillOpen, append(args, closedStatusArgs...)...)
	type row struct {
		head, upTo int64
		c          cases.Case
	}
	got, err := collect(rows, err, "entity.case", func(s rowScanner) (*row, error) {
		var r row
		var p geo.Point
		err := s.Scan(&r.head, &r.c.CategoryID, &p.Lng, &p.Lat, &r.c.Description, &r.upTo)
		r.c.Location = &p
		return &r, err
	})
	if err != nil {
		return nil
	}
	var out nearbyRead
	for _, r := range got {
		if r.head == 1 {
			out.upTo = r.upTo
		} else if !out.dup && alike(c, &r.c, radius, dLat, dLng) {
			out.dup = true
		}
	}
	return &out
}

// scanOpenNear scans openNearColumns.
func scanOpenNear(s rowScanner) (*cases.Case, error) {
	var o cases.Case
	var p geo.Point
	if err := s.Scan(&o.CategoryID, &p.Lng, &p.Lat, &o.Description); err != nil {
		return nil, err
	}
	o.Location = &p
	return &o, nil
}

// maxRepeatTerms bounds the reports one query of open cases looks around.
const maxRepeatTerms = 128

// maxLateCases bounds the cases written since a group's reports looked that it reads.
const maxLateCases = 1000

// markRepeats marks in dup the cases of cands that likely repeat an open case: one their
// requests found (nearbyRead), one written since they looked (one query for all), one
// near a case no request looked around (one query for all of those), or one opened
// before it in os.
func (t *Tx) markRepeats(os, cands []*opening, dup map[*cases.Case]bool) error {
	radius := t.db.policy.DuplicateRadius
	if radius <= 0 {
		return nil
	}
	var unread, late []*cases.Case
	since := int64(math.MaxInt64)
	for _, o := range cands {
		switch {
		case o.c.Location == nil:
		case o.near == nil:
			unread = append(unread, o.c)
		case o.near.dup:
			dup[o.c] = true
		default:
			late = append(late, o.c)
			since = min(since, o.near.upTo)
		}
	}
	if len(late) > 0 {
		// Ordered and bounded, the query reads the newest ids off the primary key
		// whatever the planner knows of the table; when more were written than it
		// reads, the cases near each report are read as for one that did not look.
		rows, err := t.query(`SELECT `+openNearColumns+`, c.status, COALESCE(c.master_id, 0) FROM cases c WHERE c.id > ? AND c.cell IS NOT NULL ORDER BY c.id LIMIT ?`,
			since, maxLateCases)
		newer, err := collect(rows, err, "entity.case", func(s rowScanner) (*cases.Case, error) {
			var o cases.Case
			var p geo.Point
			if err := s.Scan(&o.CategoryID, &p.Lng, &p.Lat, &o.Description, &o.Status, &o.MasterID); err != nil {
				return nil, err
			}
			o.Location = &p
			return &o, nil
		})
		if err != nil {
			return err
		}
		if len(newer) == maxLateCases {
			unread = append(unread, late...)
		} else {
			open := newer[:0]
			for _, o := range newer {
				if o.MasterID == 0 && o.Status.Open() {
					open = append(open, o)
				}
			}
			markAlike(late, open, radius, dup)
		}
	}
	for start := 0; start < len(unread); start += maxRepeatTerms {
		part := unread[start:min(start+maxRepeatTerms, len(unread))]
		// The last report's terms are repeated up to a power of two of them, so that the
		// query has one of a few shapes, each prepared once.
		n := paddedTerms(len(part))
		args := append(make([]any, 0, len(closedStatusArgs)+16*n), closedStatusArgs...)
		terms := make([]string, n)
		for i := range n {
			c := part[min(i, len(part)-1)]
			dLat, dLng := nearbyBox(c.Location.Lat, radius)
			var nearArgs []any
			terms[i], nearArgs = nearbyTerms(c.CategoryID, *c.Location, dLat, dLng)
			args = append(args, nearArgs...)
		}
		rows, err := t.query(repeatQuery(terms), args...)
		open, err := collect(rows, err, "entity.case", scanOpenNear)
		if err != nil {
			return err
		}
		markAlike(part, open, radius, dup)
	}
	// A case opened earlier in the batch is as open as one written before it.
	for i, o := range os {
		c := o.c
		if c.Location == nil || dup[c] || !t.mayAutoDispatch(c) {
			continue
		}
		dLat, dLng := nearbyBox(c.Location.Lat, radius)
		for _, e := range os[:i] {
			if alike(c, e.c, radius, dLat, dLng) {
				dup[c] = true
				break
			}
		}
	}
	return nil
}

// repeatQueries are the texts of the query of open cases around reports, by term and
// number of terms.
var repeatQueries sync.Map

type repeatShape struct {
	term string
	n    int
}

// repeatQuery is the query of the open cases that meet any of terms (one a report, each
// with its arguments, after those of stillOpen). The terms of one radius are one text
// (the rows of cells around a point are as many wherever it lies), so the query's text is
// kept by that text and their number.
func repeatQuery(terms []string) string {
	same := true
	for _, t := range terms {
		same = same && t == terms[0]
	}
	shape := repeatShape{terms[0], len(terms)}
	if same {
		if q, ok := repeatQueries.Load(shape); ok {
			return q.(string)
		}
	}
	// COALESCE (in stillOpen) keeps SQLite's planner off the index of masters, which
	// nearly every case matches, when there are many areas to look in.
	q := `SELECT ` + openNearColumns + ` FROM cases c WHERE ` + stillOpen + ` AND (` + strings.Join(terms, " OR ") + `)`
	if same {
		repeatQueries.Store(shape, q)
	}
	return q
}

// paddedTerms is the number of terms a query of open cases around n reports has: the
// smallest power of two not below n (n is at most maxRepeatTerms, a power of two).
func paddedTerms(n int) int {
	k := 1
	for k < n {
		k *= 2
	}
	return k
}

// markAlike marks in dup the cases of cs alike an open case of open.
func markAlike(cs, open []*cases.Case, radius float64, dup map[*cases.Case]bool) {
	for _, c := range cs {
		dLat, dLng := nearbyBox(c.Location.Lat, radius)
		for _, o := range open {
			if alike(c, o, radius, dLat, dLng) {
				dup[c] = true
				break
			}
		}
	}
}

// nearbyBox is the half-height and half-width in degrees of the box around a point at lat
// that holds the circle of radius metres.
func nearbyBox(lat, radius float64) (dLat, dLng float64) {
	dLat = radius / metresPerDegree
	return dLat, dLat / math.Max(math.Cos(lat*math.Pi/180), 0.01)
}

// alike reports whether the open case o is likely what c reports again: the same
// category, within radius metres, with a similar description. The box of half-size
// dLat × dLng around c (nearbyBox) is checked first: it turns away nearly every case at
// the cost of two subtractions.
func alike(c, o *cases.Case, radius, dLat, dLng float64) bool {
	if o.CategoryID != c.CategoryID || o.Location == nil || c.Location == nil {
		return false
	}
	if math.Abs(o.Location.Lat-c.Location.Lat) > dLat || math.Abs(o.Location.Lng-c.Location.Lng) > dLng {
		return false
	}
	return geo.Distance(*c.Location, *o.Location) <= radius && cases.Similarity(c.Description, o.Description) >= cases.DuplicateThreshold
}
