package plate

import (
	"bytes"
	"encoding/xml"
	"math"
	"strconv"
)

// Font stacks. Chinese: the open Noto/Source Han family first (Linux and
// anyone who installed it), then the system fonts of Windows and macOS.
// The code: monospace fonts found on Linux, macOS and Windows, so 0 and O,
// 1 and I look different, which matters when the code is read out on the
// phone.
const (
	fontSans = `'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif`
	fontMono = `'DejaVu Sans Mono','Menlo','Consolas','Liberation Mono',monospace`
)

// num formats a length in mm with at most two decimals (0.01 mm is far below
// any printer's resolution) and no trailing zeros, so output is compact and
// byte-for-byte deterministic.
func num(x float64) string {
	x = math.Round(x*100) / 100
	if x == 0 {
		x = 0 // no "-0"
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// esc writes s escaped for XML text and attribute values. encoding/xml also
// replaces characters XML cannot carry (such as control characters pasted from
// a spreadsheet) with U+FFFD, so bad input cannot produce an unreadable file.
func esc(b *bytes.Buffer, s string) {
	_ = xml.EscapeText(b, []byte(s)) // writing to a bytes.Buffer cannot fail
}

// textOpts are the presentation attributes of one <text>.
type textOpts struct {
	family string // font-family, empty to inherit
	weight string // font-weight, empty to inherit
	fill   string // fill colour, empty to inherit
	anchor string // text-anchor: "", "middle" or "end"
}

// text writes one <text> element with its baseline at y.
func text(b *bytes.Buffer, x, y, size float64, s string, o textOpts) {
	b.WriteString(`<text x="` + num(x) + `" y="` + num(y) + `" font-size="` + num(size) + `"`)
	if o.family != "" {
		b.WriteString(` font-family="` + o.family + `"`)
	}
	if o.weight != "" {
		b.WriteString(` font-weight="` + o.weight + `"`)
	}
	if o.fill != "" {
		b.WriteString(` fill="` + o.fill + `"`)
	}
	if o.anchor != "" {
		b.WriteString(` text-anchor="` + o.anchor + `"`)
	}
	b.WriteString(`>`)
	esc(b, s)
	b.WriteString("</text>\n")
}
