package plate

import (
	"fmt"
	"slices"
)

// A minimal QR decoder for tests, written from ISO/IEC 18004 independently of
// rsc.io/qr: it shares no tables or code with the encoder, so a symbol that
// decodes here was laid out, masked, interleaved and error-corrected the way
// the standard says, which is what phone scanners rely on. It reads clean
// symbols only (no error correction, just a check that every Reed–Solomon
// syndrome is zero) and versions 1–10 at levels M and Q.

// decoded is what decodeSymbol read from a symbol.
type decoded struct {
	text      string
	version   int
	level     string // "L", "M", "Q" or "H"
	mask      int
	codewords []byte // all codewords in placement order (interleaved)
}

// blockSpec is one group of blocks: count blocks of data data codewords.
type blockSpec struct{ count, data int }

// ecBlocks is ISO/IEC 18004 Table 9 for versions 1–10, levels M and Q:
// error correction codewords per block and the block groups.
var ecBlocks = map[string]struct {
	ec     int
	groups []blockSpec
}{
	"1-M": {10, []blockSpec{{1, 16}}}, "1-Q": {13, []blockSpec{{1, 13}}},
	"2-M": {16, []blockSpec{{1, 28}}}, "2-Q": {22, []blockSpec{{1, 22}}},
	"3-M": {26, []blockSpec{{1, 44}}}, "3-Q": {18, []blockSpec{{2, 17}}},
	"4-M": {18, []blockSpec{{2, 32}}}, "4-Q": {26, []blockSpec{{2, 24}}},
	"5-M": {24, []blockSpec{{2, 43}}}, "5-Q": {18, []blockSpec{{2, 15}, {2, 16}}},
	"6-M": {16, []blockSpec{{4, 27}}}, "6-Q": {24, []blockSpec{{4, 19}}},
	"7-M": {18, []blockSpec{{4, 31}}}, "7-Q": {18, []blockSpec{{2, 14}, {4, 15}}},
	"8-M": {22, []blockSpec{{2, 38}, {2, 39}}}, "8-Q": {22, []blockSpec{{4, 18}, {2, 19}}},
	"9-M": {22, []blockSpec{{3, 36}, {2, 37}}}, "9-Q": {20, []blockSpec{{4, 16}, {4, 17}}},
	"10-M": {26, []blockSpec{{4, 43}, {1, 44}}}, "10-Q": {24, []blockSpec{{6, 19}, {2, 20}}},
}

// alignCentres is ISO/IEC 18004 Annex E for versions 1–10.
var alignCentres = [][]int{nil, nil, {6, 18}, {6, 22}, {6, 26}, {6, 30}, {6, 34},
	{6, 22, 38}, {6, 24, 42}, {6, 26, 46}, {6, 28, 50}}

// bchRem is the remainder of x divided by the generator poly over GF(2).
func bchRem(x, poly uint32) uint32 {
	deg := 0
	for p := poly; p > 1; p >>= 1 {
		deg++
	}
	for i := 31; i >= deg; i-- {
		if x&(1<<uint(i)) != 0 {
			x ^= poly << uint(i-deg)
		}
	}
	return x
}

// formatBits is the 15-bit masked format information for a level's two
// indicator bits and a mask.
func formatBits(levelBits, mask uint32) uint32 {
	d := levelBits<<3 | mask
	return (d<<10 | bchRem(d<<10, 0x537)) ^ 0x5412
}

