// Package static holds the browser assets of the web interface: the
// hand-written stylesheet and script, the favicon, and the third-party files
// vendored from pinned npm packages by scripts/vendor-assets.sh.
package static

import "embed"

// FS is the static tree, embedded in the binary. Paths are relative to this
// directory: "app.css", "app.js", "favicon.svg", "vendor/htmx.org/htmx.min.js",
// "vendor/manifest.json" (the list of vendored files with versions and
// sha256 digests).
//
// The patterns below name kinds of files rather than single files so that new
// stylesheets, scripts and icons are picked up without editing this line; a
// new kind of file (say *.png) or a new subdirectory must be added here.
//
//go:embed *.css *.js *.svg vendor
var FS embed.FS
