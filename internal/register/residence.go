package register

import (
	"time"

	"github.com/shequ-dev/shequ/internal/errs"
)

// ResidenceRole is how a person is connected with a house they live in or own.
type ResidenceRole string

// The residence roles.
const (
	Owner    ResidenceRole = "owner"    // 产权人: may or may not live there
	Tenant   ResidenceRole = "tenant"   // 承租人
	Resident ResidenceRole = "resident" // 居住人: lives there, e.g. family of the owner
)

// ResidenceRoles lists the roles in display order.
var ResidenceRoles = []ResidenceRole{Owner, Tenant, Resident}

// Valid reports whether r is a known role.
func (r ResidenceRole) Valid() bool { return oneOf(r, ResidenceRoles) }

// Key is the catalogue key of the role's name.
func (r ResidenceRole) Key() string { return "residence_role." + string(r) }

// Residence links a person with a house (人房关系), with the period it held. A person may
// have several: an owner of two flats, a tenant who moved.
type Residence struct {
	ID       int64
	NodeID   int64 // the house's grid
	PersonID int64
	HouseID  int64
	Role     ResidenceRole
	From     *time.Time // civil date; nil when unknown
	To       *time.Time // civil date, the last day; nil while it lasts
	Retired  *time.Time
	Created  time.Time
	Updated  time.Time
	Version  int
}

// IsRetired reports whether the record was withdrawn (entered in error); a residence that
// simply ended has a To date instead.
func (r *Residence) IsRetired() bool { return r.Retired != nil }

// Current reports whether the residence holds on the day of now.
func (r *Residence) Current(now time.Time) bool {
	today := Today(now)
	return !r.IsRetired() &&
		(r.From == nil || !dateOf(*r.From).After(today)) &&
		(r.To == nil || !dateOf(*r.To).Before(today))
}

// ResidenceInput is what a person types to link a person with a house.
type ResidenceInput struct {
	PersonID int64         `json:"person_id"`
	HouseID  int64         `json:"house_id"`
	Role     ResidenceRole `json:"role"`
	From     *time.Time    `json:"from"`
	To       *time.Time    `json:"to"`
}

// Validate checks a residence at now. A residence cannot begin in the future (register it
// when it begins) but may end in the future: a tenancy's agreed last day.
func (in ResidenceInput) Validate(now time.Time) error {
	var v errs.Validation
	v.Check(in.PersonID > 0, "person_id", "err.required")
	v.Check(in.HouseID > 0, "house_id", "err.required")
	v.Check(in.Role.Valid(), "role", "err.choose_one")
	if in.From != nil {
		v.Check(!dateOf(*in.From).After(Today(now)), "from", "err.date_future")
	}
	if in.From != nil && in.To != nil {
		v.Check(!dateOf(*in.To).Before(dateOf(*in.From)), "to", "err.date_order")
	}
	return v.Err()
}
