package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/indicators"
)

// AssessmentScheme is the scheme an area assesses one kind by: its own, that of the
// nearest area above it with one, or the default.
type AssessmentScheme struct {
	*indicators.Scheme
	NodeID  int64 // the area whose scheme it is; 0 for the default
	Version int   // of the area's own row, for saving over it; 0 when it has none
}

// assessmentNode is the area of an assessment, within the caller's scope. A handler has
// none: its figures are its unit's alone, which would rank every area by one unit.
func (db *DB) assessmentNode(ctx context.Context, p *account.Principal, nodeID int64) (*admin.Node, error) {
	if !p.Can(account.DashboardView) || p.Role == account.Handler {
		return nil, errs.ForbiddenErr()
	}
	n, err := db.nodeByID(ctx, nodeID)
	if err != nil || !p.InScope(n.Path) {
		return nil, &errs.Error{Code: errs.Forbidden, Msg: errs.M("err.figure_scope"),
			Fields: []errs.FieldError{{Field: "node_id", Msg: errs.M("err.figure_scope")}}}
	}
	return n, nil
}

// AssessmentScheme returns the scheme the area nodeID assesses a by.
func (db *DB) AssessmentScheme(ctx context.Context, p *account.Principal, nodeID int64, a indicators.Assessed) (*AssessmentScheme, error) {
	n, err := db.assessmentNode(ctx, p, nodeID)
	if err != nil {
		return nil, err
	}
	ids := admin.PathIDs(n.Path)
	args := []any{string(a)}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := db.query(ctx, `SELECT node_id, weights, version FROM assessment_schemes WHERE assessed = ? AND node_id IN (`+marks(len(ids))+`)`, args...)
	type row struct {
		node    int64
		weights string
		version int
	}
	found, err := collect(rows, err, "entity.assessment_scheme", func(s rowScanner) (row, error) {
		var r row
		return r, s.Scan(&r.node, &r.weights, &r.version)
	})
	if err != nil {
		return nil, err
	}
	out := &AssessmentScheme{Scheme: indicators.DefaultScheme(a)}
	depth := -1
	for _, r := range found {
		for i, id := range ids {
			if id == r.node && i > depth {
				var w []indicators.Weight
				if err := json.Unmarshal([]byte(r.weights), &w); err != nil {
					return nil, errs.Internalf("assessment scheme %d/%s: %v", r.node, a, err)
				}
				depth, out.Scheme, out.NodeID = i, &indicators.Scheme{Assessed: a, Weights: w}, r.node
				out.Version = 0
				if r.node == n.ID {
					out.Version = r.version
				}
			}
		}
	}
	return out, nil
}

