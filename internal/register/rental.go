package register

import (
	"time"

	"github.com/shequ-dev/shequ/internal/errs"
)

// MaxRentalYears is the longest period one rental registration (出租房屋登记 / 流动人口登记)
// may cover. It is a policy of this project, not a legal limit (tenancies may run up to 20
// years): a registration says that someone lives here, which goes stale, and the residence
// permit (居住证) it supports is renewed yearly, so a registration should be renewed, with
// the grid worker seeing the tenant again, at least every three years.
const MaxRentalYears = 3

// Rental is the registration of a tenant in a rented house, with the period agreed.
type Rental struct {
	ID       int64
	NodeID   int64 // the house's grid
	HouseID  int64
	TenantID int64 // the tenant, a registered person
	Start    time.Time
	End      time.Time // the last day covered
	Retired  *time.Time
	Created  time.Time
	Updated  time.Time
	Version  int
}

// IsRetired reports whether the registration was cancelled (the tenant left early).
func (r *Rental) IsRetired() bool { return r.Retired != nil }

// Active reports whether the registration covers the day of now.
func (r *Rental) Active(now time.Time) bool {
	today := Today(now)
	return !r.IsRetired() && !dateOf(r.Start).After(today) && !dateOf(r.End).Before(today)
}

// Expired reports whether the registration's last day is before the day of now.
func (r *Rental) Expired(now time.Time) bool { return dateOf(r.End).Before(Today(now)) }

// ExpiringWithin reports whether a registration still in force ends within the next days
// days (today counts: days 0 means "ends today"), the list grid workers work through to
// visit tenants before their registration lapses. Cancelled and already expired
// registrations are not expiring.
func (r *Rental) ExpiringWithin(now time.Time, days int) bool {
	if r.IsRetired() || days < 0 {
		return false
	}
	today, end := Today(now), dateOf(r.End)
	return !end.Before(today) && !end.After(today.AddDate(0, 0, days))
}

// RentalInput is what a person types to register a tenant.
type RentalInput struct {
	HouseID  int64     `json:"house_id"`
	TenantID int64     `json:"tenant_id"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
}

// Validate checks a rental registration: both dates given, the end not before the start
// and at most MaxRentalYears after it.
func (in RentalInput) Validate() error {
	var v errs.Validation
	v.Check(in.HouseID > 0, "house_id", "err.required")
	v.Check(in.TenantID > 0, "tenant_id", "err.required")
	v.Check(!in.Start.IsZero(), "start", "err.required")
	if v.Check(!in.End.IsZero(), "end", "err.required") && !in.Start.IsZero() {
		start, end := dateOf(in.Start), dateOf(in.End)
		if v.Check(!end.Before(start), "end", "err.date_order") {
			// The last day of a three-year tenancy from 1 March is 28 or 29 February.
			v.Check(end.Before(start.AddDate(MaxRentalYears, 0, 0)), "end", "err.rental_span", MaxRentalYears)
		}
	}
	return v.Err()
}
