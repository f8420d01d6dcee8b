package store

import (
	"context"
	"sync/atomic"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/indicators"
)

// The indicator definitions, stored (indicator_definitions) so that administrators can
// add their own and reword the built-in ones. Every figure page reads them, so they are
// cached until one changes, as the categories are; the stamp that says so is read each
// time, so that every server of an installation sees an edit at once.

type indicatorCache struct {
	p atomic.Pointer[cachedIndicators]
}

type cachedIndicators struct {
	n, versions int64
	list        indicators.Catalogue
}

const indicatorsStamp = `SELECT COUNT(*), COALESCE(SUM(version), 0) FROM indicator_definitions`

const indicatorCols = `code, name_zh, name_en, formula, unit, lower_is_better, explain_zh, explain_en, builtin, version`

// customPositions is where administrators' indicators go in the list: after the
// built-in ones, whatever later releases add to those.
const customPositions = 1000

// Indicators is the catalogue of indicators, built-in ones first, in the order pages
// list them.
func (db *DB) Indicators(ctx context.Context) (indicators.Catalogue, error) {
	var n, versions int64
	if err := db.queryRow(ctx, indicatorsStamp).Scan(&n, &versions); err != nil {
		return nil, mapErr(err, "entity.indicator")
	}
	if c := db.indicators.p.Load(); c != nil && c.n == n && c.versions == versions {
		return c.list, nil
	}
	list, err := queryList(ctx, db, "entity.indicator", scanIndicator, `SELECT `+indicatorCols+` FROM indicator_definitions ORDER BY position, code`)
	if err != nil {
		return nil, err
	}
	db.indicators.p.Store(&cachedIndicators{n: n, versions: versions, list: list})
	return list, nil
}

func scanIndicator(r rowScanner) (*indicators.Definition, error) {
	var in indicators.Input
	var unit string
	var builtin bool
	var version int
	if err := r.Scan(&in.Code, &in.NameZH, &in.NameEN, &in.Formula, &unit, &in.LowerIsBetter, &in.ExplainZH, &in.ExplainEN,
		&builtin, &version); err != nil {
		return nil, err
	}
	in.Unit = indicators.Unit(unit)
	d, err := in.Parse()
	if err != nil { // only what Parse accepted is stored
		return nil, err
	}
	d.Builtin, d.Version = builtin, version
	return d, nil
}

// seedIndicators writes the built-in indicators a database lacks: all of them on a new
// one, and those a release adds on an older one. Those present keep their wording.
func (db *DB) seedIndicators(ctx context.Context) error {
	now := ms(db.clock.Now())
	for i, d := range indicators.Seed() {
		if _, err := db.w.ExecContext(ctx, db.dialect.rebind(`INSERT INTO indicator_definitions (code, position, name_zh, name_en, formula,
			unit, lower_is_better, explain_zh, explain_en, builtin, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING`),
			d.Code, i, d.NameZH, d.NameEN, d.Formula.String(), string(d.Unit), d.LowerIsBetter, d.ExplainZH, d.ExplainEN, true, now); err != nil {
			return err
		}
	}
	return nil
}

// CreateIndicator adds an indicator of the administrator's own.
func (db *DB) CreateIndicator(ctx context.Context, p *account.Principal, in indicators.Input) (*indicators.Definition, error) {
	if !p.Can(account.IndicatorManage) {
		return nil, errs.ForbiddenErr()
	}
	d, err := in.Parse()
	if err != nil {
		return nil, err
	}
	err = db.writeIndicator(ctx, p, func(tx *Tx) error {
		var taken int
		if err := tx.queryRow(`SELECT COUNT(*) FROM indicator_definitions WHERE code = ?`, d.Code).Scan(&taken); err != nil {
			return mapErr(err, "entity.indicator")
		}
		if taken > 0 {
			return errs.FieldInvalid("code", "err.indicator_code_taken", d.Code)
		}
		_, err := tx.exec(`INSERT INTO indicator_definitions (code, position, name_zh, name_en, formula, unit, lower_is_better, explain_zh,
			explain_en, builtin, updated_at) SELECT ?, COALESCE(MAX(position), ?) + 1, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM indicator_definitions
			WHERE position >= ?`, d.Code, customPositions, d.NameZH, d.NameEN, d.Formula.String(), string(d.Unit), d.LowerIsBetter,
			d.ExplainZH, d.ExplainEN, false, ms(tx.now), customPositions)
		if err != nil {
			return mapErr(err, "entity.indicator")
		}
		return tx.audit(Record{Action: "indicator.create", Entity: "indicator", Detail: indicatorDetail(d)})
	})
	if err != nil {
		return nil, err
	}
	return db.Indicator(ctx, d.Code)
}

// Indicator is the indicator of the code, or NotFound.
func (db *DB) Indicator(ctx context.Context, code string) (*indicators.Definition, error) {
	list, err := db.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	if d := list.ByCode(code); d != nil {
		return d, nil
	}
	return nil, errs.NotFoundf("entity.indicator")
}

// UpdateIndicator edits the indicator of the code, at version. The code stays (the
// assessments' weights name it); a built-in indicator keeps its formula and unit too,
// and in that leaves them empty or as they are.
func (db *DB) UpdateIndicator(ctx context.Context, p *account.Principal, code string, in indicators.Input, version int) (*indicators.Definition, error) {
	if !p.Can(account.IndicatorManage) {
		return nil, errs.ForbiddenErr()
	}
	old, err := db.Indicator(ctx, code)
	if err != nil {
		return nil, err
	}
	in.Code = code
	if old.Builtin {
		var v errs.Validation
		if f, bad := indicators.ParseFormula(in.Formula); in.Formula != "" && (bad != "" || f.String() != old.Formula.String()) {
			v.Add("formula", "err.indicator_builtin_fixed")
		}
		v.Check(in.Unit == "" || in.Unit == old.Unit, "unit", "err.indicator_builtin_fixed")
		if err := v.Err(); err != nil {
			return nil, err
		}
		in.Formula, in.Unit = old.Formula.String(), old.Unit
	}
	d, err := in.Parse()
	if err != nil {
		return nil, err
	}
	err = db.writeIndicator(ctx, p, func(tx *Tx) error {
		err := expectOne(tx.exec(`UPDATE indicator_definitions SET name_zh = ?, name_en = ?, formula = ?, unit = ?, lower_is_better = ?,
			explain_zh = ?, explain_en = ?, updated_at = ?, version = version + 1 WHERE code = ? AND version = ?`,
			d.NameZH, d.NameEN, d.Formula.String(), string(d.Unit), d.LowerIsBetter, d.ExplainZH, d.ExplainEN, ms(tx.now), code, version))
		if err != nil {
			return mapErr(err, "entity.indicator")
		}
		return tx.audit(Record{Action: "indicator.update", Entity: "indicator",
			Detail: map[string]any{"before": indicatorDetail(old), "after": indicatorDetail(d)}})
	})
	if err != nil {
		return nil, err
	}
	return db.Indicator(ctx, code)
}

func (db *DB) writeIndicator(ctx context.Context, p *account.Principal, fn func(tx *Tx) error) error {
	defer db.indicators.p.Store(nil)
	return db.write(ctx, p, fn)
}

func indicatorDetail(d *indicators.Definition) map[string]any {
	return map[string]any{"code": d.Code, "name_zh": d.NameZH, "name_en": d.NameEN, "formula": d.Formula.String(), "unit": d.Unit,
		"lower_is_better": d.LowerIsBetter}
}
