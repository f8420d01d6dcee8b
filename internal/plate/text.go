package plate

import (
	"math"
	"strings"
	"unicode"
)

// SVG has no text layout: a <text> element never wraps and its width depends
// on the font the printing machine happens to have. So widths are estimated
// here, conservatively, from the characters alone, and every line is wrapped
// and sized so that the estimate fits. Real glyphs are then narrower or equal
// in every font of the font stacks below, and no text can run off a plate.

// runeEm is the advance width of r in em in the sans font stack, rounded up
// over regular and bold. CJK ideographs and full-width forms are 1 em in
// every CJK font. ASCII is nominally half width, but Latin glyphs vary: in
// Noto Sans CJK SC Bold digits are 0.59 em, most lower case up to 0.64,
// capitals up to 0.76, and "M", "W", "m", "w", "%" and "@" up to 1.01 (see
// TestEmCoversMeasuredWidths), and Microsoft YaHei and PingFang are close.
// Anything else non-ASCII counts as a full em.
func runeEm(r rune) float64 {
	switch {
	case r == ' ':
		return 0.4
	case r == 'M' || r == 'W' || r == 'm' || r == 'w' || r == '%':
		return 1
	case r == '@':
		return 1.05
	case 'A' <= r && r <= 'Z' || r == '&':
		return 0.82
	case '0' <= r && r <= '9':
		return 0.62
	case r < 0x80:
		return 0.66
	}
	return 1
}

// em is the estimated width of s in em in the sans font stack.
func em(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += runeEm(r)
	}
	return w
}

// monoEm is the estimated width of s in em in the monospace stack, whose
// ASCII glyphs are all 0.55–0.6 em wide (Consolas to DejaVu Sans Mono).
func monoEm(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x80 {
			w += 0.62
		} else {
			w++
		}
	}
	return w
}

// clean turns s into one line: control characters (including newlines and
// tabs from a spreadsheet cell) become spaces, runs of spaces collapse, and
// the ends are trimmed.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// line is one line of text ready to draw: its content and font size in mm.
type line struct {
	text string
	size float64
}

// fit lays out paragraphs in a box w wide and h high. A paragraph that fits
// the width on one line at minSize or more is one line, as large as fits up
// to maxSize, so short lines such as a room number come out large. A longer
// one is wrapped (see wrap) into lines that each get their own size, except
// the pieces of one broken phrase, which share a size so they read as one.
// If the block is then taller than h, every size shrinks in proportion, which
// keeps the hierarchy and still fits the width.
func fit(paragraphs []string, w, h, maxSize, minSize, leading float64) []line {
	var out []line
	total := 0.0
	for _, p := range paragraphs {
		p = clean(p)
		if p == "" {
			continue
		}
		for _, group := range wrap(p, w/minSize) {
			size := maxSize
			for _, piece := range group {
				size = math.Min(size, w/em(piece))
			}
			for _, piece := range group {
				out = append(out, line{piece, size})
				total += size * leading
			}
		}
	}
	if total > h {
		k := h / total
		for i := range out {
			out[i].size *= k
		}
	}
	for i := range out {
		// Round down so that printing the size with two decimals never
		// makes the text wider than estimated.
		out[i].size = math.Floor(out[i].size*100) / 100
	}
	return out
}

// oneLine sizes s to fit w on a single line, at most maxSize, for text that
// must not wrap: a code split over two lines would be misread. width is em
// or monoEm, matching the font the line is drawn in.
func oneLine(s string, w, maxSize float64, width func(string) float64) (line, bool) {
	s = clean(s)
	if s == "" {
		return line{}, false
	}
	return line{s, math.Floor(math.Min(maxSize, w/width(s))*100) / 100}, true
}

// blockHeight is the height fit's lines take at the given leading.
func blockHeight(lines []line, leading float64) float64 {
	h := 0.0
	for _, l := range lines {
		h += l.size * leading
	}
	return h
}

// isStrongSep reports whether r separates the parts of an address, such as
// the middle dots in "平江路社区 · 12幢 · 2单元". Lines break there first,
// and the separator with the spaces around it is dropped at the break.
func isStrongSep(r rune) bool {
	return r == '·' || r == '・' || r == '|' || r == '/'
}

// word is a piece of text between separators, with the separator text
// before it (kept inside a line, dropped at a line start).
type word struct {
	sep, text string
}

