package secret

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// testMaster is a fixed master key so failures are reproducible.
const testMaster = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

func mustKeys(t testing.TB, master string) *Keys {
	t.Helper()
	k, err := ParseMasterKey(master)
	if err != nil {
		t.Fatalf("ParseMasterKey: %v", err)
	}
	return k
}

func TestParseMasterKey(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		isBad bool
	}{
		{"valid", testMaster, false},
		{"surrounding white space", "  " + testMaster + "\n", false},
		{"generated", GenerateMasterKey(), false},
		{"empty", "", true},
		{"not base64", "not a key!", true},
		{"url alphabet", base64.URLEncoding.EncodeToString(bytes.Repeat([]byte{0xfb, 0xff}, 16)), true},
		{"missing padding", strings.TrimSuffix(testMaster, "="), true},
		{"too short", base64.StdEncoding.EncodeToString(make([]byte, 16)), true},
		{"too long", base64.StdEncoding.EncodeToString(make([]byte, 33)), true},
		{"all zero", base64.StdEncoding.EncodeToString(make([]byte, 32)), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := ParseMasterKey(tt.in)
			if tt.isBad {
				if !errors.Is(err, ErrBadMasterKey) {
					t.Fatalf("err = %v, want ErrBadMasterKey", err)
				}
				if k != nil {
					t.Fatal("got keys with an error")
				}
				return
			}
			if err != nil || k == nil {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestParseMasterKeyErrorHidesInput(t *testing.T) {
	// 31 bytes: valid base64, wrong length; the error must not echo it.
	in := base64.StdEncoding.EncodeToString([]byte("0123456789abcdefghijklmnopqrstu"))
	_, err := ParseMasterKey(in)
	if err == nil || strings.Contains(err.Error(), in) {
		t.Fatalf("err = %v", err)
	}
}

func TestDerivedKeysDistinct(t *testing.T) {
	k := mustKeys(t, testMaster)
	if k.dataKey == k.lookupKey {
		t.Fatal("data and lookup keys are equal")
	}
	raw, _ := base64.StdEncoding.DecodeString(testMaster)
	if string(k.dataKey[:]) == string(raw) || string(k.lookupKey[:]) == string(raw) {
		t.Fatal("a derived key equals the master")
	}
	k2 := mustKeys(t, testMaster)
	if k.dataKey != k2.dataKey || k.lookupKey != k2.lookupKey {
		t.Fatal("derivation is not deterministic")
	}
}

func TestGenerateMasterKeyUnique(t *testing.T) {
	if a, b := GenerateMasterKey(), GenerateMasterKey(); a == b {
		t.Fatal("two generated keys are equal")
	}
}

func TestKeysFormatRedacts(t *testing.T) {
	k := mustKeys(t, testMaster)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%d", "%q"} {
		for _, v := range []any{k, *k} {
			out := fmt.Sprintf(verb, v)
			if out != redactedKeys {
				t.Errorf("Sprintf(%q, %T) = %q", verb, v, out)
			}
		}
	}
}
