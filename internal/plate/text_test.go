package plate

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

// Advance widths of printable ASCII (space to '~') in thousandths of an em,
// the larger of regular and bold, measured in Chromium with getComputedTextLength
// on this project's Linux machine: the sans stack resolves to Noto Sans CJK SC,
// the monospace stack to DejaVu Sans Mono.
var (
	measuredSans = []int{227, 351, 574, 590, 590, 963, 740, 325, 378, 378, 483, 590, 341, 332, 309, 392, 590, 590, 590,
		590, 590, 590, 590, 590, 590, 590, 325, 341, 590, 590, 590, 514, 1007, 633, 669, 644, 695, 569, 547, 705, 757, 330,
		568, 659, 578, 853, 749, 739, 648, 739, 666, 616, 562, 732, 579, 915, 603, 496, 582, 378, 392, 378, 590, 567, 626,
		579, 616, 500, 616, 537, 364, 597, 640, 304, 306, 588, 315, 964, 641, 570, 616, 616, 436, 495, 375, 637, 576, 863,
		562, 543, 511, 378, 296, 378, 590}
	measuredMono = 603
)

// TestEmCoversMeasuredWidths: the estimate must never be narrower than a
// real font of the stack, or text could run off the plate.
func TestEmCoversMeasuredWidths(t *testing.T) {
	for i, w := range measuredSans {
		r := rune(' ' + i)
		if est := runeEm(r) * 1000; est < float64(w) {
			t.Errorf("%q: estimate %.0f < measured %d", r, est, w)
		}
		if est := monoEm(string(r)) * 1000; est < float64(measuredMono) {
			t.Errorf("%q mono: estimate %.0f < measured %d", r, est, measuredMono)
		}
	}
	for _, r := range "平江路社区幢单元室（）·，、" {
		if runeEm(r) != 1 || monoEm(string(r)) != 1 {
			t.Errorf("%q should count a full em", r)
		}
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"  平江路社区 ":       "平江路社区",
		"12幢\t2单元\n301室": "12幢 2单元 301室",
		"a\x00b\x1fc":    "a b c",
		"全角\u3000空格":     "全角 空格",
		"":               "",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		in    string
		maxEm float64
		want  [][]string
	}{
		// The brief's example: breaks at the dots, which are dropped there,
		// and packs what fits.
		{"平江路社区 · 12幢 · 2单元 · 301室", 8, [][]string{{"平江路社区"}, {"12幢 · 2单元"}, {"301室"}}},
		{"平江路社区 · 12幢", 20, [][]string{{"平江路社区 · 12幢"}}},
		// A part without separators is broken evenly, as one group.
		{"苏州工业园区星海街道", 8, [][]string{{"苏州工业园", "区星海街道"}}},
		// Spaces inside a part do not cut it; words move whole.
		{"扫码反映问题 · Scan to report a problem", 10, [][]string{{"扫码反映问题"}, {"Scan to report", "a problem"}}},
		// ASCII runs stay whole next to CJK; closing brackets do not start
		// a line.
		{"302室（东边户）", 4, [][]string{{"302室", "（东边", "户）"}}},
	} {
		if got := wrap(tc.in, tc.maxEm); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("wrap(%q, %g) = %q, want %q", tc.in, tc.maxEm, got, tc.want)
		}
	}
}

func TestBreakWordNarrow(t *testing.T) {
	// Narrower than one character: one character per line, and it ends.
	if got := breakWord("平江路", 0.5); !reflect.DeepEqual(got, []string{"平", "江", "路"}) {
		t.Errorf("got %q", got)
	}
	// A long ASCII word with nowhere better to break is broken anyway.
	for _, l := range breakWord(strings.Repeat("8", 30), 5) {
		if em(l) > 5 {
			t.Errorf("line %q is %.2f em", l, em(l))
		}
	}
}

func TestFit(t *testing.T) {
	lines := fit([]string{"平江路社区", "12幢 2单元", "301室", "  "}, 38, 38, 11, 4.5, 1.28)
	if len(lines) != 3 {
		t.Fatalf("got %v", lines)
	}
	for _, l := range lines {
		if l.size*em(l.text) > 38 {
			t.Errorf("%q at %.2f mm is %.2f mm wide", l.text, l.size, l.size*em(l.text))
		}
	}
	if lines[2].size != 11 || lines[0].size >= lines[2].size {
		t.Errorf("short room line should be largest, capped at 11: %v", lines)
	}
	// Too tall: everything shrinks in proportion to fit the height.
	tall := fit([]string{"一", "二", "三", "四", "五", "六"}, 38, 20, 11, 4.5, 1.28)
	if h := blockHeight(tall, 1.28); h > 20 || h < 19.9 {
		t.Errorf("block height %.2f, want just under 20", h)
	}
	if math.Abs(tall[0].size-tall[5].size) > 0.001 {
		t.Errorf("equal lines shrink equally: %v", tall)
	}
}
