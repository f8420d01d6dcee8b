package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/store"
)

// The working calendar: every role that sees the tree may look at it; administrators
// (calendar.manage) enter each year's holidays and make-up working days and the
// working hours.

func (s *Server) calendarRoutes() []route {
	return []route{
		page("GET", "/admin/calendar", account.TreeView, s.calendarPage),
		page("POST", "/admin/calendar/days", account.CalendarManage, s.calendarDayCreateSubmit),
		page("POST", "/admin/calendar/days/{day}", account.CalendarManage, s.calendarDayUpdateSubmit),
		page("POST", "/admin/calendar/days/{day}/delete", account.CalendarManage, s.calendarDayDeleteSubmit),
		page("POST", "/admin/calendar/hours", account.CalendarManage, s.calendarHoursSubmit),
		api("GET", "/api/v1/calendar/days", account.TreeView, s.apiCalendarDays, apiDoc{Summary: "List the holidays and " +
			"make-up working days of a year", Tag: "calendar", Query: []param{{"year", "integer", "The year; this year when absent"}},
			Response: calendarDaysResponse{}}),
		api("POST", "/api/v1/calendar/days", account.CalendarManage, s.apiCalendarDayCreate, apiDoc{Summary: "Make a date a " +
			"holiday or a make-up working day", Tag: "calendar", Request: calendarDayRequest{}, Response: calendarDayJSON{},
			Status: http.StatusCreated}),
		api("PUT", "/api/v1/calendar/days/{day}", account.CalendarManage, s.apiCalendarDayUpdate, apiDoc{Summary: "Change the " +
			"kind or name of a date's setting", Tag: "calendar", Request: calendarDayUpdateRequest{}, Response: calendarDayJSON{}}),
		api("DELETE", "/api/v1/calendar/days/{day}", account.CalendarManage, s.apiCalendarDayDelete, apiDoc{Summary: "Remove a " +
			"date's setting: it becomes an ordinary working day or weekend", Tag: "calendar",
			Query: []param{{"version", "integer", "The version read (required)"}}, Status: http.StatusNoContent}),
		api("GET", "/api/v1/calendar/hours", account.TreeView, s.apiWorkingHours, apiDoc{Summary: "The working hours of a " +
			"working day", Tag: "calendar", Response: workingHoursJSON{}}),
		api("PUT", "/api/v1/calendar/hours", account.CalendarManage, s.apiSetWorkingHours, apiDoc{Summary: "Replace the " +
			"working hours of every working day", Tag: "calendar", Request: workingHoursRequest{}, Response: workingHoursJSON{}}),
		api("GET", "/api/v1/calendar/due", account.TreeView, s.apiCalendarDue, apiDoc{Summary: "When a time limit that starts " +
			"at a given moment runs out", Tag: "calendar", Query: []param{
			{"start", "string", "When the limit starts, RFC 3339 (required)"},
			{"amount", "integer", "The limit's amount, 1–250 (required)"},
			{"unit", "string", "working_hours, working_days or natural_hours (required)"},
			{"fraction", "number", "Also say when this fraction (0–1) of the limit has run, e.g. 0.8"},
		}, Response: calendarDueResponse{}}),
	}
}

// calendarFields are the fields of the day form and of the hours form.
var (
	calendarDayFields   = formFields{"day", "calendar.day", "kind", "calendar.kind", "name", "calendar.name"}
	calendarHoursFields = formFields{"periods", "calendar.hours"}
)

// calendarCell is one date of a month grid; Day 0 is a blank before the first or after
// the last date.
type calendarCell struct {
	Day   int
	Date  string
	Class string // work, weekend, holiday or makeup
	Name  string
	Today bool
}

type calendarMonth struct {
	Month int
	Weeks [][]calendarCell
}

// calendarRow is one override in the page's list.
type calendarRow struct {
	*calendar.DayRecord
	Weekday string
}

