package account_test

import (
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
)

func TestTokenActive(t *testing.T) {
	now := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { x := now.Add(d); return &x }
	tests := []struct {
		name  string
		token account.Token
		want  bool
	}{
		{"never expires", account.Token{ID: 1}, true},
		{"expires later", account.Token{ID: 1, Expires: at(time.Hour)}, true},
		{"expires in a nanosecond", account.Token{ID: 1, Expires: at(time.Nanosecond)}, true},
		{"expires now", account.Token{ID: 1, Expires: at(0)}, false},
		{"expired", account.Token{ID: 1, Expires: at(-time.Hour)}, false},
		{"revoked", account.Token{ID: 1, Revoked: at(-time.Minute)}, false},
		{"revoked before it expires", account.Token{ID: 1, Expires: at(24 * time.Hour), Revoked: at(-time.Minute)}, false},
		{"revocation takes effect whatever its time", account.Token{ID: 1, Revoked: at(time.Hour)}, false},
		{"recent use does not matter", account.Token{ID: 1, LastUsed: at(-time.Second), Expires: at(-time.Millisecond)}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.token.Active(now); got != tt.want {
				t.Errorf("Active(now) = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestValidateTokenInput(t *testing.T) {
	rangeErr := fe("days", "err.range", 0, 3650)
	tests := []struct {
		name      string
		tokenName string
		days      int
		want      []errs.FieldError
	}{
		{"name and 30 days", "报表同步", 30, nil},
		{"never expires", "gateway", 0, nil},
		{"ten years", "gateway", 3650, nil},
		{"name of 60 characters", runes("令", 60), 1, nil},
		{"empty name", "", 30, []errs.FieldError{fe("name", "err.required")}},
		{"name of 61 characters", runes("令", 61), 30, []errs.FieldError{fe("name", "err.too_long", 60)}},
		{"negative days", "gateway", -1, []errs.FieldError{rangeErr}},
		{"more than ten years", "gateway", 3651, []errs.FieldError{rangeErr}},
		{"both wrong, in form order", "", -5, []errs.FieldError{fe("name", "err.required"), rangeErr}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFields(t, account.ValidateTokenInput(tt.tokenName, tt.days), tt.want)
		})
	}
}