// split cuts s at runs of spaces and of separators for which isSep holds.
func split(s string, isSep func(rune) bool) []word {
	var out []word
	var sep, text strings.Builder
	for _, r := range s {
		if r == ' ' || isSep(r) {
			if text.Len() > 0 {
				out = append(out, word{sep.String(), text.String()})
				sep.Reset()
				text.Reset()
			}
			sep.WriteRune(r)
			continue
		}
		text.WriteRune(r)
	}
	if text.Len() > 0 {
		out = append(out, word{sep.String(), text.String()})
	}
	if len(out) > 0 {
		out[0].sep = ""
	}
	return out
}

// wrap breaks s into groups of lines of at most maxEm. The parts between
// strong separators are packed greedily, each packed line a group of its own.
// A part too long for a line by itself is broken at spaces, or inside words
// if it must be, into lines of balanced length that form one group.
func wrap(s string, maxEm float64) [][]string {
	var out [][]string
	cur := ""
	for _, p := range parts(s) {
		if cur != "" {
			if joined := cur + p.sep + p.text; em(joined) <= maxEm {
				cur = joined
				continue
			}
			out = append(out, []string{cur})
			cur = ""
		}
		if em(p.text) <= maxEm {
			cur = p.text
		} else {
			out = append(out, balanced(p.text, maxEm))
		}
	}
	if cur != "" {
		out = append(out, []string{cur})
	}
	return out
}

// parts cuts s at strong separators; spaces alone do not cut.
func parts(s string) []word {
	var out []word
	for _, w := range split(s, isStrongSep) {
		if n := len(out); n > 0 && !strings.ContainsFunc(w.sep, isStrongSep) {
			out[n-1].text += w.sep + w.text
			continue
		}
		out = append(out, w)
	}
	return out
}

// balanced breaks s into as few lines as greedy filling to maxEm gives, but
// with the narrowest width that keeps that number of lines, so the result
// reads "苏州工业园 / 区星海街道" rather than "苏州工业园区星海 / 街道".
func balanced(s string, maxEm float64) []string {
	best := greedy(s, maxEm)
	lo, hi := em(s)/float64(len(best)), maxEm
	for range 24 {
		mid := (lo + hi) / 2
		if lines := greedy(s, mid); len(lines) <= len(best) {
			best, hi = lines, mid
		} else {
			lo = mid
		}
	}
	return best
}

// greedy fills lines of at most maxEm word by word, breaking a word that is
// too long by itself with breakWord.
func greedy(s string, maxEm float64) []string {
	var lines []string
	cur := ""
	for _, wd := range split(s, func(rune) bool { return false }) {
		if cur != "" {
			if joined := cur + wd.sep + wd.text; em(joined) <= maxEm {
				cur = joined
				continue
			}
			lines = append(lines, cur)
		}
		parts := breakWord(wd.text, maxEm)
		lines = append(lines, parts[:len(parts)-1]...)
		cur = parts[len(parts)-1]
	}
	return append(lines, cur)
}

// noLineStart and noLineEnd are the punctuation Chinese typesetting keeps
// from starting or ending a line.
const (
	noLineStart = "，。、；：！？）》」』】〉,.;:!?)]"
	noLineEnd   = "（《「『【〈(["
)

// breakWord splits a word wider than maxEm. Chinese may break between any two
// characters (except before closing or after opening punctuation), but not
// inside a run of ASCII such as "301" or "B2", so the break goes at the last
// such boundary when there is one, else anywhere. A line always takes at
// least one character, so this ends even when maxEm is narrower than one.
func breakWord(s string, maxEm float64) []string {
	var out []string
	rs := []rune(s)
	for len(rs) > 0 {
		n, w := 0, 0.0
		for n < len(rs) && (n == 0 || w+runeEm(rs[n]) <= maxEm) {
			w += runeEm(rs[n])
			n++
		}
		if n < len(rs) {
			for k := n; k > 0; k-- {
				if (rs[k-1] >= 0x80 || rs[k] >= 0x80) &&
					!strings.ContainsRune(noLineStart, rs[k]) && !strings.ContainsRune(noLineEnd, rs[k-1]) {
					n = k
					break
				}
			}
		}
		out = append(out, string(rs[:n]))
		rs = rs[n:]
	}
	return out
}
