package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
)

// caseColumns are the columns scanCase reads, in its order.
const caseColumns = `c.id, c.ticket, c.source, c.status, c.category_id, c.triage, c.priority, c.description, c.address,
	c.lng, c.lat, c.located, c.node_id, c.node_path, c.building_id, c.facility_id, c.reporter_user_id, c.reporter_name,
	c.reporter_phone_mask, c.anonymous, c.device_id, c.alarm_type, c.alarm_count, c.assignee_unit_id, c.assignee_node_id,
	c.dispatch_reason, c.master_id, c.closure, c.stage, c.stage_start, c.warn_at, c.due_at, c.paused_at, c.paused_left,
	c.paused_warn, c.overdue, c.supervising, c.pending, c.pending_amount, c.pending_unit, c.pending_reason, c.return_count,
	c.rework_count, c.reopen_count, c.extension_count, c.urge_count, c.overdue_count, c.rating, c.rating_comment,
	c.reported_at, c.registered_at, c.dispatched_at, c.acknowledged_at, c.handled_at, c.verified_at, c.closed_at,
	c.rated_at, c.archived_at, c.updated_at, c.version`

func scanCase(s rowScanner) (*cases.Case, error) {
	var c cases.Case
	var lng, lat sql.NullFloat64
	var building, facility, reporter, unit, node, master sql.NullInt64
	var stageStart, warn, due, paused, registered, dispatched, acknowledged, handled, verified, closed, rated, archived sql.NullInt64
	var pausedLeft, pausedWarn, reported, updated int64
	var pendingUnit string
	err := s.Scan(&c.ID, &c.Ticket, &c.Source, &c.Status, &c.CategoryID, &c.Triage, &c.Priority, &c.Description, &c.Address,
		&lng, &lat, &c.Located, &c.NodeID, &c.NodePath, &building, &facility, &reporter, &c.ReporterName,
		&c.ReporterPhone, &c.Anonymous, &c.DeviceID, &c.AlarmType, &c.AlarmCount, &unit, &node,
		&c.DispatchReason, &master, &c.Closure, &c.Stage, &stageStart, &warn, &due, &paused, &pausedLeft,
		&pausedWarn, &c.Overdue, &c.Supervising, &c.Pending, &c.PendingLimit.Amount, &pendingUnit, &c.PendingReason, &c.ReturnCount,
		&c.ReworkCount, &c.ReopenCount, &c.ExtensionCount, &c.UrgeCount, &c.OverdueCount, &c.Rating, &c.RatingComment,
		&reported, &registered, &dispatched, &acknowledged, &handled, &verified, &closed,
		&rated, &archived, &updated, &c.Version)
	if err != nil {
		return nil, err
	}
	if lng.Valid && lat.Valid {
		c.Location = &geo.Point{Lng: lng.Float64, Lat: lat.Float64}
	}
	c.BuildingID, c.FacilityID, c.ReporterUserID = building.Int64, facility.Int64, reporter.Int64
	c.AssigneeUnitID, c.AssigneeNodeID, c.MasterID = unit.Int64, node.Int64, master.Int64
	c.PendingLimit.Unit = calendar.Unit(pendingUnit)
	c.StageStart, c.WarnAt, c.DueAt, c.PausedAt = fromNullMS(stageStart), fromNullMS(warn), fromNullMS(due), fromNullMS(paused)
	c.PausedLeft, c.PausedWarn = time.Duration(pausedLeft)*time.Millisecond, time.Duration(pausedWarn)*time.Millisecond
	c.ReportedAt, c.Updated = fromMS(reported), fromMS(updated)
	c.RegisteredAt, c.DispatchedAt, c.AcknowledgedAt = fromNullMS(registered), fromNullMS(dispatched), fromNullMS(acknowledged)
	c.HandledAt, c.VerifiedAt, c.ClosedAt = fromNullMS(handled), fromNullMS(verified), fromNullMS(closed)
	c.RatedAt, c.ArchivedAt = fromNullMS(rated), fromNullMS(archived)
	return &c, nil
}

// Case reads a case the caller may see; to anyone else it does not exist.
func (db *DB) Case(ctx context.Context, p *account.Principal, id int64) (*cases.Case, error) {
	c, err := scanCase(db.queryRow(ctx, `SELECT `+caseColumns+` FROM cases c WHERE c.id = ?`, id))
	if err != nil {
		return nil, mapErr(err, "entity.case")
	}
	if !cases.Sees(p, c) {
		return nil, errs.NotFoundf("entity.case")
	}
	return c, nil
}

// lockCase reads a case inside a write transaction, locking its row on PostgreSQL so
// two steps on one case queue behind each other (the version check refuses the second).
func (t *Tx) lockCase(id int64) (*cases.Case, error) {
	q := `SELECT ` + caseColumns + ` FROM cases c WHERE c.id = ?`
	if t.db.dialect == Postgres {
		q += ` FOR UPDATE`
	}
	c, err := scanCase(t.queryRow(q, id))
	return c, mapErr(err, "entity.case")
}

func point(p *geo.Point) (lng, lat any) {
	if p == nil {
		return nil, nil
	}
	return p.Lng, p.Lat
}

// saveCase writes every field a step may change, if the row still has version.
func (t *Tx) saveCase(c *cases.Case, version int) error {
	lng, lat := point(c.Location)
	err := expectOne(t.exec(`UPDATE cases SET status = ?, triage = ?, priority = ?, address = ?, lng = ?, lat = ?, cell = ?, located = ?,
		node_id = ?, node_path = ?, alarm_count = ?, assignee_unit_id = ?, assignee_node_id = ?, dispatch_reason = ?, master_id = ?,
		closure = ?, stage = ?, stage_start = ?, warn_at = ?, due_at = ?, paused_at = ?, paused_left = ?, paused_warn = ?,
		overdue = ?, supervising = ?, pending = ?, pending_amount = ?, pending_unit = ?, pending_reason = ?, return_count = ?,
		rework_count = ?, reopen_count = ?, extension_count = ?, urge_count = ?, overdue_count = ?, rating = ?, rating_comment = ?,
		registered_at = ?, dispatched_at = ?, acknowledged_at = ?, handled_at = ?, verified_at = ?, closed_at = ?, rated_at = ?,
		archived_at = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND version = ?`,
		c.Status, c.Triage, c.Priority, c.Address, lng, lat, cellOf(c.Location), c.Located,
		c.NodeID, c.NodePath, c.AlarmCount, nullID(c.AssigneeUnitID), nullID(c.AssigneeNodeID), c.DispatchReason, nullID(c.MasterID),
		c.Closure, c.Stage, msPtr(c.StageStart), msPtr(c.WarnAt), msPtr(c.DueAt), msPtr(c.PausedAt), c.PausedLeft.Milliseconds(), c.PausedWarn.Milliseconds(),
		c.Overdue, c.Supervising, c.Pending, c.PendingLimit.Amount, string(c.PendingLimit.Unit), c.PendingReason, c.ReturnCount,
		c.ReworkCount, c.ReopenCount, c.ExtensionCount, c.UrgeCount, c.OverdueCount, c.Rating, c.RatingComment,
		msPtr(c.RegisteredAt), msPtr(c.DispatchedAt), msPtr(c.AcknowledgedAt), msPtr(c.HandledAt), msPtr(c.VerifiedAt), msPtr(c.ClosedAt), msPtr(c.RatedAt),
		msPtr(c.ArchivedAt), ms(t.now), c.ID, version))
	if err != nil {
		return mapErr(err, "entity.case")
	}
	c.Version = version + 1
	c.Updated = t.now
	return nil
}
