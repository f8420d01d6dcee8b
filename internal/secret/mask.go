package secret

import "strings"

// MaskPhone masks a mobile number for display, keeping the first three and
// last four characters: "13812345678" becomes "138****5678". At least four
// characters are always hidden; shorter or odd input shows less, never more.
func MaskPhone(s string) string { return maskMiddle(s, 3, 4, 4) }

// MaskIDNumber masks a resident ID number for display, keeping the six-digit
// region code and the last four characters, and so hiding the birth date:
// "11010519491231002X" becomes "110105********002X". At least eight
// characters are always hidden; shorter or odd input shows less, never more.
func MaskIDNumber(s string) string { return maskMiddle(s, 6, 4, 8) }

// MaskName masks a personal name for display, keeping the first character
// and, for names of three or more characters, the last: "张三丰" becomes
// "张*丰" and "张三" becomes "张*". A one-character name is fully masked,
// since showing it would show everything.
func MaskName(s string) string {
	r := []rune(s)
	switch n := len(r); {
	case n == 0:
		return ""
	case n == 1:
		return "*"
	case n == 2:
		return string(r[0]) + "*"
	default:
		return string(r[0]) + strings.Repeat("*", n-2) + string(r[n-1])
	}
}

// maskMiddle keeps up to head leading and tail trailing runes of s and
// replaces the rest with one '*' each, so the length stays visible but the
// content does not. It always hides at least minHidden runes: when s is too
// short for the full layout, the visible budget left over is split between
// the ends, favouring the tail, and everything is hidden if nothing is left.
// Runes, not bytes, are counted, so multi-byte input is never cut in half.
func maskMiddle(s string, head, tail, minHidden int) string {
	r := []rune(s)
	n := len(r)
	if n == 0 {
		return ""
	}
	if visible := n - minHidden; visible < head+tail {
		if visible <= 0 {
			return strings.Repeat("*", n)
		}
		tail = min(tail, (visible+1)/2)
		head = min(head, visible-tail)
	}
	return string(r[:head]) + strings.Repeat("*", n-head-tail) + string(r[n-tail:])
}
