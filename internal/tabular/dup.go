package tabular

import (
	"hash/maphash"
	"strings"
)

// Duplicates remembers rows by a 64-bit fingerprint of chosen cells, to report a row
// that repeats an earlier one ("第 12 行与第 5 行重复") without keeping the rows: a
// million rows cost about 20 MB. Two different rows share a fingerprint with
// probability about n²/2⁶⁴, negligible for any file a person uploads.
// The zero value is not ready: use NewDuplicates.
type Duplicates struct {
	seed maphash.Seed
	seen map[uint64]int
}

// NewDuplicates returns an empty set.
func NewDuplicates() *Duplicates {
	return &Duplicates{seed: maphash.MakeSeed(), seen: map[uint64]int{}}
}

// Check records the cells for line and returns the line where the same cells were
// first seen, or 0. Cells are compared after trimming surrounding white space, so
// "张三" and "张三 " are the same.
func (d *Duplicates) Check(line int, cells ...string) (first int) {
	var h maphash.Hash
	h.SetSeed(d.seed)
	for _, c := range cells {
		h.WriteString(strings.TrimSpace(c))
		h.WriteByte(0) // so ("ab","c") differs from ("a","bc")
	}
	k := h.Sum64()
	if first, ok := d.seen[k]; ok {
		return first
	}
	d.seen[k] = line
	return 0
}
