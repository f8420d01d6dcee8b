package plate

import (
	"bytes"
	"strings"
	"testing"

	"rsc.io/qr"
	"rsc.io/qr/coding"
)

// TestQRRoundTrip encodes URLs of the lengths door plates use and reads them
// back with the independent decoder in decode_test.go.
func TestQRRoundTrip(t *testing.T) {
	long := "https://shequ.example.gov.cn/p/" + strings.Repeat("k", 29) // 60 bytes
	for _, tc := range []struct {
		text    string
		level   Level
		version int
	}{
		{"https://sq.example.cn/p/K7P2QX", LevelQ, 3},
		{"https://sq.example.cn/p/K7P2QX", LevelM, 3},
		{long, LevelQ, 5}, // 5-Q holds 60 bytes: the brief's "~60-character URL"
		{long + "k", LevelQ, 6},
		{long, LevelM, 4},
		{"HTTPS://SQ.EXAMPLE.CN/P/K7P2QX", LevelQ, 3}, // alphanumeric mode: 178 bits, 2-Q holds 176
		{"0123456789", LevelQ, 1},                     // numeric mode
		{strings.Repeat("a", maxURLBytes(LevelQ)), LevelQ, 10},
		{strings.Repeat("a", maxURLBytes(LevelM)), LevelM, 10},
		{"https://sq.example.cn/p/a?b=1&c=%E4%B8%AD", LevelQ, 4},
	} {
		sym, err := encodeQR(tc.text, tc.level)
		if err != nil {
			t.Fatalf("encode %q: %v", tc.text, err)
		}
		d, err := decodeSymbol(sym)
		if err != nil {
			t.Fatalf("decode %q (v%d): %v", tc.text, sym.version, err)
		}
		want := map[Level]string{LevelQ: "Q", LevelM: "M"}[tc.level]
		if d.text != tc.text || d.level != want || d.version != tc.version || d.mask != sym.mask {
			t.Errorf("%q: decoded %q level %s version %d mask %d; want level %s version %d mask %d",
				tc.text, d.text, d.level, d.version, d.mask, want, tc.version, sym.mask)
		}
		if sym.size != 4*tc.version+17 {
			t.Errorf("%q: size %d for version %d", tc.text, sym.size, tc.version)
		}
	}
}

// TestQRAllMasks decodes every mask, not only the one the penalty picks, so a
// mask the encoder rarely chooses is still known to be right.
func TestQRAllMasks(t *testing.T) {
	const url = "https://shequ.example.gov.cn/p/K7P2QX9M"
	for _, v := range []coding.Version{4, 7, 10} { // 7 and up carry version information
		for m := coding.Mask(0); m < 8; m++ {
			sym, err := encodeMask(coding.String(url), v, coding.Q, m)
			if err != nil {
				t.Fatal(err)
			}
			d, err := decodeSymbol(sym)
			if err != nil {
				t.Fatalf("v%d mask %d: %v", v, m, err)
			}
			if d.text != url || d.mask != int(m) || d.version != int(v) {
				t.Errorf("v%d mask %d: got %q mask %d version %d", v, m, d.text, d.mask, d.version)
			}
		}
	}
}

// TestQRKnownCodewords checks the codewords of "HELLO WORLD", the worked
// example of the thonky.com QR tutorial, at 1-M and 1-Q.
func TestQRKnownCodewords(t *testing.T) {
	for _, tc := range []struct {
		level Level
		want  []byte
	}{
		{LevelM, []byte{32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17,
			196, 35, 39, 119, 235, 215, 231, 226, 93, 23}},
		{LevelQ, []byte{32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236,
			168, 72, 22, 82, 217, 54, 156, 0, 46, 15, 180, 122, 16}},
	} {
		sym, err := encodeQR("HELLO WORLD", tc.level)
		if err != nil {
			t.Fatal(err)
		}
		d, err := decodeSymbol(sym)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(d.codewords, tc.want) {
			t.Errorf("level %s codewords\n got %v\nwant %v", d.level, d.codewords, tc.want)
		}
	}
}

// TestFormatBitsKnown pins the test decoder's format computation to
// published values (ISO/IEC 18004 Table C.1), so the decoder is not merely
// agreeing with itself.
func TestFormatBitsKnown(t *testing.T) {
	for _, tc := range []struct {
		levelBits, mask uint32
		want            string
	}{
		{0b00, 0, "101010000010010"}, // M, mask 0
		{0b01, 4, "110011000101111"}, // L, mask 4
		{0b11, 0, "011010101011111"}, // Q, mask 0
	} {
		if got := formatBits(tc.levelBits, tc.mask); got != parseBin(tc.want) {
			t.Errorf("format(%02b, %d) = %015b, want %s", tc.levelBits, tc.mask, got, tc.want)
		}
	}
}