type calendarPageData struct {
	Year      int
	Months    []calendarMonth
	Weekdays  []string
	Rows      []calendarRow
	Kinds     []calendar.Kind
	Hours     *calendar.HoursRecord
	Daily     string
	CanManage bool
	Editing   *calendar.DayRecord // the day the day form edits, or nil to add one
	Failed    string              // which form failed: "day" or "hours"
}

// calendarYear reads ?year= (this year in China when absent).
func (s *Server) calendarYear(q url.Values) (int, error) {
	v := strings.TrimSpace(q.Get("year"))
	if v == "" {
		return calendar.DateOf(s.db.Clock().Now()).Year, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < store.MinCalendarYear || y > store.MaxCalendarYear {
		return 0, errs.FieldInvalid("year", "err.calendar_year", store.MinCalendarYear, store.MaxCalendarYear)
	}
	return y, nil
}

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) error {
	year, err := s.calendarYear(r.URL.Query())
	if err != nil {
		return err
	}
	var editing *calendar.DayRecord
	if e := r.URL.Query().Get("edit"); e != "" {
		d, err := calendar.ParseDate(e)
		if err != nil {
			return errs.FieldInvalid("edit", "err.date")
		}
		if editing, err = s.db.CalendarDay(r.Context(), d); err != nil {
			return err
		}
		year = d.Year
	}
	return s.showCalendar(w, r, http.StatusOK, year, nil, calendarPageData{Editing: editing})
}

func (s *Server) showCalendar(w http.ResponseWriter, r *http.Request, status, year int, f *form, d calendarPageData) error {
	ctx := r.Context()
	cal, err := s.db.Calendar(ctx)
	if err != nil {
		return err
	}
	days, err := s.db.CalendarDays(ctx, year)
	if err != nil {
		return err
	}
	if d.Hours, err = s.db.WorkingHours(ctx); err != nil {
		return err
	}
	st := state(r)
	d.Year, d.CanManage = year, st.p.Can(account.CalendarManage)
	d.Daily = strconv.FormatFloat(d.Hours.Hours.Daily().Hours(), 'f', -1, 64)
	d.Weekdays, d.Kinds = strings.Fields(i18n.T(st.lang, "calendar.weekdays")), calendar.Kinds
	for _, day := range days {
		d.Rows = append(d.Rows, calendarRow{DayRecord: day, Weekday: d.Weekdays[(int(day.Date.Weekday())+6)%7]})
	}
	d.Months = calendarMonths(cal, year, calendar.DateOf(s.db.Clock().Now()))
	fields := calendarDayFields
	if d.Failed == "hours" {
		fields = calendarHoursFields
	}
	return s.renderCode(w, r, status, "calendar", view{Title: "nav.calendar", Section: "calendar", Form: f, Fields: fields, Data: d})
}

// calendarMonths lays out the twelve months of a year in weeks from Monday.
func calendarMonths(cal *calendar.Calendar, year int, today calendar.Date) []calendarMonth {
	months := make([]calendarMonth, 12)
	for m := range months {
		first := calendar.Date{Year: year, Month: time.Month(m + 1), Day: 1}
		lead := (int(first.Weekday()) + 6) % 7 // blanks before the 1st in a week from Monday
		var week []calendarCell
		for range lead {
			week = append(week, calendarCell{})
		}
		var weeks [][]calendarCell
		for d := first; d.Month == first.Month; d = d.AddDays(1) {
			c := calendarCell{Day: d.Day, Date: d.String(), Class: "work", Today: d == today}
			day, over := cal.Override(d)
			switch {
			case over && day.Kind == calendar.Holiday:
				c.Class, c.Name = "holiday", day.Name
			case over && day.Kind == calendar.Workday:
				c.Class, c.Name = "makeup", day.Name
			case d.IsWeekend():
				c.Class = "weekend"
			}
			week = append(week, c)
			if len(week) == 7 {
				weeks, week = append(weeks, week), nil
			}
		}
		if len(week) > 0 {
			for len(week) < 7 {
				week = append(week, calendarCell{})
			}
			weeks = append(weeks, week)
		}
		months[m] = calendarMonth{Month: m + 1, Weeks: weeks}
	}
	return months
}

