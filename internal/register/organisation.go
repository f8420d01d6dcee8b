package register

import (
	"strconv"
	"time"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
)

// OrgKind is the kind of an organisation in the grid.
type OrgKind string

// The organisation kinds.
const (
	EmbeddedUnit OrgKind = "embedded"   // 驻区单位: offices, schools, hospitals stationed here
	SocialOrg    OrgKind = "social"     // 社会组织: associations, foundations, private non-profits
	Enterprise   OrgKind = "enterprise" // 企业
	PropertyCo   OrgKind = "property"   // 物业公司: property-management companies
	Individual   OrgKind = "individual" // 个体工商户: sole traders, shops
	OtherOrg     OrgKind = "other"      // 其他
)

// OrgKinds lists the kinds in display order.
var OrgKinds = []OrgKind{EmbeddedUnit, SocialOrg, Enterprise, PropertyCo, Individual, OtherOrg}

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool { return oneOf(k, OrgKinds) }

// Key is the catalogue key of the kind's name.
func (k OrgKind) Key() string { return "org_kind." + string(k) }

// NeedsUSCC reports whether organisations of this kind always have a unified social
// credit code: every registered enterprise (property companies included) and social
// organisation does. Embedded units, sole traders and others may not have one at hand
// (or, for a community group only on file with the street, have none).
func (k OrgKind) NeedsUSCC() bool { return k == Enterprise || k == PropertyCo || k == SocialOrg }

// Limits on organisations.
const (
	MaxOrgNameLen     = 100 // registered names of enterprises run to 50 characters and more
	MaxContactNameLen = 50
	MaxContactRoleLen = 20
	MaxContacts       = 10
)

// Contact is a person to reach at an organisation. The phone is personal data when it is
// a mobile, and storage treats it as such.
type Contact struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
	Role  string `json:"role"` // 负责人, 安全员, 联络员…
}

// Organisation is an organisation in a grid (组织).
type Organisation struct {
	ID       int64
	NodeID   int64
	Kind     OrgKind
	Name     string
	USCC     string // "" when not known
	Address  string
	Location *geo.Point
	Contacts []Contact
	Retired  *time.Time // closed or moved away
	Created  time.Time
	Updated  time.Time
	Version  int
}

// IsRetired reports whether the organisation is no longer in the grid.
func (o *Organisation) IsRetired() bool { return o.Retired != nil }

// OrganisationInput is what a person types to register or edit an organisation.
type OrganisationInput struct {
	NodeID   int64      `json:"node_id"`
	Kind     OrgKind    `json:"kind"`
	Name     string     `json:"name"`
	USCC     string     `json:"uscc"`
	Address  string     `json:"address"`
	Location *geo.Point `json:"location"`
	Contacts []Contact  `json:"contacts"`
}

// Normalize tidies the input: text trimmed, the credit code and contact phones in their
// canonical forms (left as typed when they cannot be read, for Validate to report).
func (in *OrganisationInput) Normalize() {
	in.Name = clean(in.Name)
	in.USCC = NormalizeUSCC(in.USCC)
	in.Address = clean(in.Address)
	for i := range in.Contacts {
		c := &in.Contacts[i]
		c.Name, c.Role = clean(c.Name), clean(c.Role)
		if p, err := ParseContactPhone(c.Phone); err == nil {
			c.Phone = p
		} else {
			c.Phone = clean(c.Phone)
		}
	}
}

// Validate checks an organisation; node is its grid, looked up by the caller. Errors
// about one contact name the field contacts.<index>.<field>.
func (in OrganisationInput) Validate(node *admin.Node) error {
	var v errs.Validation
	checkNode(&v, node)
	v.Check(in.Kind.Valid(), "kind", "err.choose_one")
	checkText(&v, "name", in.Name, MaxOrgNameLen, true)
	if in.USCC == "" {
		v.Check(!in.Kind.NeedsUSCC(), "uscc", "err.uscc_required", errs.M(in.Kind.Key()))
	} else if _, err := ParseUSCC(in.USCC); err != nil {
		addProblem(&v, "uscc", err)
	}
	checkText(&v, "address", in.Address, MaxAddressLen, true)
	checkLocation(&v, "location", in.Location, false)
	if !v.Check(len(in.Contacts) <= MaxContacts, "contacts", "err.contacts_max", MaxContacts) {
		return v.Err()
	}
	for i, c := range in.Contacts {
		field := "contacts." + strconv.Itoa(i) + "."
		checkText(&v, field+"name", c.Name, MaxContactNameLen, true)
		if v.Require(field+"phone", c.Phone) {
			if _, err := ParseContactPhone(c.Phone); err != nil {
				addProblem(&v, field+"phone", err)
			}
		}
		checkText(&v, field+"role", c.Role, MaxContactRoleLen, false)
	}
	return v.Err()
}
