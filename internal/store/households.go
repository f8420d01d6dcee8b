package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

const householdCols = `h.id, h.node_id, h.node_path, h.number, COALESCE(h.house_id, 0), h.address, h.head_id,
	h.retired_at, h.created_at, h.updated_at, h.version`

type householdRow struct {
	*register.Household
	path string
}

func (r householdRow) nodePath() string   { return r.path }
func (r householdRow) cursor() PathCursor { return PathCursor{Path: r.path, ID: r.ID} }

func scanHousehold(s rowScanner) (householdRow, error) {
	var h register.Household
	var path string
	var retired sql.NullInt64
	var created, updated int64
	if err := s.Scan(&h.ID, &h.NodeID, &path, &h.Number, &h.HouseID, &h.Address, &h.HeadID,
		&retired, &created, &updated, &h.Version); err != nil {
		return householdRow{}, err
	}
	h.Retired, h.Created, h.Updated = fromNullMS(retired), fromMS(created), fromMS(updated)
	return householdRow{&h, path}, nil
}

// memberKey is the natural key of a membership: household and person.
func memberKey(householdID, personID int64) string {
	return "member|" + strconv.FormatInt(householdID, 10) + "|" + strconv.FormatInt(personID, 10)
}

// checkHousehold validates a household input against storage: its grid and house in the
// caller's scope, every member a resident in the scope and in no other active household.
// It returns the grid and the head's natural key.
func (db *DB) checkHousehold(ctx context.Context, p *account.Principal, in *register.HouseholdInput, self int64) (*admin.Node, string, error) {
	in.Normalize()
	node, err := db.scopedRegisterNode(ctx, p, in.NodeID)
	if err != nil {
		return nil, "", err
	}
	if err := in.Validate(node); err != nil {
		return nil, "", err
	}
	var v errs.Validation
	if in.HouseID != 0 {
		if _, err := db.House(ctx, p, in.HouseID); errs.Is(err, errs.NotFound) {
			v.Add("house_id", "err.not_found", errs.M(register.EntityHouse))
		} else if err != nil {
			return nil, "", err
		}
	}
	var headKey string
	for i, m := range in.Members {
		field := "members." + strconv.Itoa(i) + ".person_id"
		r, err := db.personRow(ctx, p, m.PersonID)
		if errs.Is(err, errs.NotFound) {
			v.Add(field, "err.not_found", errs.M(register.EntityPerson))
			continue
		}
		if err != nil {
			return nil, "", err
		}
		if r.IsRetired() {
			v.Add(field, "err.person_retired")
			continue
		}
		var other int64
		err = db.queryRow(ctx, `SELECT household_id FROM household_members WHERE person_id = ? AND retired_at IS NULL AND household_id <> ?`,
			m.PersonID, self).Scan(&other)
		switch {
		case err == nil:
			v.Add(field, "err.household_member_elsewhere", other)
		case !errors.Is(err, sql.ErrNoRows):
			return nil, "", mapErr(err, register.EntityHousehold)
		}
		if m.Relation == register.Self {
			var k sql.NullString
			if err := db.queryRow(ctx, `SELECT nkey FROM persons WHERE id = ?`, m.PersonID).Scan(&k); err != nil {
				return nil, "", mapErr(err, register.EntityPerson)
			}
			headKey = k.String
		}
	}
	if err := v.Err(); err != nil {
		return nil, "", err
	}
	return node, headKey, nil
}

// householdTaken turns unique violations into field errors.
func householdTaken(err error) error {
	switch {
	case isUnique(err, "person"):
		return errs.FieldInvalid("members", "err.household_member_elsewhere", 0)
	case isUnique(err, "nkey"):
		return errs.FieldInvalid("number", "err.household_taken")
	}
	return mapErr(err, register.EntityHousehold)
}

