package tabular

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// normHeader reduces a header to what matters for matching: full-width letters,
// digits and brackets become half-width (Chinese input methods produce both "（" and
// "("), case is folded, and white space (including the ideographic space and the
// line breaks of wrapped header cells), "*" required markers, underscores, hyphens,
// dots and colons are dropped.
func normHeader(s string) string {
	s = width.Fold.String(s)
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '*', r == '_', r == '-', r == '.', r == ':', r == '\ufeff':
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}
