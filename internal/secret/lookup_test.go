package secret

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

func TestLookup(t *testing.T) {
	k := mustKeys(t, testMaster)
	other := mustKeys(t, GenerateMasterKey())

	// The documented construction, computed independently.
	m := hmac.New(sha256.New, k.lookupKey[:])
	m.Write([]byte("phone\x0013812345678"))
	want := hex.EncodeToString(m.Sum(nil))

	base := k.Lookup("phone", "13812345678")
	if base != want {
		t.Fatalf("Lookup = %s, want %s", base, want)
	}
	if k.Lookup("phone", "13812345678") != base {
		t.Fatal("Lookup is not deterministic")
	}
	differs := []struct {
		name string
		got  string
	}{
		{"other value", k.Lookup("phone", "13812345679")},
		{"other kind", k.Lookup("idnumber", "13812345678")},
		{"kind and value shifted", k.Lookup("phone1", "3812345678")},
		{"other key", other.Lookup("phone", "13812345678")},
		{"not normalised", k.Lookup("phone", " 13812345678")},
	}
	for _, d := range differs {
		if d.got == base {
			t.Errorf("%s: hash equals the base hash", d.name)
		}
	}
	if got := k.Lookup("phone", ""); got != "" {
		t.Errorf("Lookup of empty value = %q, want empty", got)
	}
}

func BenchmarkLookup(b *testing.B) {
	k := mustKeys(b, testMaster)
	for b.Loop() {
		k.Lookup("idnumber", "11010519491231002X")
	}
}
