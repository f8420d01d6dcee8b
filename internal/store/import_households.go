package store

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// householdSink imports households from one row per member. The rows of a household
// (same grid and household number) are its whole member list, checked and stored
// together: when one of them is wrong, none of the household is imported, so that the
// error report holds the household whole for correcting. Households are matched by grid
// and number (register.HouseholdKey); members must be residents registered in the
// caller's scope, found by ID number.
type householdSink struct {
	importBase
	refs    *refResolver
	seen    map[string]int // household key → first line, over the whole file
	members map[int64]int  // person → the first line naming them, over the whole file
}

// householdPrep is one household of the file, shared by its rows' items.
type householdPrep struct {
	group string // grid code and number as the file writes them
	key   string // the natural key, once the grid is known
	node  *admin.Node
	items []*importer.Item
	in    register.HouseholdInput
	id    int64 // the stored household, 0 when new
}

// householdMember is what Prepare found for one member's row.
type householdMember struct {
	node   *admin.Node
	house  *houseRow
	person *importPerson
}

func (s *householdSink) Prepare(ctx context.Context, m *tabular.Mapping, items []*importer.Item) error {
	found := make([]householdMember, len(items))
	index := make(map[*importer.Item]int, len(items))
	for i, it := range items {
		index[it] = i
	}
	var numbers []string
	for i, it := range items {
		row, _ := it.Value.(*importer.HouseholdRow)
		if it.Status == importer.Failed || row == nil {
			continue
		}
		node, err := s.itemGrid(ctx, it, row.GridCode)
		if err != nil {
			return err
		}
		if node == nil {
			continue
		}
		found[i].node = node
		if !row.House.IsZero() {
			h, problem, err := s.refs.house(ctx, node, row.House)
			if err != nil {
				return err
			}
			if problem != nil {
				it.Fail(problem)
				continue
			}
			found[i].house = h
		}
		numbers = append(numbers, row.IDNumber)
	}
	if err := s.refs.loadPeople(ctx, numbers); err != nil {
		return err
	}
	for i, it := range items {
		if it.Status == importer.Failed {
			continue
		}
		p, problem := s.refs.person("person_id", it.Value.(*importer.HouseholdRow).IDNumber)
		if problem != nil {
			it.Fail(problem)
			continue
		}
		found[i].person = p
	}

	// The households of the batch, in the order of their first rows.
	var groups []*householdPrep
	byKey := map[string]*householdPrep{}
	for i, it := range items {
		row, _ := it.Value.(*importer.HouseholdRow)
		if row == nil || row.Group() == "" {
			continue // failed in parsing without a household to belong to
		}
		g := byKey[row.Group()]
		if g == nil {
			g = &householdPrep{group: row.Group()}
			byKey[row.Group()] = g
			groups = append(groups, g)
		}
		if g.node == nil && found[i].node != nil {
			g.node, g.key = found[i].node, register.HouseholdKey(found[i].node.ID, row.Number, "")
		}
		g.items = append(g.items, it)
		it.Prep = g
	}
	var keys []any
	var people []any
	for _, g := range groups {
		if first, ok := s.seen[g.group]; ok {
			// Rows of one household far apart in the file: the earlier ones were imported
			// as the whole household already.
			for _, it := range g.items {
				if it.Status != importer.Failed {
					it.Fail(errs.E(errs.Invalid, "err.import_household_apart", first))
				}
			}
			continue
		}
		s.seen[g.group] = g.items[0].Line
		if g.key != "" {
			keys = append(keys, g.key)
		}
		for _, it := range g.items {
			if it.Status != importer.Failed {
				if p := found[index[it]].person; p != nil {
					people = append(people, p.id)
				}
			}
		}
	}
	stored, err := s.storedHouseholds(ctx, keys)
	if err != nil {
		return err
	}
	memberOf, err := s.memberships(ctx, people)
	if err != nil {
		return err
	}
	for _, g := range groups {
		if s.seen[g.group] != g.items[0].Line {
			continue // apart from its household's first rows: failed above
		}
		if g.node == nil {
			s.failRest(g, errs.E(errs.Invalid, "err.import_household_rows", lines(g.items)))
			continue
		}
		if ex := stored[g.key]; ex != nil {
			g.id = ex.ID
		}
		s.household(m, g, found, index, stored[g.key], memberOf)
	}
	return nil
}

