package account

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
)

// User is an account. The phone number is personal data: storage keeps it encrypted and
// only hands it out masked unless the caller unmasks it with a purpose.
type User struct {
	ID           int64
	Username     string // empty for residents, who sign in with their phone
	DisplayName  string
	Role         Role
	NodeID       int64
	UnitID       int64
	PhoneMasked  string // 138****5678, or ""
	HasPhone     bool
	Disabled     *time.Time
	LockedUntil  *time.Time
	FailedLogins int
	MustChangePW bool
	Lang         string
	Created      time.Time
	Updated      time.Time
	LastLogin    *time.Time
	Version      int

	NodeName string // filled by queries that join the node or unit
	NodeCode string // the node's full code, which tells apart places of one name
	NodePath string
	UnitName string
}

// IsDisabled reports whether the account may no longer sign in.
func (u *User) IsDisabled() bool { return u.Disabled != nil }

// IsLocked reports whether repeated failed sign-ins lock the account at now.
func (u *User) IsLocked(now time.Time) bool {
	return u.LockedUntil != nil && now.Before(*u.LockedUntil)
}

// Lockout is the policy for repeated failed sign-ins.
type Lockout struct {
	MaxFailures int           // failures in a row that lock the account
	LockFor     time.Duration // how long it stays locked
}

// DefaultLockout locks an account for 15 minutes after 5 failures in a row.
var DefaultLockout = Lockout{MaxFailures: 5, LockFor: 15 * time.Minute}

// AfterFailure returns the failure count and lock expiry after one more failure.
func (l Lockout) AfterFailure(failures int, now time.Time) (int, *time.Time) {
	failures++
	if failures >= l.MaxFailures {
		until := now.Add(l.LockFor)
		return 0, &until
	}
	return failures, nil
}

// UserInput is what an administrator types to create or edit an account.
type UserInput struct {
	Username    string
	DisplayName string
	Role        Role
	NodeID      int64
	UnitID      int64
	Phone       string // when editing, blank keeps the stored number
	Password    string // only when creating
	// PasswordHash, when set by a system principal creating an account, is Password
	// already hashed (secret.HashPassword), so that a seeder creating many accounts
	// with one password hashes it once. Never filled from a request.
	PasswordHash string
}

// Normalize trims spaces and lower-cases the username.
func (in *UserInput) Normalize() {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.DisplayName = strings.TrimSpace(in.DisplayName)
	in.Phone = NormalizePhone(in.Phone)
}

// Binding is what the account will be bound to, looked up by the caller of Validate.
type Binding struct {
	Node *admin.Node
	Unit *admin.Unit
}

// Validate checks an account's fields. creating says whether a password is expected.
func (in UserInput) Validate(b Binding, creating bool) error {
	var v errs.Validation
	if in.Role != Resident || in.Username != "" {
		ValidateUsername(&v, in.Username)
	}
	if v.Require("display_name", in.DisplayName) {
		v.MaxLen("display_name", in.DisplayName, 40)
	}
	if !in.Role.Valid() {
		v.Add("role", "err.choose_one")
	}
	switch {
	case in.Role.BindsUnit():
		if b.Unit == nil {
			v.Add("unit_id", "err.required")
		} else if b.Unit.IsRetired() {
			v.Add("unit_id", "err.unit_retired")
		}
	case in.Role.BindsNode():
		switch {
		case b.Node == nil:
			v.Add("node_id", "err.required")
		case b.Node.IsRetired():
			v.Add("node_id", "err.node_parent_retired")
		case !in.Role.AllowsLevel(b.Node.Level):
			v.Add("node_id", "err.role_level", errs.M(in.Role.Key()))
		}
	}
	if in.Role == Resident && creating {
		v.Require("phone", in.Phone) // residents sign in with their phone
	}
	if in.Phone != "" {
		v.Check(ValidMobile(in.Phone), "phone", "err.mobile")
	}
	if creating {
		ValidatePassword(&v, "password", in.Password)
	}
	return v.Err()
}

// ValidateUsername checks a sign-in name: 3–32 characters of a–z, 0–9, '.', '_' or '-',
// starting with a letter, so it can never be mistaken for a phone number.
func ValidateUsername(v *errs.Validation, s string) {
	if !v.Require("username", s) {
		return
	}
	ok := len(s) >= 3 && len(s) <= 32 && s[0] >= 'a' && s[0] <= 'z'
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			ok = false
		}
	}
	v.Check(ok, "username", "err.username")
}

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 8

// ValidatePassword checks a new password: at least 8 characters, at most 128, and not
// only digits or only letters.
func ValidatePassword(v *errs.Validation, field, pw string) {
	if !v.Require(field, pw) {
		return
	}
	n := utf8.RuneCountInString(pw)
	if !v.Check(n >= MinPasswordLen, field, "err.password_short", MinPasswordLen) {
		return
	}
	if !v.Check(n <= 128, field, "err.too_long", 128) {
		return
	}
	var letters, digits, others int
	for _, r := range pw {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			letters++
		case unicode.IsSpace(r): // spaces are allowed but add no strength
		default:
			others++
		}
	}
	if !v.Check(letters+others > 0 && digits+others > 0, field, "err.password_weak") {
		return
	}
	v.Check(!commonPasswords[strings.ToLower(pw)], field, "err.password_common")
}

// commonPasswords are passwords that pass the rules above yet head every list of leaked
// passwords, in China and elsewhere: the first ones an attacker tries.
var commonPasswords = map[string]bool{}

func init() {
	for _, pw := range strings.Fields(`a1234567 a12345678 a123456789 aa123456 aa12345678 abc12345 abc123456
		abcd1234 abcd12345 12345678a 123456789a 123456abc 1qaz2wsx 1q2w3e4r 1q2w3e4r5t qwe12345 qwe123456
		qwer1234 qwerty123 qwerty12 password1 password123 passw0rd p@ssw0rd p@ssword admin123 admin1234
		admin888 woaini1314 woaini520 iloveyou1 zxcvbnm1 asdf1234 asd123456 zxc123456 q1w2e3r4 a1b2c3d4
		1234qwer 123qweasd qweasd123 qazwsx123 shequ123 shequ1234 test1234 abc@1234 admin@123 p@ss1234`) {
		commonPasswords[pw] = true
	}
}

// NormalizePhone strips spaces, dashes and a +86 / 86 prefix from a mobile number.
func NormalizePhone(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "+86")
	if len(s) == 13 && strings.HasPrefix(s, "86") {
		s = s[2:]
	}
	return s
}

// ValidMobile reports whether s is a mainland mobile number: 11 digits, "1" then 3–9.
func ValidMobile(s string) bool {
	if len(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9' {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
