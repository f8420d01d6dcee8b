package plate

import (
	"errors"
	"sync"

	"rsc.io/qr/coding"
)

// symbol is a QR symbol as a square matrix of modules, without quiet zone.
type symbol struct {
	version int
	mask    int    // data mask pattern 0–7
	size    int    // modules per side: 4*version + 17
	dark    []bool // row-major, size*size
}

// at reports whether the module in column x, row y is dark; modules outside
// the symbol are the light quiet zone.
func (s *symbol) at(x, y int) bool {
	if x < 0 || y < 0 || x >= s.size || y >= s.size {
		return false
	}
	return s.dark[y*s.size+x]
}

func (l Level) coding() coding.Level {
	if l == LevelM {
		return coding.M
	}
	return coding.Q
}

// encoding picks the most compact of the three modes rsc.io/qr offers for
// the whole text, as rsc.io/qr's own Encode does. A lower-case URL is byte
// mode; an all-upper-case one fits the alphanumeric mode and a smaller symbol.
func encoding(text string) coding.Encoding {
	switch {
	case coding.Num(text).Check() == nil:
		return coding.Num(text)
	case coding.Alpha(text).Check() == nil:
		return coding.Alpha(text)
	}
	return coding.String(text)
}

// maxURLBytes is the longest byte-mode text that fits in maxVersion at level:
// the data capacity less the 4-bit mode and 16-bit length headers.
func maxURLBytes(level Level) int {
	return (coding.Version(maxVersion).DataBytes(level.coding())*8 - 4 - 16) / 8
}

// errTooLong is internal: validation rejects such URLs before encoding.
var errTooLong = errors.New("plate: text too long for a door plate QR symbol")

// plans caches rsc.io/qr plans, which only depend on version, level and mask
// and are read-only once built; a district prints tens of thousands of
// plates and every plate tries all eight masks.
var plans sync.Map // planKey → *coding.Plan

type planKey struct {
	v coding.Version
	l coding.Level
	m coding.Mask
}

func plan(v coding.Version, l coding.Level, m coding.Mask) (*coding.Plan, error) {
	k := planKey{v, l, m}
	if p, ok := plans.Load(k); ok {
		return p.(*coding.Plan), nil
	}
	p, err := coding.NewPlan(v, l, m)
	if err != nil {
		return nil, err
	}
	plans.Store(k, p)
	return p, nil
}

// encodeQR encodes text in the smallest version that holds it at level and,
// unlike rsc.io/qr's Encode (which always uses mask 0), with the mask of lowest
// penalty as ISO/IEC 18004 §7.8.3 prescribes. Mask 0 alone can leave large
// blocks and finder-like patterns in the data area that make cheap scanners
// hunt for a fourth corner.
func encodeQR(text string, level Level) (*symbol, error) {
	enc := encoding(text)
	l := level.coding()
	v := coding.Version(1)
	for enc.Bits(v) > v.DataBytes(l)*8 {
		if v++; v > maxVersion {
			return nil, errTooLong
		}
	}
	var best *symbol
	bestScore := 0
	for m := coding.Mask(0); m < 8; m++ {
		s, err := encodeMask(enc, v, l, m)
		if err != nil {
			return nil, err
		}
		// Ties go to the lower mask, which keeps the output deterministic.
		if score := penalty(s); best == nil || score < bestScore {
			best, bestScore = s, score
		}
	}
	return best, nil
}

// encodeMask builds the symbol for one version, level and mask.
func encodeMask(enc coding.Encoding, v coding.Version, l coding.Level, m coding.Mask) (*symbol, error) {
	p, err := plan(v, l, m)
	if err != nil {
		return nil, err
	}
	c, err := p.Encode(enc)
	if err != nil {
		return nil, err
	}
	s := &symbol{version: int(v), mask: int(m), size: c.Size, dark: make([]bool, c.Size*c.Size)}
	for y := 0; y < c.Size; y++ {
		for x := 0; x < c.Size; x++ {
			s.dark[y*c.Size+x] = c.Black(x, y)
		}
	}
	return s, nil
}
