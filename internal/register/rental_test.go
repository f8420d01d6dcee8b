package register_test

import (
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

func TestRentalInputValidate(t *testing.T) {
	d := func(y int, m time.Month, dd int) time.Time { return register.Date(y, m, dd) }
	ok := register.RentalInput{HouseID: 1, TenantID: 2, Start: d(2026, 3, 1), End: d(2027, 2, 28)}
	with := func(f func(*register.RentalInput)) register.RentalInput {
		in := ok
		f(&in)
		return in
	}
	span := []errs.FieldError{fe("end", "err.rental_span", register.MaxRentalYears)}
	tests := []struct {
		name string
		in   register.RentalInput
		want []errs.FieldError
	}{
		{"one year", ok, nil},
		{"one day", with(func(in *register.RentalInput) { in.End = in.Start }), nil},
		{"the longest: three years to the day before", with(func(in *register.RentalInput) { in.End = d(2029, 2, 28) }), nil},
		{"from a leap day, three years", register.RentalInput{HouseID: 1, TenantID: 2, Start: d(2024, 2, 29), End: d(2027, 2, 28)}, nil},
		{"registered in arrears", with(func(in *register.RentalInput) { in.Start, in.End = d(2024, 1, 1), d(2024, 12, 31) }), nil},
		{"time of day ignored", with(func(in *register.RentalInput) {
			in.Start, in.End = time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC), time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		}), nil},

		{"no house", with(func(in *register.RentalInput) { in.HouseID = 0 }), []errs.FieldError{fe("house_id", "err.required")}},
		{"no tenant", with(func(in *register.RentalInput) { in.TenantID = 0 }), []errs.FieldError{fe("tenant_id", "err.required")}},
		{"no start", with(func(in *register.RentalInput) { in.Start = time.Time{} }), []errs.FieldError{fe("start", "err.required")}},
		{"no end", with(func(in *register.RentalInput) { in.End = time.Time{} }), []errs.FieldError{fe("end", "err.required")}},
		{"end before start", with(func(in *register.RentalInput) { in.End = d(2026, 2, 28) }), []errs.FieldError{fe("end", "err.date_order")}},
		{"dates swapped", with(func(in *register.RentalInput) { in.Start, in.End = in.End, in.Start }), []errs.FieldError{fe("end", "err.date_order")}},
		{"three years and a day", with(func(in *register.RentalInput) { in.End = d(2029, 3, 1) }), span},
		{"ten years", with(func(in *register.RentalInput) { in.End = d(2036, 3, 1) }), span},
		{"nothing", register.RentalInput{}, []errs.FieldError{
			fe("house_id", "err.required"), fe("tenant_id", "err.required"), fe("start", "err.required"), fe("end", "err.required"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, tt.in, tt.in.Validate(), tt.want)
		})
	}
}

func TestRentalExpiry(t *testing.T) {
	rental := func(endY int, endM time.Month, endD int) register.Rental {
		return register.Rental{Start: register.Date(2025, 3, 1), End: register.Date(endY, endM, endD)}
	}
	cancelled := rental(2026, 3, 10)
	cancelled.Retired = &retiredAt
	tests := []struct {
		name                   string
		r                      register.Rental
		days                   int
		expiring, expired, act bool
	}{
		{"ends today", rental(2026, 3, 2), 0, true, false, true},
		{"ends in 30 days, asked for 30", rental(2026, 4, 1), 30, true, false, true},
		{"ends in 31 days, asked for 30", rental(2026, 4, 2), 30, false, false, true},
		{"ends tomorrow, asked for 0", rental(2026, 3, 3), 0, false, false, true},
		{"ended yesterday", rental(2026, 3, 1), 30, false, true, false},
		{"cancelled", cancelled, 30, false, false, false},
		{"negative days", rental(2026, 3, 2), -1, false, false, true},
		{"not started yet", register.Rental{Start: register.Date(2026, 4, 1), End: register.Date(2026, 4, 5)}, 60, true, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.ExpiringWithin(now, tt.days); got != tt.expiring {
				t.Errorf("ExpiringWithin(now, %d) = %v, want %v", tt.days, got, tt.expiring)
			}
			if got := tt.r.Expired(now); got != tt.expired {
				t.Errorf("Expired = %v, want %v", got, tt.expired)
			}
			if got := tt.r.Active(now); got != tt.act {
				t.Errorf("Active = %v, want %v", got, tt.act)
			}
		})
	}
	// The day is China's: at 23:30 UTC on 1 March it is 2 March in Suzhou, and a
	// registration ending 1 March has expired.
	late := time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC)
	if r := rental(2026, 3, 1); !r.Expired(late) || r.ExpiringWithin(late, 7) {
		t.Error("expiry does not follow the day in China")
	}
}
