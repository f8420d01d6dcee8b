package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strconv"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/secret"
)

// Intake is what a report returns to whoever made it.
type Intake struct {
	Case *cases.Case
	// TrackKey opens the case's public tracking page together with its ticket.
	TrackKey string
	// Repeat is set when the report added to an existing case instead of opening one:
	// a retried submission with the same idempotency key, or a repeated sensor alarm.
	Repeat bool
}

const sealReporterPhone = "cases.reporter_phone"

// TrackKey is the key that, with the ticket, opens a case's public tracking page. It is
// derived from the ticket with the installation's secret, so a retried submission gets
// the same key and nothing needs storing.
func (db *DB) TrackKey(ticket string) string {
	return db.keys.Lookup("case.track", ticket)[:16]
}

// Report opens a case from any channel. A point not yet placed (r.Located) is looked up
// in the boundaries, smallest place first; a point outside every boundary, or an address
// alone, leaves the case unlocated: it is kept and waits in the unlocated queue for a
// person. The rest of intake runs in one transaction, shared with concurrent intakes: the idempotency key, a
// repeated sensor alarm, the category, the ticket number, triage, the case and its
// timeline, photos, audit, and, when nothing needs a person's judgement, registration
// and dispatch by the rules.
func (db *DB) Report(ctx context.Context, p *account.Principal, r cases.Report) (*Intake, error) {
	if p == nil {
		p = &account.Principal{}
	}
	g, result, err := db.reportWrite(ctx, p, r)
	if err != nil {
		return nil, err
	}
	return result(db.groupedWrite(ctx, g))
}

// reportWrite checks and places r and returns the group write that opens its case, and
// the function that turns the write's result into the report's.
func (db *DB) reportWrite(ctx context.Context, p *account.Principal, r cases.Report) (*groupWrite, func(error) (*Intake, error), error) {
	if err := r.Validate(p); err != nil {
		return nil, nil, err
	}
	if db.keys == nil {
		return nil, nil, errs.Internalf("no encryption key configured")
	}
	if !r.Located && r.Location != nil {
		id, path, ok, err := db.LocatePoint(ctx, *r.Location)
		if err != nil {
			return nil, nil, err
		}
		if ok {
			r.NodeID, r.NodePath, r.Located = id, path, true
		}
	}
	var out *Intake
	g := &groupWrite{ctx: ctx, p: p, fn: func(tx *Tx) error {
		var err error
		out, err = tx.report(r)
		return err
	}}
	if batchable(r) {
		phone, err := db.sealReporterPhone(r.ReporterPhone)
		if err != nil {
			return nil, nil, err
		}
		g.report = &batchedReport{ctx: ctx, p: p, r: r, near: db.readNearby(ctx, r), phone: phone}
	}
	return g, func(err error) (*Intake, error) {
		if err != nil {
			return nil, err
		}
		if g.report != nil && g.report.done {
			return g.report.out, nil
		}
		return out, nil
	}, nil
}

func (t *Tx) report(r cases.Report) (*Intake, error) {
	keyHash := t.idempotencyHash(r)
	if keyHash != "" {
		var id int64
		err := t.queryRow(`SELECT case_id FROM case_idempotency WHERE key_hash = ?`, keyHash).Scan(&id)
		if err == nil {
			c, err := t.lockCase(id)
			if err != nil {
				return nil, err
			}
			return &Intake{Case: c, TrackKey: t.db.TrackKey(c.Ticket), Repeat: true}, nil
		} else if err != sql.ErrNoRows {
			return nil, mapErr(err, "entity.case")
		}
	}
	if r.Source == cases.FromSensor {
		if in, err := t.repeatAlarm(r); in != nil || err != nil {
			return in, err
		}
	}
	o, err := t.newOpening(r, keyHash)
	if err != nil {
		return nil, err
	}
	if err := o.firstSteps(directLookup{t}); err != nil {
		return nil, err
	}
	if err := t.insertCases([]*opening{o}); err != nil {
		return nil, err
	}
	return o.opened()
}

