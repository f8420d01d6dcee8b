package register

import (
	"strconv"
	"strings"
	"time"
)

// Dates in the registers (birth, move-in, rental start and end) are civil dates: a day in
// China, not an instant. They are held as time.Time at midnight UTC, and only their year,
// month and day count.

// chinaTime is China Standard Time. China has one time zone and has kept no daylight
// saving since 1991, so for the present a fixed zone is exact and needs no time-zone
// database in the binary.
var chinaTime = time.FixedZone("CST", 8*60*60)

// ErrDate is a date that cannot be read.
const ErrDate Problem = "err.date"

// Date returns the civil date y-m-d (midnight UTC).
func Date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Today is the civil date in China at the instant now: a registration made at 07:00 in
// Suzhou belongs to that day even though it is still the previous day in UTC.
func Today(now time.Time) time.Time {
	y, m, d := now.In(chinaTime).Date()
	return Date(y, m, d)
}

// dateOf drops the time of day from a date value, reading the date in the value's own
// location (a date parsed from "2026-03-01" is that day wherever it was parsed).
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return Date(y, m, d)
}

// ParseDate reads a date as people write it in forms and spreadsheets: 2026-03-01,
// 2026/3/1, 2026.3.1, 2026年3月1日 or 20260301. Month and day must exist (no 2月30日).
func ParseDate(s string) (time.Time, error) {
	s = compact(s)
	var parts []string
	if len(s) == 8 && allDigits(s) {
		parts = []string{s[:4], s[4:6], s[6:]}
	} else {
		s = strings.TrimSuffix(s, "日")
		parts = strings.FieldsFunc(s, func(r rune) bool {
			return r == '-' || r == '/' || r == '.' || r == '年' || r == '月'
		})
	}
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) > 2 || len(parts[2]) > 2 {
		return time.Time{}, ErrDate
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || !allDigits(p) {
			return time.Time{}, ErrDate
		}
		n[i] = v
	}
	d := Date(n[0], time.Month(n[1]), n[2])
	if d.Year() != n[0] || int(d.Month()) != n[1] || d.Day() != n[2] {
		return time.Time{}, ErrDate // time.Date normalised an impossible date
	}
	return d, nil
}

// ageOn is the age in whole years on day of someone born on birth (both civil dates).
// Someone born on 29 February comes of age on 1 March in common years.
func ageOn(birth, day time.Time) int {
	age := day.Year() - birth.Year()
	if beforeBirthday(day, birth) {
		age--
	}
	return age
}

// beforeBirthday reports whether day falls before the birthday in day's year.
func beforeBirthday(day, birth time.Time) bool {
	if day.Month() != birth.Month() {
		return day.Month() < birth.Month()
	}
	return day.Day() < birth.Day()
}
