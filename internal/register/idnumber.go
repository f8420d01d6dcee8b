package register

import (
	"strings"
	"time"
)

// The problems ParseIDNumber reports, each with its own message so a person knows which
// part to look at again.
const (
	ErrIDLength Problem = "err.id_number_length" // not 18 characters
	ErrIDChars  Problem = "err.id_number_chars"  // not 17 digits and a digit or X
	ErrIDDate   Problem = "err.id_number_date"   // the birth date does not exist
	ErrIDEarly  Problem = "err.id_number_early"  // born before 1900
	ErrIDFuture Problem = "err.id_number_future" // born after today
	ErrIDCheck  Problem = "err.id_number_check"  // the check character does not match
)

// Sex is a person's sex as recorded on their identity document.
type Sex string

// The sexes.
const (
	Male   Sex = "male"
	Female Sex = "female"
)

// Sexes lists the sexes in display order.
var Sexes = []Sex{Male, Female}

// Valid reports whether s is a known sex.
func (s Sex) Valid() bool { return oneOf(s, Sexes) }

// Key is the catalogue key of the sex's name.
func (s Sex) Key() string { return "sex." + string(s) }

// IDNumber is a parsed citizen identity number (公民身份号码, GB 11643-1999). The same
// layout is used by the residence permits of Hong Kong, Macao and Taiwan residents (region
// 810000, 820000, 830000) and by the 2023 permanent residence ID cards of foreigners
// (first digit 9), so all of them parse here.
type IDNumber struct {
	Number string    // the 18 characters, with an upper-case X
	Region string    // 6-digit address code (GB/T 2260) of the place of first registration
	Birth  time.Time // birth date (a civil date, midnight UTC)
	Sex    Sex       // from the parity of the 17th digit: odd is male
}

// earliestBirth bounds birth dates from below: nobody born before 1900 is alive to be
// registered, and a 18xx date is a typo.
var earliestBirth = Date(1900, 1, 1)

// idWeights are the GB 11643 weights 2^(17-i) mod 11 of the first 17 digits.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// NormalizeIDNumber removes spaces, folds full-width characters and upper-cases the
// check character x, so that the same number typed two ways is stored, hashed and
// compared as one.
func NormalizeIDNumber(s string) string { return strings.ToUpper(compact(s)) }

// IDCheckChar returns the GB 11643 check character (ISO 7064 MOD 11-2) for the first 17
// digits of an ID number, and false when first17 is not 17 digits.
func IDCheckChar(first17 string) (byte, bool) {
	if len(first17) != 17 || !allDigits(first17) {
		return 0, false
	}
	sum := 0
	for i := range 17 {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return "10X98765432"[sum%11], true
}

// ParseIDNumber normalises and checks an ID number and returns what it says. now is the
// current time; birth dates after today (in China) are refused.
//
// The date is checked before the check character because it names the part to look at:
// a birth date of 19491331 is a typo in the date, which a check-character message would
// not say.
func ParseIDNumber(s string, now time.Time) (IDNumber, error) {
	s = NormalizeIDNumber(s)
	if len(s) != 18 || !isASCII(s) {
		if len([]rune(s)) != 18 {
			return IDNumber{}, ErrIDLength
		}
		return IDNumber{}, ErrIDChars
	}
	if !allDigits(s[:17]) || !(s[17] == 'X' || s[17] >= '0' && s[17] <= '9') {
		return IDNumber{}, ErrIDChars
	}
	birth, err := ParseDate(s[6:14])
	if err != nil {
		return IDNumber{}, ErrIDDate
	}
	if birth.Before(earliestBirth) {
		return IDNumber{}, ErrIDEarly
	}
	if birth.After(Today(now)) {
		return IDNumber{}, ErrIDFuture
	}
	if c, _ := IDCheckChar(s[:17]); c != s[17] {
		return IDNumber{}, ErrIDCheck
	}
	sex := Female
	if (s[16]-'0')%2 == 1 {
		sex = Male
	}
	return IDNumber{Number: s, Region: s[:6], Birth: birth, Sex: sex}, nil
}

// isASCII reports whether s has only ASCII bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
