package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/secret"
)

// OrgContact is a contact of an organisation as storage hands it out: the phone only
// masked (UnmaskContactPhone reveals it).
type OrgContact struct {
	ID             int64
	OrganisationID int64
	Name           string
	Role           string
	PhoneMasked    string
	Created        time.Time
}

// The sealing context of contact phones: a sealed value only opens in its own column.
const contactPhoneContext = "organisation_contacts.phone"

const contactCols = `c.id, c.organisation_id, c.name, c.role, c.phone_masked, c.created_at`

func scanContact(s rowScanner) (*OrgContact, error) {
	var c OrgContact
	var created int64
	if err := s.Scan(&c.ID, &c.OrganisationID, &c.Name, &c.Role, &c.PhoneMasked, &created); err != nil {
		return nil, err
	}
	c.Created = fromMS(created)
	return &c, nil
}

// validateContact checks one contact with the organisation rules, naming its fields
// name, phone and role.
func validateContact(c *register.Contact) error {
	in := register.OrganisationInput{Contacts: []register.Contact{*c}}
	in.Normalize()
	*c = in.Contacts[0]
	err := in.Validate(nil)
	e := errs.As(err)
	if e == nil {
		return err
	}
	var v errs.Validation
	for _, f := range e.Fields {
		if field, ok := strings.CutPrefix(f.Field, "contacts.0."); ok {
			v.Add(field, f.Msg.Key, f.Msg.Args...)
		}
	}
	return v.Err()
}

