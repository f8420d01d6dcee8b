package register_test

import (
	"testing"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

func TestFacilityConditions(t *testing.T) {
	for _, c := range register.FacilityConditions {
		if !c.Valid() {
			t.Errorf("%q is not valid", c)
		}
		checkTranslatable(t, errs.M(c.Key()))
	}
	if register.FacilityCondition("broken").Valid() {
		t.Error("broken is a valid condition")
	}
}

func TestFacilityInputValidate(t *testing.T) {
	ok := register.FacilityInput{NodeID: grid01.ID, Major: register.PublicUtility, Minor: "0101", Code: "3205080101000001",
		Location: pt(120.6312, 31.3162), Address: "平江路100号门前人行道", OwnerUnitID: 3, Condition: register.Good}
	with := func(f func(*register.FacilityInput)) register.FacilityInput {
		in := ok
		f(&in)
		return in
	}
	local := append([]register.FacilityClass{"0601"}, register.FacilityClasses...)
	tests := []struct {
		name    string
		in      register.FacilityInput
		node    *admin.Node
		classes []register.FacilityClass
		want    []errs.FieldError
	}{
		{"manhole cover with its code", ok, grid01, register.FacilityClasses, nil},
		{"new facility: code to be assigned", with(func(in *register.FacilityInput) { in.Code = "" }), grid01, register.FacilityClasses, nil},
		{"in a micro-grid", ok, micro01, register.FacilityClasses, nil},
		{"owned by an organisation", with(func(in *register.FacilityInput) { in.OwnerUnitID, in.OwnerOrgID = 0, 8 }), grid01, register.FacilityClasses, nil},
		{"owner unknown", with(func(in *register.FacilityInput) { in.OwnerUnitID = 0 }), grid01, register.FacilityClasses, nil},
		{"a street lamp", with(func(in *register.FacilityInput) { in.Minor, in.Code = "0118", "3205080118000042" }), grid01, register.FacilityClasses, nil},
		{"a city's own class", with(func(in *register.FacilityInput) {
			in.Major, in.Minor, in.Code = register.OtherFacilities, "0601", "3205080601000001"
		}), grid01, local, nil},
		{"missing cover", with(func(in *register.FacilityInput) { in.Condition = register.Missing }), grid01, register.FacilityClasses, nil},

		{"no node", ok, nil, register.FacilityClasses, []errs.FieldError{fe("node_id", "err.required")}},
		{"a district", ok, gusu, register.FacilityClasses, []errs.FieldError{fe("node_id", "err.register_node_level")}},
		{"no major class", with(func(in *register.FacilityInput) { in.Major = "" }), grid01, register.FacilityClasses,
			[]errs.FieldError{fe("major", "err.choose_one")}},
		{"no minor class", with(func(in *register.FacilityInput) { in.Minor, in.Code = "", "" }), grid01, register.FacilityClasses,
			[]errs.FieldError{fe("minor", "err.required")}},
		{"minor class not in use", with(func(in *register.FacilityInput) {
			in.Major, in.Minor, in.Code = register.OtherFacilities, "0601", ""
		}), grid01, register.FacilityClasses, []errs.FieldError{fe("minor", "err.facility_class")}},
		{"minor class of another major class", with(func(in *register.FacilityInput) { in.Minor, in.Code = "0203", "" }), grid01, register.FacilityClasses,
			[]errs.FieldError{fe("minor", "err.facility_class_major", errs.M("facility_major.01"))}},
		{"code of the wrong form", with(func(in *register.FacilityInput) { in.Code = "320508010100001" }), grid01, register.FacilityClasses,
			[]errs.FieldError{fe("code", "err.facility_code")}},
		{"code of another district", with(func(in *register.FacilityInput) { in.Code = "3205070101000001" }), grid01, register.FacilityClasses,
			[]errs.FieldError{fe("code", "err.facility_code_area", "320508")}},
		{"code of another class", with(func(in *register.FacilityInput) { in.Code = "3205080102000001" }), grid01, register.FacilityClasses,
			[]errs.FieldError{fe("code", "err.facility_code_class")}},
		{"no location", with(func(in *register.FacilityInput) { in.Location = nil }), grid01, register.FacilityClasses,
			[]errs.FieldError{fe("location", "err.required")}},
		{"location without a fix", with(func(in *register.FacilityInput) { in.Location = pt(0, 0) }), grid01, register.FacilityClasses,
			[]errs.FieldError{fe("location", "err.location")}},
		{"location outside China", with(func(in *register.FacilityInput) { in.Location = pt(-73.99, 40.73) }), grid01, register.FacilityClasses,
			[]errs.FieldError{fe("location", "err.location_china")}},
		{"address too long", with(func(in *register.FacilityInput) { in.Address = runes("路", register.MaxNoteLen+1) }), grid01, register.FacilityClasses,
			[]errs.FieldError{fe("address", "err.too_long", register.MaxNoteLen)}},
		{"two owners", with(func(in *register.FacilityInput) { in.OwnerOrgID = 8 }), grid01, register.FacilityClasses,
			[]errs.FieldError{fe("owner_org_id", "err.facility_owner_one")}},
		{"no condition", with(func(in *register.FacilityInput) { in.Condition = "" }), grid01, register.FacilityClasses,
			[]errs.FieldError{fe("condition", "err.choose_one")}},

		{"everything wrong at once, in form order",
			register.FacilityInput{Major: "09", Minor: "0999", Code: "x", OwnerUnitID: 1, OwnerOrgID: 2, Condition: "x"}, nil, register.FacilityClasses,
			[]errs.FieldError{
				fe("node_id", "err.required"), fe("major", "err.choose_one"), fe("minor", "err.facility_class"), fe("code", "err.facility_code"),
				fe("location", "err.required"), fe("owner_org_id", "err.facility_owner_one"), fe("condition", "err.choose_one"),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, tt.in, tt.in.Validate(tt.node, tt.classes), tt.want)
		})
	}
}
