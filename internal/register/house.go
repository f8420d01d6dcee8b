package register

import (
	"math"
	"time"

	"github.com/shequ-dev/shequ/internal/errs"
)

// HouseUse says how a house is used now.
type HouseUse string

// The house uses.
const (
	SelfOccupied  HouseUse = "self_occupied" // 自住
	Rented        HouseUse = "rented"        // 出租
	Vacant        HouseUse = "vacant"        // 空置
	CommercialUse HouseUse = "commercial"    // 经营 (a shop or office in a flat)
	OtherUse      HouseUse = "other"         // 其他
)

// HouseUses lists the uses in display order.
var HouseUses = []HouseUse{SelfOccupied, Rented, Vacant, CommercialUse, OtherUse}

// Valid reports whether u is a known use.
func (u HouseUse) Valid() bool { return oneOf(u, HouseUses) }

// Key is the catalogue key of the use's name.
func (u HouseUse) Key() string { return "house_use." + string(u) }

// Limits on houses.
const (
	MaxUnitLen      = 10    // 单元: "2", "二单元", "B座"
	MaxRoomLen      = 20    // 室: "501", "501-1", "东厢房"
	MaxOwnerNameLen = 60    // a person or a company
	MaxHouseArea    = 10000 // m²; more is a typo (or a building, not a house)
)

// House is a dwelling or unit of a building (房屋).
type House struct {
	ID            int64
	NodeID        int64 // the building's grid, copied so that scope filters need no join
	BuildingID    int64
	Unit          string
	Floor         int // 1, 2… above ground, −1, −2… below; never 0
	Room          string
	Address       string // the house's own address line, when it is not the building's
	Area          float64
	Use           HouseUse
	OwnerName     string // the owner as written in the deed, when not a registered person
	OwnerPersonID int64  // the owner as a registered person, 0 when not
	Code          string // the door-plate code; see NewHouseCode
	Retired       *time.Time
	Created       time.Time
	Updated       time.Time
	Version       int
}

// IsRetired reports whether the house is no longer current.
func (h *House) IsRetired() bool { return h.Retired != nil }

// HouseInput is what a person types to create or edit a house. The door-plate code is not
// typed: it is drawn once when the house is created and never changes.
type HouseInput struct {
	BuildingID    int64    `json:"building_id"`
	Unit          string   `json:"unit"`
	Floor         int      `json:"floor"`
	Room          string   `json:"room"`
	Address       string   `json:"address"`
	Area          float64  `json:"area"`
	Use           HouseUse `json:"use"`
	OwnerName     string   `json:"owner_name"`
	OwnerPersonID int64    `json:"owner_person_id"`
}

// Normalize trims the text fields.
func (in *HouseInput) Normalize() {
	in.Unit = clean(in.Unit)
	in.Room = clean(in.Room)
	in.Address = clean(in.Address)
	in.OwnerName = clean(in.OwnerName)
}

// Validate checks a house's fields; building is the building it is in, looked up by the
// caller (nil when there is none). The floor must exist in the building. Whether
// OwnerPersonID names a person in scope is for storage to check.
func (in HouseInput) Validate(building *Building) error {
	var v errs.Validation
	switch {
	case building == nil:
		v.Add("building_id", "err.required")
	case building.IsRetired():
		v.Add("building_id", "err.building_retired")
	}
	checkText(&v, "unit", in.Unit, MaxUnitLen, false)
	switch {
	case in.Floor == 0:
		v.Add("floor", "err.floor_zero")
	case building != nil && !building.HasFloor(in.Floor):
		v.Add("floor", "err.floor_range", building.FloorsAbove, building.FloorsBelow)
	}
	checkText(&v, "room", in.Room, MaxRoomLen, true)
	checkText(&v, "address", in.Address, MaxAddressLen, false)
	v.Check(in.Area > 0 && in.Area <= MaxHouseArea && !math.IsNaN(in.Area), "area", "err.area", MaxHouseArea)
	v.Check(in.Use.Valid(), "use", "err.choose_one")
	checkText(&v, "owner_name", in.OwnerName, MaxOwnerNameLen, false)
	return v.Err()
}