// calendarDayInput reads the day form (or request): a bad date is a field error on day.
func calendarDayInput(v *errs.Validation, day, kind, name string) calendar.Day {
	var d calendar.Day
	if v.Require("day", day) {
		var err error
		if d.Date, err = calendar.ParseDate(day); err != nil {
			v.Add("day", "err.date")
		}
	}
	if v.Require("kind", kind) {
		d.Kind = calendar.Kind(kind)
		v.Check(d.Kind.Valid(), "kind", "err.choose_one")
	}
	d.Name = strings.TrimSpace(name)
	return d
}

// pathDate reads the {day} of a path; a date that cannot exist is not found.
func pathDate(r *http.Request) (calendar.Date, error) {
	d, err := calendar.ParseDate(r.PathValue("day"))
	if err != nil {
		return calendar.Date{}, errs.NotFoundf("entity.calendar_day")
	}
	return d, nil
}

// calendarFormFailed shows the page again with the form's problems, or hands the error on.
func (s *Server) calendarFormFailed(w http.ResponseWriter, r *http.Request, f *form, year int, err error, d calendarPageData) error {
	if !f.absorbVersioned(state(r).lang, err) {
		return err
	}
	return s.showCalendar(w, r, statusFor(err), year, f, d)
}

func (s *Server) calendarDayCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	year, _ := s.calendarYear(url.Values{"year": {f.Get("year")}})
	if year == 0 {
		year = calendar.DateOf(s.db.Clock().Now()).Year
	}
	var v errs.Validation
	in := calendarDayInput(&v, f.Get("day"), f.Get("kind"), f.Get("name"))
	if !in.Date.IsZero() {
		year = in.Date.Year
	}
	err = v.Err()
	if err == nil {
		_, err = s.db.CreateCalendarDay(r.Context(), principal(r), in)
	}
	if err != nil {
		return s.calendarFormFailed(w, r, f, year, err, calendarPageData{Failed: "day"})
	}
	flash(w, "success", "calendar.day_saved")
	return redirect(w, r, "/admin/calendar?year="+strconv.Itoa(year))
}

func (s *Server) calendarDayUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	date, err := pathDate(r)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	editing, err := s.db.CalendarDay(r.Context(), date)
	if err != nil {
		return err
	}
	version, err := formVersion(f)
	if err == nil {
		var v errs.Validation
		in := calendarDayInput(&v, date.String(), f.Get("kind"), f.Get("name"))
		if err = v.Err(); err == nil {
			_, err = s.db.UpdateCalendarDay(r.Context(), principal(r), date, in, version)
		}
	}
	if err != nil {
		return s.calendarFormFailed(w, r, f, date.Year, err, calendarPageData{Failed: "day", Editing: editing})
	}
	flash(w, "success", "calendar.day_saved")
	return redirect(w, r, "/admin/calendar?year="+strconv.Itoa(date.Year))
}

func (s *Server) calendarDayDeleteSubmit(w http.ResponseWriter, r *http.Request) error {
	date, err := pathDate(r)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	version, err := formVersion(f)
	if err == nil {
		err = s.db.DeleteCalendarDay(r.Context(), principal(r), date, version)
	}
	if err != nil {
		// The delete buttons carry no fields: the problem is said above the day form.
		lang := state(r).lang
		if !f.absorbVersioned(lang, err) {
			return err
		}
		if f.Error == "" {
			f.Error = i18n.Msg(lang, errs.As(err).Msg)
		}
		f.Errors = map[string]string{}
		return s.showCalendar(w, r, statusFor(err), date.Year, f, calendarPageData{Failed: "day"})
	}
	flash(w, "success", "calendar.day_deleted")
	return redirect(w, r, "/admin/calendar?year="+strconv.Itoa(date.Year))
}

