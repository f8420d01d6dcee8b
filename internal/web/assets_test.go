package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAssetsGzip checks that text assets go compressed to browsers that accept it and
// as they are to the rest, and that the compressed bytes are the file.
func TestAssetsGzip(t *testing.T) {
	a, err := newAssets()
	if err != nil {
		t.Fatal(err)
	}
	hashed := strings.TrimPrefix(a.url("vendor/echarts/echarts.min.js"), "/static/")
	for _, tc := range []struct {
		file, accept string
		gzip         bool
	}{
		{hashed, "gzip, deflate, br", true},
		{hashed, "br;q=1.0, gzip;q=0.8", true},
		{hashed, "GZIP", true},
		{hashed, "", false},
		{hashed, "gzip;q=0", false},
		{hashed, "deflate", false},
		{"vendor/leaflet/images/layers.png", "gzip", false}, // images are compressed already
	} {
		r := httptest.NewRequest("GET", "/static/"+tc.file, nil)
		r.SetPathValue("file", tc.file)
		r.Header.Set("Accept-Encoding", tc.accept)
		w := httptest.NewRecorder()
		a.ServeHTTP(w, r)
		body := w.Body.Bytes()
		if got := w.Header().Get("Content-Encoding") == "gzip"; got != tc.gzip {
			t.Fatalf("%s with %q: gzip %v, want %v", tc.file, tc.accept, got, tc.gzip)
		}
		if tc.gzip {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
			if w.Body.Len()*2 > len(body) {
				t.Errorf("%s compressed to %d of %d bytes", tc.file, w.Body.Len(), len(body))
			}
		}
		if !bytes.Equal(body, a.files[tc.file].body) {
			t.Errorf("%s with %q: served bytes differ from the file", tc.file, tc.accept)
		}
	}
}
