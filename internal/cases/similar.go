package cases

import (
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
	common := 0
	for g, n := range ga {
		common += min(n, gb[g])
	}
	return 2 * float64(common) / float64(total(ga)+total(gb))
}

// DuplicateThreshold is the similarity above which two nearby reports of one category
// are suggested as duplicates.
const DuplicateThreshold = 0.3

func bigrams(s string) map[[2]rune]int {
	var rs []rune
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, unicode.ToLower(r))
		}
	}
	out := make(map[[2]rune]int, len(rs))
	if len(rs) == 1 {
		out[[2]rune{rs[0], 0}]++
	}
	for i := 0; i+1 < len(rs); i++ {
		out[[2]rune{rs[i], rs[i+1]}]++
	}
	return out
}

func total(m map[[2]rune]int) int {
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}
