package register_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

func TestNormalizeIDNumber(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"already normal", "11010519491231002X", "11010519491231002X"},
		{"lower-case x", "11010519491231002x", "11010519491231002X"},
		{"spaces around and inside", " 110105 19491231 002x ", "11010519491231002X"},
		{"full-width digits and X", "１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"},
		{"ideographic space", "110105\u300019491231002X", "11010519491231002X"},
		{"tab from a spreadsheet", "11010519491231002X\t", "11010519491231002X"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := register.NormalizeIDNumber(tt.in); got != tt.want {
				t.Errorf("NormalizeIDNumber(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestIDCheckChar(t *testing.T) {
	tests := []struct {
		name, first17 string
		want          byte
		ok            bool
	}{
		// The two worked examples of GB 11643-1999 itself.
		{"GB 11643 example, check X", "11010519491231002", 'X', true},
		{"GB 11643 example, check 4", "44052418800101001", '4', true},
		{"check 6 (hand-computed: Σ = 171, 171 mod 11 = 6)", "32050819800101001", '6', true},
		{"16 digits", "1101051949123100", 0, false},
		{"18 digits", "110105194912310021", 0, false},
		{"a letter", "1101051949123100A", 0, false},
		{"empty", "", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := register.IDCheckChar(tt.first17)
			if got != tt.want || ok != tt.ok {
				t.Errorf("IDCheckChar(%q) = %q, %v; want %q, %v", tt.first17, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseIDNumber(t *testing.T) {
	type want struct {
		number, region string
		birth          time.Time
		sex            register.Sex
	}
	valid := []struct {
		name string
		in   string
		want want
	}{
		{"GB 11643 example: a woman born 1949-12-31", "11010519491231002X",
			want{"11010519491231002X", "110105", register.Date(1949, 12, 31), register.Female}},
		{"lower-case x normalised", "11010519491231002x",
			want{"11010519491231002X", "110105", register.Date(1949, 12, 31), register.Female}},
		{"full-width with spaces", " １１０１０５ １９４９１２３１ ００２ｘ ",
			want{"11010519491231002X", "110105", register.Date(1949, 12, 31), register.Female}},
		{"odd 17th digit: male", withCheck(t, "32050819800101001"),
			want{"320508198001010016", "320508", register.Date(1980, 1, 1), register.Male}},
		{"leap day 2000", withCheck(t, "32050820000229002"),
			want{withCheck(t, "32050820000229002"), "320508", register.Date(2000, 2, 29), register.Female}},
		{"1 January 1900, the earliest accepted", withCheck(t, "32050819000101009"),
			want{withCheck(t, "32050819000101009"), "320508", register.Date(1900, 1, 1), register.Male}},
		{"born today in China", withCheck(t, "32050820260302004"),
			want{withCheck(t, "32050820260302004"), "320508", register.Date(2026, 3, 2), register.Female}},
		{"Hong Kong resident's residence permit", withCheck(t, "81000019900101005"),
			want{withCheck(t, "81000019900101005"), "810000", register.Date(1990, 1, 1), register.Male}},
		{"foreigner's permanent residence ID (2023)", withCheck(t, "93112519850707006"),
			want{withCheck(t, "93112519850707006"), "931125", register.Date(1985, 7, 7), register.Female}},
	}
	for _, tt := range valid {
		t.Run(tt.name, func(t *testing.T) {
			got, err := register.ParseIDNumber(tt.in, now)
			if err != nil {
				t.Fatalf("ParseIDNumber(%q): %v", tt.in, err)
			}
			if got.Number != tt.want.number || got.Region != tt.want.region || !got.Birth.Equal(tt.want.birth) || got.Sex != tt.want.sex {
				t.Errorf("ParseIDNumber(%q) = %+v, want %+v", tt.in, got, tt.want)
			}
		})
	}

	invalid := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", register.ErrIDLength},
		{"17 characters", "11010519491231002", register.ErrIDLength},
		{"19 characters", "11010519491231002X1", register.ErrIDLength},
		{"first-generation 15-digit number", "110105491231002", register.ErrIDLength},
		{"X before the end", "1101051949123100X2", register.ErrIDChars},
		{"two X", "1101051949123100XX", register.ErrIDChars},
		{"letter other than X last", "11010519491231002Y", register.ErrIDChars},
		{"letter inside", "1101051949A231002X", register.ErrIDChars},
		{"18 characters, one Chinese", "11010519491231002号", register.ErrIDChars},
		{"minus sign", "-1010519491231002X", register.ErrIDChars},
		{"month 13", "110105194913310020", register.ErrIDDate},
		{"month 00", "110105194900310020", register.ErrIDDate},
		{"day 00", "110105194912000020", register.ErrIDDate},
		{"31 April", "110105194904310020", register.ErrIDDate},
		{"29 February of a common year", "110105194902290020", register.ErrIDDate},
		{"29 February 1900, not a leap year", "110105190002290020", register.ErrIDDate},
		{"year 0000", "110105000001010020", register.ErrIDEarly},
		{"GB 11643's own example, born 1880", "440524188001010014", register.ErrIDEarly},
		{"31 December 1899", withCheck(t, "11010518991231002"), register.ErrIDEarly},
		{"born tomorrow", withCheck(t, "32050820260303004"), register.ErrIDFuture},
		{"born in 2030", withCheck(t, "32050820300101004"), register.ErrIDFuture},
		{"wrong check character", "110105194912310021", register.ErrIDCheck},
		{"one digit mistyped", "11010519491231003X", register.ErrIDCheck},
		{"two digits swapped", "11010519491213002X", register.ErrIDCheck},
	}
	for _, tt := range invalid {
		t.Run(tt.name, func(t *testing.T) {
			got, err := register.ParseIDNumber(tt.in, now)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ParseIDNumber(%q) = %+v, %v; want %v", tt.in, got, err, tt.want)
			}
			if got != (register.IDNumber{}) {
				t.Errorf("a refused number returned %+v", got)
			}
			checkTranslatable(t, errs.M(err.(register.Problem).Key()))
		})
	}
}

// "Today" is the day in China: a baby born on 2 March is registrable from midnight in
// Suzhou, while it is still 1 March in UTC.
func TestParseIDNumberChinaDay(t *testing.T) {
	born := withCheck(t, "32050820260302004")
	tests := []struct {
		name string
		now  time.Time
		want error
	}{
		{"00:00 on 2 March in China (16:00 UTC on 1 March)", time.Date(2026, 3, 1, 16, 0, 0, 0, time.UTC), nil},
		{"23:59 on 1 March in China", time.Date(2026, 3, 1, 15, 59, 59, 0, time.UTC), register.ErrIDFuture},
		{"a clock in New York, 2 March in China", time.Date(2026, 3, 1, 11, 0, 0, 0, time.FixedZone("EST", -5*3600)), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := register.ParseIDNumber(born, tt.now); !errors.Is(err, tt.want) {
				t.Errorf("ParseIDNumber at %v: %v, want %v", tt.now, err, tt.want)
			}
		})
	}
}

// ISO 7064 MOD 11-2 catches every single mistyped character and every swap of two
// neighbours: check it does, for every position of a real number.
func TestParseIDNumberCatchesTypos(t *testing.T) {
	const good = "11010519491231002X"
	for i := range len(good) {
		for _, c := range "0123456789X" {
			if byte(c) == good[i] || c == 'X' && i < 17 {
				continue
			}
			typo := good[:i] + string(c) + good[i+1:]
			if _, err := register.ParseIDNumber(typo, now); err == nil {
				t.Errorf("typo %q at %d accepted", typo, i)
			}
		}
		if i < len(good)-1 && good[i] != good[i+1] {
			swapped := good[:i] + string(good[i+1]) + string(good[i]) + good[i+2:]
			if _, err := register.ParseIDNumber(swapped, now); err == nil {
				t.Errorf("swap %q at %d accepted", swapped, i)
			}
		}
	}
}

func TestSex(t *testing.T) {
	tests := []struct {
		sex   register.Sex
		valid bool
		key   string
	}{
		{register.Male, true, "sex.male"},
		{register.Female, true, "sex.female"},
		{"", false, "sex."},
		{"M", false, "sex.M"},
	}
	for _, tt := range tests {
		t.Run(string(tt.sex), func(t *testing.T) {
			if got := tt.sex.Valid(); got != tt.valid {
				t.Errorf("Valid() = %v, want %v", got, tt.valid)
			}
			if got := tt.sex.Key(); got != tt.key {
				t.Errorf("Key() = %q, want %q", got, tt.key)
			}
			if tt.valid {
				checkTranslatable(t, errs.M(tt.sex.Key()))
			}
		})
	}
}