func parseBin(s string) uint32 {
	var x uint32
	for _, c := range s {
		x = x<<1 | uint32(c-'0')
	}
	return x
}

// TestQRMatchesRSC compares our mask-0 matrix module for module with what
// rsc.io/qr's own Encode produces (it always uses mask 0).
func TestQRMatchesRSC(t *testing.T) {
	const url = "https://shequ.example.gov.cn/p/K7P2QX9M"
	c, err := qr.Encode(url, qr.Q)
	if err != nil {
		t.Fatal(err)
	}
	v := coding.Version((c.Size - 17) / 4)
	sym, err := encodeMask(coding.String(url), v, coding.Q, 0)
	if err != nil {
		t.Fatal(err)
	}
	for y := 0; y < c.Size; y++ {
		for x := 0; x < c.Size; x++ {
			if sym.at(x, y) != c.Black(x, y) {
				t.Fatalf("module (%d,%d) differs", x, y)
			}
		}
	}
}

// TestQRPicksLowestPenalty checks that the chosen mask scores lowest.
func TestQRPicksLowestPenalty(t *testing.T) {
	const url = "https://shequ.example.gov.cn/p/K7P2QX9M"
	sym, err := encodeQR(url, LevelQ)
	if err != nil {
		t.Fatal(err)
	}
	for m := coding.Mask(0); m < 8; m++ {
		other, err := encodeMask(coding.String(url), coding.Version(sym.version), coding.Q, m)
		if err != nil {
			t.Fatal(err)
		}
		if penalty(other) < penalty(sym) {
			t.Errorf("mask %d scores %d, below chosen mask %d's %d", m, penalty(other), sym.mask, penalty(sym))
		}
	}
}

// TestPenaltyByHand checks the four rules on matrices scored by hand.
func TestPenaltyByHand(t *testing.T) {
	const n = 21
	light := &symbol{size: n, dark: make([]bool, n*n)}
	// Rule 1: 21 rows and 21 columns, each one run of 21: 2·21·(3+16).
	// Rule 2: 20·20 blocks of 3. Rule 3: nothing dark, no pattern.
	// Rule 4: 0 % dark is 50 points off, ten steps of 10.
	if got, want := penalty(light), 2*21*19+20*20*3+100; got != want {
		t.Errorf("all light: %d, want %d", got, want)
	}
	checker := &symbol{size: n, dark: make([]bool, n*n)}
	for i := range checker.dark {
		checker.dark[i] = (i/n+i%n)%2 == 0
	}
	if got := penalty(checker); got != 0 {
		t.Errorf("checkerboard: %d, want 0", got)
	}
	// One finder-like row 1011101 at the left edge of an otherwise light
	// 11 × 11 matrix: rule 3 scores it with the light quiet zone before it
	// (40) and with the four light modules after it (40).
	one := &symbol{size: 11, dark: make([]bool, 121)}
	for i, d := range []bool{true, false, true, true, true, false, true} {
		one.dark[5*11+i] = d
	}
	base := &symbol{size: 11, dark: make([]bool, 121)}
	rule3 := penalty(one) - penalty(base)
	// Subtract what the pattern changes in rules 1, 2 and 4, scored by hand:
	// row 5 had one run of 11 (9 points) and now has runs 1,1,3,1,1,4 (0);
	// columns 0, 2, 3, 4, 6 had runs of 11 (9 each) and now 5,1,5 (3+3 each);
	// 2 × 2 blocks over rows 4–5 and 5–6 that touch a dark module are gone:
	// 7 in each (left columns 0–6), 14 blocks of 3; 4 % dark is nine steps
	// off 50 % instead of ten.
	other := (0 - 9) + 5*(6-9) - 14*3 - 10
	if rule3-other != 80 {
		t.Errorf("rule 3 scored %d, want 80 (total change %d)", rule3-other, rule3)
	}
}

// TestMaxURLBytes pins the limits the Plate.URL documentation states.
func TestMaxURLBytes(t *testing.T) {
	if q, m := maxURLBytes(LevelQ), maxURLBytes(LevelM); q != 151 || m != 213 {
		t.Errorf("max URL bytes Q %d, M %d; want 151, 213", q, m)
	}
}
