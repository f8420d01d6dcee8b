package plate

// penalty scores a masked symbol by the four rules of ISO/IEC 18004:2015
// §7.8.3.1; the encoder keeps the mask with the lowest score. Lower means
// fewer patterns a scanner could mistake for finder patterns and a more even
// balance of dark and light.
func penalty(s *symbol) int {
	n := s.size
	score := 0

	// Rules 1 and 3 look along lines: every row, then every column, copied
	// into a buffer with four light quiet-zone modules at each end so that
	// a finder-like pattern at an edge counts too.
	buf := make([]bool, n+8)
	for dir := 0; dir < 2; dir++ {
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				if dir == 0 {
					buf[4+j] = s.dark[i*n+j]
				} else {
					buf[4+j] = s.dark[j*n+i]
				}
			}
			score += lineScore(buf[4:4+n]) + finderScore(buf)
		}
	}

	// Rule 2: every 2 × 2 block of one colour scores 3 (blocks overlap).
	for y := 0; y+1 < n; y++ {
		for x := 0; x+1 < n; x++ {
			c := s.at(x, y)
			if s.at(x+1, y) == c && s.at(x, y+1) == c && s.at(x+1, y+1) == c {
				score += 3
			}
		}
	}

	// Rule 4: 10 points for each full 5 % the dark share deviates from 50 %.
	dark := 0
	for _, d := range s.dark {
		if d {
			dark++
		}
	}
	pct := dark * 100 / len(s.dark)
	dev := pct - 50
	if dev < 0 {
		dev = -dev
	}
	score += dev / 5 * 10
	return score
}

// lineScore is rule 1 for one line: a run of five or more modules of one
// colour scores 3, plus 1 for each module beyond five.
func lineScore(line []bool) int {
	score, run := 0, 1
	for j := 1; j <= len(line); j++ {
		if j < len(line) && line[j] == line[j-1] {
			run++
			continue
		}
		if run >= 5 {
			score += 3 + run - 5
		}
		run = 1
	}
	return score
}

// Rule 3's two patterns over 11 modules: dark light dark dark dark light dark
// with four light modules after it, or before it.
var (
	finderThenLight = [11]bool{true, false, true, true, true, false, true, false, false, false, false}
	lightThenFinder = [11]bool{false, false, false, false, true, false, true, true, true, false, true}
)

// finderScore is rule 3 for one line padded with the quiet zone: 40 for each
// match of either pattern.
func finderScore(padded []bool) int {
	score := 0
	for j := 0; j+11 <= len(padded); j++ {
		w := (*[11]bool)(padded[j : j+11])
		if *w == finderThenLight {
			score += 40
		}
		if *w == lightThenFinder {
			score += 40
		}
	}
	return score
}
