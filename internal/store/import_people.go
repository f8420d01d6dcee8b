package store

import (
	"context"
	"database/sql"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// personSink imports residents: numbers sealed and hashed as CreatePerson does, matched
// by the keyed hash of the ID (or passport) number.
type personSink struct {
	importBase
}

// personPrep is what Prepare worked out for a row, for Write.
type personPrep struct {
	nodeID    int64
	path      string
	sealed    sealedPerson
	facts     register.PersonFacts
	keepPhone bool // the file has no phone, or only a masked one: the stored phone stays
	keepTags  bool
}

// storedPerson is what comparing a row with its record needs.
type storedPerson struct {
	id                               int64
	nodeID                           int64
	path, name, regType, nationality string
	birth                            sql.NullString
	sex, ethnicity, tags             string
	phoneLookup                      sql.NullString
	key                              string
}

func (s *personSink) Prepare(ctx context.Context, m *tabular.Mapping, items []*importer.Item) error {
	now := s.db.now()
	seesTags := s.p.SeesCareTags()
	var idLookups, passportLookups []any
	for _, it := range items {
		if it.Status == importer.Failed {
			continue
		}
		row := it.Value.(*importer.PersonRow)
		node, err := s.itemGrid(ctx, it, row.GridCode)
		if err != nil {
			return err
		}
		if node == nil {
			continue
		}
		in := &row.Input
		in.NodeID = node.ID
		if err := in.Validate(node, now); err != nil {
			it.Fail(err)
			continue
		}
		if len(in.CareTags) > 0 && !seesTags {
			it.Fail(errs.FieldInvalid("care_tags", "err.care_tags_hidden"))
			continue
		}
		sealed, err := s.db.sealPerson(*in)
		if err != nil {
			return err
		}
		pp := &personPrep{nodeID: node.ID, path: node.Path, sealed: sealed, facts: in.Facts(now),
			keepPhone: row.PhoneMasked || !m.Has("phone"), keepTags: !seesTags || !m.Has("care_tags")}
		if k, ok := sealed.nkey.(string); ok {
			it.Key = k
			if in.IDNumber != "" {
				idLookups = append(idLookups, sealed.idLookup)
			} else {
				passportLookups = append(passportLookups, sealed.passportLookup)
			}
		}
		it.Prep = pp
	}
	// The stored records are found through the unique lookup indexes that make the key
	// unique (see migration 0004); their nkey tells which row each one answers.
	existing := map[string]*storedPerson{}
	if err := s.stored(ctx, existing, `id_lookup IN `, idLookups); err != nil {
		return err
	}
	if err := s.stored(ctx, existing, `id_lookup IS NULL AND passport_lookup IN `, passportLookups); err != nil {
		return err
	}
	for _, it := range items {
		if it.Status == importer.Failed {
			continue
		}
		in := it.Value.(*importer.PersonRow).Input
		pp := it.Prep.(*personPrep)
		ex := existing[it.Key]
		if ex == nil {
			it.Status = importer.New
			continue
		}
		if !s.p.InScope(ex.path) {
			// Registered elsewhere: the same answer CreatePerson gives, and no more.
			field := "id_number"
			if in.IDNumber == "" {
				field = "passport"
			}
			it.Fail(errs.FieldInvalid(field, "err.person_taken"))
			continue
		}
		it.ID = ex.id
		birth, _ := dateCol(pp.facts.Birth).(string)
		same := ex.nodeID == pp.nodeID && ex.name == in.Name && ex.regType == string(in.RegType) && ex.nationality == in.Nationality &&
			ex.birth.String == birth && ex.sex == string(pp.facts.Sex)
		if m.Has("ethnicity") {
			same = same && ex.ethnicity == string(in.Ethnicity)
		} else {
			it.Value.(*importer.PersonRow).Input.Ethnicity = register.Ethnicity(ex.ethnicity)
		}
		if !pp.keepPhone {
			lookup, _ := pp.sealed.phoneLookup.(string)
			same = same && ex.phoneLookup.String == lookup
		}
		if !pp.keepTags {
			same = same && ex.tags == joinCareTags(in.CareTags)
		}
		if same {
			it.Status = importer.Unchanged
		} else {
			it.Status = importer.Changed
		}
	}
	return nil
}

// stored loads into existing, by natural key, the records that match lookups through
// the condition where (ending in "IN ").
func (s *personSink) stored(ctx context.Context, existing map[string]*storedPerson, where string, lookups []any) error {
	return inChunks(lookups, func(chunk []any) error {
		rows, err := s.db.query(ctx, `SELECT id, node_id, node_path, name, reg_type, nationality, birth_date, sex, ethnicity, care_tags,
			phone_lookup, nkey FROM persons WHERE `+where+`(`+placeholders(len(chunk))+`)`, chunk...)
		if err != nil {
			return mapErr(err, register.EntityPerson)
		}
		defer rows.Close()
		for rows.Next() {
			var r storedPerson
			var key sql.NullString
			if err := rows.Scan(&r.id, &r.nodeID, &r.path, &r.name, &r.regType, &r.nationality, &r.birth, &r.sex, &r.ethnicity, &r.tags,
				&r.phoneLookup, &key); err != nil {
				return mapErr(err, register.EntityPerson)
			}
			r.key = key.String
			existing[r.key] = &r
		}
		if err := rows.Err(); err != nil {
			return mapErr(err, register.EntityPerson)
		}
		return nil
	})
}

func (s *personSink) Write(ctx context.Context, items []*importer.Item) error {
	return s.db.write(ctx, s.p, func(tx *Tx) error {
		var updated []int64
		now := ms(tx.now)
		ins := &rowInserter{tx: tx, insert: personInsert, width: 21, args: make([]any, 0, maxInsertRows*21)}
		// On SQLite every row goes through one prepared single-row INSERT: a multi-row
		// INSERT may fail half-way (a unique or foreign key check), so SQLite keeps a
		// statement journal of every page it touches, and with indexes on random hashes
		// that is nearly every page, a third of the import's time. A single-row INSERT
		// needs none. PostgreSQL has no such cost and takes the rows 250 at a time.
		if tx.db.dialect == SQLite {
			st, err := tx.tx.PrepareContext(tx.ctx, personInsert+valueRows(1, 21))
			if err != nil {
				return mapErr(err, register.EntityPerson)
			}
			defer st.Close()
			ins.one = st
		}
		for _, it := range items {
			if it.Status != importer.New && it.Status != importer.Changed {
				continue
			}
			in := it.Value.(*importer.PersonRow).Input
			pp := it.Prep.(*personPrep)
			sp, f := pp.sealed, pp.facts
			if it.Status == importer.Changed {
				q := `UPDATE persons SET node_id = ?, node_path = ?, name = ?, reg_type = ?, nationality = ?, birth_date = ?, sex = ?, ethnicity = ?`
				a := []any{pp.nodeID, pp.path, in.Name, in.RegType, in.Nationality, dateCol(f.Birth), f.Sex, in.Ethnicity}
				if !pp.keepPhone {
					q += `, phone_sealed = ?, phone_lookup = ?, phone_masked = ?`
					a = append(a, sp.phoneSealed, sp.phoneLookup, f.PhoneMasked)
				}
				if !pp.keepTags {
					q += `, care_tags = ?`
					a = append(a, joinCareTags(in.CareTags))
				}
				if _, err := tx.exec(q+`, updated_at = ?, version = version + 1 WHERE id = ?`, append(a, now, it.ID)...); err != nil {
					return mapErr(err, register.EntityPerson)
				}
				updated = append(updated, it.ID)
				continue
			}
			tags := ""
			if !pp.keepTags {
				tags = joinCareTags(in.CareTags)
			}
			if err := ins.add(pp.nodeID, pp.path, sp.nkey, in.Name, in.RegType, sp.idSealed, sp.idLookup, f.IDMasked,
				sp.passportSealed, sp.passportLookup, f.PassportMasked, in.Nationality, dateCol(f.Birth), f.Sex, sp.phoneSealed, sp.phoneLookup,
				f.PhoneMasked, in.Ethnicity, tags, now, now); err != nil {
				return mapErr(err, register.EntityPerson)
			}
		}
		if err := ins.flush(); err != nil {
			return mapErr(err, register.EntityPerson)
		}
		return s.audit(tx, importer.Residents.Name, ins.ids, updated)
	})
}

const personInsert = `INSERT INTO persons (node_id, node_path, nkey, name, reg_type, id_sealed, id_lookup, id_masked,
	passport_sealed, passport_lookup, passport_masked, nationality, birth_date, sex, phone_sealed, phone_lookup, phone_masked,
	ethnicity, care_tags, created_at, updated_at) VALUES `