// idempotencyHash is the stored form of the report's idempotency key, "" for none: the
// key is the caller's, so two people's equal keys never meet.
func (t *Tx) idempotencyHash(r cases.Report) string {
	if r.IdempotencyKey == "" {
		return ""
	}
	return t.db.keys.Lookup("case.idempotency", strconv.FormatInt(t.p.UserID, 10)+":"+r.IdempotencyKey)
}

// opening is a report on its way to becoming a case: the case as it will be written, and
// the steps taken on it at once.
type opening struct {
	tx      *Tx // the reporter's
	r       cases.Report
	keyHash string
	cat     *cases.Category
	c       *cases.Case
	// reported is the case as reported, before the first steps.
	reported cases.Case
	steps    []stepped
	// near is what the request read of the open cases near it, and phone its reporter's
	// phone sealed (reportAll).
	near  *nearbyRead
	phone *sealedPhone
}

// newOpening places the report (the unlocated queue's home when no boundary holds it)
// and makes its case, numbered, not yet written.
func (t *Tx) newOpening(r cases.Report, keyHash string) (*opening, error) {
	cat, err := t.chosenCategory(r.CategoryID)
	if err != nil {
		return nil, err
	}
	if !r.Located || r.NodeID == 0 {
		r.Located = false
		if r.NodeID, r.NodePath, err = t.unlocatedHome(); err != nil {
			return nil, err
		}
	}
	c, err := t.newCase(r, cat)
	if err != nil {
		return nil, err
	}
	return &opening{tx: t, r: r, keyHash: keyHash, cat: cat, c: c, reported: *c}, nil
}

// registered reports whether the case was registered at once.
func (o *opening) registered() bool {
	for _, st := range o.steps {
		if st.s.Action == cases.ActRegister {
			return true
		}
	}
	return false
}

// firstSteps takes what follows a report at once, before the case is written, so that its
// row is written once, as it ends up: closing a case handled on the spot, or registering
// and dispatching it by the rules.
func (o *opening) firstSteps(look dispatchLookup) error {
	if o.r.SelfHandled {
		o.steps = []stepped{o.tx.selfHandled(o.c, o.r)}
		return nil
	}
	var err error
	o.steps, err = o.tx.autoDispatch(o.c, look)
	return err
}

// opened writes what follows the case's row, in the order the steps were taken: the
// report's timeline entry, photos and notifications, the patrol it was found on, the
// idempotency key, the audit entries, the steps' entries and the stage's timers.
func (o *opening) opened() (*Intake, error) {
	t, c, r := o.tx, o.c, o.r
	if err := t.syncCaseTimers(&o.reported, c); err != nil {
		return nil, err
	}
	reported := o.reported
	reported.ID = c.ID
	report := &cases.Event{Action: cases.ActReport, To: cases.Reported}
	if err := t.eventWithPhotos(&reported, report, r.Location, r.Photos); err != nil {
		return nil, err
	}
	// A case registered at once tells its reporter once, that it is registered, rather
	// than twice in the same second.
	if !o.registered() {
		if err := t.tellAbout(&reported, report); err != nil {
			return nil, err
		}
	}
	if r.Source == cases.FromPatrol {
		// Found on patrol: the case counts on the reporter's open patrol, the one the
		// server knows of, whatever the page said.
		pid, err := t.openPatrolOf(t.p.UserID)
		if err != nil {
			return nil, err
		}
		if pid != 0 {
			if err := t.linkCaseToPatrol(c.ID, pid); err != nil {
				return nil, err
			}
		}
	}
	if o.keyHash != "" {
		if err := t.appendRow(appendIdempotency, o.keyHash, c.ID, ms(t.now)); err != nil {
			return nil, mapErr(err, "entity.case")
		}
	}
	// One request, one audit entry: the steps the rules took at once are in its detail
	// (and each in the case's timeline).
	detail := map[string]any{"ticket": c.Ticket, "source": string(c.Source), "category_id": c.CategoryID}
	if len(o.steps) > 0 {
		then := make([]string, len(o.steps))
		for i, st := range o.steps {
			then[i] = string(st.s.Action)
		}
		detail["then"], detail["status"] = then, string(c.Status)
		if c.AssigneeUnitID != 0 {
			detail["unit_id"] = c.AssigneeUnitID
		}
		if c.AssigneeNodeID != 0 {
			detail["node_id"] = c.AssigneeNodeID
		}
	}
	if err := t.audit(Record{Action: "case.report", Entity: "case", EntityID: c.ID, NodePath: c.NodePath, Detail: detail}); err != nil {
		return nil, err
	}
	for _, st := range o.steps {
		if err := st.record(c.ID); err != nil {
			return nil, err
		}
	}
	return &Intake{Case: c, TrackKey: t.db.TrackKey(c.Ticket)}, nil
}

