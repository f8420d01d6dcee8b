package secret

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// cheapParams keeps the tests fast; the default parameters are exercised
// once, by TestHashPasswordDefault.
var cheapParams = argonParams{memory: 64, time: 1, threads: 1, saltLen: 16, keyLen: 32}

func mustHash(t testing.TB, pw string, p argonParams) string {
	t.Helper()
	h, err := hashPassword(pw, p)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestHashPasswordDefault(t *testing.T) {
	h, err := HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash = %q", h)
	}
	if ok, err := VerifyPassword("correct horse", h); !ok || err != nil {
		t.Fatalf("VerifyPassword = %v, %v", ok, err)
	}
	if NeedsRehash(h) {
		t.Fatal("fresh default hash needs rehash")
	}
}

func TestVerifyPassword(t *testing.T) {
	h := mustHash(t, "秘密 pass", cheapParams)
	tests := []struct {
		pw   string
		want bool
	}{
		{"秘密 pass", true},
		{"秘密 pas", false},
		{"秘密 pass ", false},
		{"", false},
	}
	for _, tt := range tests {
		ok, err := VerifyPassword(tt.pw, h)
		if err != nil || ok != tt.want {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v", tt.pw, ok, err, tt.want)
		}
	}
	if h2 := mustHash(t, "秘密 pass", cheapParams); h2 == h {
		t.Error("equal passwords hashed equally; salt not random?")
	}
}

func TestVerifyPasswordKnownVector(t *testing.T) {
	if testing.Short() {
		t.Skip("uses 64 MiB of memory")
	}
	// Output of the reference implementation's command-line tool:
	// echo -n password | argon2 somesalt -id -t 2 -m 16 -p 4 -l 32 -e
	// It checks that parameters are read from the string, not the defaults.
	const phc = "$argon2id$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$GpZ3sK/oH9p7VIiV56G/64Zo/8GaUw434IimaPqxwCo"
	tests := []struct {
		pw   string
		want bool
	}{
		{"password", true},
		{"passwore", false},
	}
	for _, tt := range tests {
		if ok, err := VerifyPassword(tt.pw, phc); ok != tt.want || err != nil {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v", tt.pw, ok, err, tt.want)
		}
	}
	if !NeedsRehash(phc) {
		t.Error("NeedsRehash = false for non-default parameters")
	}
}

func TestVerifyPasswordBadHash(t *testing.T) {
	good := mustHash(t, "pw", cheapParams)
	parts := strings.Split(good, "$")
	salt, key := parts[4], parts[5]
	with := func(params string) string {
		return fmt.Sprintf("$argon2id$v=19$%s$%s$%s", params, salt, key)
	}
	tests := []struct{ name, phc string }{
		{"empty", ""},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", strings.Replace(good, "argon2id", "argon2i", 1)},
		{"no leading dollar", strings.TrimPrefix(good, "$")},
		{"extra field", good + "$x"},
		{"missing version", fmt.Sprintf("$argon2id$m=64,t=1,p=1$%s$%s", salt, key)},
		{"old version", strings.Replace(good, "v=19", "v=16", 1)},
		{"version junk", strings.Replace(good, "v=19", "v=19x", 1)},
		{"params reordered", with("t=1,m=64,p=1")},
		{"params with spaces", with("m=64, t=1, p=1")},
		{"params leading zero", with("m=064,t=1,p=1")},
		{"params trailing junk", with("m=64,t=1,p=1,keyid=x")},
		{"negative memory", with("m=-64,t=1,p=1")},
		{"zero time", with("m=64,t=0,p=1")},
		{"huge time", with("m=64,t=1000,p=1")},
		{"zero threads", with("m=64,t=1,p=0")},
		{"too many threads", with("m=4096,t=1,p=256")},
		{"memory below 8p", with("m=15,t=1,p=2")},
		{"huge memory", with("m=4194304,t=1,p=1")},
		{"salt not base64", fmt.Sprintf("$argon2id$v=19$m=64,t=1,p=1$%s$%s", "!!!", key)},
		{"salt padded", fmt.Sprintf("$argon2id$v=19$m=64,t=1,p=1$%s==$%s", salt[:len(salt)-2], key)},
		{"salt too short", fmt.Sprintf("$argon2id$v=19$m=64,t=1,p=1$%s$%s", "c2FsdA", key)},
		{"hash too short", fmt.Sprintf("$argon2id$v=19$m=64,t=1,p=1$%s$%s", salt, key[:8])},
		{"hash empty", fmt.Sprintf("$argon2id$v=19$m=64,t=1,p=1$%s$", salt)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := VerifyPassword("pw", tt.phc)
			if ok || !errors.Is(err, ErrBadHash) {
				t.Fatalf("VerifyPassword = %v, %v; want false, ErrBadHash", ok, err)
			}
			if !NeedsRehash(tt.phc) {
				t.Fatal("NeedsRehash = false for an unparseable hash")
			}
		})
	}
}

func TestNeedsRehash(t *testing.T) {
	tests := []struct {
		name string
		p    argonParams
		want bool
	}{
		{"current", defaultParams, false},
		{"cheaper memory", argonParams{memory: 64, time: 2, threads: 1, saltLen: 16, keyLen: 32}, true},
		{"fewer passes", argonParams{memory: 19456, time: 1, threads: 1, saltLen: 16, keyLen: 32}, true},
		{"more lanes", argonParams{memory: 19456, time: 2, threads: 2, saltLen: 16, keyLen: 32}, true},
		{"shorter salt", argonParams{memory: 19456, time: 2, threads: 1, saltLen: 8, keyLen: 32}, true},
		{"shorter key", argonParams{memory: 19456, time: 2, threads: 1, saltLen: 16, keyLen: 16}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Build the string by hand so the test does not pay for
			// hashing with the default parameters.
			h := fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s",
				tt.p.memory, tt.p.time, tt.p.threads,
				phcB64.EncodeToString(make([]byte, tt.p.saltLen)),
				phcB64.EncodeToString(make([]byte, tt.p.keyLen)))
			if got := NeedsRehash(h); got != tt.want {
				t.Fatalf("NeedsRehash(%s) = %v, want %v", h, got, tt.want)
			}
		})
	}
}

func TestDummyHash(t *testing.T) {
	h := DummyHash()
	if h != DummyHash() {
		t.Fatal("DummyHash changes between calls")
	}
	if NeedsRehash(h) {
		t.Fatal("DummyHash does not use the current parameters")
	}
	for _, pw := range []string{"", "password", "123456"} {
		if ok, err := VerifyPassword(pw, h); ok || err != nil {
			t.Fatalf("VerifyPassword(%q, DummyHash()) = %v, %v", pw, ok, err)
		}
	}
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}