// household checks one household of the file and classifies its rows.
func (s *householdSink) household(m *tabular.Mapping, g *householdPrep, found []householdMember, index map[*importer.Item]int,
	ex *register.Household, memberOf map[int64]int64) {
	// Member problems of the rows themselves.
	for _, it := range g.items {
		if it.Status == importer.Failed {
			continue
		}
		p := found[index[it]].person
		if other, ok := memberOf[p.id]; ok && other != g.id {
			it.Fail(errs.FieldInvalid("person_id", "err.household_member_elsewhere", other))
			continue
		}
		if first, ok := s.members[p.id]; ok && first != it.Line {
			it.Fail(errs.FieldInvalid("person_id", "err.import_member_twice", first))
			continue
		}
		s.members[p.id] = it.Line
	}
	if failed := lines(g.items); failed != "" {
		s.failRest(g, errs.E(errs.Invalid, "err.import_household_rows", failed))
		return
	}
	// The household as a whole: its place, from the rows that give one.
	first := g.items[0].Value.(*importer.HouseholdRow)
	g.in = register.HouseholdInput{NodeID: g.node.ID, Number: first.Number}
	hasHouse := m.Has("building") || m.Has("room")
	for _, it := range g.items {
		row := it.Value.(*importer.HouseholdRow)
		if h := found[index[it]].house; h != nil {
			if g.in.HouseID != 0 && g.in.HouseID != h.ID {
				it.Fail(errs.FieldInvalid("house_id", "err.import_household_houses"))
			}
			g.in.HouseID = h.ID
		}
		if row.Address != "" {
			if g.in.Address != "" && g.in.Address != row.Address {
				it.Fail(errs.FieldInvalid("address", "err.import_household_addresses"))
			}
			g.in.Address = row.Address
		}
		g.in.Members = append(g.in.Members, register.Member{PersonID: found[index[it]].person.id, Relation: row.Relation})
	}
	if ex != nil {
		// Columns the file does not have keep the stored values.
		if !hasHouse {
			g.in.HouseID = ex.HouseID
		}
		if !m.Has("address") {
			g.in.Address = ex.Address
		}
	}
	g.in.Normalize()
	if err := g.in.Validate(g.node); err != nil {
		e := errs.As(err)
		for _, f := range e.Fields {
			// members.<i>.<field> is about the i-th row; anything else about every row.
			if rest, ok := strings.CutPrefix(f.Field, "members."); ok {
				if i, field, ok := strings.Cut(rest, "."); ok {
					if n, err := strconv.Atoi(i); err == nil && n < len(g.items) {
						g.items[n].Fail(errs.FieldInvalid(field, f.Msg.Key, f.Msg.Args...))
						continue
					}
				}
			}
			for _, it := range g.items {
				if it.Status != importer.Failed {
					it.Fail(errs.FieldInvalid(f.Field, f.Msg.Key, f.Msg.Args...))
				}
			}
		}
	}
	if failed := lines(g.items); failed != "" {
		s.failRest(g, errs.E(errs.Invalid, "err.import_household_rows", failed))
		return
	}
	status := importer.New
	if ex != nil {
		status = importer.Changed
		if ex.NodeID == g.in.NodeID && ex.Number == g.in.Number && ex.HouseID == g.in.HouseID && ex.Address == g.in.Address &&
			sameMembers(ex.Members, g.in.Members) {
			status = importer.Unchanged
		}
	}
	for _, it := range g.items {
		it.Key = g.key + "|" + strconv.FormatInt(found[index[it]].person.id, 10)
		it.Status, it.ID = status, g.id
	}
}

// lines lists the lines of the failed items, "" when none failed.
func lines(items []*importer.Item) string {
	var out []string
	for _, it := range items {
		if it.Status == importer.Failed {
			out = append(out, strconv.Itoa(it.Line))
		}
	}
	return strings.Join(out, "、")
}

// failRest fails the rows of a household that are not failed yet, saying which are.
func (s *householdSink) failRest(g *householdPrep, err error) {
	for _, it := range g.items {
		if it.Status != importer.Failed {
			it.Fail(err)
		}
	}
}

