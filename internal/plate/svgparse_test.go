package plate

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
)

// Test helpers that read the SVG back, so the tests check what a printer
// gets rather than internal layout values.

// svgText is one <text> element, in the coordinates of its plate (or of the
// page for header and footer).
type svgText struct {
	x, y, size float64
	anchor     string
	mono       bool
	content    string
}

// svgPlate is one plate group read back from a page.
type svgPlate struct {
	x, y, w, h float64 // placement on the page and size, from the border rect
	qr         *symbol // modules rebuilt from the QR path
	qrX, qrY   float64 // symbol's top-left corner, plate coordinates
	module     float64 // module size in mm
	texts      []svgText
}

// svgPage is a parsed page.
type svgPage struct {
	width, height, viewBox string
	plates                 []*svgPlate
	texts                  []svgText // outside plates: header, footer
}

// parseSVG reads a page or single-plate SVG strictly: it fails on any XML
// that is not well formed.
func parseSVG(t *testing.T, doc []byte) *svgPage {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	pg := &svgPage{}
	var cur *svgPlate
	var txt *svgText
	depth, plateDepth := 0, -1
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			depth++
			a := attrs(el)
			switch el.Name.Local {
			case "svg":
				pg.width, pg.height, pg.viewBox = a["width"], a["height"], a["viewBox"]
			case "g":
				if tx, ty, _, ok := transform(a["transform"]); ok {
					cur = &svgPlate{x: tx, y: ty}
					pg.plates = append(pg.plates, cur)
					plateDepth = depth
				}
			case "rect":
				if cur != nil && cur.w == 0 {
					// The border may be inset by half its stroke.
					cur.w = f(a["width"]) + 2*f(a["x"])
					cur.h = f(a["height"]) + 2*f(a["y"])
				}
			case "path":
				if tx, ty, m, ok := transform(a["transform"]); ok && cur != nil {
					cur.qrX, cur.qrY, cur.module = tx, ty, m
					cur.qr = modules(t, a["d"])
				}
			case "text":
				txt = &svgText{x: f(a["x"]), y: f(a["y"]), size: f(a["font-size"]), anchor: a["text-anchor"],
					mono: strings.Contains(a["font-family"], "Mono")}
			}
		case xml.CharData:
			if txt != nil {
				txt.content += string(el)
			}
		case xml.EndElement:
			if el.Name.Local == "text" && txt != nil {
				if cur != nil {
					cur.texts = append(cur.texts, *txt)
				} else {
					pg.texts = append(pg.texts, *txt)
				}
				txt = nil
			}
			if depth == plateDepth {
				cur, plateDepth = nil, -1
			}
			depth--
		}
	}
	return pg
}

func attrs(el xml.StartElement) map[string]string {
	m := map[string]string{}
	for _, a := range el.Attr {
		m[a.Name.Local] = a.Value
	}
	return m
}

func f(s string) float64 {
	x, _ := strconv.ParseFloat(s, 64)
	return x
}

// transform parses "translate(x y)" with an optional " scale(m)".
func transform(s string) (x, y, m float64, ok bool) {
	m = 1
	if n, _ := fmt.Sscanf(s, "translate(%g %g) scale(%g)", &x, &y, &m); n >= 2 {
		return x, y, m, true
	}
	return 0, 0, 0, false
}

// modules rebuilds the module matrix from the QR path's "M x y h n v1 h-n z"
// runs; the symbol size is the extent of the runs (the finder patterns reach
// every edge).
func modules(t *testing.T, d string) *symbol {
	t.Helper()
	type run struct{ x, y, n int }
	var runs []run
	size := 0
	for _, cmd := range strings.Split(strings.TrimSuffix(d, "z"), "z") {
		var r run
		var back int
		if _, err := fmt.Sscanf(cmd, "M%d %dh%dv1h-%d", &r.x, &r.y, &r.n, &back); err != nil || back != r.n {
			t.Fatalf("unexpected path command %q: %v", cmd, err)
		}
		runs = append(runs, r)
		size = max(size, r.x+r.n, r.y+1)
	}
	s := &symbol{size: size, version: (size - 17) / 4, dark: make([]bool, size*size)}
	for _, r := range runs {
		for i := range r.n {
			s.dark[r.y*size+r.x+i] = true
		}
	}
	return s
}

// extent is the conservative horizontal extent of a text from its anchor.
func (tx svgText) extent() (left, right float64) {
	w := tx.size * em(tx.content)
	if tx.mono {
		w = tx.size * monoEm(tx.content)
	}
	switch tx.anchor {
	case "middle":
		return tx.x - w/2, tx.x + w/2
	case "end":
		return tx.x - w, tx.x
	}
	return tx.x, tx.x + w
}
