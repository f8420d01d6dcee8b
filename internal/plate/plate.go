package plate

import (
	"fmt"
	"math"

	"github.com/shequ-dev/shequ/internal/errs"
)

// Plate is what one door plate shows. The caller builds it from the house
// register; this package knows nothing about houses beyond these strings.
type Plate struct {
	// URL is encoded in the QR symbol, e.g. "https://shequ.example.cn/p/K7P2QX".
	// It must be visible ASCII (percent-encode anything else, as
	// url.URL.String does) and at most 151 bytes at level Q, 213 at M.
	URL string
	// Code is the house's short public code, printed large under the symbol so
	// it can be read out on the phone or typed when scanning fails.
	Code string
	// Address holds the lines of the address, most general first, e.g.
	// {"平江路社区", "12幢 2单元", "301室"}. A long line such as
	// "平江路社区 · 12幢 · 2单元 · 301室" is wrapped at its separators.
	Address []string
	// SmallPrint is an optional hint at the bottom, e.g.
	// "扫码反映问题 · Scan to report a problem".
	SmallPrint string
}

// Limits on plate text. They are far above what a real address needs; they
// exist so that a mistaken import (a whole CSV row in one cell) fails loudly
// instead of printing an unreadable plate.
const (
	MaxCodeLen       = 16 // runes in Plate.Code
	MaxAddressLines  = 6  // entries in Plate.Address
	MaxAddressLen    = 64 // runes in one address line, and in Options.Title
	MaxSmallPrintLen = 80 // runes in Plate.SmallPrint
)

// Level is the QR error correction level.
type Level int

// The zero Level is Q: plates live outdoors and in stairwells where they get
// dirty, scratched and sun-bleached, so the larger recovery margin of Q (about
// 25 % of the symbol) is worth the slightly denser symbol. M (about 15 %)
// gives bigger modules for long URLs.
const (
	LevelQ Level = iota // about 25 % recoverable; the default
	LevelM              // about 15 % recoverable; larger modules
)

// maxVersion caps the QR version. On the default plate the symbol with its
// quiet zone is 45 mm wide; above version 10 (57 + 8 modules) a module drops
// under 0.7 mm, too small for reliable scanning from a step away, so a longer
// URL is an error rather than a plate that does not scan. About 150 bytes at
// level Q is still far more than a short link needs.
const maxVersion = 10

// Options control the sheet layout. The zero value gives the default layout:
// 2 columns × 4 rows of 90 × 60 mm plates on A4 portrait, QR level Q.
// Plates are landscape, at least 1.3 times as wide as high, 60–186 mm wide
// and 40–273 mm high; the grid must fit A4 inside 12 mm margins.
type Options struct {
	Columns, Rows int     // plates per row and per column; default 2 × 4
	Width, Height float64 // plate size in mm; default 90 × 60
	Gap           float64 // space between plates in mm; default 0 (one cut between neighbours)
	Level         Level   // QR error correction level
	// Title is printed in the page header, e.g. "平江路社区 12幢 门牌", so a
	// stack of printed sheets can be sorted; the page number is added to it.
	Title string
}

// A4 portrait in millimetres.
const (
	pageW = 210.0
	pageH = 297.0
	// minMargin keeps the grid and its cut marks inside the area every
	// office printer can reach.
	minMargin = 12.0
)

// withDefaults fills zero fields and checks that the grid fits on A4.
func (o Options) withDefaults() (Options, error) {
	if o.Columns == 0 {
		o.Columns = 2
	}
	if o.Rows == 0 {
		o.Rows = 4
	}
	if o.Width == 0 {
		o.Width = 90
	}
	if o.Height == 0 {
		o.Height = 60
	}
	var v errs.Validation
	v.Check(o.Columns >= 1 && o.Columns <= 4, "columns", "err.range", 1, 4)
	v.Check(o.Rows >= 1 && o.Rows <= 8, "rows", "err.range", 1, 8)
	// Below 60 × 40 mm the code and the address stop being readable for old
	// eyes; above the page they cannot be printed.
	v.Check(o.Width >= 60 && o.Width <= pageW-2*minMargin, "width", "err.range", 60, int(pageW-2*minMargin))
	v.Check(o.Height >= 40 && o.Height <= pageH-2*minMargin, "height", "err.range", 40, int(pageH-2*minMargin))
	v.Check(o.Gap >= 0 && o.Gap <= 20, "gap", "err.range", 0, 20)
	v.Check(o.Level == LevelQ || o.Level == LevelM, "level", "err.choose_one")
	v.MaxLen("title", o.Title, MaxAddressLen)
	if err := v.Err(); err != nil {
		return o, err
	}
	// The symbol sits beside the text; on a plate much less wide than
	// 4:3 the text column becomes too narrow to read.
	v.Check(o.Width >= 1.3*o.Height, "width", "err.range", int(math.Ceil(1.3*o.Height)), int(pageW-2*minMargin))
	if o.gridW() > pageW-2*minMargin {
		v.Add("columns", "err.too_large")
	}
	if o.gridH() > pageH-2*minMargin {
		v.Add("rows", "err.too_large")
	}
	return o, v.Err()
}

func (o Options) gridW() float64 { return float64(o.Columns)*o.Width + float64(o.Columns-1)*o.Gap }
func (o Options) gridH() float64 { return float64(o.Rows)*o.Height + float64(o.Rows-1)*o.Gap }

// perPage is the number of plates on one sheet.
func (o Options) perPage() int { return o.Columns * o.Rows }

// validate checks one plate; field names carry the plate's index so an import
// preview can point at the offending row.
func (p Plate) validate(v *errs.Validation, i int, level Level) {
	f := func(name string) string { return fmt.Sprintf("plates[%d].%s", i, name) }
	if v.Require(f("url"), p.URL) {
		if n := maxURLBytes(level); len(p.URL) > n {
			v.Add(f("url"), "err.too_long", n)
		}
	}
	// Byte mode carries no charset, and scanners guess Latin-1 or UTF-8 for
	// non-ASCII bytes; a percent-encoded URL (what url.URL.String gives) reads
	// the same on every phone.
	v.Check(printableASCII(p.URL), f("url"), "err.invalid")
	if v.Require(f("code"), p.Code) {
		v.MaxLen(f("code"), p.Code, MaxCodeLen)
	}
	v.Check(len(p.Address) <= MaxAddressLines, f("address"), "err.range", 0, MaxAddressLines)
	for _, line := range p.Address {
		v.MaxLen(f("address"), line, MaxAddressLen)
	}
	v.MaxLen(f("small_print"), p.SmallPrint, MaxSmallPrintLen)
}

// validatePlates checks every plate and reports all problems at once.
func validatePlates(plates []Plate, level Level) error {
	var v errs.Validation
	for i, p := range plates {
		p.validate(&v, i, level)
	}
	return v.Err()
}

// printableASCII reports whether s has only visible ASCII characters, which is
// what a well-formed, percent-encoded URL consists of.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