// addContact seals and stores one contact of organisation orgID, whose grid path is path.
// The natural key (organisation and phone) keeps one phone from being listed twice.
func (t *Tx) addContact(orgID int64, path string, c register.Contact) (int64, error) {
	if err := validateContact(&c); err != nil {
		return 0, err
	}
	enc, err := t.db.keys.Seal(c.Phone, contactPhoneContext)
	if err != nil {
		return 0, errs.Internalf("seal contact phone: %v", err)
	}
	hash := t.db.keys.Lookup(register.LookupPhone, c.Phone)
	id, err := t.insert(`INSERT INTO organisation_contacts (organisation_id, node_path, name, role, phone_enc, phone_masked, phone_hash, created_at, nkey)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, orgID, path, c.Name, c.Role, enc, secret.MaskPhone(c.Phone), hash, ms(t.now),
		"contact|"+strconv.FormatInt(orgID, 10)+"|"+hash)
	if err != nil {
		if isUnique(err, "nkey") {
			return 0, errs.FieldInvalid("phone", "err.contact_taken")
		}
		return 0, mapErr(err, "entity.contact")
	}
	return id, nil
}

// OrganisationContacts lists an organisation's contacts, phones masked, in the order
// they were added.
func (db *DB) OrganisationContacts(ctx context.Context, p *account.Principal, orgID int64) ([]*OrgContact, error) {
	if _, err := db.organisationRow(ctx, p, orgID); err != nil {
		return nil, err
	}
	return queryList(ctx, db, "entity.contact", scanContact, `SELECT `+contactCols+` FROM organisation_contacts c
		WHERE c.organisation_id = ? ORDER BY c.id LIMIT ?`, orgID, register.MaxContacts*2)
}

// AddOrganisationContact adds a contact to an organisation in the caller's scope.
func (db *DB) AddOrganisationContact(ctx context.Context, p *account.Principal, orgID int64, c register.Contact) (*OrgContact, error) {
	o, err := db.editableOrganisation(ctx, p, orgID)
	if err != nil {
		return nil, err
	}
	var id int64
	err = db.write(ctx, p, func(tx *Tx) error {
		var n int
		// Counting inside the transaction, after the organisation row is locked by the
		// version bump below, keeps two additions from passing the limit together.
		if _, err := tx.exec(`UPDATE organisations SET updated_at = ?, version = version + 1 WHERE id = ?`, ms(tx.now), orgID); err != nil {
			return mapErr(err, "entity.organisation")
		}
		if err := tx.queryRow(`SELECT COUNT(*) FROM organisation_contacts WHERE organisation_id = ?`, orgID).Scan(&n); err != nil {
			return mapErr(err, "entity.contact")
		}
		if n >= register.MaxContacts {
			return errs.FieldInvalid("name", "err.contacts_max", register.MaxContacts)
		}
		if id, err = tx.addContact(orgID, o.path, c); err != nil {
			return err
		}
		return tx.audit(Record{Action: "organisation.contact_add", Entity: "organisation", EntityID: orgID, NodePath: o.path,
			Detail: map[string]any{"contact": id, "name": secret.MaskName(strings.TrimSpace(c.Name)), "role": strings.TrimSpace(c.Role)}})
	})
	if err != nil {
		return nil, err
	}
	return scanContact(db.queryRow(ctx, `SELECT `+contactCols+` FROM organisation_contacts c WHERE c.id = ?`, id))
}

// contactOf reads a contact of an organisation, with its sealed phone.
func (db *DB) contactOf(ctx context.Context, orgID, contactID int64) (*OrgContact, string, error) {
	var c OrgContact
	var enc string
	var created int64
	err := db.queryRow(ctx, `SELECT `+contactCols+`, c.phone_enc FROM organisation_contacts c WHERE c.id = ? AND c.organisation_id = ?`,
		contactID, orgID).Scan(&c.ID, &c.OrganisationID, &c.Name, &c.Role, &c.PhoneMasked, &created, &enc)
	if err != nil {
		return nil, "", mapErr(err, "entity.contact")
	}
	c.Created = fromMS(created)
	return &c, enc, nil
}

// RemoveOrganisationContact removes a contact from an organisation in the caller's scope.
func (db *DB) RemoveOrganisationContact(ctx context.Context, p *account.Principal, orgID, contactID int64) error {
	o, err := db.editableOrganisation(ctx, p, orgID)
	if err != nil {
		return err
	}
	c, _, err := db.contactOf(ctx, orgID, contactID)
	if err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		if err := expectOne(tx.exec(`DELETE FROM organisation_contacts WHERE id = ? AND organisation_id = ?`, contactID, orgID)); err != nil {
			return mapErr(err, "entity.contact")
		}
		if _, err := tx.exec(`UPDATE organisations SET updated_at = ?, version = version + 1 WHERE id = ?`, ms(tx.now), orgID); err != nil {
			return mapErr(err, "entity.organisation")
		}
		return tx.audit(Record{Action: "organisation.contact_remove", Entity: "organisation", EntityID: orgID, NodePath: o.path,
			Detail: map[string]any{"contact": contactID, "name": secret.MaskName(c.Name), "phone": c.PhoneMasked}})
	})
}

// UnmaskContactPhone reveals a contact's full phone number to a caller allowed to unmask
// personal data, for a stated purpose, and records the read in the audit log.
func (db *DB) UnmaskContactPhone(ctx context.Context, p *account.Principal, orgID, contactID int64, purpose string) (string, error) {
	purpose = strings.TrimSpace(purpose)
	o, err := db.organisationRow(ctx, p, orgID)
	if err != nil {
		return "", err
	}
	if !p.Can(account.PersonalUnmask) {
		return "", errs.ForbiddenErr()
	}
	if err := checkPurpose(purpose); err != nil {
		return "", err
	}
	_, enc, err := db.contactOf(ctx, orgID, contactID)
	if err != nil {
		return "", err
	}
	phone, err := db.keys.Open(enc, contactPhoneContext)
	if err != nil {
		return "", errs.Internalf("open phone of contact %d: %v", contactID, err)
	}
	if err := db.Audit(ctx, p, Record{Action: "organisation.unmask_phone", Entity: "organisation", EntityID: orgID, NodePath: o.path,
		Purpose: purpose, Detail: map[string]any{"contact": contactID}}); err != nil {
		return "", err
	}
	return phone, nil
}

// checkPurpose checks the stated purpose of a read of personal data, as UnmaskPhone does.
func checkPurpose(purpose string) error {
	var v errs.Validation
	if v.Require("purpose", purpose) {
		v.Check(len([]rune(purpose)) >= 2, "purpose", "err.purpose_short")
		v.MaxLen("purpose", purpose, 200)
	}
	return v.Err()
}
