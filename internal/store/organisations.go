package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
)

const orgCols = `o.id, o.node_id, o.node_path, o.kind, o.name, o.uscc, o.address, o.lng, o.lat,
	o.retired_at, o.created_at, o.updated_at, o.version`

// orgRow is an organisation with the path of its grid, which scope checks need.
type orgRow struct {
	*register.Organisation
	path string
}

func (r orgRow) nodePath() string   { return r.path }
func (r orgRow) cursor() PathCursor { return PathCursor{Path: r.path, ID: r.ID} }

func scanOrganisation(s rowScanner) (orgRow, error) {
	var o register.Organisation
	var path string
	var lng, lat sql.NullFloat64
	var retired sql.NullInt64
	var created, updated int64
	if err := s.Scan(&o.ID, &o.NodeID, &path, &o.Kind, &o.Name, &o.USCC, &o.Address, &lng, &lat,
		&retired, &created, &updated, &o.Version); err != nil {
		return orgRow{}, err
	}
	if lng.Valid && lat.Valid {
		o.Location = &geo.Point{Lng: lng.Float64, Lat: lat.Float64}
	}
	o.Retired, o.Created, o.Updated = fromNullMS(retired), fromMS(created), fromMS(updated)
	return orgRow{&o, path}, nil
}

// orgNKey is the natural key column of an organisation: NULL when it has none, so the
// unique index leaves such rows alone.
func orgNKey(in register.OrganisationInput) any {
	return nullStr(register.OrganisationKey(in.USCC, in.Name, in.Address))
}

// orgTaken turns a natural-key collision into the field that names it.
func orgTaken(err error, in register.OrganisationInput) error {
	if !isUnique(err, "nkey") {
		return mapErr(err, "entity.organisation")
	}
	if in.USCC != "" {
		return errs.FieldInvalid("uscc", "err.org_uscc_taken")
	}
	return errs.FieldInvalid("name", "err.org_taken")
}

// lngLat is a position as the lng and lat columns store it: both NULL for none.
func lngLat(p *geo.Point) (lng, lat any) {
	if p == nil {
		return nil, nil
	}
	return p.Lng, p.Lat
}

// CreateOrganisation registers an organisation in a grid of the caller's scope, with the
// contacts the input carries.
func (db *DB) CreateOrganisation(ctx context.Context, p *account.Principal, in register.OrganisationInput) (*register.Organisation, error) {
	if !p.Can(account.RegisterEdit) {
		return nil, errs.ForbiddenErr()
	}
	in.Normalize()
	node, err := db.scopedRegisterNode(ctx, p, in.NodeID)
	if err != nil {
		return nil, err
	}
	if err := in.Validate(node); err != nil {
		return nil, err
	}
	var id int64
	err = db.write(ctx, p, func(tx *Tx) error {
		lng, lat := lngLat(in.Location)
		id, err = tx.insert(`INSERT INTO organisations (node_id, node_path, kind, name, uscc, address, lng, lat, created_at, updated_at, nkey)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, node.ID, node.Path, in.Kind, in.Name, in.USCC, in.Address, lng, lat,
			ms(tx.now), ms(tx.now), orgNKey(in))
		if err != nil {
			return orgTaken(err, in)
		}
		for i, c := range in.Contacts {
			if _, err := tx.addContact(id, node.Path, c); err != nil {
				if e := errs.As(err); e != nil && len(e.Fields) == 1 {
					e.Fields[0].Field = "contacts." + strconv.Itoa(i) + "." + e.Fields[0].Field
				}
				return err
			}
		}
		return tx.audit(Record{Action: "organisation.create", Entity: "organisation", EntityID: id, NodePath: node.Path,
			Detail: map[string]any{"kind": in.Kind, "name": in.Name, "uscc": in.USCC, "contacts": len(in.Contacts)}})
	})
	if err != nil {
		return nil, err
	}
	return db.Organisation(ctx, p, id)
}

// organisationRow reads an organisation in the caller's scope.
func (db *DB) organisationRow(ctx context.Context, p *account.Principal, id int64) (orgRow, error) {
	return rowInScope(ctx, db, p, "entity.organisation", scanOrganisation, `SELECT `+orgCols+` FROM organisations o WHERE o.id = ?`, id)
}

// Organisation returns an organisation in the caller's scope, without its contacts
// (OrganisationContacts lists them, masked).
func (db *DB) Organisation(ctx context.Context, p *account.Principal, id int64) (*register.Organisation, error) {
	o, err := db.organisationRow(ctx, p, id)
	return o.Organisation, err
}

// editableOrganisation reads an organisation the caller may change.
func (db *DB) editableOrganisation(ctx context.Context, p *account.Principal, id int64) (orgRow, error) {
	o, err := db.organisationRow(ctx, p, id)
	if err != nil {
		return o, err
	}
	if err := authorize(p, account.RegisterEdit, o.path); err != nil {
		return o, err
	}
	return o, nil
}

// UpdateOrganisation changes an organisation's grid, kind, name, credit code, address and
// location, refusing the change when the stored version is no longer version. Contacts
// are added and removed on their own; those in the input are ignored.
func (db *DB) UpdateOrganisation(ctx context.Context, p *account.Principal, id int64, in register.OrganisationInput, version int) (*register.Organisation, error) {
	old, err := db.editableOrganisation(ctx, p, id)
	if err != nil {
		return nil, err
	}
	in.Contacts = nil
	in.Normalize()
	node, err := db.scopedRegisterNode(ctx, p, in.NodeID)
	if err != nil {
		return nil, err
	}
	if err := in.Validate(node); err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		lng, lat := lngLat(in.Location)
		err := expectOne(tx.exec(`UPDATE organisations SET node_id = ?, node_path = ?, kind = ?, name = ?, uscc = ?, address = ?, lng = ?, lat = ?,
			nkey = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, node.ID, node.Path, in.Kind, in.Name, in.USCC,
			in.Address, lng, lat, orgNKey(in), ms(tx.now), id, version))
		if err != nil {
			return orgTaken(err, in)
		}
		if node.Path != old.path {
			if _, err := tx.exec(`UPDATE organisation_contacts SET node_path = ? WHERE organisation_id = ?`, node.Path, id); err != nil {
				return mapErr(err, "entity.organisation")
			}
		}
		detail := map[string]any{}
		diff(detail, "node_id", old.NodeID, node.ID)
		diff(detail, "kind", string(old.Kind), string(in.Kind))
		diff(detail, "name", old.Name, in.Name)
		diff(detail, "uscc", old.USCC, in.USCC)
		diff(detail, "address", old.Address, in.Address)
		return tx.audit(Record{Action: "organisation.update", Entity: "organisation", EntityID: id, NodePath: node.Path, Detail: detail})
	})
	if err != nil {
		return nil, err
	}
	return db.Organisation(ctx, p, id)
}

