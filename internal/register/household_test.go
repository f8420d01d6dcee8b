package register_test

import (
	"testing"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

func TestRelations(t *testing.T) {
	for _, r := range register.Relations {
		if !r.Valid() {
			t.Errorf("%q is not valid", r)
		}
		checkTranslatable(t, errs.M(r.Key()))
	}
	for _, r := range []register.Relation{"", "head", "Spouse", "cousin"} {
		if r.Valid() {
			t.Errorf("%q is valid", r)
		}
	}
}

func TestHouseholdInputHead(t *testing.T) {
	m := func(id int64, r register.Relation) register.Member { return register.Member{PersonID: id, Relation: r} }
	tests := []struct {
		name    string
		members []register.Member
		want    int64
	}{
		{"head first", []register.Member{m(1, register.Self), m(2, register.Spouse)}, 1},
		{"head last", []register.Member{m(2, register.Spouse), m(3, register.Son), m(1, register.Self)}, 1},
		{"no head", []register.Member{m(2, register.Spouse)}, 0},
		{"two heads", []register.Member{m(1, register.Self), m(2, register.Self)}, 0},
		{"empty", nil, 0},
	}
	for _, tt := range tests {
		in := register.HouseholdInput{Members: tt.members}
		if got := in.Head(); got != tt.want {
			t.Errorf("%s: Head() = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestHouseholdInputNormalize(t *testing.T) {
	in := register.HouseholdInput{Number: " ３２０５ ０８１２ ", Address: " 平江路  100号 "}
	in.Normalize()
	if in.Number != "32050812" || in.Address != "平江路 100号" {
		t.Errorf("Normalize = %+v", in)
	}
}

func TestHouseholdInputValidate(t *testing.T) {
	m := func(id int64, r register.Relation) register.Member { return register.Member{PersonID: id, Relation: r} }
	family := []register.Member{m(1, register.Self), m(2, register.Spouse), m(3, register.Son), m(4, register.Daughter),
		m(5, register.Parent), m(6, register.Parent), m(7, register.Grandchild)}
	ok := register.HouseholdInput{NodeID: grid01.ID, Number: "320508001234", HouseID: 9, Members: family}
	with := func(f func(*register.HouseholdInput)) register.HouseholdInput {
		in := ok
		in.Members = append([]register.Member(nil), ok.Members...)
		f(&in)
		return in
	}
	many := make([]register.Member, register.MaxHouseholdMembers+1)
	for i := range many {
		many[i] = m(int64(i+1), register.OtherKin)
	}
	many[0].Relation = register.Self
	tests := []struct {
		name string
		in   register.HouseholdInput
		node *admin.Node
		want []errs.FieldError
	}{
		{"a family of seven", ok, grid01, nil},
		{"one person living alone", with(func(in *register.HouseholdInput) { in.Members = []register.Member{m(1, register.Self)} }), grid01, nil},
		{"address instead of a house", with(func(in *register.HouseholdInput) { in.HouseID, in.Address = 0, "平江路100号" }), grid01, nil},
		{"no number", with(func(in *register.HouseholdInput) { in.Number = "" }), micro01, nil},
		{"every relation", with(func(in *register.HouseholdInput) {
			in.Members = nil
			for i, r := range register.Relations {
				in.Members = append(in.Members, m(int64(i+1), r))
			}
		}), grid01, nil},
		{"the largest household", with(func(in *register.HouseholdInput) { in.Members = many[:register.MaxHouseholdMembers] }), grid01, nil},

		{"no node", ok, nil, []errs.FieldError{fe("node_id", "err.required")}},
		{"a street", ok, pingjiang, []errs.FieldError{fe("node_id", "err.register_node_level")}},
		{"number too long", with(func(in *register.HouseholdInput) { in.Number = runes("1", register.MaxHouseholdNumberLen+1) }), grid01,
			[]errs.FieldError{fe("number", "err.too_long", register.MaxHouseholdNumberLen)}},
		{"neither house nor address", with(func(in *register.HouseholdInput) { in.HouseID = 0 }), grid01,
			[]errs.FieldError{fe("house_id", "err.household_place")}},
		{"address too long", with(func(in *register.HouseholdInput) { in.Address = runes("路", register.MaxAddressLen+1) }), grid01,
			[]errs.FieldError{fe("address", "err.too_long", register.MaxAddressLen)}},
		{"no members", with(func(in *register.HouseholdInput) { in.Members = nil }), grid01, []errs.FieldError{fe("members", "err.required")}},
		{"too many members", with(func(in *register.HouseholdInput) { in.Members = many }), grid01,
			[]errs.FieldError{fe("members", "err.household_members_max", register.MaxHouseholdMembers)}},
		{"no head", with(func(in *register.HouseholdInput) { in.Members[0].Relation = register.Sibling }), grid01,
			[]errs.FieldError{fe("members", "err.household_head_none")}},
		{"two heads", with(func(in *register.HouseholdInput) { in.Members[1].Relation = register.Self }), grid01,
			[]errs.FieldError{fe("members", "err.household_head_many")}},
		{"two spouses", with(func(in *register.HouseholdInput) { in.Members[2].Relation = register.Spouse }), grid01,
			[]errs.FieldError{fe("members", "err.household_spouse_many")}},
		{"a person twice", with(func(in *register.HouseholdInput) { in.Members[3].PersonID = 2 }), grid01,
			[]errs.FieldError{fe("members.3.person_id", "err.household_member_twice")}},
		{"a member without a person", with(func(in *register.HouseholdInput) { in.Members[4].PersonID = 0 }), grid01,
			[]errs.FieldError{fe("members.4.person_id", "err.required")}},
		{"unknown relation", with(func(in *register.HouseholdInput) { in.Members[6].Relation = "cousin" }), grid01,
			[]errs.FieldError{fe("members.6.relation", "err.choose_one")}},
		{"no relation", with(func(in *register.HouseholdInput) { in.Members[5].Relation = "" }), grid01,
			[]errs.FieldError{fe("members.5.relation", "err.choose_one")}},

		{"everything wrong at once, in form order",
			register.HouseholdInput{Number: runes("1", 31), Members: []register.Member{m(0, "x"), m(2, register.Spouse), m(2, register.Spouse)}}, nil,
			[]errs.FieldError{
				fe("node_id", "err.required"), fe("number", "err.too_long", register.MaxHouseholdNumberLen),
				fe("house_id", "err.household_place"), fe("members.0.person_id", "err.required"),
				fe("members.0.relation", "err.choose_one"), fe("members.2.person_id", "err.household_member_twice"),
				fe("members", "err.household_head_none"),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, tt.in, tt.in.Validate(tt.node), tt.want)
		})
	}
}
