package plate

import (
	"bytes"
	"strconv"

	"github.com/shequ-dev/shequ/internal/errs"
)

// xmlProlog starts every stand-alone SVG file; inline SVG in HTML omits it.
const xmlProlog = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// Sheet renders plates onto A4 portrait pages, filling each page row by row,
// and returns one stand-alone SVG document per page. No plates give no pages.
// Invalid plates or options give an *errs.Error of code Invalid naming every
// offending field, such as "plates[3].url".
func Sheet(plates []Plate, opts Options) ([][]byte, error) {
	pages, err := pages(plates, opts)
	if err != nil {
		return nil, err
	}
	for i, p := range pages {
		pages[i] = append([]byte(xmlProlog), p...)
	}
	return pages, nil
}

// SVG renders a single plate as an SVG document of the plate's own size
// (90 × 60 mm by default), for a preview on the house page or for a print
// shop that makes plates one at a time. Only opts.Width, opts.Height and
// opts.Level apply.
func SVG(p Plate, opts Options) ([]byte, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := validatePlates([]Plate{p}, opts.Level); err != nil {
		return nil, err
	}
	sym, err := encodeQR(p.URL, opts.Level)
	if err != nil {
		return nil, errs.Internalf("plate: encode %q: %w", p.URL, err)
	}
	var b bytes.Buffer
	b.WriteString(xmlProlog)
	svgOpen(&b, opts.Width, opts.Height)
	drawPlate(&b, p, sym, 0, 0, opts.Width, opts.Height, frameInset)
	b.WriteString("</g>\n</svg>\n")
	return b.Bytes(), nil
}

// pages renders the sheets as <svg> elements without the XML prolog, ready
// to be inlined in HTML.
func pages(plates []Plate, opts Options) ([][]byte, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	if err := validatePlates(plates, opts.Level); err != nil {
		return nil, err
	}
	syms := make([]*symbol, len(plates))
	for i, p := range plates {
		if syms[i], err = encodeQR(p.URL, opts.Level); err != nil {
			return nil, errs.Internalf("plate: encode %q: %w", p.URL, err)
		}
	}
	per := opts.perPage()
	total := (len(plates) + per - 1) / per
	out := make([][]byte, 0, total)
	for first := 0; first < len(plates); first += per {
		last := min(first+per, len(plates))
		out = append(out, page(plates[first:last], syms[first:last], opts, len(out)+1, total))
	}
	return out, nil
}

// svgOpen starts an <svg> of w × h mm whose user unit is 1 mm, so printing at
// 100 % gives true sizes, and opens a group carrying the Chinese font stack.
func svgOpen(b *bytes.Buffer, w, h float64) {
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="` + num(w) + `mm" height="` +
		num(h) + `mm" viewBox="0 0 ` + num(w) + ` ` + num(h) + `">` + "\n")
	b.WriteString(`<g font-family="` + fontSans + `" fill="#000">` + "\n")
}

// page renders one A4 sheet: the grid of plates centred on the page, cut
// marks in the margins, and when the margins have room a header (title and
// page number) and a footer with a 50 mm scale bar to check the print size.
func page(plates []Plate, syms []*symbol, o Options, n, total int) []byte {
	var b bytes.Buffer
	svgOpen(&b, pageW, pageH)
	// Many viewers show a transparent page as a checkerboard or dark.
	b.WriteString(`<rect width="210" height="297" fill="#fff"/>` + "\n")
	x0 := (pageW - o.gridW()) / 2
	y0 := (pageH - o.gridH()) / 2

	// Header and footer sit beyond the cut marks, and only when the margins
	// leave a printer's unprintable border (about 5 mm) free.
	roomy := y0 >= 22
	if roomy {
		pageNo := strconv.Itoa(n) + " / " + strconv.Itoa(total)
		half := o.gridW() / 2
		if t, ok := oneLine(o.Title, half+half/2, 4.5, em); ok {
			text(&b, x0, y0-11, t.size, t.text, textOpts{fill: "#333"})
		}
		text(&b, x0+o.gridW(), y0-11, 4.5, pageNo, textOpts{fill: "#333", anchor: "end"})
	}
	cutMarks(&b, o, x0, y0)

	for i, p := range plates {
		col, row := i%o.Columns, i/o.Columns
		x := x0 + float64(col)*(o.Width+o.Gap)
		y := y0 + float64(row)*(o.Height+o.Gap)
		f := frameRounded
		if o.Gap == 0 {
			f = frameShared
		}
		drawPlate(&b, p, syms[i], x, y, o.Width, o.Height, f)
	}

	if roomy {
		scaleBar(&b, x0, y0+o.gridH()+13, o.gridW())
	}
	b.WriteString("</g>\n</svg>\n")
	return b.Bytes()
}

// cutMarks draws short lines in the margins continuing every plate edge, so
// a paper cutter can be lined up on them even after the first cut has removed
// the borders' ends.
func cutMarks(b *bytes.Buffer, o Options, x0, y0 float64) {
	const off, length = 2.0, 6.0 // gap from the grid, mark length, in mm
	var xs, ys []float64
	for c := 0; c < o.Columns; c++ {
		x := x0 + float64(c)*(o.Width+o.Gap)
		xs = appendEdge(xs, x)
		xs = appendEdge(xs, x+o.Width)
	}
	for r := 0; r < o.Rows; r++ {
		y := y0 + float64(r)*(o.Height+o.Gap)
		ys = appendEdge(ys, y)
		ys = appendEdge(ys, y+o.Height)
	}
	x1, y1 := x0+o.gridW(), y0+o.gridH()
	lx := min(length, x0-off-1)
	ly := min(length, y0-off-1)
	b.WriteString(`<path fill="none" stroke="#000" stroke-width="0.2" d="`)
	for _, x := range xs {
		b.WriteString("M" + num(x) + " " + num(y0-off) + "v-" + num(ly))
		b.WriteString("M" + num(x) + " " + num(y1+off) + "v" + num(ly))
	}
	for _, y := range ys {
		b.WriteString("M" + num(x0-off) + " " + num(y) + "h-" + num(lx))
		b.WriteString("M" + num(x1+off) + " " + num(y) + "h" + num(lx))
	}
	b.WriteString(`"/>` + "\n")
}

// appendEdge adds v unless it repeats the last edge (neighbouring plates
// share an edge when there is no gap).
func appendEdge(vs []float64, v float64) []float64 {
	if len(vs) > 0 && num(vs[len(vs)-1]) == num(v) {
		return vs
	}
	return append(vs, v)
}

// scaleBar draws a 50 mm bar and a caption at baseline y: if the printed bar
// is not 50 mm, the printer scaled the page ("fit to page") and the plates'
// QR symbols and text are smaller than designed.
func scaleBar(b *bytes.Buffer, x, y, w float64) {
	b.WriteString(`<path fill="none" stroke="#000" stroke-width="0.3" d="M` + num(x) + " " + num(y-2) +
		"v2h50v-2M" + num(x+10) + " " + num(y-1) + "v1M" + num(x+20) + " " + num(y-1) + "v1M" +
		num(x+30) + " " + num(y-1) + "v1M" + num(x+40) + " " + num(y-1) + "v1" + `"/>` + "\n")
	caption := "此线应长 50 毫米，否则请选“实际大小”（100%）重新打印 · This line must measure 50 mm; if not, print again at actual size (100 %)"
	for i, l := range fit([]string{caption}, w-54, 8, 3, 2.6, 1.25) {
		text(b, x+54, y-1+float64(i)*l.size*1.25, l.size, l.text, textOpts{fill: "#333"})
	}
}
