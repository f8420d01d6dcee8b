package register_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

// realCodes are unified social credit codes printed on the business licences of
// well-known companies. Each one also satisfies the GB 11714 check of the organisation
// code inside it (see orgCodeCheck), which a mistyped or invented code would not:
// independent evidence that the test data is real, not made by the algorithm under test.
var realCodes = []struct{ name, code, region string }{
	{"华为技术有限公司", "914403001922038216", "440300"},
	{"腾讯科技（深圳）有限公司", "9144030071526726XG", "440300"},
	{"小米科技有限责任公司", "91110108551385082Q", "110108"},
	{"阿里巴巴（中国）有限公司", "91330100716105852F", "330100"},
	{"北京百度网讯科技有限公司", "91110000802100433B", "110000"},
	{"the code quoted in explanations of GB 32100", "91350100M000100Y43", "350100"},
}

// orgCodeCheck is the GB 11714-1997 check character of an 8-character organisation code:
// weights 3 7 9 10 5 8 4 2, letters worth 10–35, 11 − sum mod 11 written X for 10 and 0
// for 11. It is written here, independently of the package, to vouch for realCodes.
func orgCodeCheck(s string) byte {
	w := []int{3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i := range 8 {
		v := strings.IndexByte("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", s[i])
		sum += v * w[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X'
	case 11:
		return '0'
	default:
		return byte('0' + c)
	}
}

func TestRealCodesAreReal(t *testing.T) {
	for _, c := range realCodes {
		if got := orgCodeCheck(c.code[8:16]); got != c.code[16] {
			t.Errorf("%s: organisation code %s has GB 11714 check %c, want %c", c.name, c.code[8:17], c.code[16], got)
		}
	}
}

func TestUSCCCheckChar(t *testing.T) {
	tests := []struct {
		name, first17 string
		want          byte
		ok            bool
	}{
		{"Huawei", "91440300192203821", '6', true},
		{"Tencent", "9144030071526726X", 'G', true},
		{"sum divisible by 31 gives 0", "00000000000000000", '0', true},
		{"16 characters", "9144030019220382", 0, false},
		{"letter I", "9144030019220382I", 0, false},
		{"lower case", "9144030071526726x", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := register.USCCCheckChar(tt.first17)
			if got != tt.want || ok != tt.ok {
				t.Errorf("USCCCheckChar(%q) = %q, %v; want %q, %v", tt.first17, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseUSCCReal(t *testing.T) {
	for _, c := range realCodes {
		t.Run(c.name, func(t *testing.T) {
			got, err := register.ParseUSCC(c.code)
			if err != nil {
				t.Fatalf("ParseUSCC(%q): %v", c.code, err)
			}
			want := register.USCC{Code: c.code, Authority: c.code[0], Category: c.code[1], Region: c.region, Subject: c.code[8:17]}
			if got != want {
				t.Errorf("ParseUSCC(%q) = %+v, want %+v", c.code, got, want)
			}
		})
	}
}

// Every registration authority and category of GB 32100 parses, with a region and a
// subject identifier made up around it and the check character computed.
func TestParseUSCCEveryCategory(t *testing.T) {
	valid := []string{"11", "12", "13", "19", "21", "29", "31", "32", "33", "34", "35", "39", "41", "49",
		"51", "52", "53", "59", "61", "62", "69", "71", "72", "79", "81", "89", "91", "92", "93",
		"A1", "A9", "N1", "N2", "N3", "N9", "Y1"}
	for _, ac := range valid {
		t.Run(ac, func(t *testing.T) {
			first17 := ac + "320508" + "MA1MXYP0U"
			c, ok := register.USCCCheckChar(first17)
			if !ok {
				t.Fatalf("USCCCheckChar(%q) failed", first17)
			}
			if _, err := register.ParseUSCC(first17 + string(c)); err != nil {
				t.Errorf("ParseUSCC(%s%c): %v", first17, c, err)
			}
		})
	}
	invalid := []string{"01", "10", "14", "22", "36", "42", "54", "63", "73", "82", "90", "94", "99", "A2", "N4", "Y9", "B1", "M1"}
	for _, ac := range invalid {
		t.Run("not issued "+ac, func(t *testing.T) {
			first17 := ac + "320508" + "MA1MXYP0U"
			c, _ := register.USCCCheckChar(first17)
			if _, err := register.ParseUSCC(first17 + string(c)); !errors.Is(err, register.ErrUSCCAuthority) {
				t.Errorf("ParseUSCC(%s%c) = %v, want %v", first17, c, err, register.ErrUSCCAuthority)
			}
		})
	}
}

func TestParseUSCC(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
		code     string
	}{
		{"lower case and spaces", " 9144 0300 7152 6726 xg ", nil, "9144030071526726XG"},
		{"full-width", "９１４４０３００１９２２０３８２１６", nil, "914403001922038216"},
		{"empty", "", register.ErrUSCCLength, ""},
		{"17 characters", "91440300192203821", register.ErrUSCCLength, ""},
		{"19 characters", "9144030019220382166", register.ErrUSCCLength, ""},
		{"old 15-digit business registration number", "440301103082818", register.ErrUSCCLength, ""},
		{"letter I", "91440300I92203821X", register.ErrUSCCChars, ""},
		{"letter O", "9144030O1922038216", register.ErrUSCCChars, ""},
		{"letter S", "91440300S92203821X", register.ErrUSCCChars, ""},
		{"letter V", "9144030019220382V6", register.ErrUSCCChars, ""},
		{"letter Z", "Z14403001922038216", register.ErrUSCCChars, ""},
		{"punctuation", "91440300-922038216", register.ErrUSCCChars, ""},
		{"a Chinese character", "9144030019220382号6", register.ErrUSCCChars, ""},
		{"unknown authority 0", "014403001922038216", register.ErrUSCCAuthority, ""},
		{"enterprise authority with category 4", "944403001922038216", register.ErrUSCCAuthority, ""},
		{"letters in the region code", "9144A3001922038216", register.ErrUSCCRegion, ""},
		{"last character changed", "9144030071526726XH", register.ErrUSCCCheck, ""},
		{"two characters swapped", "9144030071526762XG", register.ErrUSCCCheck, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := register.ParseUSCC(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("ParseUSCC(%q) = %+v, %v; want %v", tt.in, got, err, tt.want)
			}
			if got.Code != tt.code {
				t.Errorf("ParseUSCC(%q).Code = %q, want %q", tt.in, got.Code, tt.code)
			}
			if err != nil {
				checkTranslatable(t, errs.M(err.(register.Problem).Key()))
			}
		})
	}
}

// The mod-31 check catches every single mistyped character and every swap of two
// neighbours (31 is prime and neighbouring weights differ): check it does.
func TestParseUSCCCatchesTypos(t *testing.T) {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	for _, c := range realCodes {
		good := c.code
		for i := range len(good) {
			for _, r := range alphabet {
				if byte(r) == good[i] {
					continue
				}
				typo := good[:i] + string(r) + good[i+1:]
				if _, err := register.ParseUSCC(typo); err == nil {
					t.Errorf("%s: typo %q at %d accepted", c.name, typo, i)
				}
			}
			if i < len(good)-1 && good[i] != good[i+1] {
				swapped := good[:i] + string(good[i+1]) + string(good[i]) + good[i+2:]
				if _, err := register.ParseUSCC(swapped); err == nil {
					t.Errorf("%s: swap %q at %d accepted", c.name, swapped, i)
				}
			}
		}
	}
}
