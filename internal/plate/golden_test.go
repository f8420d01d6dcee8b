package plate

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended, run go test ./internal/plate/ -update and look at the result", name)
	}
}

// TestGolden pins the output byte for byte: a layout change shows up in
// review as a diff of the SVG, and the golden page is what gets looked at
// in a browser before such a change is accepted.
func TestGolden(t *testing.T) {
	opts := Options{Title: "平江路社区 12幢 门牌"}
	pages, err := Sheet(samplePlates(9), opts)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "sheet-page1.svg", pages[0])
	single, err := SVG(samplePlates(1)[0], opts)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "plate.svg", single)
	html, err := HTML(samplePlates(9), opts)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "sheet.html", html)
}
