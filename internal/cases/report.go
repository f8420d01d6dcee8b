package cases

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
)

// Limits of a report's fields.
const (
	MaxDescriptionLen = 2000
	MaxAddressLen     = 200
	MaxPhotos         = 9
	MaxKeyLen         = 100
)

// PhotoRef names an uploaded photo to attach: its id and, for an anonymous uploader, the
// claim token the upload returned.
type PhotoRef struct {
	ID    int64
	Claim string
}

// Report is a new problem from any channel.
type Report struct {
	Source      Source
	CategoryID  int64
	Description string
	Priority    Priority // "" takes the category's
	Address     string
	Location    *geo.Point // WGS-84
	PlateCode   string     // a scanned door plate
	Photos      []PhotoRef

	ReporterName  string
	ReporterPhone string
	Anonymous     bool

	// A grid worker who solved it on the spot (自行处置) says how, with after photos.
	SelfHandled bool
	HandleNote  string
	AfterPhotos []PhotoRef

	// Sensor alarms: the device and the kind of alarm. Repeats for an open case attach
	// to it instead of opening another.
	DeviceID  string
	AlarmType string

	// IdempotencyKey makes a retried submission return the first one's case.
	IdempotencyKey string

	// Filled by intake, not by the reporter: where the location was found.
	NodeID     int64
	NodePath   string
	Located    bool
	BuildingID int64
	FacilityID int64
}

// Validate checks what the reporter typed, and that p may report through the source.
func (r *Report) Validate(p *account.Principal) error {
	var v errs.Validation
	r.Description = strings.TrimSpace(r.Description)
	r.Address = strings.TrimSpace(r.Address)
	r.ReporterName = strings.TrimSpace(r.ReporterName)
	if v.Check(r.Source.Valid(), "source", "err.choose_one") {
		v.Check(mayReport(p, r.Source), "source", "err.case_source_forbidden")
	}
	v.Check(r.CategoryID != 0, "category_id", "err.required")
	if v.Require("description", r.Description) {
		v.MaxLen("description", r.Description, MaxDescriptionLen)
	}
	v.Check(r.Priority == "" || r.Priority.Valid(), "priority", "err.choose_one")
	v.MaxLen("address", r.Address, MaxAddressLen)
	if r.Location != nil {
		v.Check(r.Location.Lat >= -90 && r.Location.Lat <= 90 && r.Location.Lng >= -180 && r.Location.Lng <= 180 &&
			!(r.Location.Lat == 0 && r.Location.Lng == 0), "location", "err.case_location_range")
	}
	v.Check(r.Location != nil || r.PlateCode != "" || r.Address != "" || r.Source == FromSensor, "location", "err.case_location")
	v.Check(len(r.Photos) <= MaxPhotos, "photos", "err.case_photos_max", MaxPhotos)
	v.MaxLen("reporter_name", r.ReporterName, 50)
	if r.ReporterPhone != "" {
		phone, err := register.ParseMobile(r.ReporterPhone)
		if v.Check(err == nil, "reporter_phone", "err.mobile") {
			r.ReporterPhone = phone
		}
	} else if r.Source == FromHotline {
		v.Add("reporter_phone", "err.required")
	}
	if r.SelfHandled {
		v.Check(r.Source == FromPatrol, "self_handled", "err.case_self_handle_patrol")
		v.Require("handle_note", strings.TrimSpace(r.HandleNote))
		v.Check(len(r.AfterPhotos) > 0, "after_photos", "err.case_after_photos")
		v.Check(len(r.AfterPhotos) <= MaxPhotos, "after_photos", "err.case_photos_max", MaxPhotos)
	}
	v.Check(utf8.RuneCountInString(r.HandleNote) <= MaxNoteLen, "handle_note", "err.too_long", MaxNoteLen)
	if r.Source == FromSensor {
		v.Require("device_id", r.DeviceID)
		v.Require("alarm_type", r.AlarmType)
		v.MaxLen("device_id", r.DeviceID, 64)
		v.MaxLen("alarm_type", r.AlarmType, 32)
	}
	v.Check(len(r.IdempotencyKey) <= MaxKeyLen && printable(r.IdempotencyKey), "idempotency_key", "err.case_idempotency_key", MaxKeyLen)
	return v.Err()
}

// SourceAllowed reports whether p may report through the report's source.
func (r *Report) SourceAllowed(p *account.Principal) bool { return mayReport(p, r.Source) }

// mayReport reports whether p may report through source. Anyone, signed in or not, may
// report as a resident; the other channels belong to the people who work them.
func mayReport(p *account.Principal, s Source) bool {
	if p == nil {
		p = &account.Principal{}
	}
	switch s {
	case FromResident:
		return true
	case FromSensor:
		return p.Can(account.CaseSensor)
	case FromPatrol:
		return p.Can(account.CaseReport) && (p.Role == account.GridWorker || p.Role == account.Supervisor || p.System)
	case FromHotline, FromAssigned:
		return p.Can(account.CaseReport) && p.Role != account.GridWorker
	}
	return false
}

func printable(s string) bool {
	for _, r := range s {
		if !unicode.IsPrint(r) || r == ' ' {
			return false
		}
	}
	return true
}

// FormatTicket is the readable number of the n-th case reported on day: 20261122-000123.
// The day is the China Standard Time date.
func FormatTicket(day time.Time, n int64) string {
	return fmt.Sprintf("%s-%06d", day.In(calendar.Location).Format("20060102"), n)
}

// TicketDay is the key of day's ticket counter.
func TicketDay(t time.Time) string { return t.In(calendar.Location).Format("20060102") }
