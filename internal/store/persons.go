package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/secret"
)

// The contexts sealed numbers are bound to: a value copied into another column does not
// open there.
const (
	sealIDNumber = "persons.id"
	sealPassport = "persons.passport"
	sealPhone    = "persons.phone"
)

const personCols = `p.id, p.node_id, p.node_path, p.name, p.reg_type, p.id_masked, p.passport_masked, p.nationality, p.birth_date,
	p.sex, p.phone_masked, p.ethnicity, p.care_tags, p.retired_at, p.created_at, p.updated_at, p.version`

// personRow is a person with the path of their grid, which scope checks and cursors need.
type personRow struct {
	*register.Person
	path string
}

func (r personRow) nodePath() string   { return r.path }
func (r personRow) cursor() PathCursor { return PathCursor{Path: r.path, ID: r.ID} }

func scanPerson(s rowScanner) (personRow, error) {
	var p register.Person
	var path, tags string
	var birth sql.NullString
	var retired sql.NullInt64
	var created, updated int64
	if err := s.Scan(&p.ID, &p.NodeID, &path, &p.Name, &p.RegType, &p.IDMasked, &p.PassportMasked, &p.Nationality, &birth,
		&p.Sex, &p.PhoneMasked, &p.Ethnicity, &tags, &retired, &created, &updated, &p.Version); err != nil {
		return personRow{}, err
	}
	p.Birth = parseDateCol(birth)
	p.CareTags = splitCareTags(tags)
	p.Retired, p.Created, p.Updated = fromNullMS(retired), fromMS(created), fromMS(updated)
	return personRow{&p, path}, nil
}

// dateCol stores a civil date as YYYY-MM-DD, which sorts as the date does; nil is NULL.
func dateCol(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.Format(time.DateOnly)
}

// parseDateCol reads a stored civil date back.
func parseDateCol(s sql.NullString) *time.Time {
	if !s.Valid || s.String == "" {
		return nil
	}
	t, err := time.Parse(time.DateOnly, s.String)
	if err != nil {
		return nil
	}
	return &t
}

// joinCareTags stores tags as comma-separated codes in display order ("" for none).
func joinCareTags(tags []register.CareTag) string {
	s := make([]string, len(tags))
	for i, t := range tags {
		s[i] = string(t)
	}
	return strings.Join(s, ",")
}

func splitCareTags(s string) []register.CareTag {
	if s == "" {
		return nil
	}
	var out []register.CareTag
	for _, t := range strings.Split(s, ",") {
		out = append(out, register.CareTag(t))
	}
	return out
}

// sealedPerson is what storage keeps of a person's numbers.
type sealedPerson struct {
	idSealed, passportSealed, phoneSealed string
	idLookup, passportLookup, phoneLookup any // NULL when there is no number
	nkey                                  any
}

// sealPerson seals a valid, normalised input's numbers and derives its lookups and key.
func (db *DB) sealPerson(in register.PersonInput) (sealedPerson, error) {
	var s sealedPerson
	if db.keys == nil {
		return s, errs.Internalf("no encryption key configured")
	}
	var err error
	seal := func(v, context string) string {
		if err != nil || v == "" {
			return ""
		}
		var out string
		out, err = db.keys.Seal(v, context)
		return out
	}
	s.idSealed = seal(in.IDNumber, sealIDNumber)
	s.passportSealed = seal(in.Passport, sealPassport)
	s.phoneSealed = seal(in.Phone, sealPhone)
	if err != nil {
		return s, errs.Internalf("seal person: %v", err)
	}
	lookup := func(kind, v string) any {
		if v == "" {
			return nil
		}
		return db.keys.Lookup(kind, v)
	}
	s.idLookup = lookup(register.LookupIDNumber, in.IDNumber)
	s.passportLookup = lookup(register.LookupPassport, in.Passport)
	s.phoneLookup = lookup(register.LookupPhone, in.Phone)
	// The key of someone with an ID number is the hash just made for id_lookup: not
	// computed twice, which an import of a million residents would notice.
	s.nkey = nullStr(register.PersonKey(in, func(kind, v string) string {
		if kind == register.LookupIDNumber && v == in.IDNumber {
			if h, ok := s.idLookup.(string); ok {
				return h
			}
		}
		return db.keys.Lookup(kind, v)
	}))
	return s, nil
}

