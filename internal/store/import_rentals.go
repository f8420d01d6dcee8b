package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// rentalSink imports rental registrations, matched by house, tenant and start date
// (register.RentalKey): a renewal with a new start is a new registration, a changed end
// date updates the one on file.
type rentalSink struct {
	importBase
	refs *refResolver
}

// rentalPrep is the house a row names, for Write.
type rentalPrep struct {
	house *houseRow
}

func (s *rentalSink) Prepare(ctx context.Context, _ *tabular.Mapping, items []*importer.Item) error {
	var numbers []string
	for _, it := range items {
		if it.Status == importer.Failed {
			continue
		}
		row := it.Value.(*importer.RentalRow)
		node, err := s.itemGrid(ctx, it, row.GridCode)
		if err != nil {
			return err
		}
		if node == nil {
			continue
		}
		h, problem, err := s.refs.house(ctx, node, row.House)
		if err != nil {
			return err
		}
		if problem != nil {
			it.Fail(problem)
			continue
		}
		it.Prep = &rentalPrep{house: h}
		numbers = append(numbers, row.IDNumber)
	}
	if err := s.refs.loadPeople(ctx, numbers); err != nil {
		return err
	}
	var keys []any
	for _, it := range items {
		if it.Status == importer.Failed {
			continue
		}
		row := it.Value.(*importer.RentalRow)
		tenant, problem := s.refs.person("tenant_id", row.IDNumber)
		if problem != nil {
			it.Fail(problem)
			continue
		}
		row.Input.HouseID, row.Input.TenantID = it.Prep.(*rentalPrep).house.ID, tenant.id
		if err := row.Input.Validate(); err != nil {
			it.Fail(err)
			continue
		}
		it.Key = register.RentalKey(row.Input.HouseID, row.Input.TenantID, row.Input.Start)
		keys = append(keys, it.Key)
	}
	type stored struct {
		id  int64
		end sql.NullString
	}
	existing := map[string]stored{}
	err := inChunks(keys, func(chunk []any) error {
		rows, err := queryList(ctx, s.db, register.EntityRental, scanKeyed(func(r rowScanner) (stored, error) {
			var x stored
			err := r.Scan(&x.id, &x.end)
			return x, err
		}), `SELECT id, end_date, nkey FROM rentals WHERE nkey IN (`+placeholders(len(chunk))+`)`, chunk...)
		for _, r := range rows {
			existing[r.key] = r.row
		}
		return err
	})
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.Status == importer.Failed {
			continue
		}
		in := it.Value.(*importer.RentalRow).Input
		ex, ok := existing[it.Key]
		switch {
		case !ok:
			it.Status = importer.New
		case ex.end.String == in.End.Format(time.DateOnly):
			it.ID, it.Status = ex.id, importer.Unchanged
		default:
			it.ID, it.Status = ex.id, importer.Changed
		}
	}
	return nil
}

func (s *rentalSink) Write(ctx context.Context, items []*importer.Item) error {
	return s.db.write(ctx, s.p, func(tx *Tx) error {
		var updated []int64
		now := ms(tx.now)
		ins := &rowInserter{tx: tx, width: 9, insert: `INSERT INTO rentals (node_id, node_path, nkey, house_id, tenant_id, start_date,
			end_date, created_at, updated_at) VALUES `}
		for _, it := range items {
			if it.Status != importer.New && it.Status != importer.Changed {
				continue
			}
			in := it.Value.(*importer.RentalRow).Input
			if it.Status == importer.Changed {
				if _, err := tx.exec(`UPDATE rentals SET end_date = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
					dateCol(&in.End), now, it.ID); err != nil {
					return mapErr(err, register.EntityRental)
				}
				updated = append(updated, it.ID)
				continue
			}
			h := it.Prep.(*rentalPrep).house
			if err := ins.add(h.NodeID, h.path, it.Key, in.HouseID, in.TenantID, dateCol(&in.Start), dateCol(&in.End), now, now); err != nil {
				return rentalTaken(err)
			}
		}
		if err := ins.flush(); err != nil {
			return rentalTaken(err)
		}
		return s.audit(tx, importer.Rentals.Name, ins.ids, updated)
	})
}
