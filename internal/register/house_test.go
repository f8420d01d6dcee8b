package register_test

import (
	"math"
	"testing"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

func TestHouseUses(t *testing.T) {
	for _, u := range register.HouseUses {
		if !u.Valid() {
			t.Errorf("%q is not valid", u)
		}
		checkTranslatable(t, errs.M(u.Key()))
	}
	for _, u := range []register.HouseUse{"", "rent", "Vacant"} {
		if u.Valid() {
			t.Errorf("%q is valid", u)
		}
	}
}

func TestHouseInputNormalize(t *testing.T) {
	in := register.HouseInput{Unit: " 2 ", Room: "５０１\u3000", Address: " 平江路 100号  3幢 ", OwnerName: "  张三 "}
	in.Normalize()
	want := register.HouseInput{Unit: "2", Room: "５０１", Address: "平江路 100号 3幢", OwnerName: "张三"}
	if in != want {
		t.Errorf("Normalize = %+v, want %+v", in, want)
	}
}

func TestHouseInputValidate(t *testing.T) {
	building := &register.Building{ID: 7, NodeID: grid01.ID, Name: "3幢", FloorsAbove: 6, FloorsBelow: 1, Kind: register.Residential}
	gone := *building
	gone.Retired = &retiredAt
	ok := register.HouseInput{BuildingID: 7, Unit: "2", Floor: 5, Room: "501", Area: 89.5, Use: register.SelfOccupied, OwnerName: "张三"}
	with := func(f func(*register.HouseInput)) register.HouseInput {
		in := ok
		f(&in)
		return in
	}
	tests := []struct {
		name     string
		in       register.HouseInput
		building *register.Building
		want     []errs.FieldError
	}{
		{"valid", ok, building, nil},
		{"no unit: a bungalow courtyard", with(func(in *register.HouseInput) { in.Unit = "" }), building, nil},
		{"top floor", with(func(in *register.HouseInput) { in.Floor = 6 }), building, nil},
		{"basement", with(func(in *register.HouseInput) { in.Floor = -1 }), building, nil},
		{"owner as a person", with(func(in *register.HouseInput) { in.OwnerName, in.OwnerPersonID = "", 12 }), building, nil},
		{"no owner known", with(func(in *register.HouseInput) { in.OwnerName = "" }), building, nil},
		{"own address line", with(func(in *register.HouseInput) { in.Address = "平江路100号3幢2单元501室" }), building, nil},
		{"largest area", with(func(in *register.HouseInput) { in.Area = register.MaxHouseArea }), building, nil},
		{"tiny area", with(func(in *register.HouseInput) { in.Area = 0.5 }), building, nil},
		{"rented", with(func(in *register.HouseInput) { in.Use = register.Rented }), building, nil},
		{"limits", with(func(in *register.HouseInput) {
			in.Unit, in.Room = runes("单", register.MaxUnitLen), runes("室", register.MaxRoomLen)
			in.Address, in.OwnerName = runes("路", register.MaxAddressLen), runes("张", register.MaxOwnerNameLen)
		}), building, nil},

		{"no building", ok, nil, []errs.FieldError{fe("building_id", "err.required")}},
		{"retired building", ok, &gone, []errs.FieldError{fe("building_id", "err.building_retired")}},
		{"unit too long", with(func(in *register.HouseInput) { in.Unit = runes("单", register.MaxUnitLen+1) }), building,
			[]errs.FieldError{fe("unit", "err.too_long", register.MaxUnitLen)}},
		{"floor 0", with(func(in *register.HouseInput) { in.Floor = 0 }), building, []errs.FieldError{fe("floor", "err.floor_zero")}},
		{"floor 0 without a building", with(func(in *register.HouseInput) { in.Floor = 0 }), nil,
			[]errs.FieldError{fe("building_id", "err.required"), fe("floor", "err.floor_zero")}},
		{"above the roof", with(func(in *register.HouseInput) { in.Floor = 7 }), building, []errs.FieldError{fe("floor", "err.floor_range", 6, 1)}},
		{"below the basement", with(func(in *register.HouseInput) { in.Floor = -2 }), building, []errs.FieldError{fe("floor", "err.floor_range", 6, 1)}},
		{"no room", with(func(in *register.HouseInput) { in.Room = "" }), building, []errs.FieldError{fe("room", "err.required")}},
		{"room too long", with(func(in *register.HouseInput) { in.Room = runes("室", register.MaxRoomLen+1) }), building,
			[]errs.FieldError{fe("room", "err.too_long", register.MaxRoomLen)}},
		{"address too long", with(func(in *register.HouseInput) { in.Address = runes("路", register.MaxAddressLen+1) }), building,
			[]errs.FieldError{fe("address", "err.too_long", register.MaxAddressLen)}},
		{"area 0", with(func(in *register.HouseInput) { in.Area = 0 }), building, []errs.FieldError{fe("area", "err.area", register.MaxHouseArea)}},
		{"negative area", with(func(in *register.HouseInput) { in.Area = -80 }), building, []errs.FieldError{fe("area", "err.area", register.MaxHouseArea)}},
		{"area over 10000 m²", with(func(in *register.HouseInput) { in.Area = register.MaxHouseArea + 0.01 }), building,
			[]errs.FieldError{fe("area", "err.area", register.MaxHouseArea)}},
		{"area NaN", with(func(in *register.HouseInput) { in.Area = math.NaN() }), building, []errs.FieldError{fe("area", "err.area", register.MaxHouseArea)}},
		{"area infinite", with(func(in *register.HouseInput) { in.Area = math.Inf(1) }), building, []errs.FieldError{fe("area", "err.area", register.MaxHouseArea)}},
		{"no use", with(func(in *register.HouseInput) { in.Use = "" }), building, []errs.FieldError{fe("use", "err.choose_one")}},
		{"unknown use", with(func(in *register.HouseInput) { in.Use = "hotel" }), building, []errs.FieldError{fe("use", "err.choose_one")}},
		{"owner name too long", with(func(in *register.HouseInput) { in.OwnerName = runes("张", register.MaxOwnerNameLen+1) }), building,
			[]errs.FieldError{fe("owner_name", "err.too_long", register.MaxOwnerNameLen)}},

		{"everything wrong at once, in form order", register.HouseInput{Unit: runes("单", 11), Area: -1, Use: "x", OwnerName: runes("张", 61)}, &gone,
			[]errs.FieldError{
				fe("building_id", "err.building_retired"), fe("unit", "err.too_long", register.MaxUnitLen), fe("floor", "err.floor_zero"),
				fe("room", "err.required"), fe("area", "err.area", register.MaxHouseArea), fe("use", "err.choose_one"),
				fe("owner_name", "err.too_long", register.MaxOwnerNameLen),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, tt.in, tt.in.Validate(tt.building), tt.want)
		})
	}
}
