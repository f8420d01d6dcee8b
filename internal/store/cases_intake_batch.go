package store

import (
	"context"
	"math"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/geo"
)

// Plain reports that meet in one group commit are opened together (reportAll): their
// lookups (idempotency keys, likely duplicates, dispatch rules, the places on their
// paths) are a query each for all of them, and their cases one multi-row INSERT, instead
// of a few statements for each report. A report is plain when it is not a sensor's alarm
// (which may add to an open case), carries no photos (each is checked and linked on its
// own) and was not found on patrol or handled on the spot; others go one by one.

// batchedReport is a report waiting in a group commit that may be opened with others.
type batchedReport struct {
	ctx context.Context
	p   *account.Principal
	r   cases.Report
	// Set by reportAll: the case opened, or the report's own error; alone when the
	// report is to go on its own after all (an idempotency key seen before).
	out   *Intake
	err   error
	alone bool
	o     *opening
	// done is set once the group opened it (out or err is its result).
	done bool
}

// batchable reports whether r may be opened together with other reports.
func batchable(r cases.Report) bool {
	return r.Source != cases.FromSensor && r.Source != cases.FromPatrol && len(r.Photos) == 0 && !r.SelfHandled
}

// reportAll opens the cases of the plain reports bs in the transaction t. A report's own
// failure (an unknown category) is its err; an error returned fails them all, and the
// caller rolls back and takes them one by one.
func (t *Tx) reportAll(bs []*batchedReport) error {
	txs := make([]*Tx, len(bs))
	keys := map[string]*batchedReport{}
	var keyArgs []any
	for i, b := range bs {
		txs[i] = &Tx{ctx: b.ctx, db: t.db, tx: t.tx, p: b.p, now: t.db.nowFor(b.ctx), stmts: t.stmts, timerSink: t}
		if h := txs[i].idempotencyHash(b.r); h != "" {
			if keys[h] != nil {
				b.alone = true // the second of two with one key: it finds the first's case
				continue
			}
			keys[h] = b
			keyArgs = append(keyArgs, h)
		}
	}
	if len(keyArgs) > 0 {
		rows, err := t.query(`SELECT key_hash FROM case_idempotency WHERE key_hash IN (`+placeholders(len(keyArgs))+`)`, keyArgs...)
		seen, err := collect(rows, err, "entity.case", func(s rowScanner) (string, error) {
			var h string
			return h, s.Scan(&h)
		})
		if err != nil {
			return err
		}
		for _, h := range seen {
			keys[h].alone = true // a retry: it returns the case opened before
		}
	}
	var os []*opening
	for i, b := range bs {
		if b.alone {
			continue
		}
		o, err := txs[i].newOpening(b.r, txs[i].idempotencyHash(b.r))
		if err != nil {
			b.err = err
			continue
		}
		b.o = o
		os = append(os, o)
	}
	look, err := t.lookupAll(os)
	if err != nil {
		return err
	}
	for _, o := range os {
		if err := o.firstSteps(look); err != nil {
			return err
		}
	}
	if err := t.insertCases(os); err != nil {
		return err
	}
	for _, b := range bs {
		if b.o == nil {
			continue
		}
		in, err := b.o.opened()
		if err != nil {
			return err
		}
		b.out = in
	}
	return nil
}

// batchLookup answers automatic dispatch for the cases of one batch from what lookupAll
// read for all of them.
type batchLookup struct {
	t     *Tx
	tree  *cases.Tree
	rules []*cases.DispatchRule
	dup   map[*cases.Case]bool
}

func (l *batchLookup) repeats(c *cases.Case) (bool, error) { return l.dup[c], nil }

func (l *batchLookup) unitFor(c *cases.Case) (int64, string, error) {
	q, err := dispatchQuery(l.tree, c.CategoryID, c.NodePath, c.FacilityID, l.t.query)
	if err != nil {
		return 0, "", err
	}
	return resolved(l.rules, q)
}

