package register

import (
	"regexp"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
)

// The problems phone parsers report. err.mobile is shared with accounts, so a resident
// sees the same words on the sign-up page and in the register.
const (
	ErrMobile       Problem = "err.mobile"
	ErrContactPhone Problem = "err.contact_phone"
)

// NormalizeMobile folds full-width digits, then strips spaces, dashes and a +86 or 86
// prefix exactly as accounts do, so a resident's phone in the register and on their
// account hash to the same lookup value.
func NormalizeMobile(s string) string { return account.NormalizePhone(foldWidth(s)) }

// ParseMobile normalises s and checks that it is a mainland mobile number (11 digits,
// "1" then 3–9), returning the normalised number.
func ParseMobile(s string) (string, error) {
	s = NormalizeMobile(s)
	if !account.ValidMobile(s) {
		return "", ErrMobile
	}
	return s, nil
}

// landline matches a fixed-line number: an optional area code (0 and 2–3 digits), a 7–8
// digit local number not starting with 0 or 1, and an optional extension; or a 400/800
// service number, which property companies often give.
var landline = regexp.MustCompile(`^(?:(?:0\d{2,3}-?)?[2-9]\d{6,7}(?:-\d{1,6})?|[48]00-?\d{3}-?\d{4})$`)

// ParseContactPhone accepts what an organisation gives as a contact number: a mobile
// (normalised as ParseMobile does) or a landline, kept as typed apart from spaces and
// full-width digits because its dashes help people read it.
func ParseContactPhone(s string) (string, error) {
	if m, err := ParseMobile(s); err == nil {
		return m, nil
	}
	s = compact(s)
	s = strings.NewReplacer("(", "", ")", "").Replace(s) // (0512)65221234; full-width brackets were folded above
	if !landline.MatchString(s) {
		return "", ErrContactPhone
	}
	return s, nil
}
