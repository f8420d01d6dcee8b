package cases

import (
	"strings"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
)

// Draft is a report still being written: what intake compares with the open cases
// nearby, to tell the reporter someone has already raised it before they send it.
type Draft struct {
	CategoryID  int64
	Description string
	Location    *geo.Point // WGS-84; nil when only a door plate is given and it has no point
	PlateCode   string     // a scanned door plate, standing in for the point
}

// MaxSuggestions bounds the open cases suggested for a draft: a handful a person can
// read on a phone, the most alike first.
const MaxSuggestions = 5

// Validate checks the draft as a report's fields are checked (Report.Validate); only a
// point or a door plate will do for where, since an address alone is nowhere on a map.
func (d *Draft) Validate() error {
	var v errs.Validation
	d.Description = strings.TrimSpace(d.Description)
	d.PlateCode = strings.TrimSpace(d.PlateCode)
	v.Check(d.CategoryID > 0, "category_id", "err.required")
	if v.Require("description", d.Description) {
		v.MaxLen("description", d.Description, MaxDescriptionLen)
	}
	if d.Location != nil {
		v.Check(d.Location.Lat >= -90 && d.Location.Lat <= 90 && d.Location.Lng >= -180 && d.Location.Lng <= 180 &&
			!(d.Location.Lat == 0 && d.Location.Lng == 0), "location", "err.case_location_range")
	} else {
		v.Check(d.PlateCode != "", "location", "err.case_similar_location")
	}
	return v.Err()
}

// NearbyKey is the catalogue key of the plain words someone writing a report is told of
// where another person's case stands: the tracking page's words (PublicKey) speak to
// the case's own reporter ("your report…").
func (s Status) NearbyKey() string { return "case_nearby." + string(s) }