// insertMembers writes a household's members.
func (t *Tx) insertMembers(hid int64, node *admin.Node, members []register.Member) error {
	for _, m := range members {
		if _, err := t.exec(`INSERT INTO household_members (household_id, person_id, relation, node_id, node_path, nkey, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, hid, m.PersonID, m.Relation, node.ID, node.Path, memberKey(hid, m.PersonID), ms(t.now)); err != nil {
			return householdTaken(err)
		}
	}
	return nil
}

// CreateHousehold registers a household with its members, one of them the head.
func (db *DB) CreateHousehold(ctx context.Context, p *account.Principal, in register.HouseholdInput) (*register.Household, error) {
	if !p.Can(account.RegisterEdit) {
		return nil, errs.ForbiddenErr()
	}
	node, headKey, err := db.checkHousehold(ctx, p, &in, 0)
	if err != nil {
		return nil, err
	}
	var id int64
	err = db.write(ctx, p, func(tx *Tx) error {
		id, err = tx.insert(`INSERT INTO households (node_id, node_path, nkey, number, house_id, address, head_id, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, node.ID, node.Path, nullStr(register.HouseholdKey(node.ID, in.Number, headKey)),
			in.Number, nullID(in.HouseID), in.Address, in.Head(), ms(tx.now), ms(tx.now))
		if err != nil {
			return householdTaken(err)
		}
		if err := tx.insertMembers(id, node, in.Members); err != nil {
			return err
		}
		return tx.audit(Record{Action: "household.create", Entity: "household", EntityID: id, NodePath: node.Path,
			Detail: householdAudit(in)})
	})
	if err != nil {
		return nil, err
	}
	return db.Household(ctx, p, id)
}

// householdAudit names members by record id and relation: no names.
func householdAudit(in register.HouseholdInput) map[string]any {
	return map[string]any{"number": in.Number, "house_id": in.HouseID, "node_id": in.NodeID, "members": in.Members}
}

