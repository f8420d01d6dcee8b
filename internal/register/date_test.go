package register_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/register"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		name, in string
		want     time.Time
		err      error
	}{
		{"ISO", "2026-03-01", register.Date(2026, 3, 1), nil},
		{"slashes, as Excel writes", "2026/3/1", register.Date(2026, 3, 1), nil},
		{"dots", "2026.03.01", register.Date(2026, 3, 1), nil},
		{"Chinese", "2026年3月1日", register.Date(2026, 3, 1), nil},
		{"Chinese without 日", "2026年3月1", register.Date(2026, 3, 1), nil},
		{"eight digits", "20260301", register.Date(2026, 3, 1), nil},
		{"spaces and full width", " ２０２６-０３-０１ ", register.Date(2026, 3, 1), nil},
		{"leap day", "2024-02-29", register.Date(2024, 2, 29), nil},
		{"empty", "", time.Time{}, register.ErrDate},
		{"29 February of a common year", "2026-02-29", time.Time{}, register.ErrDate},
		{"31 April", "2026-04-31", time.Time{}, register.ErrDate},
		{"month 13", "2026-13-01", time.Time{}, register.ErrDate},
		{"day 0", "2026-03-00", time.Time{}, register.ErrDate},
		{"two-digit year", "26-03-01", time.Time{}, register.ErrDate},
		{"day first", "01/03/2026", time.Time{}, register.ErrDate},
		{"no day", "2026-03", time.Time{}, register.ErrDate},
		{"too many parts", "2026-03-01-01", time.Time{}, register.ErrDate},
		{"signed month", "2026-+3-01", time.Time{}, register.ErrDate},
		{"three-digit day", "2026-03-001", time.Time{}, register.ErrDate},
		{"time of day", "2026-03-01 10:00", time.Time{}, register.ErrDate},
		{"seven digits", "2026031", time.Time{}, register.ErrDate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := register.ParseDate(tt.in)
			if !got.Equal(tt.want) || !errors.Is(err, tt.err) {
				t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestToday(t *testing.T) {
	tests := []struct {
		name string
		now  time.Time
		want time.Time
	}{
		{"morning in China is still yesterday in UTC", time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC), register.Date(2026, 3, 2)},
		{"the last second of a day in China", time.Date(2026, 3, 1, 15, 59, 59, 0, time.UTC), register.Date(2026, 3, 1)},
		{"midnight in China", time.Date(2026, 3, 1, 16, 0, 0, 0, time.UTC), register.Date(2026, 3, 2)},
		{"a clock in another zone", time.Date(2026, 12, 31, 12, 0, 0, 0, time.FixedZone("EST", -5*3600)), register.Date(2027, 1, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := register.Today(tt.now); !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("Today(%v) = %v, want %v", tt.now, got, tt.want)
			}
		})
	}
}