func sameMembers(a, b []register.Member) bool {
	if len(a) != len(b) {
		return false
	}
	less := func(x []register.Member) func(i, j int) bool {
		return func(i, j int) bool { return x[i].PersonID < x[j].PersonID }
	}
	a, b = slices.Clone(a), slices.Clone(b)
	sort.Slice(a, less(a))
	sort.Slice(b, less(b))
	return slices.Equal(a, b)
}

// storedHouseholds reads the active households of the given keys, with their members.
func (s *householdSink) storedHouseholds(ctx context.Context, keys []any) (map[string]*register.Household, error) {
	out := map[string]*register.Household{}
	err := inChunks(keys, func(chunk []any) error {
		rows, err := queryList(ctx, s.db, register.EntityHousehold, scanKeyed(scanHousehold),
			`SELECT `+householdCols+`, h.nkey FROM households h WHERE h.nkey IN (`+placeholders(len(chunk))+`)`, chunk...)
		if err != nil {
			return err
		}
		hs := make([]*register.Household, 0, len(rows))
		for _, r := range rows {
			out[r.key] = r.row.Household
			hs = append(hs, r.row.Household)
		}
		return s.db.loadMembers(ctx, hs)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// memberships maps the given residents to the active household each belongs to.
func (s *householdSink) memberships(ctx context.Context, people []any) (map[int64]int64, error) {
	out := map[int64]int64{}
	err := inChunks(people, func(chunk []any) error {
		rows, err := queryList(ctx, s.db, register.EntityHousehold, func(r rowScanner) ([2]int64, error) {
			var x [2]int64
			err := r.Scan(&x[0], &x[1])
			return x, err
		}, `SELECT person_id, household_id FROM household_members WHERE retired_at IS NULL AND person_id IN (`+placeholders(len(chunk))+`)`,
			chunk...)
		for _, x := range rows {
			out[x[0]] = x[1]
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (s *householdSink) Write(ctx context.Context, items []*importer.Item) error {
	return s.db.write(ctx, s.p, func(tx *Tx) error {
		var inserted, updated []int64
		var args []any
		rows := 0
		flush := func() error {
			if rows == 0 {
				return nil
			}
			_, err := tx.exec(`INSERT INTO household_members (household_id, person_id, relation, node_id, node_path, nkey, created_at)
				VALUES `+valueRows(rows, 7), args...)
			if err != nil {
				return householdTaken(err)
			}
			args, rows = args[:0], 0
			return nil
		}
		done := map[*householdPrep]bool{}
		for _, it := range items {
			if it.Status != importer.New && it.Status != importer.Changed {
				continue
			}
			g := it.Prep.(*householdPrep)
			if done[g] {
				continue
			}
			done[g] = true
			in, node := g.in, g.node
			id := g.id
			if it.Status == importer.New {
				var err error
				id, err = tx.insert(`INSERT INTO households (node_id, node_path, nkey, number, house_id, address, head_id, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, node.ID, node.Path, g.key, in.Number, nullID(in.HouseID), in.Address, in.Head(),
					ms(tx.now), ms(tx.now))
				if err != nil {
					return householdTaken(err)
				}
				inserted = append(inserted, id)
			} else {
				if _, err := tx.exec(`UPDATE households SET node_id = ?, node_path = ?, number = ?, house_id = ?, address = ?, head_id = ?,
					updated_at = ?, version = version + 1 WHERE id = ?`, node.ID, node.Path, in.Number, nullID(in.HouseID), in.Address, in.Head(),
					ms(tx.now), id); err != nil {
					return householdTaken(err)
				}
				// The members written before this one are flushed first: the delete must
				// not meet them.
				if err := flush(); err != nil {
					return err
				}
				if _, err := tx.exec(`DELETE FROM household_members WHERE household_id = ?`, id); err != nil {
					return mapErr(err, register.EntityHousehold)
				}
				updated = append(updated, id)
			}
			for _, mb := range in.Members {
				args = append(args, id, mb.PersonID, mb.Relation, node.ID, node.Path, memberKey(id, mb.PersonID), ms(tx.now))
				if rows++; rows == maxInsertRows {
					if err := flush(); err != nil {
						return err
					}
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		return s.audit(tx, importer.Households.Name, inserted, updated)
	})
}
