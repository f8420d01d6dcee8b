package register

import (
	"strconv"
	"time"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
)

// Relation is a household member's relation to the head of the household (与户主关系).
type Relation string

// The relations, as household registers group them.
const (
	Self        Relation = "self"        // 本人: the head
	Spouse      Relation = "spouse"      // 配偶
	Son         Relation = "son"         // 子
	Daughter    Relation = "daughter"    // 女
	Parent      Relation = "parent"      // 父母
	Grandparent Relation = "grandparent" // 祖父母、外祖父母
	Grandchild  Relation = "grandchild"  // 孙子女、外孙子女
	Sibling     Relation = "sibling"     // 兄弟姐妹
	OtherKin    Relation = "other"       // 其他
)

// Relations lists the relations in display order.
var Relations = []Relation{Self, Spouse, Son, Daughter, Parent, Grandparent, Grandchild, Sibling, OtherKin}

// Valid reports whether r is a known relation.
func (r Relation) Valid() bool { return oneOf(r, Relations) }

// Key is the catalogue key of the relation's name.
func (r Relation) Key() string { return "relation." + string(r) }

// Limits on households.
const (
	MaxHouseholdNumberLen = 30
	MaxHouseholdMembers   = 30
)

// Member is one person of a household and their relation to its head.
type Member struct {
	PersonID int64    `json:"person_id"`
	Relation Relation `json:"relation"`
}

// Household is a household (户): the people registered together, one of them its head.
// A person belongs to at most one household; storage enforces that across households.
type Household struct {
	ID      int64
	NodeID  int64
	Number  string // 户号, when the household has one
	HouseID int64  // the house it lives in, 0 when only an address is known
	Address string
	HeadID  int64 // the member whose relation is Self
	Members []Member
	Retired *time.Time
	Created time.Time
	Updated time.Time
	Version int
}

// IsRetired reports whether the household has been dissolved or has left.
func (h *Household) IsRetired() bool { return h.Retired != nil }

// HouseholdInput is what a person types to register or edit a household.
type HouseholdInput struct {
	NodeID  int64    `json:"node_id"`
	Number  string   `json:"number"`
	HouseID int64    `json:"house_id"`
	Address string   `json:"address"`
	Members []Member `json:"members"`
}

// Normalize trims the text fields.
func (in *HouseholdInput) Normalize() {
	in.Number = compact(in.Number)
	in.Address = clean(in.Address)
}

// Head is the person whose relation is Self, or 0 when there is not exactly one.
func (in HouseholdInput) Head() int64 {
	var head int64
	for _, m := range in.Members {
		if m.Relation == Self {
			if head != 0 {
				return 0
			}
			head = m.PersonID
		}
	}
	return head
}

// Validate checks a household; node is its grid, looked up by the caller. A household has
// exactly one head, at most one spouse of the head, and nobody twice. Errors about one
// member name the field members.<index>.<field>, errors about the whole list "members".
func (in HouseholdInput) Validate(node *admin.Node) error {
	var v errs.Validation
	checkNode(&v, node)
	checkText(&v, "number", in.Number, MaxHouseholdNumberLen, false)
	v.Check(in.HouseID != 0 || in.Address != "", "house_id", "err.household_place")
	checkText(&v, "address", in.Address, MaxAddressLen, false)

	if len(in.Members) == 0 {
		v.Add("members", "err.required")
		return v.Err()
	}
	if len(in.Members) > MaxHouseholdMembers {
		v.Add("members", "err.household_members_max", MaxHouseholdMembers)
		return v.Err()
	}
	heads, spouses := 0, 0
	seen := map[int64]bool{}
	for i, m := range in.Members {
		field := "members." + strconv.Itoa(i) + "."
		switch {
		case m.PersonID <= 0:
			v.Add(field+"person_id", "err.required")
		case seen[m.PersonID]:
			v.Add(field+"person_id", "err.household_member_twice")
		}
		seen[m.PersonID] = true
		v.Check(m.Relation.Valid(), field+"relation", "err.choose_one")
		switch m.Relation {
		case Self:
			heads++
		case Spouse:
			spouses++
		}
	}
	switch {
	case heads == 0:
		v.Add("members", "err.household_head_none")
	case heads > 1:
		v.Add("members", "err.household_head_many")
	case spouses > 1:
		v.Add("members", "err.household_spouse_many")
	}
	return v.Err()
}