// personTaken turns a unique violation of the natural key (persons_id_lookup,
// persons_passport_key) into a field error on the number that makes it.
func personTaken(err error, in register.PersonInput) error {
	if isUnique(err, "id_lookup") || isUnique(err, "passport_lookup") {
		if in.IDNumber == "" {
			return errs.FieldInvalid("passport", "err.person_taken")
		}
		return errs.FieldInvalid("id_number", "err.person_taken")
	}
	return mapErr(err, register.EntityPerson)
}

// CreatePerson registers a resident in a grid or micro-grid of the caller's scope. Only
// callers who serve people with care tags (account.Principal.SeesCareTags) may set them.
func (db *DB) CreatePerson(ctx context.Context, p *account.Principal, in register.PersonInput) (*register.Person, error) {
	if !p.Can(account.RegisterEdit) {
		return nil, errs.ForbiddenErr()
	}
	in.Normalize()
	node, err := db.scopedRegisterNode(ctx, p, in.NodeID)
	if err != nil {
		return nil, err
	}
	now := db.now()
	if err := in.Validate(node, now); err != nil {
		return nil, err
	}
	if len(in.CareTags) > 0 && !p.SeesCareTags() {
		return nil, errs.FieldInvalid("care_tags", "err.care_tags_hidden")
	}
	f := in.Facts(now)
	s, err := db.sealPerson(in)
	if err != nil {
		return nil, err
	}
	var id int64
	err = db.write(ctx, p, func(tx *Tx) error {
		id, err = tx.insert(`INSERT INTO persons (node_id, node_path, nkey, name, reg_type, id_sealed, id_lookup, id_masked,
			passport_sealed, passport_lookup, passport_masked, nationality, birth_date, sex, phone_sealed, phone_lookup, phone_masked,
			ethnicity, care_tags, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			node.ID, node.Path, s.nkey, in.Name, in.RegType, s.idSealed, s.idLookup, f.IDMasked,
			s.passportSealed, s.passportLookup, f.PassportMasked, in.Nationality, dateCol(f.Birth), f.Sex, s.phoneSealed, s.phoneLookup, f.PhoneMasked,
			in.Ethnicity, joinCareTags(in.CareTags), ms(tx.now), ms(tx.now))
		if err != nil {
			return personTaken(err, in)
		}
		return tx.audit(Record{Action: "person.create", Entity: "person", EntityID: id, NodePath: node.Path,
			Detail: personAudit(in)})
	})
	if err != nil {
		return nil, err
	}
	// The caller has just typed what comes back, care tags included.
	row, err := db.personRow(ctx, p, id)
	return row.Person, err
}

// personAudit is what the audit log keeps of a person's input: masked name and which
// numbers were given, never the numbers, and whether care tags were set, never which.
func personAudit(in register.PersonInput) map[string]any {
	return map[string]any{"name": secret.MaskName(in.Name), "reg_type": in.RegType, "node_id": in.NodeID,
		"id_number": in.IDNumber != "", "passport": in.Passport != "", "phone": in.Phone != "", "care_tags": len(in.CareTags) > 0}
}

// personRow loads a person in the caller's scope (register.view), with care tags as
// stored: callers pass it through shownPerson before handing it out.
func (db *DB) personRow(ctx context.Context, p *account.Principal, id int64) (personRow, error) {
	return rowInScope(ctx, db, p, register.EntityPerson, scanPerson, `SELECT `+personCols+` FROM persons p WHERE p.id = ?`, id)
}

// shownPerson applies the care-tag rule to one person handed out: callers who do not
// serve them get no tags; for those who do, the read is audited when there are any.
func (db *DB) shownPerson(ctx context.Context, p *account.Principal, r personRow) (*register.Person, error) {
	if len(r.CareTags) == 0 {
		return r.Person, nil
	}
	if !p.SeesCareTags() {
		r.CareTags = nil
		return r.Person, nil
	}
	if err := db.Audit(ctx, p, Record{Action: "person.view_care", Entity: "person", EntityID: r.ID, NodePath: r.path}); err != nil {
		return nil, err
	}
	return r.Person, nil
}

// Person returns a resident in the caller's scope, numbers masked.
func (db *DB) Person(ctx context.Context, p *account.Principal, id int64) (*register.Person, error) {
	r, err := db.personRow(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return db.shownPerson(ctx, p, r)
}

// storedNumbers opens a person's sealed numbers, for a change that leaves some of them
// blank (a blank number keeps the stored one) and for UnmaskPerson.
func (db *DB) storedNumbers(ctx context.Context, id int64) (PersonNumbers, error) {
	var n PersonNumbers
	var idS, passS, phoneS string
	if err := db.queryRow(ctx, `SELECT id_sealed, passport_sealed, phone_sealed FROM persons WHERE id = ?`, id).Scan(&idS, &passS, &phoneS); err != nil {
		return n, mapErr(err, register.EntityPerson)
	}
	if db.keys == nil {
		return n, errs.Internalf("no encryption key configured")
	}
	var err error
	open := func(v, context string) string {
		if err != nil {
			return ""
		}
		var out string
		out, err = db.keys.Open(v, context)
		return out
	}
	n.IDNumber, n.Passport, n.Phone = open(idS, sealIDNumber), open(passS, sealPassport), open(phoneS, sealPhone)
	if err != nil {
		return n, errs.Internalf("open numbers of person %d: %v", id, err)
	}
	return n, nil
}

// UpdatePerson changes a resident, if nobody else changed them since version. Blank ID,
// passport and phone numbers keep the stored ones (forms show them only masked). A
// caller who does not serve people with care tags leaves the stored tags as they are.
func (db *DB) UpdatePerson(ctx context.Context, p *account.Principal, id int64, in register.PersonInput, version int) (*register.Person, error) {
	if !p.Can(account.RegisterEdit) {
		return nil, errs.ForbiddenErr()
	}
	old, err := db.personRow(ctx, p, id)
	if err != nil {
		return nil, err
	}
	in.Normalize()
	stored, err := db.storedNumbers(ctx, id)
	if err != nil {
		return nil, err
	}
	changed := map[string]bool{"id_number": in.IDNumber != "", "passport": in.Passport != "", "phone": in.Phone != ""}
	if in.IDNumber == "" {
		in.IDNumber = stored.IDNumber
	}
	if in.Passport == "" && in.RegType == register.Foreign {
		in.Passport = stored.Passport
	}
	if in.Phone == "" {
		in.Phone = stored.Phone
	}
	seesTags := p.SeesCareTags()
	if !seesTags {
		in.CareTags = nil // validated without them; the stored ones stay
	}
	node, err := db.scopedRegisterNode(ctx, p, in.NodeID)
	if err != nil {
		return nil, err
	}
	now := db.now()
	if err := in.Validate(node, now); err != nil {
		return nil, err
	}
	f := in.Facts(now)
	s, err := db.sealPerson(in)
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		q := `UPDATE persons SET node_id = ?, node_path = ?, nkey = ?, name = ?, reg_type = ?, id_sealed = ?, id_lookup = ?, id_masked = ?,
			passport_sealed = ?, passport_lookup = ?, passport_masked = ?, nationality = ?, birth_date = ?, sex = ?, phone_sealed = ?,
			phone_lookup = ?, phone_masked = ?, ethnicity = ?, updated_at = ?, version = version + 1`
		args := []any{node.ID, node.Path, s.nkey, in.Name, in.RegType, s.idSealed, s.idLookup, f.IDMasked,
			s.passportSealed, s.passportLookup, f.PassportMasked, in.Nationality, dateCol(f.Birth), f.Sex, s.phoneSealed,
			s.phoneLookup, f.PhoneMasked, in.Ethnicity, ms(tx.now)}
		if seesTags {
			q += `, care_tags = ?`
			args = append(args, joinCareTags(in.CareTags))
		}
		args = append(args, id, version)
		if err := expectOne(tx.exec(q+` WHERE id = ? AND version = ?`, args...)); err != nil {
			return personTaken(err, in)
		}
		if node.ID != old.NodeID {
			// The person's household memberships follow them to the new grid's path.
			if _, err := tx.exec(`UPDATE household_members SET node_id = ?, node_path = ? WHERE person_id = ?`, node.ID, node.Path, id); err != nil {
				return mapErr(err, register.EntityPerson)
			}
		}
		d := personAudit(in)
		d["node_id"] = []int64{old.NodeID, node.ID}
		d["numbers_changed"] = changed
		d["care_tags_changed"] = seesTags && joinCareTags(in.CareTags) != joinCareTags(old.CareTags)
		return tx.audit(Record{Action: "person.update", Entity: "person", EntityID: id, NodePath: node.Path, Detail: d})
	})
	if err != nil {
		return nil, err
	}
	row, err := db.personRow(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !seesTags {
		row.CareTags = nil
	}
	return row.Person, nil
}

// RetirePerson marks a resident as no longer living in the area (moved away, died), or
// with retired false restores them; the record and its history stay.
func (db *DB) RetirePerson(ctx context.Context, p *account.Principal, id int64, retired bool, version int) (*register.Person, error) {
	if !p.Can(account.RegisterEdit) {
		return nil, errs.ForbiddenErr()
	}
	r, err := db.personRow(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if r.IsRetired() == retired {
		if retired {
			return nil, errs.E(errs.Conflict, "err.person_retired")
		}
		return nil, errs.E(errs.Conflict, "err.person_active")
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		if err := tx.setRetired("persons", id, version, retired); err != nil {
			return mapErr(err, register.EntityPerson)
		}
		return tx.audit(Record{Action: "person." + retireAction(retired), Entity: "person", EntityID: id, NodePath: r.path})
	})
	if err != nil {
		return nil, err
	}
	if r, err = db.personRow(ctx, p, id); err != nil {
		return nil, err
	}
	if !p.SeesCareTags() {
		r.CareTags = nil
	}
	return r.Person, nil
}

// PersonNumbers are a resident's full document and phone numbers.
type PersonNumbers struct {
	IDNumber string `json:"id_number"`
	Passport string `json:"passport"`
	Phone    string `json:"phone"`
}

// UnmaskPerson reveals a resident's full ID, passport and phone numbers to a caller
// allowed to unmask personal data, for a stated purpose, and records the read with the
// purpose in the audit log.
func (db *DB) UnmaskPerson(ctx context.Context, p *account.Principal, id int64, purpose string) (PersonNumbers, error) {
	purpose = strings.TrimSpace(purpose)
	r, err := db.personRow(ctx, p, id)
	if err != nil {
		return PersonNumbers{}, err
	}
	if !p.Can(account.PersonalUnmask) {
		return PersonNumbers{}, errs.ForbiddenErr()
	}
	if err := checkPurpose(purpose); err != nil {
		return PersonNumbers{}, err
	}
	n, err := db.storedNumbers(ctx, id)
	if err != nil {
		return PersonNumbers{}, err
	}
	if err := db.Audit(ctx, p, Record{Action: "person.unmask", Entity: "person", EntityID: id, NodePath: r.path, Purpose: purpose,
		Detail: map[string]bool{"id_number": n.IDNumber != "", "passport": n.Passport != "", "phone": n.Phone != ""}}); err != nil {
		return PersonNumbers{}, err
	}
	return n, nil
}
