package register_test

import (
	"errors"
	"testing"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/register"
)

func TestParseFacilityCode(t *testing.T) {
	tests := []struct {
		name, in string
		want     register.FacilityCode
		err      error
	}{
		{"the design notes' example: 姑苏区, 上水井盖, first", "3205080101000001", register.FacilityCode{Area: "320508", Class: "0101", Serial: 1}, nil},
		{"largest serial", "3205080305999999", register.FacilityCode{Area: "320508", Class: "0305", Serial: 999999}, nil},
		{"spaces", "320508 0101 000001", register.FacilityCode{Area: "320508", Class: "0101", Serial: 1}, nil},
		{"full-width", "３２０５０８０１０１０００００１", register.FacilityCode{Area: "320508", Class: "0101", Serial: 1}, nil},
		{"class outside the seed but well formed", "3205080699000007", register.FacilityCode{Area: "320508", Class: "0699", Serial: 7}, nil},
		{"empty", "", register.FacilityCode{}, register.ErrFacilityCode},
		{"15 digits", "320508010100001", register.FacilityCode{}, register.ErrFacilityCode},
		{"17 digits", "32050801010000001", register.FacilityCode{}, register.ErrFacilityCode},
		{"a letter", "32050801010000A1", register.FacilityCode{}, register.ErrFacilityCode},
		{"area all zeros", "0000000101000001", register.FacilityCode{}, register.ErrFacilityCode},
		{"major class 07", "3205080701000001", register.FacilityCode{}, register.ErrFacilityCode},
		{"minor class 00", "3205080100000001", register.FacilityCode{}, register.ErrFacilityCode},
		{"serial 0", "3205080101000000", register.FacilityCode{}, register.ErrFacilityCode},
		{"dashes", "320508-0101-000001", register.FacilityCode{}, register.ErrFacilityCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := register.ParseFacilityCode(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Fatalf("ParseFacilityCode(%q) = %+v, %v; want %+v, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestFacilityCodeString(t *testing.T) {
	tests := []struct {
		code register.FacilityCode
		want string
	}{
		{register.FacilityCode{Area: "320508", Class: "0101", Serial: 1}, "3205080101000001"},
		{register.FacilityCode{Area: "110105", Class: "0202", Serial: 123456}, "1101050202123456"},
	}
	for _, tt := range tests {
		if got := tt.code.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.code, got, tt.want)
		}
		if back, err := register.ParseFacilityCode(tt.want); err != nil || back != tt.code {
			t.Errorf("ParseFacilityCode(%q) = %+v, %v; want %+v", tt.want, back, err, tt.code)
		}
	}
}

func TestAreaCode(t *testing.T) {
	city := &admin.Node{ID: 9, Level: admin.City, Code: "320500", FullCode: "320500"}
	tests := []struct {
		name string
		node *admin.Node
		want string
	}{
		{"district", gusu, "320508"},
		{"street", pingjiang, "320508"},
		{"grid", grid01, "320508"},
		{"micro-grid", micro01, "320508"},
		{"city: no district", city, ""},
		{"nil", nil, ""},
		{"short full code", &admin.Node{Level: admin.Grid, FullCode: "3205"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := register.AreaCode(tt.node); got != tt.want {
				t.Errorf("AreaCode = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNewFacilityCode(t *testing.T) {
	tests := []struct {
		name    string
		node    *admin.Node
		class   register.FacilityClass
		serial  int
		want    string
		wantErr bool
	}{
		{"first manhole cover of the grid's district", grid01, "0101", 1, "3205080101000001", false},
		{"a street lamp", micro01, "0118", 42, "3205080118000042", false},
		{"largest serial", grid01, "0305", register.MaxFacilitySerial, "3205080305999999", false},
		{"serial 0", grid01, "0101", 0, "", true},
		{"serial too large", grid01, "0101", register.MaxFacilitySerial + 1, "", true},
		{"class not in use", grid01, "0699", 1, "", true},
		{"malformed class", grid01, "0100", 1, "", true},
		{"node without a district", &admin.Node{Level: admin.City, FullCode: "320500"}, "0101", 1, "", true},
		{"no node", nil, "0101", 1, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := register.NewFacilityCode(tt.node, tt.class, tt.serial, register.FacilityClasses)
			if got != tt.want || (err != nil) != tt.wantErr {
				t.Errorf("NewFacilityCode = %q, %v; want %q (error %v)", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
