package register_test

import (
	"math"
	"testing"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

func TestBuildingKinds(t *testing.T) {
	for _, k := range register.BuildingKinds {
		if !k.Valid() {
			t.Errorf("%q is not valid", k)
		}
		checkTranslatable(t, errs.M(k.Key()))
	}
	for _, k := range []register.BuildingKind{"", "Residential", "house"} {
		if k.Valid() {
			t.Errorf("%q is valid", k)
		}
	}
}

func TestBuildingHasFloor(t *testing.T) {
	b := register.Building{FloorsAbove: 6, FloorsBelow: 2}
	tests := []struct {
		floor int
		want  bool
	}{{1, true}, {6, true}, {7, false}, {0, false}, {-1, true}, {-2, true}, {-3, false}}
	for _, tt := range tests {
		if got := b.HasFloor(tt.floor); got != tt.want {
			t.Errorf("HasFloor(%d) = %v, want %v", tt.floor, got, tt.want)
		}
	}
	if (&register.Building{FloorsAbove: 1}).HasFloor(-1) {
		t.Error("a building without basement has floor -1")
	}
}

func TestBuildingInputNormalize(t *testing.T) {
	in := register.BuildingInput{Name: " 3\u3000幢 ", Address: "平江路\t100号 "}
	in.Normalize()
	if in.Name != "3 幢" || in.Address != "平江路 100号" {
		t.Errorf("Normalize: %+v", in)
	}
}

func TestBuildingInputValidate(t *testing.T) {
	ok := register.BuildingInput{NodeID: grid01.ID, Name: "3幢", Address: "平江路100号", Location: pt(120.6312, 31.3162),
		FloorsAbove: 6, FloorsBelow: 1, Kind: register.Residential}
	with := func(f func(*register.BuildingInput)) register.BuildingInput {
		in := ok
		f(&in)
		return in
	}
	tests := []struct {
		name string
		in   register.BuildingInput
		node *admin.Node
		want []errs.FieldError
	}{
		{"valid", ok, grid01, nil},
		{"in a micro-grid", ok, micro01, nil},
		{"no location yet", with(func(in *register.BuildingInput) { in.Location = nil }), grid01, nil},
		{"no basement", with(func(in *register.BuildingInput) { in.FloorsBelow = 0 }), grid01, nil},
		{"bungalow", with(func(in *register.BuildingInput) { in.FloorsAbove = 1 }), grid01, nil},
		{"limits", with(func(in *register.BuildingInput) {
			in.FloorsAbove, in.FloorsBelow = register.MaxFloorsAbove, register.MaxFloorsBelow
			in.Name, in.Address = runes("幢", register.MaxBuildingNameLen), runes("路", register.MaxAddressLen)
		}), grid01, nil},
		{"every kind", with(func(in *register.BuildingInput) { in.Kind = register.OtherKind }), grid01, nil},

		{"no node", ok, nil, []errs.FieldError{fe("node_id", "err.required")}},
		{"retired grid", ok, retired(grid01), []errs.FieldError{fe("node_id", "err.node_parent_retired")}},
		{"a community, not a grid", ok, community, []errs.FieldError{fe("node_id", "err.register_node_level")}},
		{"a district", ok, gusu, []errs.FieldError{fe("node_id", "err.register_node_level")}},
		{"no name", with(func(in *register.BuildingInput) { in.Name = "" }), grid01, []errs.FieldError{fe("name", "err.required")}},
		{"name too long", with(func(in *register.BuildingInput) { in.Name = runes("幢", register.MaxBuildingNameLen+1) }), grid01,
			[]errs.FieldError{fe("name", "err.too_long", register.MaxBuildingNameLen)}},
		{"no address", with(func(in *register.BuildingInput) { in.Address = "" }), grid01, []errs.FieldError{fe("address", "err.required")}},
		{"address too long", with(func(in *register.BuildingInput) { in.Address = runes("路", register.MaxAddressLen+1) }), grid01,
			[]errs.FieldError{fe("address", "err.too_long", register.MaxAddressLen)}},
		{"location (0, 0)", with(func(in *register.BuildingInput) { in.Location = pt(0, 0) }), grid01, []errs.FieldError{fe("location", "err.location")}},
		{"location out of range", with(func(in *register.BuildingInput) { in.Location = pt(31.3, 120.6) }), grid01, []errs.FieldError{fe("location", "err.location")}},
		{"location NaN", with(func(in *register.BuildingInput) { in.Location = pt(math.NaN(), 31) }), grid01, []errs.FieldError{fe("location", "err.location")}},
		{"no floors", with(func(in *register.BuildingInput) { in.FloorsAbove = 0 }), grid01,
			[]errs.FieldError{fe("floors_above", "err.range", 1, register.MaxFloorsAbove)}},
		{"too many floors", with(func(in *register.BuildingInput) { in.FloorsAbove = register.MaxFloorsAbove + 1 }), grid01,
			[]errs.FieldError{fe("floors_above", "err.range", 1, register.MaxFloorsAbove)}},
		{"negative basement", with(func(in *register.BuildingInput) { in.FloorsBelow = -1 }), grid01,
			[]errs.FieldError{fe("floors_below", "err.range", 0, register.MaxFloorsBelow)}},
		{"too deep", with(func(in *register.BuildingInput) { in.FloorsBelow = register.MaxFloorsBelow + 1 }), grid01,
			[]errs.FieldError{fe("floors_below", "err.range", 0, register.MaxFloorsBelow)}},
		{"no kind", with(func(in *register.BuildingInput) { in.Kind = "" }), grid01, []errs.FieldError{fe("kind", "err.choose_one")}},
		{"unknown kind", with(func(in *register.BuildingInput) { in.Kind = "castle" }), grid01, []errs.FieldError{fe("kind", "err.choose_one")}},

		{"everything wrong at once, in form order", register.BuildingInput{Location: pt(0, 0), FloorsBelow: -1, Kind: "x"}, nil,
			[]errs.FieldError{
				fe("node_id", "err.required"), fe("name", "err.required"), fe("address", "err.required"),
				fe("location", "err.location"), fe("floors_above", "err.range", 1, register.MaxFloorsAbove),
				fe("floors_below", "err.range", 0, register.MaxFloorsBelow), fe("kind", "err.choose_one"),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, tt.in, tt.in.Validate(tt.node), tt.want)
		})
	}
}