// unlocatedHome is where a case no boundary holds waits for a person to place it: with
// the reporter's own place when they work in one (a grid worker, street staff), else with
// the district when the tree has one, else at the top of the tree. Its staff see it in
// the unlocated queue.
func (t *Tx) unlocatedHome() (int64, string, error) {
	var id int64
	var path string
	if t.p.NodeID != 0 && t.p.ScopePath != "" {
		return t.p.NodeID, t.p.ScopePath, nil
	}
	var districts int
	if err := t.queryRow(`SELECT COUNT(*), COALESCE(MIN(id), 0) FROM nodes WHERE level = ? AND retired_at IS NULL`, admin.District).
		Scan(&districts, &id); err != nil {
		return 0, "", mapErr(err, "entity.node")
	}
	if districts == 1 {
		err := t.queryRow(`SELECT path FROM nodes WHERE id = ?`, id).Scan(&path)
		return id, path, mapErr(err, "entity.node")
	}
	err := t.queryRow(`SELECT id, path FROM nodes WHERE parent_id IS NULL AND retired_at IS NULL ORDER BY id LIMIT 1`).Scan(&id, &path)
	return id, path, mapErr(err, "entity.node")
}

// newCase is the case a report opens, with its ticket number, not yet written.
func (t *Tx) newCase(r cases.Report, cat *cases.Category) (*cases.Case, error) {
	ticket, err := t.nextTicket()
	if err != nil {
		return nil, err
	}
	c := &cases.Case{
		Ticket: ticket, Source: r.Source, Status: cases.Reported, CategoryID: cat.ID,
		Triage: cat.Triage, Priority: cat.Priority, Description: r.Description, Address: r.Address, Location: r.Location,
		Located: r.Located, NodeID: r.NodeID, NodePath: r.NodePath, BuildingID: r.BuildingID, FacilityID: r.FacilityID,
		ReporterName: r.ReporterName, Anonymous: r.Anonymous, DeviceID: r.DeviceID, AlarmType: r.AlarmType,
		ReportedAt: t.now, Updated: t.now, Version: 1,
	}
	if r.Priority != "" {
		c.Priority = r.Priority
	}
	if r.Source == cases.FromSensor {
		c.AlarmCount = 1
	}
	if !r.Anonymous && t.p.Role == account.Resident {
		c.ReporterUserID = t.p.UserID
	}
	if r.Anonymous {
		c.ReporterName = ""
	}
	if r.ReporterPhone != "" {
		c.ReporterPhone = secret.MaskPhone(r.ReporterPhone)
	}
	return c, nil
}

// nextTicket numbers the day's next case. The day's counter is locked and read at the
// transaction's first case of the day, counted on in memory and written back before
// commit (flushHeads), so the cases of a group commit cost one read and one write of it.
func (t *Tx) nextTicket() (string, error) {
	day := cases.TicketDay(t.now)
	const take = `INSERT INTO ticket_counters (day, n) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET n = ticket_counters.n + excluded.n RETURNING n`
	if t.stmts == nil {
		var n int64
		if err := t.queryRow(take, day, 1).Scan(&n); err != nil {
			return "", mapErr(err, "entity.case")
		}
		return cases.FormatTicket(t.now, n), nil
	}
	h := &t.stmts.heads.ticket
	if !h.held || h.day != day {
		if err := t.flushHeads(); err != nil {
			return "", err
		}
		// Taking 0 makes sure the row exists and locks it until commit.
		*h = ticketHead{held: true, day: day}
		if err := t.queryRow(take, day, 0).Scan(&h.n); err != nil {
			return "", mapErr(err, "entity.case")
		}
	}
	h.n++
	h.dirty = true
	return cases.FormatTicket(t.now, h.n), nil
}

