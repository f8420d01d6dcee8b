// Package plate renders printable QR door plates (二维码门牌): one plate per
// house, laid out on A4 sheets that community staff print for a whole building
// and cut apart.
//
// A plate carries a QR symbol encoding the house's public URL (scanning it
// opens the page where anyone can report a problem at that address), the
// house's short public code printed large under the symbol so it can be typed
// when a phone cannot scan, the address, and an optional line of small print.
//
// Output is SVG in millimetres (viewBox in mm, width and height in mm) so that
// printing at 100 % gives real sizes, plus an HTML document wrapping every page
// with print CSS for printing a building at once from a browser. Everything is
// pure Go and deterministic: the same input gives byte-identical output, which
// keeps golden tests and caching simple.
//
// The QR symbol comes from rsc.io/qr's coding package; this package adds the
// mask selection that rsc.io/qr leaves as a TODO (see qr.go), because a
// well-chosen mask noticeably helps cheap phone cameras on worn plates.
package plate
