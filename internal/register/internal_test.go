package register

import (
	"math"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/geo"
)

func TestFoldWidth(t *testing.T) {
	tests := []struct{ in, want string }{
		{"１３８", "138"},
		{"ＡＢｘ", "ABx"},
		{"（）－／", "()-/"},
		{"a\u3000b", "a b"},
		{"平江路１００号", "平江路100号"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := foldWidth(tt.in); got != tt.want {
			t.Errorf("foldWidth(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  张三 ", "张三"},
		{"John\t\tSmith", "John Smith"},
		{"平江路\u3000100号\n", "平江路 100号"},
		{"\u3000", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAgeOn(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return Date(y, m, day) }
	tests := []struct {
		name       string
		birth, day time.Time
		want       int
	}{
		{"on the birthday", d(1960, 3, 2), d(2020, 3, 2), 60},
		{"the day before", d(1960, 3, 2), d(2020, 3, 1), 59},
		{"later in the year", d(1960, 3, 2), d(2020, 12, 31), 60},
		{"born on the day", d(2026, 3, 2), d(2026, 3, 2), 0},
		{"leap-day birth, 28 February of a common year", d(2008, 2, 29), d(2025, 2, 28), 16},
		{"leap-day birth, 1 March of a common year", d(2008, 2, 29), d(2025, 3, 1), 17},
		{"leap-day birth, leap year", d(2008, 2, 29), d(2024, 2, 29), 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ageOn(tt.birth, tt.day); got != tt.want {
				t.Errorf("ageOn(%v, %v) = %d, want %d", tt.birth, tt.day, got, tt.want)
			}
		})
	}
}

func TestValidLocation(t *testing.T) {
	tests := []struct {
		name string
		p    geo.Point
		want bool
	}{
		{"Suzhou", geo.Point{Lng: 120.6312, Lat: 31.3162}, true},
		{"New York", geo.Point{Lng: -73.99, Lat: 40.73}, true},
		{"corners", geo.Point{Lng: 180, Lat: -90}, true},
		{"zero: no fix", geo.Point{}, false},
		{"longitude out of range", geo.Point{Lng: 180.0001, Lat: 31}, false},
		{"latitude out of range", geo.Point{Lng: 120, Lat: 90.5}, false},
		{"swapped (lat, lng) in China", geo.Point{Lng: 31.3, Lat: 120.6}, false},
		{"NaN", geo.Point{Lng: math.NaN(), Lat: 31}, false},
		{"infinity", geo.Point{Lng: 120, Lat: math.Inf(1)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ValidLocation(tt.p); got != tt.want {
				t.Errorf("ValidLocation(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

func TestJoinKeyUnambiguous(t *testing.T) {
	tests := [][2][]string{
		{{"a|b", "c"}, {"a", "b|c"}},
		{{`a\`, "b"}, {"a", `\b`}},
		{{`a\|`, "b"}, {"a", `|b`}},
		{{"", "a"}, {"a", ""}},
	}
	for _, tt := range tests {
		x, y := joinKey(tt[0]...), joinKey(tt[1]...)
		if x == y {
			t.Errorf("joinKey(%q) = joinKey(%q) = %q", tt[0], tt[1], x)
		}
	}
}