func (s *Server) calendarHoursSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	year, _ := s.calendarYear(url.Values{"year": {f.Get("year")}})
	if year == 0 {
		year = calendar.DateOf(s.db.Clock().Now()).Year
	}
	version, err := formVersion(f)
	if err == nil {
		var h calendar.Hours
		if h, err = calendar.ParseHours(f.Get("periods"), "periods"); err == nil {
			_, err = s.db.SetWorkingHours(r.Context(), principal(r), h, version)
		}
	}
	if err != nil {
		return s.calendarFormFailed(w, r, f, year, err, calendarPageData{Failed: "hours"})
	}
	flash(w, "success", "calendar.hours_saved")
	return redirect(w, r, "/admin/calendar?year="+strconv.Itoa(year))
}

// calendarDayJSON is a date's setting in the API.
type calendarDayJSON struct {
	Day     string        `json:"day" doc:"The date, YYYY-MM-DD (China)"`
	Kind    calendar.Kind `json:"kind" doc:"holiday (a day off) or workday (a weekend day worked, 调休)"`
	Name    string        `json:"name" doc:"Such as 春节"`
	Weekday int           `json:"weekday" doc:"0 Sunday … 6 Saturday"`
	Version int           `json:"version"`
	Created time.Time     `json:"created_at"`
	Updated time.Time     `json:"updated_at"`
}

type calendarDaysResponse struct {
	Year int               `json:"year"`
	Days []calendarDayJSON `json:"days"`
}

type calendarDayRequest struct {
	Day  string `json:"day" doc:"The date, YYYY-MM-DD"`
	Kind string `json:"kind" doc:"holiday or workday"`
	Name string `json:"name"`
}

type calendarDayUpdateRequest struct {
	Kind    string `json:"kind" doc:"holiday or workday"`
	Name    string `json:"name"`
	Version int    `json:"version" doc:"The version read"`
}

type periodJSON struct {
	Start string `json:"start" doc:"HH:MM"`
	End   string `json:"end" doc:"HH:MM; 24:00 is the end of the day"`
}

type workingHoursJSON struct {
	Periods []periodJSON `json:"periods"`
	Daily   float64      `json:"daily_hours" doc:"Working hours in a working day"`
	Version int          `json:"version"`
	Updated time.Time    `json:"updated_at"`
}

type workingHoursRequest struct {
	Periods []periodJSON `json:"periods" doc:"In order, not overlapping"`
	Version int          `json:"version" doc:"The version read"`
}

type calendarDueResponse struct {
	Start   time.Time  `json:"start"`
	Amount  int        `json:"amount"`
	Unit    string     `json:"unit"`
	Due     time.Time  `json:"due" doc:"When the limit runs out, in China Standard Time"`
	Partial *time.Time `json:"partial,omitempty" doc:"When the given fraction has run, if one was asked for"`
}

func calendarDayOut(d *calendar.DayRecord) calendarDayJSON {
	return calendarDayJSON{Day: d.Date.String(), Kind: d.Kind, Name: d.Name, Weekday: int(d.Date.Weekday()), Version: d.Version,
		Created: d.Created, Updated: d.Updated}
}

func workingHoursOut(h *calendar.HoursRecord) workingHoursJSON {
	out := workingHoursJSON{Periods: []periodJSON{}, Daily: h.Hours.Daily().Hours(), Version: h.Version, Updated: h.Updated}
	for _, p := range h.Hours {
		out.Periods = append(out.Periods, periodJSON{Start: p.Start.String(), End: p.End.String()})
	}
	return out
}

