package register_test

import (
	"errors"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/register"
)

func TestParseMobile(t *testing.T) {
	tests := []struct {
		name, in, want string
		err            error
	}{
		{"plain", "13812345678", "13812345678", nil},
		{"+86 prefix", "+8613812345678", "13812345678", nil},
		{"86 prefix", "8613812345678", "13812345678", nil},
		{"+86 with a space", "+86 138 1234 5678", "13812345678", nil},
		{"dashes", "138-1234-5678", "13812345678", nil},
		{"spaces around", " 13812345678 ", "13812345678", nil},
		{"full-width digits", "１３８１２３４５６７８", "13812345678", nil},
		{"19x numbers", "19912345678", "19912345678", nil},
		{"empty", "", "", register.ErrMobile},
		{"10 digits", "1381234567", "", register.ErrMobile},
		{"12 digits", "138123456789", "", register.ErrMobile},
		{"starts with 2", "23812345678", "", register.ErrMobile},
		{"second digit 2", "12812345678", "", register.ErrMobile},
		{"landline", "0512-65221234", "", register.ErrMobile},
		{"letters", "1381234567a", "", register.ErrMobile},
		{"0086 prefix is not taken apart", "008613812345678", "", register.ErrMobile},
		{"+1 country code", "+12125551234", "", register.ErrMobile},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := register.ParseMobile(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Errorf("ParseMobile(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}

// A phone in the register and the same phone on a resident's account must hash alike,
// so both are normalised the same way.
func TestNormalizeMobileMatchesAccounts(t *testing.T) {
	for _, s := range []string{"+86 138-1234-5678", "8613812345678", " 13812345678", "138 1234 5678"} {
		if got, want := register.NormalizeMobile(s), account.NormalizePhone(s); got != want {
			t.Errorf("NormalizeMobile(%q) = %q, account.NormalizePhone = %q", s, got, want)
		}
	}
}

func TestParseContactPhone(t *testing.T) {
	tests := []struct {
		name, in, want string
		err            error
	}{
		{"mobile", "138 1234 5678", "13812345678", nil},
		{"mobile with +86", "+86-13812345678", "13812345678", nil},
		{"landline with area code", "0512-65221234", "0512-65221234", nil},
		{"landline without dash", "051265221234", "051265221234", nil},
		{"3-digit area code", "010-62751234", "010-62751234", nil},
		{"7-digit local number", "0913-2123456", "0913-2123456", nil},
		{"local number only", "65221234", "65221234", nil},
		{"extension", "0512-65221234-801", "0512-65221234-801", nil},
		{"area code in brackets", "(0512)65221234", "051265221234", nil},
		{"full-width brackets and digits", "（０５１２）６５２２１２３４", "051265221234", nil},
		{"400 service number", "400-820-8820", "400-820-8820", nil},
		{"800 service number", "8008208820", "8008208820", nil},
		{"empty", "", "", register.ErrContactPhone},
		{"short service number", "12345", "", register.ErrContactPhone},
		{"local number starting with 0", "05221234", "", register.ErrContactPhone},
		{"local number starting with 1", "0512-15221234", "", register.ErrContactPhone},
		{"6-digit local number", "0512-652212", "", register.ErrContactPhone},
		{"9-digit local number", "0512-652212345", "", register.ErrContactPhone},
		{"area code without 0", "512-65221234", "", register.ErrContactPhone},
		{"letters", "call me", "", register.ErrContactPhone},
		{"two numbers", "13812345678/13912345678", "", register.ErrContactPhone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := register.ParseContactPhone(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Errorf("ParseContactPhone(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}
