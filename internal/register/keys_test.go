package register_test

import (
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/secret"
)

// plainHash shows what was hashed, so tests can see the kinds and values.
func plainHash(kind, v string) string { return kind + "=" + v }

func TestPersonKey(t *testing.T) {
	tests := []struct {
		name string
		in   register.PersonInput
		want string
	}{
		{"by ID number", register.PersonInput{IDNumber: grandma, Passport: "E1", Nationality: "KOR"}, "person|id|idnumber=" + grandma},
		{"by nationality and passport", register.PersonInput{Passport: "M12345678", Nationality: "KOR"}, "person|passport|passport=KOR:M12345678"},
		{"passport without nationality: no key", register.PersonInput{Passport: "M12345678"}, ""},
		{"nothing", register.PersonInput{Name: "张三"}, ""},
	}
	for _, tt := range tests {
		if got := register.PersonKey(tt.in, plainHash); got != tt.want {
			t.Errorf("%s: PersonKey = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// With the real keyed hash, the key reveals nothing of the number and is the same for
// the number however it was typed once normalised.
func TestPersonKeyKeyedHash(t *testing.T) {
	keys, err := secret.ParseMasterKey(secret.GenerateMasterKey())
	if err != nil {
		t.Fatal(err)
	}
	a := register.PersonInput{IDNumber: "110105 19491231 002x"}
	b := register.PersonInput{IDNumber: grandma}
	a.Normalize()
	ka, kb := register.PersonKey(a, keys.Lookup), register.PersonKey(b, keys.Lookup)
	if ka != kb || ka == "" {
		t.Errorf("keys differ: %q, %q", ka, kb)
	}
	if strings.Contains(ka, "110105") || strings.Contains(ka, "19491231") {
		t.Errorf("key %q shows the number", ka)
	}
	if ka != "person|id|"+keys.Lookup(register.LookupIDNumber, grandma) {
		t.Errorf("key %q is not the ID number's lookup hash", ka)
	}
}

func TestNaturalKeys(t *testing.T) {
	tests := []struct {
		name string
		got  string
		want string
	}{
		{"building", register.BuildingKey(4, "3幢"), "building|4|3幢"},
		{"building, spaces and full width", register.BuildingKey(4, " ３ 幢 "), "building|4|3幢"},
		{"building, letters folded", register.BuildingKey(4, "B座"), register.BuildingKey(4, "b座")},
		{"building without grid", register.BuildingKey(0, "3幢"), ""},
		{"building without name", register.BuildingKey(4, " "), ""},
		{"house", register.HouseKey(7, "2", 5, "501"), "house|7|2|5|501"},
		{"house, 单元 and 室 written out", register.HouseKey(7, "2单元", 5, "501室"), "house|7|2|5|501"},
		{"house, no unit", register.HouseKey(7, "", 1, "东厢房"), "house|7||1|东厢房"},
		{"house in the basement", register.HouseKey(7, "1", -1, "B101"), "house|7|1|-1|b101"},
		{"house without room", register.HouseKey(7, "2", 5, "室"), ""},
		{"house without building", register.HouseKey(0, "2", 5, "501"), ""},
		{"household by number", register.HouseholdKey(4, "320508001234", "person|id|x"), "household|4|320508001234"},
		{"household by head", register.HouseholdKey(4, "", "person|id|x"), `household|head|person\|id\|x`},
		{"household unkeyed", register.HouseholdKey(4, "", ""), ""},
		{"residence", register.ResidenceKey(1, 2, register.Owner), "residence|1|2|owner"},
		{"residence, another role", register.ResidenceKey(1, 2, register.Resident), "residence|1|2|resident"},
		{"residence unkeyed", register.ResidenceKey(0, 2, register.Owner), ""},
		{"rental", register.RentalKey(2, 1, register.Date(2026, 3, 1)), "rental|2|1|2026-03-01"},
		{"rental unkeyed", register.RentalKey(2, 1, register.Date(1, 1, 1)), ""},
		{"organisation by code", register.OrganisationKey("9144 0300 7152 6726 xg", "腾讯", "深圳"), "org|uscc|9144030071526726XG"},
		{"organisation by name and address", register.OrganisationKey("", "平江 理发店", "平江路 1 号"), "org|name|平江理发店|平江路1号"},
		{"organisation without address", register.OrganisationKey("", "平江理发店", ""), ""},
		{"facility by code", register.FacilityKey(" 3205080101000001 ", "0102", pt(120.6, 31.3)), "facility|code|3205080101000001"},
		{"facility by place", register.FacilityKey("", "0118", pt(120.631234, 31.316249)), "facility|at|0118|120.63123|31.31625"},
		{"facility without place", register.FacilityKey("", "0118", nil), ""},
		{"facility at (0, 0)", register.FacilityKey("", "0118", pt(0, 0)), ""},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

// Positions that round to the same metre are the same facility; a few metres apart are
// two (two lamps on one pavement).
func TestFacilityKeyPosition(t *testing.T) {
	a := register.FacilityKey("", "0118", pt(120.6312341, 31.3162431))
	b := register.FacilityKey("", "0118", pt(120.6312338, 31.3162438))
	c := register.FacilityKey("", "0118", pt(120.63128, 31.31624))
	if a != b {
		t.Errorf("re-exported coordinates give two keys: %q, %q", a, b)
	}
	if a == c {
		t.Errorf("lamps 4 m apart share key %q", a)
	}
}
