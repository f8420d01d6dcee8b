package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"

	"github.com/shequ-dev/shequ/internal/web/static"
)

// assets serves the embedded static files at content-hashed URLs
// (/static/app.3f2a9c1b7e.css), so browsers may cache them forever and a new release
// is fetched at once. Each file is also served at its plain name, cached briefly, for
// what vendored stylesheets reference relatively (leaflet.css → images/layers.png).
type assets struct {
	urls  map[string]string // "app.css" → "/static/app.3f2a9c1b7e.css"
	files map[string]asset  // "app.3f2a9c1b7e.css" → content
}

type asset struct {
	body      []byte
	ctype     string
	immutable bool // served at its content-hashed name
	gz        *gzipped
}

// gzipped is a text file compressed once, on its first request: echarts.min.js is
// 1.1 MB as it is and a third of that compressed, which matters on a phone's signal.
// Compressing lazily keeps start-up (and every test server) fast.
type gzipped struct {
	once sync.Once
	body []byte
}

func (g *gzipped) of(b []byte) []byte {
	g.once.Do(func() {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(b)
		zw.Close()
		g.body = buf.Bytes()
	})
	return g.body
}

// compressible says whether a content type is text worth compressing.
func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") ||
		strings.Contains(ctype, "json") || strings.Contains(ctype, "svg")
}

func newAssets() (*assets, error) {
	a := &assets{urls: map[string]string{}, files: map[string]asset{}}
	err := fs.WalkDir(static.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		b, err := fs.ReadFile(static.FS, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(p)
		hashed := strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		var gz *gzipped
		if compressible(ctype) && len(b) > 1024 {
			gz = &gzipped{}
		}
		a.urls[p] = "/static/" + hashed
		a.files[hashed] = asset{body: b, ctype: ctype, immutable: true, gz: gz}
		a.files[p] = asset{body: b, ctype: ctype, gz: gz}
		return nil
	})
	return a, err
}

// url returns the hashed URL of a static file; an unknown name is a programming error
// that tests catch, so it yields a URL that will 404 rather than panicking.
func (a *assets) url(name string) string {
	if u, ok := a.urls[name]; ok {
		return u
	}
	return "/static/missing/" + name
}

func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f, ok := a.files[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", f.ctype)
	if f.immutable {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=3600")
	}
	body := f.body
	if f.gz != nil {
		w.Header().Add("Vary", "Accept-Encoding")
		if acceptsGzip(r.Header.Get("Accept-Encoding")) {
			w.Header().Set("Content-Encoding", "gzip")
			body = f.gz.of(f.body)
		}
	}
	w.Write(body)
}

// acceptsGzip reads an Accept-Encoding header: gzip listed and not refused with q=0.
func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