// diff records a change of one field in an audit detail as [old, new].
func diff[T comparable](detail map[string]any, field string, old, new T) {
	if old != new {
		detail[field] = []T{old, new}
	}
}

// RetireOrganisation marks an organisation closed or moved away; it stays on file with
// its history, and facilities it owns keep pointing at it.
func (db *DB) RetireOrganisation(ctx context.Context, p *account.Principal, id int64, version int) (*register.Organisation, error) {
	return db.setOrganisationRetired(ctx, p, id, version, true)
}

// RestoreOrganisation brings a retired organisation back; its grid must be active.
func (db *DB) RestoreOrganisation(ctx context.Context, p *account.Principal, id int64, version int) (*register.Organisation, error) {
	return db.setOrganisationRetired(ctx, p, id, version, false)
}

func (db *DB) setOrganisationRetired(ctx context.Context, p *account.Principal, id int64, version int, retire bool) (*register.Organisation, error) {
	o, err := db.editableOrganisation(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if err := db.checkRetire(ctx, o.IsRetired(), retire, o.NodeID); err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		if err := tx.setRetired("organisations", id, version, retire); err != nil {
			return mapErr(err, "entity.organisation")
		}
		return tx.audit(Record{Action: "organisation." + retireAction(retire), Entity: "organisation", EntityID: id, NodePath: o.path})
	})
	if err != nil {
		return nil, err
	}
	return db.Organisation(ctx, p, id)
}

// OrganisationFilter selects organisations in a listing.
type OrganisationFilter struct {
	Under          int64            // organisations of this place and below; 0 for the whole scope
	Kind           register.OrgKind // of this kind only
	Query          string           // name or address contains
	USCC           string           // this credit code exactly
	After          PathCursor       // keyset position: the last row of the page before
	IncludeRetired bool
	Limit          int
}

// Organisations lists a page of organisations in the caller's scope in (grid path, id)
// order from f.After, and the cursor of the next page (zero on the last page).
func (db *DB) Organisations(ctx context.Context, p *account.Principal, f OrganisationFilter) ([]*register.Organisation, PathCursor, error) {
	lo, hi, err := db.scopeRange(ctx, p, f.Under)
	if err != nil {
		return nil, PathCursor{}, err
	}
	where, args := keyset("o", lo, hi, f.After)
	if f.Kind != "" {
		where = append(where, "o.kind = ?")
		args = append(args, f.Kind)
	}
	if c := register.NormalizeUSCC(f.USCC); c != "" {
		where = append(where, "o.uscc = ?")
		args = append(args, c)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, `(o.name LIKE ? ESCAPE '\' OR o.address LIKE ? ESCAPE '\')`)
		args = append(args, "%"+escapeLike(q)+"%", "%"+escapeLike(q)+"%")
	}
	if !f.IncludeRetired {
		where = append(where, "o.retired_at IS NULL")
	}
	rows, next, err := pathPage(ctx, db, "entity.organisation", scanOrganisation, listLimit(f.Limit), `SELECT `+orgCols+
		` FROM organisations o WHERE `+strings.Join(where, " AND ")+` ORDER BY o.node_path, o.id LIMIT ?`, args...)
	if err != nil {
		return nil, PathCursor{}, err
	}
	out := make([]*register.Organisation, len(rows))
	for i, r := range rows {
		out[i] = r.Organisation
	}
	return out, next, nil
}
