package secret

import (
	"errors"
	"strings"
	"testing"
)

func TestSealOpenRoundTrip(t *testing.T) {
	k := mustKeys(t, testMaster)
	tests := []struct {
		name, plaintext, context string
	}{
		{"phone", "13812345678", "users.phone"},
		{"id number", "11010519491231002X", "residents.id_number"},
		{"chinese text", "北京市东城区某某街道 3 号楼", "residents.address"},
		{"nul and newline", "a\x00b\nc", "x"},
		{"long", strings.Repeat("长", 10000), "notes.body"},
		{"empty", "", "users.phone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sealed, err := k.Seal(tt.plaintext, tt.context)
			if err != nil {
				t.Fatal(err)
			}
			if tt.plaintext == "" {
				if sealed != "" {
					t.Fatalf("empty plaintext sealed to %q", sealed)
				}
			} else if !strings.HasPrefix(sealed, "v1:") || strings.Contains(sealed, tt.plaintext) {
				t.Fatalf("sealed = %q", sealed)
			}
			got, err := k.Open(sealed, tt.context)
			if err != nil || got != tt.plaintext {
				t.Fatalf("Open = %q, %v", got, err)
			}
		})
	}
}

func TestSealIsRandomised(t *testing.T) {
	k := mustKeys(t, testMaster)
	a, _ := k.Seal("13812345678", "users.phone")
	b, _ := k.Seal("13812345678", "users.phone")
	if a == b {
		t.Fatal("equal plaintexts sealed to equal text; nonce reused?")
	}
}

func TestOpenFailures(t *testing.T) {
	k := mustKeys(t, testMaster)
	other := mustKeys(t, GenerateMasterKey())
	sealed, err := k.Seal("13812345678", "users.phone")
	if err != nil {
		t.Fatal(err)
	}
	body := strings.TrimPrefix(sealed, "v1:")
	flip := func(i int) string {
		b := []byte(body)
		// Swap between two base64url letters so the text still decodes.
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return "v1:" + string(b)
	}
	tests := []struct {
		name    string
		keys    *Keys
		sealed  string
		context string
		want    error
	}{
		{"wrong context", k, sealed, "users.id_number", ErrDecrypt},
		{"wrong key", other, sealed, "users.phone", ErrDecrypt},
		{"nonce altered", k, flip(0), "users.phone", ErrDecrypt},
		{"ciphertext altered", k, flip(20), "users.phone", ErrDecrypt},
		{"tag altered", k, flip(len(body) - 2), "users.phone", ErrDecrypt},
		{"truncated", k, sealed[:len(sealed)-4], "users.phone", ErrDecrypt},
		{"no prefix", k, body, "users.phone", ErrMalformed},
		{"unknown version", k, "v2:" + body, "users.phone", ErrMalformed},
		{"bad base64", k, "v1:***", "users.phone", ErrMalformed},
		{"too short", k, "v1:AAAA", "users.phone", ErrMalformed},
		{"prefix only", k, "v1:", "users.phone", ErrMalformed},
		{"plaintext stored by mistake", k, "13812345678", "users.phone", ErrMalformed},
		{"no context", k, sealed, "", ErrNoContext},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.keys.Open(tt.sealed, tt.context)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if got != "" {
				t.Fatalf("got plaintext %q with an error", got)
			}
		})
	}
}

func TestSealNeedsContext(t *testing.T) {
	k := mustKeys(t, testMaster)
	if _, err := k.Seal("x", ""); !errors.Is(err, ErrNoContext) {
		t.Fatalf("err = %v", err)
	}
}

func BenchmarkSeal(b *testing.B) {
	k := mustKeys(b, testMaster)
	for b.Loop() {
		if _, err := k.Seal("11010519491231002X", "residents.id_number"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpen(b *testing.B) {
	k := mustKeys(b, testMaster)
	sealed, _ := k.Seal("11010519491231002X", "residents.id_number")
	for b.Loop() {
		if _, err := k.Open(sealed, "residents.id_number"); err != nil {
			b.Fatal(err)
		}
	}
}
