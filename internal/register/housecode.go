package register

import (
	"encoding/binary"
	"fmt"
	"io"
	"strings"
)

// ErrHouseCode is a door-plate code that cannot be one.
const ErrHouseCode Problem = "err.house_code"

// HouseCodeLen is the length of a door-plate code.
const HouseCodeLen = 10

// crockford is Douglas Crockford's base-32 alphabet: digits and capitals without I, L, O
// and U, so a code read aloud or copied by hand from a plate cannot be misread.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewHouseCode draws the stable public code of a house's QR door plate (二维码门牌): ten
// Crockford base-32 characters, 50 random bits from r (crypto/rand.Reader in production,
// a fixed stream in tests).
//
// The code is random rather than derived from the address so that it survives
// renumbering and reveals nothing, and so that nobody can walk the codes of a building.
// Collisions: with 2^50 (about 10^15) codes, the chance that a new code repeats one of ten
// million existing houses is about 1 in 10^8, but across ten million draws the chance of
// some repeat is about 4 %; storage therefore keeps codes in a unique index and draws
// again on a conflict.
// No check character is needed for typed codes: a mistyped code hits an existing house
// with that same tiny chance and otherwise finds nothing.
func NewHouseCode(r io.Reader) (string, error) {
	var b [8]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return "", fmt.Errorf("register: house code: %w", err)
	}
	n := binary.BigEndian.Uint64(b[:]) & (1<<50 - 1)
	var code [HouseCodeLen]byte
	for i := HouseCodeLen - 1; i >= 0; i-- {
		code[i] = crockford[n&31]
		n >>= 5
	}
	return string(code[:]), nil
}

// ParseHouseCode reads a door-plate code as a person may type it: lower case, with
// spaces or dashes, O for 0 and I or L for 1 (Crockford's decoding rules). It returns the
// canonical code.
func ParseHouseCode(s string) (string, error) {
	s = strings.ToUpper(strings.ReplaceAll(compact(s), "-", ""))
	s = strings.NewReplacer("O", "0", "I", "1", "L", "1").Replace(s)
	if len(s) != HouseCodeLen {
		return "", ErrHouseCode
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(crockford, s[i]) < 0 {
			return "", ErrHouseCode
		}
	}
	return s, nil
}
