package secret

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestLoadOrCreateKeyFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "dir")
	path := filepath.Join(dir, "master.key")

	k1, created, err := LoadOrCreateKeyFile(path)
	if err != nil || !created {
		t.Fatalf("first call: created=%v err=%v", created, err)
	}
	k2, created, err := LoadOrCreateKeyFile(path)
	if err != nil || created {
		t.Fatalf("second call: created=%v err=%v", created, err)
	}
	if k1.dataKey != k2.dataKey || k1.lookupKey != k2.lookupKey {
		t.Fatal("reloaded keys differ")
	}

	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); strings.Count(s, "\n") != 1 || !strings.HasSuffix(s, "\n") {
		t.Fatalf("key file is not one line: %q", s)
	}
	if _, err := ParseMasterKey(string(b)); err != nil {
		t.Fatalf("stored key does not parse: %v", err)
	}
	if runtime.GOOS != "windows" {
		assertPerm(t, path, 0o600)
		assertPerm(t, dir, 0o700)
	}
	// Only the key file is left behind, no temporary files.
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("directory holds %d entries, want 1", len(ents))
	}
}

func assertPerm(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s mode = %04o, want %04o", path, got, want)
	}
}

func TestLoadOrCreateKeyFileRejects(t *testing.T) {
	tests := []struct {
		name     string
		content  string
		perm     os.FileMode
		wantErr  string
		unixOnly bool
	}{
		{"garbage", "not a key\n", 0o600, "master key", false},
		{"empty", "", 0o600, "master key", false},
		{"short key", "AAAA\n", 0o600, "master key", false},
		{"group readable", testMaster + "\n", 0o640, "chmod 600", true},
		{"world readable", testMaster + "\n", 0o604, "chmod 600", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.unixOnly && runtime.GOOS == "windows" {
				t.Skip("permission bits are not enforced on Windows")
			}
			path := filepath.Join(t.TempDir(), "master.key")
			if err := os.WriteFile(path, []byte(tt.content), tt.perm); err != nil {
				t.Fatal(err)
			}
			// WriteFile is subject to the umask; set the mode exactly.
			if err := os.Chmod(path, tt.perm); err != nil {
				t.Fatal(err)
			}
			_, created, err := LoadOrCreateKeyFile(path)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to mention %q", err, tt.wantErr)
			}
			if created {
				t.Fatal("created = true for an existing file")
			}
			// A bad key file must never be replaced: it may be the only
			// copy of a key that encrypts data.
			if b, _ := os.ReadFile(path); string(b) != tt.content {
				t.Fatal("existing key file was modified")
			}
		})
	}
}

func TestLoadOrCreateKeyFileConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "master.key")
	const n = 8
	type result struct {
		keys    *Keys
		created bool
		err     error
	}
	results := make(chan result, n)
	for range n {
		go func() {
			k, created, err := LoadOrCreateKeyFile(path)
			results <- result{k, created, err}
		}()
	}
	var first *Keys
	creators := 0
	for range n {
		r := <-results
		if r.err != nil {
			t.Fatal(r.err)
		}
		if r.created {
			creators++
		}
		k := r.keys
		if first == nil {
			first = k
		} else if k.dataKey != first.dataKey {
			t.Fatal("concurrent callers got different keys")
		}
	}
	if creators != 1 {
		t.Fatalf("%d callers report creating the file, want 1", creators)
	}
}
