package tabular

import "golang.org/x/text/width"

// displayWidth is how many character cells s takes in a spreadsheet column: Chinese
// characters and other wide forms count two, as they do on screen.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