// caseInsert writes new cases as they stand.
var caseInsert = &appendKind{table: "cases",
	head: `INSERT INTO cases (ticket, source, status, category_id, triage, priority, description, address, lng, lat, cell,
		located, node_id, node_path, building_id, facility_id, reporter_user_id, reporter_name, reporter_phone_enc,
		reporter_phone_hash, reporter_phone_mask, anonymous, device_id, alarm_type, alarm_count, assignee_unit_id, assignee_node_id,
		dispatch_reason, closure, stage, stage_start, warn_at, due_at, registered_at, dispatched_at, handled_at, verified_at, closed_at,
		reported_at, updated_at, version) VALUES `,
	row:   `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
	tail:  ` RETURNING id, ticket`,
	width: 41}

// insertCases writes the cases of os as they stand, their reporters' phones sealed, in
// as few statements as the placeholders allow, and gives each its id.
func (t *Tx) insertCases(os []*opening) error {
	byTicket := make(map[string]*opening, len(os))
	args := make([]any, 0, len(os)*caseInsert.width)
	for _, o := range os {
		if o.phone == nil {
			var err error
			if o.phone, err = t.db.sealReporterPhone(o.r.ReporterPhone); err != nil {
				return err
			}
		}
		args = append(args, t.caseRow(o.c, *o.phone)...)
		byTicket[o.c.Ticket] = o
	}
	per := maxAppendArgs / caseInsert.width
	for len(args) > 0 {
		n := min(len(args)/caseInsert.width, per)
		rows, err := t.query(caseInsert.statement(n), args[:n*caseInsert.width]...)
		if err != nil {
			return mapErr(err, "entity.case")
		}
		for rows.Next() {
			var id int64
			var ticket string
			if err := rows.Scan(&id, &ticket); err != nil {
				rows.Close()
				return mapErr(err, "entity.case")
			}
			if o := byTicket[ticket]; o != nil {
				o.c.ID = id
			}
		}
		if err := rows.Close(); err != nil {
			return mapErr(err, "entity.case")
		}
		if err := rows.Err(); err != nil {
			return mapErr(err, "entity.case")
		}
		args = args[n*caseInsert.width:]
	}
	for _, o := range os {
		if o.c.ID == 0 {
			return errs.Internalf("case %s written without an id", o.c.Ticket)
		}
		o.tx.newFactState(o.c.ID)
		if o.r.ReporterPhone != "" && t.stmts != nil {
			t.stmts.mu.Lock()
			if t.stmts.phones == nil {
				t.stmts.phones = map[int64]string{}
			}
			t.stmts.phones[o.c.ID] = o.r.ReporterPhone
			t.stmts.mu.Unlock()
		}
	}
	return nil
}

// sealedPhone is a reporter's phone as a case keeps it: sealed, and its keyed hash.
type sealedPhone struct{ enc, hash string }

// sealReporterPhone seals a reporter's phone ("" stays empty). A plain report's request
// seals it before joining its group commit, so that the group's writer need not.
func (db *DB) sealReporterPhone(phone string) (*sealedPhone, error) {
	if phone == "" {
		return &sealedPhone{}, nil
	}
	enc, err := db.keys.Seal(phone, sealReporterPhone)
	if err != nil {
		return nil, errs.Internalf("seal phone: %v", err)
	}
	return &sealedPhone{enc: enc, hash: db.keys.Lookup("phone", phone)}, nil
}

// caseRow is the row of caseInsert for c, its reporter's phone sealed.
func (t *Tx) caseRow(c *cases.Case, phone sealedPhone) []any {
	lng, lat := point(c.Location)
	return []any{c.Ticket, c.Source, c.Status, c.CategoryID, c.Triage, c.Priority, c.Description, c.Address, lng, lat, cellOf(c.Location),
		c.Located, c.NodeID, c.NodePath, nullID(c.BuildingID), nullID(c.FacilityID), nullID(c.ReporterUserID), c.ReporterName, phone.enc,
		phone.hash, c.ReporterPhone, c.Anonymous, c.DeviceID, c.AlarmType, c.AlarmCount, nullID(c.AssigneeUnitID), nullID(c.AssigneeNodeID),
		c.DispatchReason, c.Closure, c.Stage, msPtr(c.StageStart), msPtr(c.WarnAt), msPtr(c.DueAt), msPtr(c.RegisteredAt),
		msPtr(c.DispatchedAt), msPtr(c.HandledAt), msPtr(c.VerifiedAt), msPtr(c.ClosedAt),
		ms(c.ReportedAt), ms(t.now), c.Version}
}

// selfHandled closes a case a grid worker solved on the spot (自行处置), with the after
// photos on the handling entry.
func (t *Tx) selfHandled(c *cases.Case, r cases.Report) stepped {
	c.Status, c.Closure = cases.Closed, cases.SelfHandled
	c.RegisteredAt, c.HandledAt, c.VerifiedAt, c.ClosedAt = &t.now, &t.now, &t.now, &t.now
	c.Version++
	ev := &cases.Event{Action: cases.ActSelfHandle, From: cases.Reported, To: cases.Closed, Note: r.HandleNote}
	return stepped{tx: t, s: cases.Step{Action: cases.ActSelfHandle, Location: r.Location}, ev: ev, after: *c, photos: r.AfterPhotos,
		quiet: true}
}

// repeatAlarm attaches a sensor alarm to the open case its device already raised for
// the same kind of alarm, if there is one.
func (t *Tx) repeatAlarm(r cases.Report) (*Intake, error) {
	var id int64
	err := t.queryRow(`SELECT id FROM cases WHERE device_id = ? AND device_id <> '' AND alarm_type = ? AND status NOT IN (?, ?, ?, ?, ?)
		ORDER BY id DESC LIMIT 1`, append([]any{r.DeviceID, r.AlarmType}, closedStatusArgs...)...).Scan(&id)
	if err == sql.ErrNoRows {
		return nil, nil
	} else if err != nil {
		return nil, mapErr(err, "entity.case")
	}
	c, err := t.lockCase(id)
	if err != nil {
		return nil, err
	}
	v := c.Version
	c.AlarmCount++
	if err := t.saveCase(c, v); err != nil {
		return nil, err
	}
	if err := t.caseEvent(c, &cases.Event{Action: cases.ActAlarm, From: c.Status, To: c.Status, Note: r.Description,
		Detail: map[string]any{"count": c.AlarmCount}}, r.Location); err != nil {
		return nil, err
	}
	return &Intake{Case: c, TrackKey: t.db.TrackKey(c.Ticket), Repeat: true}, nil
}

// autoDispatch registers and dispatches a new case, not yet written, by the rules when
// nothing needs a person's judgement (Policy.AutoDispatch): it is located, 大事 or 小事,
// not a likely duplicate, and a unit is found for 大事 (小事 goes to its own community).
// It returns the steps taken, none when the case waits for a reviewer.
func (t *Tx) autoDispatch(c *cases.Case, look dispatchLookup) ([]stepped, error) {
	if !t.mayAutoDispatch(c) {
		return nil, nil
	}
	if dup, err := look.repeats(c); err != nil || dup {
		return nil, err
	}
	sys := t.asSystem("dispatch")
	var target cases.Step
	switch c.Triage {
	case cases.Minor:
		community, err := t.ancestorAt(c.NodePath, admin.Community)
		if err != nil || community == 0 {
			return nil, err
		}
		target = cases.Step{Action: cases.ActDispatch, NodeID: community, Reason: "minor"}
	default:
		unit, reason, err := look.unitFor(c)
		if err != nil || unit == 0 {
			return nil, err
		}
		target = cases.Step{Action: cases.ActDispatch, UnitID: unit, Reason: reason}
	}
	steps := make([]stepped, 0, 2)
	for _, s := range []cases.Step{{Action: cases.ActRegister}, target} {
		st, err := sys.stepNew(c, s)
		if err != nil {
			return nil, err
		}
		steps = append(steps, st)
	}
	return steps, nil
}

// mayAutoDispatch reports whether the rules may register and dispatch the new case c by
// themselves, if it repeats no open case and, for 大事, a rule names a unit.
func (t *Tx) mayAutoDispatch(c *cases.Case) bool {
	return t.db.policy.AutoDispatch && c.Status == cases.Reported && c.Located && c.Triage != cases.Private
}

// dispatchLookup answers what automatic dispatch asks of a new case: whether it likely
// repeats an open case, and which unit the rules send it to (0 for none).
type dispatchLookup interface {
	repeats(c *cases.Case) (bool, error)
	unitFor(c *cases.Case) (unit int64, reason string, err error)
}

// directLookup asks the database about each case on its own.
type directLookup struct{ t *Tx }

func (l directLookup) repeats(c *cases.Case) (bool, error) {
	dups, err := l.t.nearbyOpen(c, 1)
	return len(dups) > 0, err
}

func (l directLookup) unitFor(c *cases.Case) (int64, string, error) {
	return l.t.resolveUnit(c.CategoryID, c.NodePath, c.FacilityID)
}

// ancestorAt is the id of the node of level l on path (0 when there is none).
func (t *Tx) ancestorAt(path string, l admin.Level) (int64, error) {
	var id int64
	for _, a := range admin.PathIDs(path) {
		n, ok := t.node(a)
		if !ok {
			return 0, errs.NotFoundf("entity.node")
		}
		if n.level == l {
			id = a
		}
	}
	return id, nil
}

// metresPerDegree is the length of a degree of latitude.
const metresPerDegree = 111_320.0

// nearbyOpen finds open cases of c's category within the duplicate radius whose
// descriptions are alike, most alike first, at most limit of them.
func (t *Tx) nearbyOpen(c *cases.Case, limit int) ([]*cases.Case, error) {
	return nearbyOpen(func(q string, args ...any) ([]*cases.Case, error) {
		return txList(t, "entity.case", scanCase, q, args...)
	},
		c, t.db.policy.DuplicateRadius, limit)
}

// nearbyOpen is the query of open cases alike c, run by list.
func nearbyOpen(list func(q string, args ...any) ([]*cases.Case, error), c *cases.Case, radius float64, limit int) ([]*cases.Case, error) {
	if c.Location == nil || radius <= 0 {
		return nil, nil
	}
	dLat, dLng := nearbyBox(c.Location.Lat, radius)
	near, args := nearbyTerms(c.CategoryID, *c.Location, dLat, dLng)
	args = append(append(args, c.ID), closedStatusArgs...)
	rows, err := list(`SELECT `+caseColumns+` FROM cases c WHERE (`+near+`) AND c.id <> ? AND `+stillOpen+` ORDER BY c.id DESC LIMIT 200`, args...)
	if err != nil {
		return nil, err
	}
	type scored struct {
		c *cases.Case
		s float64
	}
	var hits []scored
	for _, o := range rows {
		if o.Location == nil || geo.Distance(*c.Location, *o.Location) > radius {
			continue
		}
		if s := cases.Similarity(c.Description, o.Description); s >= cases.DuplicateThreshold {
			hits = append(hits, scored{o, s})
		}
	}
	slices.SortStableFunc(hits, func(a, b scored) int { return cmp.Compare(b.s, a.s) })
	var out []*cases.Case
	for i := 0; i < len(hits) && i < limit; i++ {
		out = append(out, hits[i].c)
	}
	return out, nil
}