func decodeSymbol(s *symbol) (*decoded, error) {
	n := s.size
	v := (n - 17) / 4
	if n != 4*v+17 || v < 1 || v > 10 {
		return nil, fmt.Errorf("size %d is not a version 1–10 symbol", n)
	}
	dark := func(r, c int) bool { return s.at(c, r) }
	if err := checkFinders(s); err != nil {
		return nil, err
	}
	for i := 8; i < n-8; i++ {
		if dark(6, i) != (i%2 == 0) || dark(i, 6) != (i%2 == 0) {
			return nil, fmt.Errorf("timing pattern broken at %d", i)
		}
	}
	if !dark(n-8, 8) {
		return nil, fmt.Errorf("dark module missing")
	}

	// Format information, both copies, most significant bit first.
	var f1, f2 uint32
	for _, p := range [][2]int{{8, 0}, {8, 1}, {8, 2}, {8, 3}, {8, 4}, {8, 5}, {8, 7}, {8, 8}, {7, 8},
		{5, 8}, {4, 8}, {3, 8}, {2, 8}, {1, 8}, {0, 8}} {
		f1 = f1<<1 | b2u(dark(p[0], p[1]))
	}
	for i := 0; i < 7; i++ {
		f2 = f2<<1 | b2u(dark(n-1-i, 8))
	}
	for i := 0; i < 8; i++ {
		f2 = f2<<1 | b2u(dark(8, n-8+i))
	}
	if f1 != f2 {
		return nil, fmt.Errorf("format copies differ: %015b %015b", f1, f2)
	}
	d := &decoded{version: v, level: "?", mask: -1}
	for lb := uint32(0); lb < 4; lb++ {
		for m := uint32(0); m < 8; m++ {
			if formatBits(lb, m) == f1 {
				d.level, d.mask = string("MLHQ"[lb]), int(m)
			}
		}
	}
	if d.mask < 0 {
		return nil, fmt.Errorf("format %015b is not a valid codeword", f1)
	}

	// Version information (versions 7 and up), both copies.
	if v >= 7 {
		want := uint32(v)<<12 | bchRem(uint32(v)<<12, 0x1f25)
		var bl, tr uint32
		for i := 17; i >= 0; i-- {
			bl = bl<<1 | b2u(dark(n-11+i%3, i/3))
			tr = tr<<1 | b2u(dark(i/3, n-11+i%3))
		}
		if bl != want || tr != want {
			return nil, fmt.Errorf("version info %018b / %018b, want %018b", bl, tr, want)
		}
	}

	// Read the data modules in the two-column zigzag from the bottom right,
	// skipping function patterns and unmasking as we go.
	fn := functionModules(n, v)
	var bits []bool
	up := true
	for c := n - 1; c > 0; c -= 2 {
		if c == 6 {
			c-- // the vertical timing pattern is skipped as a whole column
		}
		for k := 0; k < n; k++ {
			r := k
			if up {
				r = n - 1 - k
			}
			for _, cc := range []int{c, c - 1} {
				if !fn[r*n+cc] {
					bits = append(bits, dark(r, cc) != maskBit(d.mask, r, cc))
				}
			}
		}
		up = !up
	}
	total := len(bits) / 8
	d.codewords = make([]byte, total)
	for i := range d.codewords {
		for j := 0; j < 8; j++ {
			d.codewords[i] = d.codewords[i]<<1 | byte(b2u(bits[i*8+j]))
		}
	}

	spec, ok := ecBlocks[fmt.Sprintf("%d-%s", v, d.level)]
	if !ok {
		return nil, fmt.Errorf("no block table for %d-%s", v, d.level)
	}
	var blocks [][]byte
	var dataLen []int
	for _, g := range spec.groups {
		for range g.count {
			blocks = append(blocks, nil)
			dataLen = append(dataLen, g.data)
		}
	}
	if want := len(blocks) * spec.ec; total != want+sum(dataLen) {
		return nil, fmt.Errorf("%d codewords in symbol, table says %d", total, want+sum(dataLen))
	}
	// De-interleave: data codewords round-robin (short blocks drop out),
	// then error correction codewords round-robin.
	cw := d.codewords
	for i := 0; i < slices.Max(dataLen); i++ {
		for b := range blocks {
			if i < dataLen[b] {
				blocks[b] = append(blocks[b], cw[0])
				cw = cw[1:]
			}
		}
	}
	for range spec.ec {
		for b := range blocks {
			blocks[b] = append(blocks[b], cw[0])
			cw = cw[1:]
		}
	}
	var data []byte
	for b, blk := range blocks {
		for i := range spec.ec {
			if syn := rsEval(blk, gfExp[i]); syn != 0 {
				return nil, fmt.Errorf("block %d: syndrome %d is %d", b, i, syn)
			}
		}
		data = append(data, blk[:dataLen[b]]...)
	}
	text, err := parseSegments(data, v)
	d.text = text
	return d, err
}

// checkFinders checks the three 7 × 7 finder patterns and their light
// separators.
func checkFinders(s *symbol) error {
	n := s.size
	for _, o := range [][2]int{{0, 0}, {n - 7, 0}, {0, n - 7}} {
		for dy := -1; dy <= 7; dy++ {
			for dx := -1; dx <= 7; dx++ {
				x, y := o[0]+dx, o[1]+dy
				if x < 0 || y < 0 || x >= n || y >= n {
					continue
				}
				ring := max(abs(dx-3), abs(dy-3))
				want := ring != 2 && ring != 4 // dark: centre 3×3 and outer ring
				if s.at(x, y) != want {
					return fmt.Errorf("finder at %v wrong at (%d,%d)", o, x, y)
				}
			}
		}
	}
	return nil
}

