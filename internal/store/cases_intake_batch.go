package store

import (
	"context"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/cases"
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
	// near is what the request read of the open cases near the report, nil when it
	// did not; phone is its reporter's phone sealed.
	near  *nearbyRead
	phone *sealedPhone
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
		o.near, o.phone = b.near, b.phone
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
	var cands []*opening
	for _, o := range os {
		if !o.r.SelfHandled && t.mayAutoDispatch(o.c) {
			cands = append(cands, o)
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
	for _, o := range cands {
		c := o.c
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
