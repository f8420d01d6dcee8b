package register_test

import (
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

func TestResidenceRoles(t *testing.T) {
	for _, r := range register.ResidenceRoles {
		if !r.Valid() {
			t.Errorf("%q is not valid", r)
		}
		checkTranslatable(t, errs.M(r.Key()))
	}
	if register.ResidenceRole("landlord").Valid() {
		t.Error("landlord is a valid role")
	}
}

func TestResidenceInputValidate(t *testing.T) {
	ok := register.ResidenceInput{PersonID: 1, HouseID: 2, Role: register.Tenant, From: day(2025, 3, 1), To: day(2027, 2, 28)}
	with := func(f func(*register.ResidenceInput)) register.ResidenceInput {
		in := ok
		f(&in)
		return in
	}
	tests := []struct {
		name string
		in   register.ResidenceInput
		want []errs.FieldError
	}{
		{"tenant with an agreed end", ok, nil},
		{"owner, dates unknown", register.ResidenceInput{PersonID: 1, HouseID: 2, Role: register.Owner}, nil},
		{"moved in today", with(func(in *register.ResidenceInput) { in.From = day(2026, 3, 2) }), nil},
		{"one-day stay", with(func(in *register.ResidenceInput) { in.From, in.To = day(2025, 3, 1), day(2025, 3, 1) }), nil},
		{"ended, start unknown", with(func(in *register.ResidenceInput) { in.From, in.To = nil, day(2024, 1, 1) }), nil},

		{"no person", with(func(in *register.ResidenceInput) { in.PersonID = 0 }), []errs.FieldError{fe("person_id", "err.required")}},
		{"no house", with(func(in *register.ResidenceInput) { in.HouseID = 0 }), []errs.FieldError{fe("house_id", "err.required")}},
		{"no role", with(func(in *register.ResidenceInput) { in.Role = "" }), []errs.FieldError{fe("role", "err.choose_one")}},
		{"unknown role", with(func(in *register.ResidenceInput) { in.Role = "guest" }), []errs.FieldError{fe("role", "err.choose_one")}},
		{"moves in tomorrow", with(func(in *register.ResidenceInput) { in.From = day(2026, 3, 3) }), []errs.FieldError{fe("from", "err.date_future")}},
		{"dates reversed", with(func(in *register.ResidenceInput) { in.From, in.To = day(2025, 3, 1), day(2025, 2, 28) }),
			[]errs.FieldError{fe("to", "err.date_order")}},
		{"everything wrong at once", register.ResidenceInput{Role: "x", From: day(2026, 5, 1), To: day(2026, 4, 1)},
			[]errs.FieldError{
				fe("person_id", "err.required"), fe("house_id", "err.required"), fe("role", "err.choose_one"),
				fe("from", "err.date_future"), fe("to", "err.date_order"),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, tt.in, tt.in.Validate(now), tt.want)
		})
	}
}

func TestResidenceCurrent(t *testing.T) {
	tests := []struct {
		name string
		r    register.Residence
		want bool
	}{
		{"open-ended", register.Residence{From: day(2020, 1, 1)}, true},
		{"no dates", register.Residence{}, true},
		{"ends today", register.Residence{To: day(2026, 3, 2)}, true},
		{"ended yesterday", register.Residence{To: day(2026, 3, 1)}, false},
		{"starts tomorrow", register.Residence{From: day(2026, 3, 3)}, false},
		{"starts today", register.Residence{From: day(2026, 3, 2)}, true},
		{"withdrawn", register.Residence{Retired: &retiredAt}, false},
	}
	for _, tt := range tests {
		if got := tt.r.Current(now); got != tt.want {
			t.Errorf("%s: Current = %v, want %v", tt.name, got, tt.want)
		}
	}
	// A residence ending on 1 March is current at 23:00 on 1 March in China, which is
	// 15:00 UTC, and no longer at 01:00 on 2 March, which is still 1 March in UTC.
	r := register.Residence{To: day(2026, 3, 1)}
	if !r.Current(time.Date(2026, 3, 1, 15, 0, 0, 0, time.UTC)) || r.Current(time.Date(2026, 3, 1, 17, 0, 0, 0, time.UTC)) {
		t.Error("Current does not follow the day in China")
	}
}
