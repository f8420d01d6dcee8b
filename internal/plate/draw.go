package plate

import (
	"bytes"
	"math"
	"strconv"
)

// Layout of one plate, in mm, for the default 90 × 60 mm; other sizes scale
// from the plate height. The QR symbol with its quiet zone sits at the left,
// the code in large monospace under it, the address to the right in sizes up
// to 11 mm (a 70-year-old reads that from a stair landing), and the small
// print at the bottom right.
const (
	quietModules = 4    // quiet zone required by ISO/IEC 18004 around the symbol
	pad          = 2.5  // plate edge to the quiet zone
	codeBandFrac = 0.2  // share of the plate height under the symbol for the code
	capHeight    = 0.72 // cap height of the code font in em, to centre it
	ascent       = 0.88 // CJK ascent in em: baseline below the top of a line
	leading      = 1.28 // line height in em for the address and small print

	addressMax = 11.0 // mm; a short line like "301室" comes out this large
	addressMin = 4.5  // mm; below this an address line wraps instead
	smallMax   = 3.6  // mm (≈ 10 pt)
	smallMin   = 2.6  // mm (≈ 7.5 pt)
	smallBand  = 0.22 // share of the plate height the small print may take
)

// frame is how a plate's border is drawn.
type frame int

const (
	// frameShared: square corners, for sheets without a gap, where
	// neighbouring borders are one shared cut line.
	frameShared frame = iota
	// frameRounded: rounded corners, for sheets with a gap between plates.
	frameRounded
	// frameInset: rounded and inset by half the stroke, for a stand-alone
	// plate whose border would otherwise be half cut off at the edge.
	frameInset
)

// borderWidth is the border's stroke width in mm.
const borderWidth = 0.25

// drawPlate writes one plate with its top-left corner at (x, y).
func drawPlate(b *bytes.Buffer, p Plate, sym *symbol, x, y, w, h float64, f frame) {
	b.WriteString(`<g transform="translate(` + num(x) + ` ` + num(y) + `)">` + "\n")
	b.WriteString(`<title>`)
	esc(b, clean(p.Code))
	b.WriteString("</title>\n")
	// The border is light grey: a guide for the scissors, not part of the
	// design, so a slightly crooked cut does not leave a black sliver.
	rx, in := 2.0, 0.0
	switch f {
	case frameShared:
		rx = 0
	case frameInset:
		in = borderWidth / 2
	}
	b.WriteString(`<rect x="` + num(in) + `" y="` + num(in) + `" width="` + num(w-2*in) + `" height="` + num(h-2*in) +
		`" rx="` + num(rx) + `" fill="#fff" stroke="#aaa" stroke-width="` + num(borderWidth) + `"/>` + "\n")

	// QR symbol: the box holds symbol and quiet zone; the module size is
	// rounded down to 0.01 mm so the printed sizes are exact.
	codeBand := h * codeBandFrac
	box := math.Min(h-pad-codeBand, w*0.55)
	n := sym.size + 2*quietModules
	m := math.Floor(box/float64(n)*100) / 100
	box = m * float64(n)
	qx, qy := pad, pad
	drawSymbol(b, sym, qx+quietModules*m, qy+quietModules*m, m)

	// The code, centred under the symbol and as wide as the symbol at most.
	if c, ok := oneLine(p.Code, m*float64(sym.size), codeBand*0.62, monoEm); ok {
		top := qy + box
		base := top + (h-top+c.size*capHeight)/2
		text(b, qx+box/2, base, c.size, c.text, textOpts{family: fontMono, weight: "bold", anchor: "middle"})
	}

	// Right column: from the quiet zone's right edge (the quiet zone is
	// the gap) to a margin matching the symbol's top.
	tx := qx + box
	top := qy + quietModules*m
	bottom := h - top
	tw := w - top - tx

	small := fit([]string{p.SmallPrint}, tw, h*smallBand, smallMax, smallMin, leading)
	sh := blockHeight(small, leading)
	if len(small) > 0 {
		bottom -= sh + 2
	}
	addr := fit(p.Address, tw, bottom-top, addressMax, addressMin, leading)
	// Centre the address in its area so a short address does not leave the
	// plate looking empty at the bottom.
	ay := top + (bottom-top-blockHeight(addr, leading))/2
	for _, l := range addr {
		text(b, tx, ay+l.size*ascent, l.size, l.text, textOpts{weight: "bold"})
		ay += l.size * leading
	}
	sy := h - top - sh
	for _, l := range small {
		text(b, tx, sy+l.size*ascent, l.size, l.text, textOpts{fill: "#333"})
		sy += l.size * leading
	}
	b.WriteString("</g>\n")
}

// drawSymbol writes the dark modules of sym as one <path> in module units,
// scaled to m mm per module and placed at (x, y). Each horizontal run of dark
// modules is one rectangle: compact, and no hairline seams between modules.
// crispEdges keeps viewers from anti-aliasing module edges into grey.
func drawSymbol(b *bytes.Buffer, sym *symbol, x, y, m float64) {
	b.WriteString(`<path transform="translate(` + num(x) + ` ` + num(y) + `) scale(` + num(m) +
		`)" fill="#000" shape-rendering="crispEdges" d="`)
	for row := 0; row < sym.size; row++ {
		for col := 0; col < sym.size; {
			if !sym.at(col, row) {
				col++
				continue
			}
			run := 1
			for sym.at(col+run, row) {
				run++
			}
			r := strconv.Itoa(run)
			b.WriteString("M" + strconv.Itoa(col) + " " + strconv.Itoa(row) + "h" + r + "v1h-" + r + "z")
			col += run
		}
	}
	b.WriteString(`"/>` + "\n")
}
