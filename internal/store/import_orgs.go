package store

import (
	"context"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// orgSink imports organisations, matched by credit code, else name and address.
type orgSink struct {
	importBase
}

func (s *orgSink) Prepare(ctx context.Context, m *tabular.Mapping, items []*importer.Item) error {
	var keys []any
	for _, it := range items {
		if it.Status == importer.Failed {
			continue
		}
		row := it.Value.(*importer.OrganisationRow)
		node, err := s.itemGrid(ctx, it, row.GridCode)
		if err != nil {
			return err
		}
		if node == nil {
			continue
		}
		row.Input.NodeID = node.ID
		if err := row.Input.Validate(node); err != nil {
			it.Fail(err)
			continue
		}
		it.Key = register.OrganisationKey(row.Input.USCC, row.Input.Name, row.Input.Address)
		it.Prep = node
		if it.Key != "" {
			keys = append(keys, it.Key)
		}
	}
	existing := map[string]orgRow{}
	err := inChunks(keys, func(chunk []any) error {
		rows, err := queryList(ctx, s.db, register.EntityOrganisation, scanKeyed(scanOrganisation),
			`SELECT `+orgCols+`, o.nkey FROM organisations o WHERE o.nkey IN (`+placeholders(len(chunk))+`)`, chunk...)
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
		in := &it.Value.(*importer.OrganisationRow).Input
		ex, ok := existing[it.Key]
		if !ok {
			it.Status = importer.New
			continue
		}
		if !s.p.InScope(ex.path) {
			// Registered in a grid elsewhere: the answer a form gets, and no more.
			if in.USCC != "" {
				it.Fail(errs.FieldInvalid("uscc", "err.org_uscc_taken"))
			} else {
				it.Fail(errs.FieldInvalid("name", "err.org_taken"))
			}
			continue
		}
		it.ID = ex.ID
		if !m.Has("lng") && !m.Has("lat") {
			in.Location = ex.Location
		}
		if ex.NodeID == in.NodeID && ex.Kind == in.Kind && ex.Name == in.Name && ex.USCC == in.USCC && ex.Address == in.Address &&
			samePoint(ex.Location, in.Location) {
			it.Status = importer.Unchanged
		} else {
			it.Status = importer.Changed
		}
	}
	return nil
}

func (s *orgSink) Write(ctx context.Context, items []*importer.Item) error {
	return s.db.write(ctx, s.p, func(tx *Tx) error {
		var updated []int64
		ins := &rowInserter{tx: tx, width: 11, insert: `INSERT INTO organisations (node_id, node_path, kind, name, uscc, address, lng, lat,
			created_at, updated_at, nkey) VALUES `}
		for _, it := range items {
			if it.Status != importer.New && it.Status != importer.Changed {
				continue
			}
			in := it.Value.(*importer.OrganisationRow).Input
			node := it.Prep.(*admin.Node)
			lng, lat := pointArgs(in.Location)
			if it.Status == importer.Changed {
				if _, err := tx.exec(`UPDATE organisations SET node_id = ?, node_path = ?, kind = ?, name = ?, uscc = ?, address = ?, lng = ?,
					lat = ?, updated_at = ?, version = version + 1 WHERE id = ?`, node.ID, node.Path, in.Kind, in.Name, in.USCC, in.Address, lng, lat,
					ms(tx.now), it.ID); err != nil {
					return mapErr(err, register.EntityOrganisation)
				}
				updated = append(updated, it.ID)
				continue
			}
			if err := ins.add(node.ID, node.Path, in.Kind, in.Name, in.USCC, in.Address, lng, lat, ms(tx.now), ms(tx.now),
				nullKey(it.Key)); err != nil {
				return mapErr(err, register.EntityOrganisation)
			}
		}
		if err := ins.flush(); err != nil {
			return mapErr(err, register.EntityOrganisation)
		}
		return s.audit(tx, importer.Organisations.Name, ins.ids, updated)
	})
}
