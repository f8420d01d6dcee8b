package admin

import (
	"time"
	"unicode/utf8"

	"github.com/shequ-dev/shequ/internal/errs"
)

// UnitKind tells a department of the government (职能部门) from an embedded unit
// stationed in the area (驻区单位: police station, utilities, schools…).
type UnitKind string

// The unit kinds.
const (
	Department UnitKind = "department"
	Embedded   UnitKind = "embedded"
)

// UnitKinds lists the kinds in display order.
var UnitKinds = []UnitKind{Department, Embedded}

// Valid reports whether k is a known kind.
func (k UnitKind) Valid() bool { return k == Department || k == Embedded }

// Key is the catalogue key of the kind's name.
func (k UnitKind) Key() string { return "unit_kind." + string(k) }

// Unit is a body that receives dispatched cases, attached to the node whose area it serves.
type Unit struct {
	ID      int64
	NodeID  int64
	Kind    UnitKind
	Name    string
	Phone   string // the office's public phone, not personal data
	Duties  string // what it is responsible for, shown to dispatchers
	Retired *time.Time
	Created time.Time
	Updated time.Time
	Version int

	NodeName string // filled by queries that join the node
	NodePath string
}

// IsRetired reports whether the unit no longer receives cases.
func (u *Unit) IsRetired() bool { return u.Retired != nil }

// UnitInput is what a person types to create or edit a unit.
type UnitInput struct {
	NodeID int64
	Kind   UnitKind
	Name   string
	Phone  string
	Duties string
}

// Validate checks a unit's fields; node is the node it is attached to (nil when unknown).
func (in UnitInput) Validate(node *Node) error {
	var v errs.Validation
	if node == nil {
		v.Add("node_id", "err.required")
	} else if node.IsRetired() {
		v.Add("node_id", "err.node_parent_retired")
	}
	v.Check(in.Kind.Valid(), "kind", "err.choose_one")
	if v.Require("name", in.Name) {
		v.MaxLen("name", in.Name, MaxNameLen)
	}
	v.Check(in.Phone == "" || validOfficePhone(in.Phone), "phone", "err.phone_office")
	v.Check(utf8.RuneCountInString(in.Duties) <= 500, "duties", "err.too_long", 500)
	return v.Err()
}

// validOfficePhone accepts landlines (0512-65221234, 65221234), mobiles and short service
// numbers (12345): digits with at most one or two dashes, 3–20 characters.
func validOfficePhone(s string) bool {
	if len(s) < 3 || len(s) > 20 {
		return false
	}
	digits, dashes := 0, 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '-' && i > 0 && i < len(s)-1 && s[i-1] != '-':
			dashes++
		default:
			return false
		}
	}
	return digits >= 3 && dashes <= 2
}
