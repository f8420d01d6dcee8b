package secret

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestNewToken(t *testing.T) {
	tests := []struct{ prefix string }{{"shq_"}, {""}, {"sess_"}}
	for _, tt := range tests {
		tok := NewToken(tt.prefix)
		body, ok := strings.CutPrefix(tok, tt.prefix)
		if !ok {
			t.Fatalf("token %q lacks prefix %q", tok, tt.prefix)
		}
		raw, err := base64.RawURLEncoding.DecodeString(body)
		if err != nil || len(raw) != 32 {
			t.Fatalf("token body %q: %d bytes, %v", body, len(raw), err)
		}
		if NewToken(tt.prefix) == tok {
			t.Fatal("two tokens are equal")
		}
	}
}

func TestHashToken(t *testing.T) {
	tests := []struct{ in, want string }{
		// SHA-256 of "" and of "abc" (FIPS 180-2 example).
		{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
		{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
	}
	for _, tt := range tests {
		if got := HashToken(tt.in); got != tt.want {
			t.Errorf("HashToken(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestRandomDigits(t *testing.T) {
	tests := []struct{ n, wantLen int }{
		{-1, 0}, {0, 0}, {1, 1}, {6, 6}, {100, 100},
	}
	for _, tt := range tests {
		got := RandomDigits(tt.n)
		if len(got) != tt.wantLen {
			t.Fatalf("RandomDigits(%d) = %q", tt.n, got)
		}
		if strings.Trim(got, "0123456789") != "" {
			t.Fatalf("RandomDigits(%d) = %q has non-digits", tt.n, got)
		}
	}
}

func TestRandomDigitsUniform(t *testing.T) {
	// A coarse check that every digit turns up about equally often; with
	// 100,000 draws each count has a standard deviation near 95, so the
	// bound below is far outside chance but catches a modulo bias toward
	// 0-5 or a stuck digit.
	const draws = 100000
	var counts [10]int
	for _, c := range RandomDigits(draws) {
		counts[c-'0']++
	}
	for d, c := range counts {
		if c < draws/10-1000 || c > draws/10+1000 {
			t.Errorf("digit %d drawn %d times of %d", d, c, draws)
		}
	}
}