// UpdateHousehold changes a household's number, place and members, if nobody else
// changed it since version. Members not in the new list leave the household.
func (db *DB) UpdateHousehold(ctx context.Context, p *account.Principal, id int64, in register.HouseholdInput, version int) (*register.Household, error) {
	old, err := db.activeHousehold(ctx, p, id)
	if err != nil {
		return nil, err
	}
	node, headKey, err := db.checkHousehold(ctx, p, &in, id)
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		if err := expectOne(tx.exec(`UPDATE households SET node_id = ?, node_path = ?, nkey = ?, number = ?, house_id = ?, address = ?,
			head_id = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			node.ID, node.Path, nullStr(register.HouseholdKey(node.ID, in.Number, headKey)), in.Number, nullID(in.HouseID), in.Address,
			in.Head(), ms(tx.now), id, version)); err != nil {
			return householdTaken(err)
		}
		if _, err := tx.exec(`DELETE FROM household_members WHERE household_id = ?`, id); err != nil {
			return mapErr(err, register.EntityHousehold)
		}
		if err := tx.insertMembers(id, node, in.Members); err != nil {
			return err
		}
		d := householdAudit(in)
		d["node_id"] = []int64{old.NodeID, node.ID}
		return tx.audit(Record{Action: "household.update", Entity: "household", EntityID: id, NodePath: node.Path, Detail: d})
	})
	if err != nil {
		return nil, err
	}
	return db.Household(ctx, p, id)
}

// RetireHousehold dissolves a household: it keeps its members for history, and they are
// free to join another.
func (db *DB) RetireHousehold(ctx context.Context, p *account.Principal, id int64, version int) (*register.Household, error) {
	h, err := db.activeHousehold(ctx, p, id)
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		if err := tx.retireReleasingKey("households", id, version); err != nil {
			return mapErr(err, register.EntityHousehold)
		}
		if _, err := tx.exec(`UPDATE household_members SET retired_at = ? WHERE household_id = ?`, ms(tx.now), id); err != nil {
			return mapErr(err, register.EntityHousehold)
		}
		return tx.audit(Record{Action: "household.retire", Entity: "household", EntityID: id, NodePath: h.path})
	})
	if err != nil {
		return nil, err
	}
	return db.Household(ctx, p, id)
}

// householdRow loads a household in the caller's scope, without its members.
func (db *DB) householdRow(ctx context.Context, p *account.Principal, id int64) (householdRow, error) {
	return rowInScope(ctx, db, p, register.EntityHousehold, scanHousehold, `SELECT `+householdCols+` FROM households h WHERE h.id = ?`, id)
}

// activeHousehold reads a household the caller may change: register.edit, in scope and not
// retired.
func (db *DB) activeHousehold(ctx context.Context, p *account.Principal, id int64) (householdRow, error) {
	if !p.Can(account.RegisterEdit) {
		return householdRow{}, errs.ForbiddenErr()
	}
	r, err := db.householdRow(ctx, p, id)
	if err != nil {
		return r, err
	}
	if r.IsRetired() {
		return r, errs.E(errs.Conflict, "err.household_retired")
	}
	return r, nil
}

// Household returns a household in the caller's scope with its members, the head first.
func (db *DB) Household(ctx context.Context, p *account.Principal, id int64) (*register.Household, error) {
	h, err := db.householdRow(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if err := db.loadMembers(ctx, []*register.Household{h.Household}); err != nil {
		return nil, err
	}
	return h.Household, nil
}

// relationOrder sorts members as household registers list them: the head, the spouse,
// then the others in the order of register.Relations.
var relationOrder = func() string {
	var b strings.Builder
	b.WriteString("CASE m.relation")
	for i, r := range register.Relations {
		b.WriteString(" WHEN '" + string(r) + "' THEN " + strconv.Itoa(i))
	}
	b.WriteString(" ELSE 99 END")
	return b.String()
}()

// loadMembers fills in the members of households.
func (db *DB) loadMembers(ctx context.Context, hs []*register.Household) error {
	if len(hs) == 0 {
		return nil
	}
	byID := map[int64]*register.Household{}
	args := make([]any, len(hs))
	for i, h := range hs {
		byID[h.ID], args[i] = h, h.ID
		h.Members = nil
	}
	type member struct {
		hid int64
		m   register.Member
	}
	rows, err := queryList(ctx, db, register.EntityHousehold, func(s rowScanner) (member, error) {
		var m member
		err := s.Scan(&m.hid, &m.m.PersonID, &m.m.Relation)
		return m, err
	}, `SELECT m.household_id, m.person_id, m.relation FROM household_members m WHERE m.household_id IN (`+placeholders(len(hs))+`)
		ORDER BY m.household_id, `+relationOrder+`, m.id`, args...)
	for _, m := range rows {
		h := byID[m.hid]
		h.Members = append(h.Members, m.m)
	}
	return err
}

// HouseholdFilter selects households in a listing.
type HouseholdFilter struct {
	Under          int64  // households of this place and below; 0 for the whole scope
	HouseID        int64  // living in this house
	Number         string // exact household number
	IncludeRetired bool
	After          PathCursor
	Limit          int
}

// Households lists households in the caller's scope, with their members, in
// (node_path, id) order (see PathCursor), and the cursor of the next page.
func (db *DB) Households(ctx context.Context, p *account.Principal, f HouseholdFilter) ([]*register.Household, PathCursor, error) {
	lo, hi, err := db.scopeRange(ctx, p, f.Under)
	if err != nil {
		return nil, PathCursor{}, err
	}
	where, args := keyset("h", lo, hi, f.After)
	if f.HouseID != 0 {
		where = append(where, "h.house_id = ?")
		args = append(args, f.HouseID)
	}
	if n := strings.TrimSpace(f.Number); n != "" {
		where = append(where, "h.number = ?")
		args = append(args, n)
	}
	if !f.IncludeRetired {
		where = append(where, "h.retired_at IS NULL")
	}
	rows, next, err := pathPage(ctx, db, register.EntityHousehold, scanHousehold, listLimit(f.Limit), `SELECT `+householdCols+
		` FROM households h WHERE `+strings.Join(where, " AND ")+` ORDER BY h.node_path, h.id LIMIT ?`, args...)
	if err != nil {
		return nil, PathCursor{}, err
	}
	out := make([]*register.Household, len(rows))
	for i, r := range rows {
		out[i] = r.Household
	}
	return out, next, db.loadMembers(ctx, out)
}

// PersonHouseholds returns the households a resident in the caller's scope belongs to
// or belonged to: at most one active, then dissolved ones, newest first.
func (db *DB) PersonHouseholds(ctx context.Context, p *account.Principal, personID int64) ([]*register.Household, error) {
	if _, err := db.personRow(ctx, p, personID); err != nil {
		return nil, err
	}
	rows, err := queryList(ctx, db, register.EntityHousehold, scanHousehold, `SELECT `+householdCols+` FROM households h
		JOIN household_members m ON m.household_id = h.id WHERE m.person_id = ? ORDER BY h.retired_at IS NOT NULL, h.id DESC`, personID)
	if err != nil {
		return nil, err
	}
	var out []*register.Household
	for _, r := range rows {
		if p.InScope(r.path) {
			out = append(out, r.Household)
		}
	}
	return out, db.loadMembers(ctx, out)
}
