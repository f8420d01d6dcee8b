package register

import (
	"slices"
	"time"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
)

// FacilityCondition is the state a facility was last seen in (部件状态).
type FacilityCondition string

// The facility conditions.
const (
	Good      FacilityCondition = "good"      // 完好
	Damaged   FacilityCondition = "damaged"   // 破损
	Missing   FacilityCondition = "missing"   // 丢失
	Occupied  FacilityCondition = "occupied"  // 占用
	Abandoned FacilityCondition = "abandoned" // 废弃
)

// FacilityConditions lists the conditions in display order.
var FacilityConditions = []FacilityCondition{Good, Damaged, Missing, Occupied, Abandoned}

// Valid reports whether c is a known condition.
func (c FacilityCondition) Valid() bool { return oneOf(c, FacilityConditions) }

// Key is the catalogue key of the condition's name.
func (c FacilityCondition) Key() string { return "facility_condition." + string(c) }

// Facility is a city facility (部件): a manhole cover, a street lamp, a hydrant. Its
// owner is the first to answer for it (部件先属主、后属地): a unit of the administrative
// tree or an organisation of the register, or neither when unknown (无主).
type Facility struct {
	ID          int64
	NodeID      int64
	Class       FacilityClass // the minor class; Class.Major() is the major class
	Code        string        // 16 digits, see FacilityCode
	Location    geo.Point     // WGS-84; facilities are points on the map
	Address     string        // where to find it: "平江路 100 号门前人行道"
	OwnerUnitID int64
	OwnerOrgID  int64
	Condition   FacilityCondition
	Retired     *time.Time // removed
	Created     time.Time
	Updated     time.Time
	Version     int
}

// IsRetired reports whether the facility has been removed.
func (f *Facility) IsRetired() bool { return f.Retired != nil }

// FacilityInput is what a person types to register or edit a facility. Code is empty for
// a new facility, which is given the next serial of its district and class, and carries
// the existing code when facilities surveyed earlier are imported.
type FacilityInput struct {
	NodeID      int64             `json:"node_id"`
	Major       FacilityMajor     `json:"major"`
	Minor       FacilityClass     `json:"minor"`
	Code        string            `json:"code"`
	Location    *geo.Point        `json:"location"`
	Address     string            `json:"address"`
	OwnerUnitID int64             `json:"owner_unit_id"`
	OwnerOrgID  int64             `json:"owner_org_id"`
	Condition   FacilityCondition `json:"condition"`
}

// Normalize tidies the input.
func (in *FacilityInput) Normalize() {
	in.Code = compact(in.Code)
	in.Address = clean(in.Address)
}

// Validate checks a facility; node is its grid, looked up by the caller, and classes the
// minor classes in use (FacilityClasses unless the city has its own). A given code must
// be of the node's district and of the chosen class.
func (in FacilityInput) Validate(node *admin.Node, classes []FacilityClass) error {
	var v errs.Validation
	checkNode(&v, node)
	v.Check(in.Major.Valid(), "major", "err.choose_one")
	switch {
	case in.Minor == "":
		v.Add("minor", "err.required")
	case !slices.Contains(classes, in.Minor):
		v.Add("minor", ErrFacilityClass.Key())
	case in.Major.Valid() && in.Minor.Major() != in.Major:
		v.Add("minor", "err.facility_class_major", errs.M(in.Major.Key()))
	}
	if in.Code != "" {
		code, err := ParseFacilityCode(in.Code)
		switch {
		case err != nil:
			addProblem(&v, "code", err)
		case node != nil && code.Area != AreaCode(node):
			v.Add("code", "err.facility_code_area", AreaCode(node))
		case in.Minor != "" && code.Class != in.Minor:
			v.Add("code", "err.facility_code_class")
		}
	}
	checkLocation(&v, "location", in.Location, true)
	checkText(&v, "address", in.Address, MaxNoteLen, false)
	v.Check(in.OwnerUnitID == 0 || in.OwnerOrgID == 0, "owner_org_id", "err.facility_owner_one")
	v.Check(in.Condition.Valid(), "condition", "err.choose_one")
	return v.Err()
}
