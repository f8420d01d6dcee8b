package cases

import (
	"slices"
	"unicode"
)

// Similarity compares two descriptions by their character bigrams (Dice's coefficient,
// 0…1). Chinese has no spaces between words, so pairs of characters stand in for words:
// "楼道堆放杂物" and "楼道里堆了杂物" share 楼道, 堆放/堆了 do not, 杂物 does. Spaces
// and punctuation are ignored, Latin letters are folded to lower case.
func Similarity(a, b string) float64 {
	ga, gb := bigrams(a), bigrams(b)
	if len(ga) == 0 || len(gb) == 0 {
		return 0
	}
	// Both are sorted: the bigrams they share, each as often as the one that has it
	// fewer times, are counted in one walk along both.
	common := 0
	for i, j := 0, 0; i < len(ga) && j < len(gb); {
		switch {
		case ga[i] < gb[j]:
			i++
		case ga[i] > gb[j]:
			j++
		default:
			common++
			i++
			j++
		}
	}
	return 2 * float64(common) / float64(len(ga)+len(gb))
}

// DuplicateThreshold is the similarity above which two nearby reports of one category
// are suggested as duplicates.
const DuplicateThreshold = 0.3

// bigrams are the character pairs of s's letters and digits, each as two runes in one
// number, sorted; a single character is a pair with nothing.
func bigrams(s string) []uint64 {
	var rs []rune
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, unicode.ToLower(r))
		}
	}
	if len(rs) == 1 {
		return []uint64{uint64(rs[0]) << 32}
	}
	out := make([]uint64, 0, max(len(rs)-1, 0))
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, uint64(rs[i])<<32|uint64(uint32(rs[i+1])))
	}
	slices.Sort(out)
	return out
}
