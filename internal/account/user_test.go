package account_test

import (
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
)

var t0 = time.Date(2026, 1, 5, 9, 30, 0, 0, time.UTC)

func timeAt(d time.Duration) *time.Time { x := t0.Add(d); return &x }

func TestUserIsDisabled(t *testing.T) {
	tests := []struct {
		name string
		user account.User
		want bool
	}{
		{"enabled", account.User{ID: 1}, false},
		{"disabled", account.User{ID: 1, Disabled: timeAt(-time.Hour)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.user.IsDisabled(); got != tt.want {
				t.Errorf("IsDisabled() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestUserIsLocked(t *testing.T) {
	tests := []struct {
		name string
		user account.User
		want bool
	}{
		{"never locked", account.User{ID: 1}, false},
		{"never locked, with failures", account.User{ID: 1, FailedLogins: 4}, false},
		{"locked until later", account.User{ID: 1, LockedUntil: timeAt(time.Minute)}, true},
		{"locked for one more nanosecond", account.User{ID: 1, LockedUntil: timeAt(time.Nanosecond)}, true},
		{"lock ends now", account.User{ID: 1, LockedUntil: timeAt(0)}, false},
		{"lock ended", account.User{ID: 1, LockedUntil: timeAt(-time.Minute)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.user.IsLocked(t0); got != tt.want {
				t.Errorf("IsLocked(t0) = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDefaultLockoutPolicy(t *testing.T) {
	want := account.Lockout{MaxFailures: 5, LockFor: 15 * time.Minute}
	if account.DefaultLockout != want {
		t.Errorf("DefaultLockout = %+v, want %+v", account.DefaultLockout, want)
	}
}

func TestLockoutAfterFailure(t *testing.T) {
	tests := []struct {
		name     string
		policy   account.Lockout
		failures int // before this failure
		wantN    int
		wantLock *time.Time
	}{
		{"first failure counts", account.DefaultLockout, 0, 1, nil},
		{"third failure counts", account.DefaultLockout, 2, 3, nil},
		{"fourth failure still counts", account.DefaultLockout, 3, 4, nil},
		{"fifth failure locks for 15 minutes and resets the count", account.DefaultLockout, 4, 0, timeAt(15 * time.Minute)},
		{"a failure past the limit locks too", account.DefaultLockout, 7, 0, timeAt(15 * time.Minute)},
		{"custom policy: third failure locks for an hour", account.Lockout{MaxFailures: 3, LockFor: time.Hour}, 2, 0, timeAt(time.Hour)},
		{"custom policy: second failure counts", account.Lockout{MaxFailures: 3, LockFor: time.Hour}, 1, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, until := tt.policy.AfterFailure(tt.failures, t0)
			if n != tt.wantN {
				t.Errorf("failures = %d, want %d", n, tt.wantN)
			}
			switch {
			case tt.wantLock == nil && until != nil:
				t.Errorf("locked until %v, want no lock", *until)
			case tt.wantLock != nil && until == nil:
				t.Errorf("no lock, want locked until %v", *tt.wantLock)
			case tt.wantLock != nil && !until.Equal(*tt.wantLock):
				t.Errorf("locked until %v, want %v", *until, *tt.wantLock)
			}
		})
	}
}

// TestLockoutSequence plays the sign-in story with explicit times: four failures leave
// the account open, the fifth locks it for 15 minutes counted from that failure, the lock
// lifts at exactly 15 minutes, and then it takes five more failures to lock it again.
func TestLockoutSequence(t *testing.T) {
	u := account.User{ID: 1}
	fail := func(at time.Time) {
		n, until := account.DefaultLockout.AfterFailure(u.FailedLogins, at)
		u.FailedLogins, u.LockedUntil = n, until
	}
	now := t0
	for i := 1; i <= 4; i++ {
		now = now.Add(10 * time.Second)
		fail(now)
		if u.FailedLogins != i || u.IsLocked(now) {
			t.Fatalf("after %d failures: count %d, locked %v; want %d, not locked", i, u.FailedLogins, u.IsLocked(now), i)
		}
	}
	now = now.Add(10 * time.Second)
	fail(now)
	lockedAt := now
	if u.FailedLogins != 0 {
		t.Errorf("after the 5th failure: count %d, want it reset to 0", u.FailedLogins)
	}
	checks := []struct {
		name   string
		at     time.Time
		locked bool
	}{
		{"at the 5th failure", lockedAt, true},
		{"14m59s later", lockedAt.Add(15*time.Minute - time.Second), true},
		{"1ns before 15 minutes", lockedAt.Add(15*time.Minute - time.Nanosecond), true},
		{"15 minutes later", lockedAt.Add(15 * time.Minute), false},
		{"an hour later", lockedAt.Add(time.Hour), false},
	}
	for _, c := range checks {
		if got := u.IsLocked(c.at); got != c.locked {
			t.Errorf("%s: IsLocked = %v, want %v", c.name, got, c.locked)
		}
	}
	// After the lock lifts, the count starts again from zero.
	now = lockedAt.Add(16 * time.Minute)
	for i := 1; i <= 4; i++ {
		fail(now)
		if u.LockedUntil != nil {
			t.Fatalf("failure %d after the lock lifted locked the account again", i)
		}
	}
	fail(now)
	if !u.IsLocked(now) {
		t.Errorf("5th failure after the lock lifted did not lock the account")
	}
}

func TestUserInputNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   account.UserInput
		want account.UserInput
	}{
		{"already clean", account.UserInput{Username: "zhangwei", DisplayName: "张伟", Phone: "13800138000"},
			account.UserInput{Username: "zhangwei", DisplayName: "张伟", Phone: "13800138000"}},
		{"user name trimmed and lower-cased", account.UserInput{Username: "  ZhangWei \t", DisplayName: "张伟"},
			account.UserInput{Username: "zhangwei", DisplayName: "张伟"}},
		{"display name trimmed, inner space kept", account.UserInput{DisplayName: "  Li Ming \n"},
			account.UserInput{DisplayName: "Li Ming"}},
		{"phone with +86, spaces and dashes", account.UserInput{Phone: " +86 138-0013-8000 "},
			account.UserInput{Phone: "13800138000"}},
		{"other fields untouched", account.UserInput{Username: "A", Role: account.Staff, NodeID: 3, UnitID: 4, Password: " pass word "},
			account.UserInput{Username: "a", Role: account.Staff, NodeID: 3, UnitID: 4, Password: " pass word "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in
			got.Normalize()
			if got != tt.want {
				t.Errorf("Normalize() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestUserInputValidate(t *testing.T) {
	node := func(id int64, l admin.Level) *admin.Node {
		return &admin.Node{ID: id, Level: l, Code: "001", Name: "节点", Path: "/1/"}
	}
	var (
		city      = node(1, admin.City)
		district  = node(3, admin.District)
		street    = node(5, admin.Street)
		community = node(7, admin.Community)
		grid      = node(11, admin.Grid)
		microgrid = node(12, admin.Microgrid)
		retired   = &admin.Node{ID: 4, Level: admin.District, Path: "/1/4/", Retired: timeAt(-time.Hour)}
		unit      = &admin.Unit{ID: 2, NodeID: 3, Kind: admin.Department, Name: "城管局"}
		oldUnit   = &admin.Unit{ID: 6, NodeID: 3, Kind: admin.Department, Name: "旧单位", Retired: timeAt(-time.Hour)}
	)
	const pw = "gusu2026"
	staff := account.UserInput{Username: "zhangwei", DisplayName: "张伟", Role: account.Staff, NodeID: 3, Password: pw}
	with := func(in account.UserInput, f func(*account.UserInput)) account.UserInput {
		f(&in)
		return in
	}
	resident := account.UserInput{DisplayName: "王秀英", Role: account.Resident, Phone: "13800138000", Password: pw}
	handler := account.UserInput{Username: "handler1", DisplayName: "李强", Role: account.Handler, UnitID: 2, Password: pw}

	tests := []struct {
		name     string
		in       account.UserInput
		binding  account.Binding
		creating bool
		want     []errs.FieldError
	}{
		{"staff of a district", staff, account.Binding{Node: district}, true, nil},
		{"staff of a street", staff, account.Binding{Node: street}, true, nil},
		{"staff of a community", staff, account.Binding{Node: community}, true, nil},
		{"staff with a mobile", with(staff, func(in *account.UserInput) { in.Phone = "13912345678" }), account.Binding{Node: district}, true, nil},
		{"editing needs no password", with(staff, func(in *account.UserInput) { in.Password = "" }), account.Binding{Node: district}, false, nil},
		{"editing ignores a weak password", with(staff, func(in *account.UserInput) { in.Password = "123" }), account.Binding{Node: district}, false, nil},
		{"leader of a city", with(staff, func(in *account.UserInput) { in.Role = account.Leader }), account.Binding{Node: city}, true, nil},
		{"supervisor of a community", with(staff, func(in *account.UserInput) { in.Role = account.Supervisor }), account.Binding{Node: community}, true, nil},
		{"grid worker of a grid", with(staff, func(in *account.UserInput) { in.Role = account.GridWorker }), account.Binding{Node: grid}, true, nil},
		{"grid worker of a micro-grid", with(staff, func(in *account.UserInput) { in.Role = account.GridWorker }), account.Binding{Node: microgrid}, true, nil},
		{"admin bound to nothing", with(staff, func(in *account.UserInput) { in.Role = account.Admin; in.NodeID = 0 }), account.Binding{}, true, nil},
		{"admin: a binding is not checked", with(staff, func(in *account.UserInput) { in.Role = account.Admin }), account.Binding{Node: retired}, true, nil},
		{"handler of a unit", handler, account.Binding{Unit: unit}, true, nil},
		{"resident with a phone and no user name", resident, account.Binding{}, true, nil},
		{"resident with a user name", with(resident, func(in *account.UserInput) { in.Username = "wangxy" }), account.Binding{}, true, nil},
		{"resident edited without a phone keeps the stored one", with(resident, func(in *account.UserInput) { in.Phone = "" }), account.Binding{}, false, nil},
		{"display name of 40 characters", with(staff, func(in *account.UserInput) { in.DisplayName = runes("张", 40) }), account.Binding{Node: district}, true, nil},

		{"no user name", with(staff, func(in *account.UserInput) { in.Username = "" }), account.Binding{Node: district}, true,
			[]errs.FieldError{fe("username", "err.required")}},
		{"user name not normalised", with(staff, func(in *account.UserInput) { in.Username = "ZhangWei" }), account.Binding{Node: district}, true,
			[]errs.FieldError{fe("username", "err.username")}},
		{"resident with a bad user name", with(resident, func(in *account.UserInput) { in.Username = "1abc" }), account.Binding{}, true,
			[]errs.FieldError{fe("username", "err.username")}},
		{"no display name", with(staff, func(in *account.UserInput) { in.DisplayName = "" }), account.Binding{Node: district}, true,
			[]errs.FieldError{fe("display_name", "err.required")}},
		{"display name of 41 characters", with(staff, func(in *account.UserInput) { in.DisplayName = runes("张", 41) }), account.Binding{Node: district}, true,
			[]errs.FieldError{fe("display_name", "err.too_long", 40)}},
		{"unknown role reports only the role", with(staff, func(in *account.UserInput) { in.Role = "boss" }), account.Binding{Node: district}, true,
			[]errs.FieldError{fe("role", "err.choose_one")}},
		{"staff without a node", staff, account.Binding{}, true,
			[]errs.FieldError{fe("node_id", "err.required")}},
		{"staff of a retired node", staff, account.Binding{Node: retired}, true,
			[]errs.FieldError{fe("node_id", "err.node_parent_retired")}},
		{"staff of a city", staff, account.Binding{Node: city}, true,
			[]errs.FieldError{fe("node_id", "err.role_level", errs.M("role.staff"))}},
		{"staff of a grid", staff, account.Binding{Node: grid}, true,
			[]errs.FieldError{fe("node_id", "err.role_level", errs.M("role.staff"))}},
		{"grid worker of a community", with(staff, func(in *account.UserInput) { in.Role = account.GridWorker }), account.Binding{Node: community}, true,
			[]errs.FieldError{fe("node_id", "err.role_level", errs.M("role.grid_worker"))}},
		{"leader of a grid", with(staff, func(in *account.UserInput) { in.Role = account.Leader }), account.Binding{Node: grid}, true,
			[]errs.FieldError{fe("node_id", "err.role_level", errs.M("role.leader"))}},
		{"handler without a unit", handler, account.Binding{}, true,
			[]errs.FieldError{fe("unit_id", "err.required")}},
		{"handler given a node instead of a unit", handler, account.Binding{Node: district}, true,
			[]errs.FieldError{fe("unit_id", "err.required")}},
		{"handler of a retired unit", handler, account.Binding{Unit: oldUnit}, true,
			[]errs.FieldError{fe("unit_id", "err.unit_retired")}},
		{"resident created without a phone", with(resident, func(in *account.UserInput) { in.Phone = "" }), account.Binding{}, true,
			[]errs.FieldError{fe("phone", "err.required")}},
		{"resident with a landline", with(resident, func(in *account.UserInput) { in.Phone = "051265221234" }), account.Binding{}, true,
			[]errs.FieldError{fe("phone", "err.mobile")}},
		{"resident with a 10-digit phone", with(resident, func(in *account.UserInput) { in.Phone = "1380013800" }), account.Binding{}, false,
			[]errs.FieldError{fe("phone", "err.mobile")}},
		{"resident phone not normalised", with(resident, func(in *account.UserInput) { in.Phone = "+86 138 0013 8000" }), account.Binding{}, true,
			[]errs.FieldError{fe("phone", "err.mobile")}},
		{"staff with a bad phone", with(staff, func(in *account.UserInput) { in.Phone = "12345" }), account.Binding{Node: district}, true,
			[]errs.FieldError{fe("phone", "err.mobile")}},
		{"created without a password", with(staff, func(in *account.UserInput) { in.Password = "" }), account.Binding{Node: district}, true,
			[]errs.FieldError{fe("password", "err.required")}},
		{"created with a short password", with(staff, func(in *account.UserInput) { in.Password = "ab12" }), account.Binding{Node: district}, true,
			[]errs.FieldError{fe("password", "err.password_short", account.MinPasswordLen)}},
		{"created with a digits-only password", with(staff, func(in *account.UserInput) { in.Password = "12345678" }), account.Binding{Node: district}, true,
			[]errs.FieldError{fe("password", "err.password_weak")}},
		{"everything wrong at once, in form order", account.UserInput{Username: "x", Role: account.Staff, Phone: "1"}, account.Binding{Node: city}, true,
			[]errs.FieldError{
				fe("username", "err.username"), fe("display_name", "err.required"),
				fe("node_id", "err.role_level", errs.M("role.staff")), fe("phone", "err.mobile"), fe("password", "err.required"),
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, tt.in.Validate(tt.binding, tt.creating), tt.want)
		})
	}
}

func TestValidateUsername(t *testing.T) {
	bad := []errs.FieldError{fe("username", "err.username")}
	tests := []struct {
		name     string
		username string
		want     []errs.FieldError
	}{
		{"letters", "zhangwei", nil},
		{"3 characters", "abc", nil},
		{"32 characters", "a" + runes("b", 31), nil},
		{"with digits, dot, underscore and dash", "zhang.wei_2-b", nil},
		{"ending in a dot", "abc.", nil},
		{"empty", "", []errs.FieldError{fe("username", "err.required")}},
		{"2 characters", "ab", bad},
		{"33 characters", "a" + runes("b", 32), bad},
		{"starting with a digit", "1abc", bad},
		{"a phone number", "13800138000", bad},
		{"starting with a dot", ".abc", bad},
		{"starting with an underscore", "_abc", bad},
		{"starting with a dash", "-abc", bad},
		{"upper case", "Zhangwei", bad},
		{"inner space", "zhang wei", bad},
		{"e-mail address", "zhang@example.com", bad},
		{"Chinese", "张伟伟", bad},
		{"accented letter", "zhāngwei", bad},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v errs.Validation
			account.ValidateUsername(&v, tt.username)
			checkFields(t, v.Err(), tt.want)
		})
	}
}

func TestValidatePassword(t *testing.T) {
	const field = "new_password" // the field name is the caller's
	weak := []errs.FieldError{fe(field, "err.password_weak")}
	short := []errs.FieldError{fe(field, "err.password_short", account.MinPasswordLen)}
	tests := []struct {
		name string
		pw   string
		want []errs.FieldError
	}{
		{"letters and digits", "shequ2026", nil},
		{"mixed case and a digit", "Gusu0512x", nil},
		{"letters and a symbol", "abcdefg!", nil},
		{"digits and a symbol", "1234567!", nil},
		{"symbols only", "!@#$%^&*", nil},
		{"Chinese characters", "我的密码我的密码", nil},
		{"128 characters", runes("a1", 64), nil},
		{"8 runes of 3 bytes each", "密码密码密码密1", nil},
		{"empty", "", []errs.FieldError{fe(field, "err.required")}},
		{"7 characters", "abc1234", short},
		{"7 runes though 21 bytes", "密码密码密码密", short},
		{"129 characters", runes("a1", 64) + "b", []errs.FieldError{fe(field, "err.too_long", 128)}},
		{"letters only", "abcdefgh", weak},
		{"mixed-case letters only", "AbCdEfGhIj", weak},
		{"digits only", "12345678", weak},
		{"a long digits-only password", runes("9", 40), weak},
		{"spaces only", "        ", weak},
		{"letters and spaces", "abcd efgh", weak},
		{"a passphrase with a digit", "green tea 4 me", nil},
		{"a common password", "abcd1234", []errs.FieldError{fe(field, "err.password_common")}},
		{"a common password in capitals", "PASSWORD1", []errs.FieldError{fe(field, "err.password_common")}},
		{"a common Chinese choice", "woaini1314", []errs.FieldError{fe(field, "err.password_common")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v errs.Validation
			account.ValidatePassword(&v, field, tt.pw)
			checkFields(t, v.Err(), tt.want)
		})
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct {
		name  string
		phone string
		want  string
	}{
		{"already normal", "13800138000", "13800138000"},
		{"surrounding spaces", "  13800138000\t", "13800138000"},
		{"grouped with spaces", "138 0013 8000", "13800138000"},
		{"grouped with dashes", "138-0013-8000", "13800138000"},
		{"+86 prefix", "+8613800138000", "13800138000"},
		{"+86 prefix with spaces", "+86 138 0013 8000", "13800138000"},
		{"86 prefix", "8613800138000", "13800138000"},
		{"86 prefix with dashes", "86-138-0013-8000", "13800138000"},
		{"11 digits starting with 86 kept", "86138001380", "86138001380"},
		{"landline digits joined", "0512-6522 1234", "051265221234"},
		{"empty", "", ""},
		{"blank", "   ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := account.NormalizePhone(tt.phone); got != tt.want {
				t.Errorf("NormalizePhone(%q) = %q, want %q", tt.phone, got, tt.want)
			}
		})
	}
}

func TestValidMobile(t *testing.T) {
	tests := []struct {
		name  string
		phone string
		want  bool
	}{
		{"138", "13800138000", true},
		{"199", "19912345678", true},
		{"145", "14512345678", true},
		{"second digit 2", "12800138000", false},
		{"second digit 0", "10800138000", false},
		{"not starting with 1", "23800138000", false},
		{"10 digits", "1380013800", false},
		{"12 digits", "138001380000", false},
		{"with a letter", "1380013800a", false},
		{"with +86", "+8613800138000", false},
		{"with spaces", "138 0013 800", false},
		{"full-width digits", "１３８００１３８０００", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := account.ValidMobile(tt.phone); got != tt.want {
				t.Errorf("ValidMobile(%q) = %v, want %v", tt.phone, got, tt.want)
			}
		})
	}
}
