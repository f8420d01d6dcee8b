package register_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/register"
)

func TestNewHouseCode(t *testing.T) {
	tests := []struct {
		name  string
		bytes []byte
		want  string
	}{
		{"all zero bits", make([]byte, 8), "0000000000"},
		{"all one bits: only the low 50 count", bytes.Repeat([]byte{0xff}, 8), "ZZZZZZZZZZ"},
		{"low bits only", []byte{0, 0, 0, 0, 0, 0, 0, 33}, "0000000011"},
		{"high 14 bits are ignored", []byte{0xff, 0xfc, 0, 0, 0, 0, 0, 33}, "0000000011"},
		{"bit 49 is the top of the first character", []byte{0, 0x02, 0, 0, 0, 0, 0, 0}, "G000000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := register.NewHouseCode(bytes.NewReader(tt.bytes))
			if err != nil || got != tt.want {
				t.Errorf("NewHouseCode = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestNewHouseCodeShortRead(t *testing.T) {
	if got, err := register.NewHouseCode(bytes.NewReader([]byte{1, 2, 3})); err == nil {
		t.Errorf("NewHouseCode from 3 bytes = %q, want an error", got)
	}
}

// Real random codes are well formed, read back as themselves and, over ten thousand
// draws, never repeat (the chance that they would is about 4·10⁻⁸).
func TestNewHouseCodeRandom(t *testing.T) {
	seen := map[string]bool{}
	for range 10000 {
		code, err := register.NewHouseCode(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		if back, err := register.ParseHouseCode(code); err != nil || back != code {
			t.Fatalf("ParseHouseCode(%q) = %q, %v", code, back, err)
		}
		if strings.ContainsAny(code, "ILOU") {
			t.Fatalf("code %q has an ambiguous letter", code)
		}
		if seen[code] {
			t.Fatalf("code %q drawn twice", code)
		}
		seen[code] = true
	}
}

func TestParseHouseCode(t *testing.T) {
	tests := []struct {
		name, in, want string
		err            error
	}{
		{"canonical", "7K3M9QXR2T", "7K3M9QXR2T", nil},
		{"lower case", "7k3m9qxr2t", "7K3M9QXR2T", nil},
		{"grouped with a dash", "7K3M9-QXR2T", "7K3M9QXR2T", nil},
		{"spaces", " 7K3M9 QXR2T ", "7K3M9QXR2T", nil},
		{"O read as 0", "OK3M9QXR2T", "0K3M9QXR2T", nil},
		{"I and L read as 1", "IK3M9QXRLT", "1K3M9QXR1T", nil},
		{"full-width", "７Ｋ３Ｍ９ＱＸＲ２Ｔ", "7K3M9QXR2T", nil},
		{"empty", "", "", register.ErrHouseCode},
		{"9 characters", "7K3M9QXR2", "", register.ErrHouseCode},
		{"11 characters", "7K3M9QXR2TT", "", register.ErrHouseCode},
		{"U is not in the alphabet", "UK3M9QXR2T", "", register.ErrHouseCode},
		{"punctuation", "7K3M9QXR2!", "", register.ErrHouseCode},
		{"Chinese", "门牌7K3M9QXR", "", register.ErrHouseCode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := register.ParseHouseCode(tt.in)
			if got != tt.want || !errors.Is(err, tt.err) {
				t.Errorf("ParseHouseCode(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
			}
		})
	}
}