// functionModules marks finder patterns with separators and format areas,
// timing patterns, alignment patterns and version information.
func functionModules(n, v int) []bool {
	fn := make([]bool, n*n)
	set := func(r0, c0, h, w int) {
		for r := r0; r < r0+h; r++ {
			for c := c0; c < c0+w; c++ {
				fn[r*n+c] = true
			}
		}
	}
	set(0, 0, 9, 9)
	set(0, n-8, 9, 8)
	set(n-8, 0, 8, 9)
	set(6, 0, 1, n)
	set(0, 6, n, 1)
	cs := alignCentres[v]
	for _, r := range cs {
		for _, c := range cs {
			if (r == 6 && c == 6) || (r == 6 && c == cs[len(cs)-1]) || (r == cs[len(cs)-1] && c == 6) {
				continue // would overlap a finder
			}
			set(r-2, c-2, 5, 5)
		}
	}
	if v >= 7 {
		set(0, n-11, 6, 3)
		set(n-11, 0, 3, 6)
	}
	return fn
}

// maskBit is data mask m at row i, column j (ISO/IEC 18004 Table 10).
func maskBit(m, i, j int) bool {
	switch m {
	case 0:
		return (i+j)%2 == 0
	case 1:
		return i%2 == 0
	case 2:
		return j%3 == 0
	case 3:
		return (i+j)%3 == 0
	case 4:
		return (i/2+j/3)%2 == 0
	case 5:
		return i*j%2+i*j%3 == 0
	case 6:
		return (i*j%2+i*j%3)%2 == 0
	}
	return ((i+j)%2+i*j%3)%2 == 0
}

// GF(256) with the QR polynomial x^8+x^4+x^3+x^2+1.
var gfExp, gfLog = func() (exp [512]byte, log [256]int) {
	x := 1
	for i := 0; i < 255; i++ {
		exp[i], log[x] = byte(x), i
		if x <<= 1; x >= 256 {
			x ^= 0x11d
		}
	}
	for i := 255; i < 512; i++ {
		exp[i] = exp[i-255]
	}
	return exp, log
}()

func gfMul(a, b byte) byte {
	if a == 0 || b == 0 {
		return 0
	}
	return gfExp[gfLog[a]+gfLog[b]]
}

// rsEval evaluates the block as a polynomial (first codeword highest) at x;
// a valid block is zero at α^0 … α^(ec-1).
func rsEval(block []byte, x byte) byte {
	var y byte
	for _, c := range block {
		y = gfMul(y, x) ^ c
	}
	return y
}

// parseSegments reads numeric, alphanumeric and byte segments up to the
// terminator or the end of the data.
func parseSegments(data []byte, v int) (string, error) {
	pos := 0
	read := func(n int) (int, bool) {
		if pos+n > len(data)*8 {
			return 0, false
		}
		x := 0
		for range n {
			x = x<<1 | int(data[pos/8]>>(7-pos%8)&1)
			pos++
		}
		return x, true
	}
	big := v >= 10
	var out []byte
	for {
		mode, ok := read(4)
		if !ok || mode == 0 {
			return string(out), nil
		}
		switch mode {
		case 1: // numeric: three digits in 10 bits
			n, _ := read(pick(big, 12, 10))
			for ; n >= 3; n -= 3 {
				x, _ := read(10)
				out = fmt.Appendf(out, "%03d", x)
			}
			if n == 2 {
				x, _ := read(7)
				out = fmt.Appendf(out, "%02d", x)
			} else if n == 1 {
				x, _ := read(4)
				out = fmt.Appendf(out, "%d", x)
			}
		case 2: // alphanumeric: two characters in 11 bits
			const set = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
			n, _ := read(pick(big, 11, 9))
			for ; n >= 2; n -= 2 {
				x, _ := read(11)
				out = append(out, set[x/45], set[x%45])
			}
			if n == 1 {
				x, _ := read(6)
				out = append(out, set[x])
			}
		case 4: // byte
			n, _ := read(pick(big, 16, 8))
			for range n {
				x, ok := read(8)
				if !ok {
					return "", fmt.Errorf("byte segment runs past the data")
				}
				out = append(out, byte(x))
			}
		default:
			return "", fmt.Errorf("unsupported mode %04b", mode)
		}
	}
}

func pick(c bool, a, b int) int {
	if c {
		return a
	}
	return b
}

func b2u(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}
