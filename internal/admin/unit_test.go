package admin_test

import (
	"reflect"
	"testing"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
)

func TestUnitKinds(t *testing.T) {
	want := []admin.UnitKind{admin.Department, admin.Embedded}
	if !reflect.DeepEqual(admin.UnitKinds, want) {
		t.Errorf("UnitKinds = %v, want %v", admin.UnitKinds, want)
	}
}

func TestUnitKindValid(t *testing.T) {
	tests := []struct {
		name string
		kind admin.UnitKind
		want bool
	}{
		{"department", admin.Department, true},
		{"embedded", admin.Embedded, true},
		{"empty", "", false},
		{"capitalised", "Department", false},
		{"unknown", "company", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.kind.Valid(); got != tt.want {
				t.Errorf("UnitKind(%q).Valid() = %v, want %v", tt.kind, got, tt.want)
			}
		})
	}
}

func TestUnitKindKey(t *testing.T) {
	tests := []struct {
		name string
		kind admin.UnitKind
		want string
	}{
		{"department", admin.Department, "unit_kind.department"},
		{"embedded", admin.Embedded, "unit_kind.embedded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.kind.Key(); got != tt.want {
				t.Errorf("UnitKind(%q).Key() = %q, want %q", tt.kind, got, tt.want)
			}
			checkTranslatable(t, errs.M(tt.kind.Key()))
		})
	}
}

func TestUnitIsRetired(t *testing.T) {
	tests := []struct {
		name string
		unit admin.Unit
		want bool
	}{
		{"active", admin.Unit{ID: 1}, false},
		{"retired", admin.Unit{ID: 1, Retired: &retiredAt}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.unit.IsRetired(); got != tt.want {
				t.Errorf("IsRetired() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestUnitInputValidate(t *testing.T) {
	// ok is a valid input; each case changes one thing.
	ok := admin.UnitInput{NodeID: gusu.ID, Kind: admin.Department, Name: "姑苏区城市管理局", Phone: "0512-65221234", Duties: "市容环境、街面秩序"}
	with := func(f func(*admin.UnitInput)) admin.UnitInput {
		in := ok
		f(&in)
		return in
	}
	phoneErr := []errs.FieldError{fe("phone", "err.phone_office")}
	tests := []struct {
		name string
		in   admin.UnitInput
		node *admin.Node
		want []errs.FieldError
	}{
		{"department", ok, gusu, nil},
		{"embedded unit", with(func(in *admin.UnitInput) { in.Kind = admin.Embedded; in.Name = "平江派出所" }), pingjiang, nil},
		{"unit of a grid", ok, grid01, nil},
		{"no phone", with(func(in *admin.UnitInput) { in.Phone = "" }), gusu, nil},
		{"no duties", with(func(in *admin.UnitInput) { in.Duties = "" }), gusu, nil},
		{"name of 60 characters", with(func(in *admin.UnitInput) { in.Name = runes("局", admin.MaxNameLen) }), gusu, nil},
		{"duties of 500 characters", with(func(in *admin.UnitInput) { in.Duties = runes("责", 500) }), gusu, nil},

		{"phone: landline without area code", with(func(in *admin.UnitInput) { in.Phone = "65221234" }), gusu, nil},
		{"phone: mobile", with(func(in *admin.UnitInput) { in.Phone = "13800138000" }), gusu, nil},
		{"phone: 12345 hotline", with(func(in *admin.UnitInput) { in.Phone = "12345" }), gusu, nil},
		{"phone: 3-digit service number", with(func(in *admin.UnitInput) { in.Phone = "110" }), gusu, nil},
		{"phone: landline with extension", with(func(in *admin.UnitInput) { in.Phone = "0512-65221234-801" }), gusu, nil},
		{"phone: 20 characters", with(func(in *admin.UnitInput) { in.Phone = "0512-652212345678901" }), gusu, nil},

		{"no node", ok, nil, []errs.FieldError{fe("node_id", "err.required")}},
		{"retired node", ok, retired(gusu), []errs.FieldError{fe("node_id", "err.node_parent_retired")}},
		{"no kind", with(func(in *admin.UnitInput) { in.Kind = "" }), gusu, []errs.FieldError{fe("kind", "err.choose_one")}},
		{"unknown kind", with(func(in *admin.UnitInput) { in.Kind = "company" }), gusu, []errs.FieldError{fe("kind", "err.choose_one")}},
		{"empty name", with(func(in *admin.UnitInput) { in.Name = "" }), gusu, []errs.FieldError{fe("name", "err.required")}},
		{"name of 61 characters", with(func(in *admin.UnitInput) { in.Name = runes("局", admin.MaxNameLen+1) }), gusu,
			[]errs.FieldError{fe("name", "err.too_long", admin.MaxNameLen)}},
		{"duties of 501 characters", with(func(in *admin.UnitInput) { in.Duties = runes("责", 501) }), gusu,
			[]errs.FieldError{fe("duties", "err.too_long", 500)}},

		{"phone: 2 digits", with(func(in *admin.UnitInput) { in.Phone = "12" }), gusu, phoneErr},
		{"phone: 21 characters", with(func(in *admin.UnitInput) { in.Phone = "0512-6522123456789012" }), gusu, phoneErr},
		{"phone: 3 characters but 2 digits", with(func(in *admin.UnitInput) { in.Phone = "1-2" }), gusu, phoneErr},
		{"phone: leading dash", with(func(in *admin.UnitInput) { in.Phone = "-65221234" }), gusu, phoneErr},
		{"phone: trailing dash", with(func(in *admin.UnitInput) { in.Phone = "65221234-" }), gusu, phoneErr},
		{"phone: space", with(func(in *admin.UnitInput) { in.Phone = "0512 65221234" }), gusu, phoneErr},
		{"phone: plus sign", with(func(in *admin.UnitInput) { in.Phone = "+8613800138000" }), gusu, phoneErr},
		{"phone: brackets", with(func(in *admin.UnitInput) { in.Phone = "(0512)65221234" }), gusu, phoneErr},
		{"phone: letters", with(func(in *admin.UnitInput) { in.Phone = "phone" }), gusu, phoneErr},
		{"phone: full-width digits", with(func(in *admin.UnitInput) { in.Phone = "１２３４５" }), gusu, phoneErr},
		{"phone: more than two dashes", with(func(in *admin.UnitInput) { in.Phone = "0512-6522-12-34" }), gusu, phoneErr},

		{"everything wrong at once, in form order", admin.UnitInput{Kind: "x", Phone: "x", Duties: runes("责", 501)}, nil,
			[]errs.FieldError{
				fe("node_id", "err.required"), fe("kind", "err.choose_one"), fe("name", "err.required"),
				fe("phone", "err.phone_office"), fe("duties", "err.too_long", 500),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, tt.in.Validate(tt.node), tt.want)
		})
	}
}
