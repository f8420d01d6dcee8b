package plate

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/errs"
)

func TestPageCount(t *testing.T) {
	for _, tc := range []struct {
		plates, pages int
		opts          Options
	}{
		{0, 0, Options{}},
		{1, 1, Options{}},
		{8, 1, Options{}},
		{9, 2, Options{}},
		{17, 3, Options{}},
		{3, 3, Options{Columns: 1, Rows: 1}},
		{9, 1, Options{Columns: 3, Rows: 3, Width: 60, Height: 45}},
	} {
		pages, err := Sheet(samplePlates(tc.plates), tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(pages) != tc.pages {
			t.Errorf("%d plates %+v: %d pages, want %d", tc.plates, tc.opts, len(pages), tc.pages)
		}
		n := 0
		for _, p := range pages {
			n += len(parseSVG(t, p).plates)
		}
		if n != tc.plates {
			t.Errorf("%d plates drawn, want %d", n, tc.plates)
		}
		html, err := HTML(samplePlates(tc.plates), tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := bytes.Count(html, []byte(`<div class="page">`)); got != tc.pages {
			t.Errorf("HTML has %d pages, want %d", got, tc.pages)
		}
	}
}

// TestSheetQRDecodes reads every plate's QR symbol back from the SVG path and
// decodes it: what gets printed is the URL the plate was given.
func TestSheetQRDecodes(t *testing.T) {
	plates := samplePlates(9)
	pages, err := Sheet(plates, Options{})
	if err != nil {
		t.Fatal(err)
	}
	i := 0
	for _, p := range pages {
		for _, pl := range parseSVG(t, p).plates {
			d, err := decodeSymbol(pl.qr)
			if err != nil {
				t.Fatalf("plate %d: %v", i, err)
			}
			if d.text != plates[i].URL || d.level != "Q" {
				t.Errorf("plate %d decodes to %q level %s, want %q level Q", i, d.text, d.level, plates[i].URL)
			}
			i++
		}
	}
}

func TestDimensions(t *testing.T) {
	pages, err := Sheet(samplePlates(8), Options{})
	if err != nil {
		t.Fatal(err)
	}
	pg := parseSVG(t, pages[0])
	if pg.width != "210mm" || pg.height != "297mm" || pg.viewBox != "0 0 210 297" {
		t.Errorf("page is %s × %s, viewBox %q; want A4 in mm", pg.width, pg.height, pg.viewBox)
	}
	const eps = 0.01
	for i, pl := range pg.plates {
		if math.Abs(pl.w-90) > eps || math.Abs(pl.h-60) > eps {
			t.Errorf("plate %d is %g × %g mm, want 90 × 60", i, pl.w, pl.h)
		}
		// 2 × 4 grid centred on the page, no gap.
		wantX, wantY := 15+float64(i%2)*90, 28.5+float64(i/2)*60
		if math.Abs(pl.x-wantX) > eps || math.Abs(pl.y-wantY) > eps {
			t.Errorf("plate %d at (%g, %g), want (%g, %g)", i, pl.x, pl.y, wantX, wantY)
		}
		// A module of about 1 mm scans from a step away on cheap phones.
		if pl.module < 0.95 {
			t.Errorf("plate %d: module %g mm", i, pl.module)
		}
		// The quiet zone of four modules lies inside the plate.
		q := quietModules * pl.module
		if pl.qrX-q < 0 || pl.qrY-q < 0 || pl.qrX+float64(pl.qr.size)*pl.module+q > pl.w ||
			pl.qrY+float64(pl.qr.size)*pl.module+q > pl.h {
			t.Errorf("plate %d: quiet zone leaves the plate", i)
		}
	}
	single, err := SVG(samplePlates(1)[0], Options{})
	if err != nil {
		t.Fatal(err)
	}
	sp := parseSVG(t, single)
	if sp.width != "90mm" || sp.height != "60mm" || sp.viewBox != "0 0 90 60" || len(sp.plates) != 1 {
		t.Errorf("single plate is %s × %s, viewBox %q, %d plates", sp.width, sp.height, sp.viewBox, len(sp.plates))
	}
}

// stressPlates are the worst inputs validation lets through.
func stressPlates() []Plate {
	long := strings.Repeat("星", MaxAddressLen)
	return []Plate{
		{URL: "https://a.cn/p/1", Code: strings.Repeat("W", MaxCodeLen),
			Address: []string{strings.Repeat("W", MaxAddressLen)}, SmallPrint: strings.Repeat("@", MaxSmallPrintLen)},
		{URL: "https://a.cn/p/2", Code: strings.Repeat("码", MaxCodeLen),
			Address: []string{long, long, long, long, long, long}, SmallPrint: strings.Repeat("扫", MaxSmallPrintLen)},
		{URL: "https://a.cn/p/3", Code: "X",
			Address: []string{"平江路社区 · 苏州工业园区星海街道 · 12幢 · 2单元 · 302室（东边户）",
				"MOUNT WASHINGTON MANSIONS BLOCK M", "（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（（"}},
		{URL: strings.Repeat("h", maxURLBytes(LevelQ)), Code: "K7P2QX", Address: []string{"301室"}},
		{URL: "https://a.cn/p/4", Code: "K7P2QX"}, // no address at all
	}
}

// TestTextFits checks, with the conservative width estimate, that no text
// leaves its plate or the page, and that no plate text enters the QR
// symbol's quiet zone, for ordinary and extreme input and every layout.
func TestTextFits(t *testing.T) {
	for _, opts := range []Options{
		{Title: strings.Repeat("平江路社区 12幢 门牌 ", 3)},
		{Gap: 5},
		{Columns: 3, Rows: 4, Width: 60, Height: 45},
		{Columns: 1, Rows: 6, Width: 186, Height: 40},
		{Columns: 2, Rows: 6, Width: 60, Height: 40, Level: LevelM},
	} {
		plates := append(samplePlates(9), stressPlates()...)
		pages, err := Sheet(plates, opts)
		if err != nil {
			t.Fatalf("%+v: %v", opts, err)
		}
		for n, p := range pages {
			pg := parseSVG(t, p)
			for _, tx := range pg.texts {
				if l, r := tx.extent(); l < 0 || r > pageW || tx.y-tx.size*ascent < 0 || tx.y > pageH {
					t.Errorf("%+v page %d: %q runs off the page", opts, n, tx.content)
				}
			}
			for i, pl := range pg.plates {
				q := quietModules * pl.module
				qx0, qy0 := pl.qrX-q, pl.qrY-q
				qx1, qy1 := pl.qrX+float64(pl.qr.size)*pl.module+q, pl.qrY+float64(pl.qr.size)*pl.module+q
				for _, tx := range pl.texts {
					l, r := tx.extent()
					top, bottom := tx.y-tx.size*ascent, tx.y+tx.size*(1-ascent)
					if l < 0 || r > pl.w || top < 0 || bottom > pl.h {
						t.Errorf("%+v page %d plate %d: %q (%.2f mm) leaves the %g × %g plate: x %.2f–%.2f, y %.2f–%.2f",
							opts, n, i, tx.content, tx.size, pl.w, pl.h, l, r, top, bottom)
					}
					const eps = 0.01 // coordinates are printed to 0.01 mm
					if l < qx1-eps && r > qx0+eps && top < qy1-eps && bottom > qy0+eps {
						t.Errorf("%+v page %d plate %d: %q overlaps the QR quiet zone", opts, n, i, tx.content)
					}
				}
			}
		}
	}
}

// TestReadableSizes guards the point of the layout: on the default plate a
// room number is at least 10 mm high and the code at least 7 mm.
func TestReadableSizes(t *testing.T) {
	pages, err := Sheet(samplePlates(1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, tx := range parseSVG(t, pages[0]).plates[0].texts {
		got[tx.content] = tx.size
	}
	if got["101室"] < 10 || got["K7P2QX"] < 7 || got["平江路社区"] < 6 || got["扫码反映问题"] < 3 {
		t.Errorf("sizes too small: %v", got)
	}
}

func TestEscaping(t *testing.T) {
	p := Plate{
		URL:        "https://sq.example.cn/p/a?x=1&y=<2>",
		Code:       "<&>",
		Address:    []string{`A<B & C>D "q" 'a'`, "x\x01y\tz\n<script>"},
		SmallPrint: "]]><!--",
	}
	opts := Options{Title: "<b>&amp;</b>"}
	pages, err := Sheet([]Plate{p}, opts)
	if err != nil {
		t.Fatal(err)
	}
	single, err := SVG(p, opts)
	if err != nil {
		t.Fatal(err)
	}
	html, err := HTML([]Plate{p}, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range [][]byte{pages[0], single} {
		pg := parseSVG(t, doc) // fails on malformed XML
		var all []string
		for _, tx := range append(pg.texts, pg.plates[0].texts...) {
			all = append(all, tx.content)
		}
		// Long lines wrap, so compare without the spaces where they broke.
		joined := strings.Join(strings.Fields(strings.Join(all, " ")), "")
		for _, want := range []string{"<&>", `A<B&C>D"q"'a'`, "xyz<script>", "]]><!--"} {
			if !strings.Contains(joined, want) {
				t.Errorf("text %q not read back; got %q", want, joined)
			}
		}
		d, err := decodeSymbol(pg.plates[0].qr)
		if err != nil || d.text != p.URL {
			t.Errorf("QR reads %q, %v", d.text, err)
		}
	}
	for _, raw := range []string{"<B", "<script>", "<b>", "<!--", "\x01"} {
		for _, doc := range [][]byte{pages[0], single, html} {
			if bytes.Contains(doc, []byte(raw)) {
				t.Errorf("raw %q in output", raw)
			}
		}
	}
	if !bytes.Contains(html, []byte("<title>&lt;b&gt;&amp;amp;&lt;/b&gt;</title>")) {
		t.Errorf("HTML title not escaped")
	}
}

func TestDeterministic(t *testing.T) {
	a, err := HTML(samplePlates(17), Options{Title: "12幢"})
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		b, _ := HTML(samplePlates(17), Options{Title: "12幢"})
		if !bytes.Equal(a, b) {
			t.Fatal("same input, different output")
		}
	}
}

func TestHTML(t *testing.T) {
	html, err := HTML(samplePlates(9), Options{Title: "平江路社区 12幢"})
	if err != nil {
		t.Fatal(err)
	}
	s := string(html)
	for _, want := range []string{"<!DOCTYPE html>", `<html lang="zh-CN">`, `<meta charset="utf-8">`,
		"<title>平江路社区 12幢</title>", "@page { size: A4 portrait; margin: 0; }", "page-break-after: always",
		".page:last-child", `width="210mm" height="297mm"`} {
		if !strings.Contains(s, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(s, "<?xml") {
		t.Error("inline SVG must not carry an XML prolog")
	}
	if got := strings.Count(s, "<svg "); got != 2 {
		t.Errorf("%d inline SVGs, want 2", got)
	}
}

func TestValidation(t *testing.T) {
	ok := samplePlates(1)[0]
	for _, tc := range []struct {
		name   string
		plate  Plate
		opts   Options
		fields []string
	}{
		{"empty url", Plate{Code: "A"}, Options{}, []string{"plates[0].url"}},
		{"non-ASCII url", Plate{URL: "https://例子.cn/p/1", Code: "A"}, Options{}, []string{"plates[0].url"}},
		{"space in url", Plate{URL: "https://a.cn/p/1 2", Code: "A"}, Options{}, []string{"plates[0].url"}},
		{"long url Q", Plate{URL: strings.Repeat("h", maxURLBytes(LevelQ)+1), Code: "A"}, Options{}, []string{"plates[0].url"}},
		{"long url M", Plate{URL: strings.Repeat("h", maxURLBytes(LevelM)+1), Code: "A"}, Options{Level: LevelM}, []string{"plates[0].url"}},
		{"no code", Plate{URL: ok.URL}, Options{}, []string{"plates[0].code"}},
		{"long code", Plate{URL: ok.URL, Code: strings.Repeat("码", MaxCodeLen+1)}, Options{}, []string{"plates[0].code"}},
		{"many lines", Plate{URL: ok.URL, Code: "A", Address: make([]string, MaxAddressLines+1)}, Options{}, []string{"plates[0].address"}},
		{"long line", Plate{URL: ok.URL, Code: "A", Address: []string{strings.Repeat("路", MaxAddressLen+1)}}, Options{}, []string{"plates[0].address"}},
		{"long small print", Plate{URL: ok.URL, Code: "A", SmallPrint: strings.Repeat("x", MaxSmallPrintLen+1)}, Options{}, []string{"plates[0].small_print"}},
		{"columns", ok, Options{Columns: 5}, []string{"columns"}},
		{"width", ok, Options{Width: 300}, []string{"width"}},
		{"gap", ok, Options{Gap: -1}, []string{"gap"}},
		{"square", ok, Options{Width: 60, Height: 60}, []string{"width"}},
		{"level", ok, Options{Level: 7}, []string{"level"}},
		{"too many rows", ok, Options{Rows: 8}, []string{"rows"}},
		{"too wide", ok, Options{Columns: 3}, []string{"columns"}},
	} {
		for name, render := range map[string]func() error{
			"Sheet": func() error { _, err := Sheet([]Plate{ok, tc.plate}, tc.opts); return err },
			"SVG":   func() error { _, err := SVG(tc.plate, tc.opts); return err },
			"HTML":  func() error { _, err := HTML([]Plate{tc.plate}, tc.opts); return err },
		} {
			err := render()
			e := errs.As(err)
			if e == nil || e.Code != errs.Invalid {
				t.Errorf("%s %s: err = %v, want Invalid", tc.name, name, err)
				continue
			}
			want := tc.fields[0]
			if name == "Sheet" {
				want = strings.Replace(want, "plates[0]", "plates[1]", 1)
			}
			if len(e.Fields) != 1 || e.Fields[0].Field != want {
				t.Errorf("%s %s: fields %v, want %s", tc.name, name, e.Fields, want)
			}
		}
	}
}

// BenchmarkSheet renders a 40-house building (5 pages), the everyday job.
func BenchmarkSheet(b *testing.B) {
	plates := samplePlates(40)
	for b.Loop() {
		if _, err := Sheet(plates, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