// SaveAssessmentScheme sets the area's own scheme for a kind, over the row of version
// (0: the area has none yet). The weights are checked against the catalogue.
func (db *DB) SaveAssessmentScheme(ctx context.Context, p *account.Principal, nodeID int64, in indicators.SchemeInput, version int) error {
	if !p.Can(account.AssessmentManage) {
		return errs.ForbiddenErr()
	}
	n, err := db.assessmentNode(ctx, p, nodeID)
	if err != nil {
		return err
	}
	catalogue, err := db.Indicators(ctx)
	if err != nil {
		return err
	}
	s, err := in.Parse(catalogue)
	if err != nil {
		return err
	}
	weights, err := json.Marshal(s.Weights)
	if err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		at := ms(tx.now)
		if version == 0 {
			if _, err := tx.exec(`INSERT INTO assessment_schemes (node_id, assessed, weights, updated_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
				n.ID, string(s.Assessed), string(weights), nullID(p.UserID), at, at); err != nil {
				return mapErr(err, "entity.assessment_scheme")
			}
		} else if err := expectOne(tx.exec(`UPDATE assessment_schemes SET weights = ?, updated_by = ?, updated_at = ?, version = version + 1
			WHERE node_id = ? AND assessed = ? AND version = ?`, string(weights), nullID(p.UserID), at, n.ID, string(s.Assessed), version)); err != nil {
			return mapErr(err, "entity.assessment_scheme")
		}
		return tx.audit(Record{Action: "assessment.scheme", Entity: "node", EntityID: n.ID, NodePath: n.Path,
			Detail: map[string]any{"assessed": s.Assessed, "weights": s.Weights}})
	})
}

// Month is a calendar month as YYYYMM.
type Month int

// MonthOf is the month of t in China.
func MonthOf(t time.Time) Month {
	t = t.In(chinaTime)
	return Month(t.Year()*100 + int(t.Month()))
}

// ParseMonth reads "2026-11"; the error is a field message on field.
func ParseMonth(s, field string) (Month, error) {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	if err != nil {
		return 0, errs.FieldInvalid(field, "err.month")
	}
	return Month(t.Year()*100 + int(t.Month())), nil
}

// String writes m as "2026-11".
func (m Month) String() string {
	return strconv.Itoa(int(m)/100) + "-" + strconv.Itoa(int(m)%100/10) + strconv.Itoa(int(m)%10)
}

// Previous is the month before m.
func (m Month) Previous() Month {
	if m%100 == 1 {
		return m - 100 + 11
	}
	return m - 1
}

var chinaTime = time.FixedZone("CST", 8*3600)

// AssessmentReport is a published month: the scheme and every result, as they were.
type AssessmentReport struct {
	NodeID      int64
	Assessed    indicators.Assessed
	Month       Month
	Scheme      []indicators.Weight
	Results     []indicators.Result
	PublishedAt time.Time
	PublishedBy string
}

// AssessmentReport returns the published report of the area's month, or nil when the
// month is not published.
func (db *DB) AssessmentReport(ctx context.Context, p *account.Principal, nodeID int64, a indicators.Assessed, m Month) (*AssessmentReport, error) {
	if _, err := db.assessmentNode(ctx, p, nodeID); err != nil {
		return nil, err
	}
	r := &AssessmentReport{NodeID: nodeID, Assessed: a, Month: m}
	var scheme, results string
	var at int64
	var by sql.NullString
	err := db.queryRow(ctx, `SELECT r.scheme, r.results, r.published_at, u.display_name FROM assessment_reports r
		LEFT JOIN users u ON u.id = r.published_by WHERE r.node_id = ? AND r.assessed = ? AND r.month = ?`, nodeID, string(a), int(m)).
		Scan(&scheme, &results, &at, &by)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, mapErr(err, "entity.assessment_report")
	}
	if err := json.Unmarshal([]byte(scheme), &r.Scheme); err != nil {
		return nil, errs.Internalf("assessment report scheme: %v", err)
	}
	if err := json.Unmarshal([]byte(results), &r.Results); err != nil {
		return nil, errs.Internalf("assessment report results: %v", err)
	}
	r.PublishedAt, r.PublishedBy = fromMS(at), by.String
	return r, nil
}

// PublishAssessment freezes the area's month as computed: from now on its report shows
// these figures whatever happens to the cases behind them. A month is published once,
// after it has ended.
func (db *DB) PublishAssessment(ctx context.Context, p *account.Principal, r *AssessmentReport) error {
	if !p.Can(account.AssessmentManage) {
		return errs.ForbiddenErr()
	}
	n, err := db.assessmentNode(ctx, p, r.NodeID)
	if err != nil {
		return err
	}
	if MonthOf(db.clock.Now()) <= r.Month {
		return errs.FieldInvalid("month", "err.month_not_over")
	}
	scheme, err := json.Marshal(r.Scheme)
	if err != nil {
		return err
	}
	results, err := json.Marshal(r.Results)
	if err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		if _, err := tx.exec(`INSERT INTO assessment_reports (node_id, assessed, month, scheme, results, published_by, published_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, n.ID, string(r.Assessed), int(r.Month), string(scheme), string(results), nullID(p.UserID), ms(tx.now)); err != nil {
			if errs.Is(mapErr(err, "entity.assessment_report"), errs.Conflict) {
				return errs.E(errs.Conflict, "err.assessment_published")
			}
			return mapErr(err, "entity.assessment_report")
		}
		return tx.audit(Record{Action: "assessment.publish", Entity: "node", EntityID: n.ID, NodePath: n.Path,
			Detail: map[string]any{"assessed": r.Assessed, "month": r.Month.String(), "bodies": len(r.Results)}})
	})
}
