package tabular

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// Excel stores 15 significant digits; what it shows is the stored double rounded to
// that many. Integers from 10^15 up cannot all be told apart, so such a value in a
// number cell is not the number that was typed.
const (
	excelDigits   = 15
	excelExactMax = 1e15
)

// maxSerial is 9999-12-31, the last date Excel shows.
const maxSerial = 2958465

// formatNumber renders the text of a number cell the way Excel shows it in General
// format, without binary floating-point noise (0.30000000000000004 → 0.3). ok is
// false when the value is an integer too large for Excel to have kept exactly.
// Text that is not a number is returned unchanged.
func formatNumber(v string) (s string, ok bool) {
	if plainInt(v) {
		return v, true
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return v, true
	}
	if math.Abs(f) >= excelExactMax && f == math.Trunc(f) {
		return v, false
	}
	if r, err := strconv.ParseFloat(strconv.FormatFloat(f, 'g', excelDigits, 64), 64); err == nil {
		f = r
	}
	if f == 0 {
		return "0", true // also for -0
	}
	if a := math.Abs(f); a < 1e-9 || a >= 1e21 {
		return strconv.FormatFloat(f, 'g', -1, 64), true
	}
	return strconv.FormatFloat(f, 'f', -1, 64), true
}

// plainInt reports an optionally negative run of at most 15 digits without leading
// zeros, the common case, which needs no parsing.
func plainInt(v string) bool {
	d := v
	if len(d) > 0 && d[0] == '-' {
		d = d[1:]
	}
	if len(d) == 0 || len(d) > excelDigits || (d[0] == '0' && len(d) > 1) {
		return false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	return d != "0" || v == "0"
}

// formatSerial renders a date serial number: YYYY-MM-DD for dates, HH:MM:SS for
// times, and both for date-times (the time left out when it is midnight, so that a
// date typed into a date-time cell still reads as a date). ok is false for serials
// outside Excel's calendar, which are then shown as numbers.
func formatSerial(v string, kind valueKind, date1904 bool) (string, bool) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f > maxSerial+1 {
		return "", false
	}
	days := math.Floor(f)
	secs := math.Round((f - days) * 86400)
	if secs >= 86400 {
		days++
		secs = 0
	}
	clock := time.Duration(secs) * time.Second
	switch kind {
	case kindTime:
		return hms(clock), true
	case kindDuration:
		return hms(clock + time.Duration(days)*24*time.Hour), true
	}
	var t time.Time
	switch {
	case date1904:
		t = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case days < 60:
		// Excel counts a 29 February 1900 that never was (a Lotus 1-2-3 bug kept for
		// compatibility), so serials before it are one day off the usual base.
		t = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	default:
		t = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	}
	t = t.AddDate(0, 0, int(days))
	date := t.Format("2006-01-02")
	if kind == kindDateTime && clock != 0 {
		return date + " " + hms(clock), true
	}
	return date, true
}

// hms renders a duration as HH:MM:SS; hours may exceed 24 (and two digits) for
// elapsed times.
func hms(d time.Duration) string {
	s := int(d / time.Second)
	return fmt.Sprintf("%02d:%02d:%02d", s/3600, s/60%60, s%60)
}