func (s *Server) apiCalendarDays(w http.ResponseWriter, r *http.Request) error {
	year, err := s.calendarYear(r.URL.Query())
	if err != nil {
		return err
	}
	days, err := s.db.CalendarDays(r.Context(), year)
	if err != nil {
		return err
	}
	out := calendarDaysResponse{Year: year, Days: []calendarDayJSON{}}
	for _, d := range days {
		out.Days = append(out.Days, calendarDayOut(d))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiCalendarDayCreate(w http.ResponseWriter, r *http.Request) error {
	var req calendarDayRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	var v errs.Validation
	in := calendarDayInput(&v, strings.TrimSpace(req.Day), strings.TrimSpace(req.Kind), req.Name)
	if err := v.Err(); err != nil {
		return err
	}
	d, err := s.db.CreateCalendarDay(r.Context(), principal(r), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, calendarDayOut(d))
	return nil
}

func (s *Server) apiCalendarDayUpdate(w http.ResponseWriter, r *http.Request) error {
	date, err := pathDate(r)
	if err != nil {
		return err
	}
	var req calendarDayUpdateRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	var v errs.Validation
	in := calendarDayInput(&v, date.String(), strings.TrimSpace(req.Kind), req.Name)
	v.Check(req.Version > 0, "version", "err.required")
	if err := v.Err(); err != nil {
		return err
	}
	d, err := s.db.UpdateCalendarDay(r.Context(), principal(r), date, in, req.Version)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, calendarDayOut(d))
	return nil
}

func (s *Server) apiCalendarDayDelete(w http.ResponseWriter, r *http.Request) error {
	date, err := pathDate(r)
	if err != nil {
		return err
	}
	version, err := queryInt(r, "version")
	if err != nil {
		return err
	}
	if version <= 0 {
		return errs.FieldInvalid("version", "err.required")
	}
	if err := s.db.DeleteCalendarDay(r.Context(), principal(r), date, int(version)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiWorkingHours(w http.ResponseWriter, r *http.Request) error {
	h, err := s.db.WorkingHours(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, workingHoursOut(h))
	return nil
}

func (s *Server) apiSetWorkingHours(w http.ResponseWriter, r *http.Request) error {
	var req workingHoursRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	var v errs.Validation
	h := make(calendar.Hours, 0, len(req.Periods))
	for i, p := range req.Periods {
		start, err1 := calendar.ParseTimeOfDay(p.Start)
		end, err2 := calendar.ParseTimeOfDay(p.End)
		if err1 != nil || err2 != nil {
			v.Add("periods", "err.calendar_period_format", i+1)
			continue
		}
		h = append(h, calendar.Period{Start: start, End: end})
	}
	if v.OK() {
		h.Validate(&v, "periods")
	}
	v.Check(req.Version > 0, "version", "err.required")
	if err := v.Err(); err != nil {
		return err
	}
	out, err := s.db.SetWorkingHours(r.Context(), principal(r), h, req.Version)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, workingHoursOut(out))
	return nil
}

func (s *Server) apiCalendarDue(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v errs.Validation
	var start time.Time
	// A "+" of an offset left unescaped in the query arrives as a space.
	startText := strings.ReplaceAll(strings.TrimSpace(q.Get("start")), " ", "+")
	if v.Require("start", startText) {
		var err error
		if start, err = time.Parse(time.RFC3339, startText); err != nil {
			v.Add("start", "err.calendar_time")
		}
	}
	l := calendar.Limit{Unit: calendar.Unit(strings.TrimSpace(q.Get("unit")))}
	if v.Require("amount", strings.TrimSpace(q.Get("amount"))) {
		n, err := strconv.Atoi(strings.TrimSpace(q.Get("amount")))
		if v.Check(err == nil, "amount", "err.number") {
			l.Amount = n
			v.Check(n > 0 && n <= calendar.MaxLimit, "amount", "err.range", 1, calendar.MaxLimit)
		}
	}
	if v.Require("unit", string(l.Unit)) {
		v.Check(l.Unit.Valid(), "unit", "err.choose_one")
	}
	fraction := -1.0
	if fs := strings.TrimSpace(q.Get("fraction")); fs != "" {
		f, err := strconv.ParseFloat(fs, 64)
		if v.Check(err == nil, "fraction", "err.number") && v.Check(f >= 0 && f <= 1, "fraction", "err.range", 0, 1) {
			fraction = f
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	cal, err := s.db.Calendar(r.Context())
	if err != nil {
		return err
	}
	out := calendarDueResponse{Start: start, Amount: l.Amount, Unit: string(l.Unit), Due: cal.Due(start, l)}
	if fraction >= 0 {
		p := cal.Partial(start, l, fraction)
		out.Partial = &p
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
