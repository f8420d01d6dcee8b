package register_test

import (
	"slices"
	"testing"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/register"
)

func TestFacilityMajors(t *testing.T) {
	tests := []struct {
		major register.FacilityMajor
		code  string
		zh    string
	}{
		{register.PublicUtility, "01", "公用设施"},
		{register.RoadTraffic, "02", "道路交通"},
		{register.CityAppearance, "03", "市容环境"},
		{register.Greening, "04", "园林绿化"},
		{register.HousingLand, "05", "房屋土地"},
		{register.OtherFacilities, "06", "其他设施"},
	}
	if len(register.FacilityMajors) != len(tests) {
		t.Fatalf("FacilityMajors has %d classes, want %d", len(register.FacilityMajors), len(tests))
	}
	for i, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if string(tt.major) != tt.code || register.FacilityMajors[i] != tt.major || !tt.major.Valid() {
				t.Errorf("major %q at %d: want code %s in order", tt.major, i, tt.code)
			}
			if zh, _ := i18n.Entry(tt.major.Key()); zh != tt.zh {
				t.Errorf("%s is called %q, want %q", tt.code, zh, tt.zh)
			}
		})
	}
	for _, bad := range []register.FacilityMajor{"", "00", "07", "1", "001"} {
		if bad.Valid() {
			t.Errorf("FacilityMajor(%q).Valid() = true", bad)
		}
	}
}

func TestFacilityClassWellFormed(t *testing.T) {
	tests := []struct {
		class register.FacilityClass
		major register.FacilityMajor
		want  bool
	}{
		{"0101", "01", true},
		{"0699", "06", true},
		{"0100", "01", false},
		{"0701", "07", false},
		{"0001", "00", false},
		{"101", "10", false},
		{"01010", "01", false},
		{"01a1", "01", false},
		{"", "", false},
		{"0", "", false},
	}
	for _, tt := range tests {
		t.Run(string(tt.class), func(t *testing.T) {
			if got := tt.class.WellFormed(); got != tt.want {
				t.Errorf("WellFormed() = %v, want %v", got, tt.want)
			}
			if got := tt.class.Major(); got != tt.major {
				t.Errorf("Major() = %q, want %q", got, tt.major)
			}
		})
	}
}

// The seed table: well formed, in code order without repeats, every class named in both
// languages, and the classes the brief and the design notes name are there.
func TestFacilityClassesSeed(t *testing.T) {
	if !slices.IsSorted(register.FacilityClasses) {
		t.Error("FacilityClasses is not in code order")
	}
	if len(slices.Compact(slices.Clone(register.FacilityClasses))) != len(register.FacilityClasses) {
		t.Error("FacilityClasses has repeats")
	}
	for _, c := range register.FacilityClasses {
		if !c.WellFormed() {
			t.Errorf("class %q is not well formed", c)
		}
		checkTranslatable(t, errs.M(c.Key()))
	}
	named := map[register.FacilityClass]string{
		"0101": "上水井盖", "0102": "污水井盖", "0118": "路灯", "0113": "消防设施",
		"0305": "垃圾箱", "0203": "公交站亭", "0202": "停车咪表",
	}
	for code, zh := range named {
		if got, _ := i18n.Entry(code.Key()); got != zh || !slices.Contains(register.FacilityClasses, code) {
			t.Errorf("class %s is %q (seeded %v), want %q", code, got, slices.Contains(register.FacilityClasses, code), zh)
		}
	}
}