// lookupAll reads, for the cases of os the rules may dispatch, what dispatching them
// asks: the open cases near each (one query), the rules on their paths (one query) and
// the places on their paths (one query, for 小事 sent to their community).
func (t *Tx) lookupAll(os []*opening) (*batchLookup, error) {
	tree, err := t.categories()
	if err != nil {
		return nil, err
	}
	l := &batchLookup{t: t, tree: tree, dup: map[*cases.Case]bool{}}
	var cands []*cases.Case
	for _, o := range os {
		if !o.r.SelfHandled && t.mayAutoDispatch(o.c) {
			cands = append(cands, o.c)
		}
	}
	if len(cands) == 0 {
		return l, nil
	}
	if err := t.markRepeats(os, cands, l.dup); err != nil {
		return nil, err
	}
	var ids []int64
	var cats []*cases.Category
	seenNode, minor := map[int64]bool{}, false
	for _, c := range cands {
		for _, id := range admin.PathIDs(c.NodePath) {
			if !seenNode[id] {
				seenNode[id] = true
				ids = append(ids, id)
			}
		}
		cat := tree.ByID(c.CategoryID)
		cats = append(cats, cat, tree.Major(cat))
		minor = minor || c.Triage == cases.Minor
	}
	if l.rules, err = rulesFor(ids, cats, t.query); err != nil {
		return nil, err
	}
	for _, r := range l.rules {
		t.knowUnit(r.UnitID, unitInfo{name: r.UnitName, retired: r.UnitRetired}) // read with the rule
	}
	if minor {
		if err := t.loadNodes(ids); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// maxRepeatTerms bounds the reports one query of open cases looks around.
const maxRepeatTerms = 100

// markRepeats marks in dup the cases of cands that likely repeat an open case: one
// already written (read for all of them at once), or one opened before it in os.
func (t *Tx) markRepeats(os []*opening, cands []*cases.Case, dup map[*cases.Case]bool) error {
	radius := t.db.policy.DuplicateRadius
	if radius <= 0 {
		return nil
	}
	located := cands[:0:0]
	for _, c := range cands {
		if c.Location != nil {
			located = append(located, c)
		}
	}
	for start := 0; start < len(located); start += maxRepeatTerms {
		part := located[start:min(start+maxRepeatTerms, len(located))]
		// COALESCE keeps SQLite's planner off the index of masters, which nearly every
		// case matches, when there are many areas to look in.
		q := `SELECT c.category_id, c.lng, c.lat, c.description FROM cases c WHERE COALESCE(c.master_id, 0) = 0 AND c.status NOT IN (?, ?, ?, ?, ?) AND (`
		args := []any{cases.Rejected, cases.Merged, cases.Closed, cases.Rated, cases.Archived}
		for i, c := range part {
			if i > 0 {
				q += " OR "
			}
			dLat, dLng := nearbyBox(c.Location.Lat, radius)
			near, nearArgs := nearbyTerms(c.CategoryID, *c.Location, dLat, dLng)
			q += near
			args = append(args, nearArgs...)
		}
		rows, err := t.query(q+")", args...)
		open, err := collect(rows, err, "entity.case", func(s rowScanner) (*cases.Case, error) {
			var o cases.Case
			var p geo.Point
			if err := s.Scan(&o.CategoryID, &p.Lng, &p.Lat, &o.Description); err != nil {
				return nil, err
			}
			o.Location = &p
			return &o, nil
		})
		if err != nil {
			return err
		}
		for _, c := range part {
			for _, o := range open {
				if alike(c, o, radius) {
					dup[c] = true
					break
				}
			}
		}
	}
	// A case opened earlier in the batch is as open as one written before it.
	for i, o := range os {
		c := o.c
		if c.Location == nil || dup[c] || !t.mayAutoDispatch(c) {
			continue
		}
		for _, e := range os[:i] {
			if alike(c, e.c, radius) {
				dup[c] = true
				break
			}
		}
	}
	return nil
}

// nearbyBox is the half-height and half-width in degrees of the box around a point at lat
// that holds the circle of radius metres.
func nearbyBox(lat, radius float64) (dLat, dLng float64) {
	dLat = radius / metresPerDegree
	return dLat, dLat / math.Max(math.Cos(lat*math.Pi/180), 0.01)
}

// alike reports whether the open case o is likely what c reports again: the same
// category, within radius metres, with a similar description.
func alike(c, o *cases.Case, radius float64) bool {
	return o.CategoryID == c.CategoryID && o.Location != nil && c.Location != nil &&
		geo.Distance(*c.Location, *o.Location) <= radius && cases.Similarity(c.Description, o.Description) >= cases.DuplicateThreshold
}
