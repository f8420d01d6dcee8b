package register

import (
	"time"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
)

// BuildingKind says what a building is mostly used for.
type BuildingKind string

// The building kinds.
const (
	Residential BuildingKind = "residential" // 住宅
	Commercial  BuildingKind = "commercial"  // 商业
	Mixed       BuildingKind = "mixed"       // 商住混合
	Public      BuildingKind = "public"      // 公共建筑: schools, clinics, offices
	OtherKind   BuildingKind = "other"       // 其他
)

// BuildingKinds lists the kinds in display order.
var BuildingKinds = []BuildingKind{Residential, Commercial, Mixed, Public, OtherKind}

// Valid reports whether k is a known kind.
func (k BuildingKind) Valid() bool { return oneOf(k, BuildingKinds) }

// Key is the catalogue key of the kind's name.
func (k BuildingKind) Key() string { return "building_kind." + string(k) }

// Limits on buildings.
const (
	MaxBuildingNameLen = 30  // "12号楼", "3幢", "平江新村 21 幢"
	MaxFloorsAbove     = 200 // the tallest Chinese towers have about 130
	MaxFloorsBelow     = 20
)

// Building is a building (楼栋) in a grid.
type Building struct {
	ID          int64
	NodeID      int64 // the grid or micro-grid it stands in
	Name        string
	Address     string
	Location    *geo.Point // WGS-84, nil when not yet surveyed
	FloorsAbove int
	FloorsBelow int
	Kind        BuildingKind
	Retired     *time.Time // demolished or merged; kept for history
	Created     time.Time
	Updated     time.Time
	Version     int
}

// IsRetired reports whether the building is no longer current.
func (b *Building) IsRetired() bool { return b.Retired != nil }

// HasFloor reports whether floor exists in the building: 1…FloorsAbove above ground,
// −1…−FloorsBelow below (there is no floor 0 in Chinese numbering).
func (b *Building) HasFloor(floor int) bool {
	return floor >= 1 && floor <= b.FloorsAbove || floor <= -1 && floor >= -b.FloorsBelow
}

// BuildingInput is what a person types to create or edit a building.
type BuildingInput struct {
	NodeID      int64        `json:"node_id"`
	Name        string       `json:"name"`
	Address     string       `json:"address"`
	Location    *geo.Point   `json:"location"`
	FloorsAbove int          `json:"floors_above"`
	FloorsBelow int          `json:"floors_below"`
	Kind        BuildingKind `json:"kind"`
}

// Normalize trims the text fields.
func (in *BuildingInput) Normalize() {
	in.Name = clean(in.Name)
	in.Address = clean(in.Address)
}

// Validate checks a building's fields; node is the grid it is attached to, looked up by
// the caller (nil when there is none).
func (in BuildingInput) Validate(node *admin.Node) error {
	var v errs.Validation
	checkNode(&v, node)
	checkText(&v, "name", in.Name, MaxBuildingNameLen, true)
	checkText(&v, "address", in.Address, MaxAddressLen, true)
	checkLocation(&v, "location", in.Location, false)
	// Every place shequ serves is in China; a point elsewhere is a swapped pair or a
	// coordinate typed in the wrong field.
	v.Check(in.Location == nil || !geo.OutOfChina(*in.Location), "location", "err.location_china")
	v.Check(in.FloorsAbove >= 1 && in.FloorsAbove <= MaxFloorsAbove, "floors_above", "err.range", 1, MaxFloorsAbove)
	v.Check(in.FloorsBelow >= 0 && in.FloorsBelow <= MaxFloorsBelow, "floors_below", "err.range", 0, MaxFloorsBelow)
	v.Check(in.Kind.Valid(), "kind", "err.choose_one")
	return v.Err()
}
