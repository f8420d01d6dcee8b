package static

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"regexp"
	"strings"
	"testing"
)

// manifest mirrors vendor/manifest.json as written by scripts/vendor-assets.sh.
type manifest struct {
	Packages []struct {
		Name         string          `json:"name"`
		Version      string          `json:"version"`
		Integrity    string          `json:"integrity"`
		License      string          `json:"license"`
		LicenseFiles []manifestEntry `json:"license_files"`
		Files        []manifestEntry `json:"files"`
	} `json:"packages"`
}

type manifestEntry struct {
	Path   string `json:"path"`
	Source string `json:"source"`
	SHA256 string `json:"sha256"`
}

var (
	exactVersion = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)
	licenceName  = regexp.MustCompile(`(?i)^(licen[cs]e|copying)`)
)

// TestVendorManifest checks, without network, that the vendored files match
// vendor/manifest.json: every listed file exists with the listed sha256, and
// every file under vendor/ is listed. It runs against the files on disk (which
// also catches files the embed patterns would skip) and against the embedded FS.
// The full check against the npm registry is `scripts/vendor-assets.sh --check`.
func TestVendorManifest(t *testing.T) {
	for _, tc := range []struct {
		name string
		fsys fs.FS
	}{
		{"disk", os.DirFS(".")},
		{"embedded", FS},
	} {
		t.Run(tc.name, func(t *testing.T) { checkVendor(t, tc.fsys) })
	}
}

func checkVendor(t *testing.T, fsys fs.FS) {
	raw, err := fs.ReadFile(fsys, "vendor/manifest.json")
	if err != nil {
		t.Fatalf("read manifest: %v (run scripts/vendor-assets.sh)", err)
	}
	var m manifest
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("parse vendor/manifest.json: %v", err)
	}
	if len(m.Packages) == 0 {
		t.Fatal("vendor/manifest.json lists no packages")
	}

	listed := map[string]bool{}
	for _, p := range m.Packages {
		if p.Name == "" || !exactVersion.MatchString(p.Version) {
			t.Errorf("package %q: version %q is not exact", p.Name, p.Version)
		}
		if p.Integrity == "" {
			t.Errorf("package %s@%s: no npm integrity", p.Name, p.Version)
		}
		if len(p.LicenseFiles) == 0 {
			t.Errorf("package %s@%s: no licence file", p.Name, p.Version)
		}
		entries := append(append([]manifestEntry{}, p.LicenseFiles...), p.Files...)
		for _, e := range entries {
			if !fs.ValidPath(e.Path) || !strings.HasPrefix(e.Path, "vendor/"+p.Name+"/") {
				t.Errorf("package %s: bad path %q", p.Name, e.Path)
				continue
			}
			if listed[e.Path] {
				t.Errorf("%s listed twice", e.Path)
			}
			listed[e.Path] = true
			data, err := fs.ReadFile(fsys, e.Path)
			if err != nil {
				t.Errorf("%s@%s: %v", p.Name, p.Version, err)
				continue
			}
			sum := sha256.Sum256(data)
			if got := hex.EncodeToString(sum[:]); got != e.SHA256 {
				t.Errorf("%s: sha256 %s, manifest says %s (edited by hand? run scripts/vendor-assets.sh)",
					e.Path, got, e.SHA256)
			}
		}
	}

	err = fs.WalkDir(fsys, "vendor", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || p == "vendor/manifest.json" {
			return nil
		}
		if !listed[p] {
			if licenceName.MatchString(d.Name()) {
				return nil // a licence the script did not list is harmless
			}
			t.Errorf("%s is not listed in vendor/manifest.json; vendor files come only from scripts/vendor-assets.sh", p)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk vendor: %v", err)
	}
}

// TestEmbeddedAssets checks that the hand-written assets are in the binary.
func TestEmbeddedAssets(t *testing.T) {
	for _, name := range []string{"app.css", "app.js", "favicon.svg", "vendor/manifest.json"} {
		b, err := fs.ReadFile(FS, name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(b) == 0 {
			t.Errorf("%s is empty", name)
		}
	}
}
