package tabular

// Excel's own sheet limits (Excel 2007 and later). A reference beyond them is not a
// workbook Excel wrote, and honouring it would let one cell allocate a huge row.
const (
	// MaxColumns is the number of columns a sheet can have (A … XFD).
	MaxColumns = 16384
	// MaxSheetRows is the number of rows a sheet can have.
	MaxSheetRows = 1048576
)

// ColumnName returns the spreadsheet letters of a zero-based column index:
// 0 → "A", 25 → "Z", 26 → "AA". Messages name columns this way because that is what
// people see in Excel.
func ColumnName(i int) string {
	if i < 0 {
		return ""
	}
	var b [4]byte
	n := len(b)
	for i++; i > 0; i = (i - 1) / 26 {
		n--
		b[n] = byte('A' + (i-1)%26)
	}
	return string(b[n:])
}

// parseCellRef splits a reference like "C5" (or "$C$5") into a zero-based column and
// the one-based row. ok is false for anything else, including references past the
// sheet limits. The row may be absent ("C"), giving row 0.
func parseCellRef(ref string) (col, row int, ok bool) {
	i := 0
	col = 0
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	start := i
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20 // lower-case letters
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		if col > MaxColumns {
			return 0, 0, false
		}
	}
	if i == start {
		return 0, 0, false
	}
	if i < len(ref) && ref[i] == '$' {
		i++
	}
	for ; i < len(ref); i++ {
		c := ref[i]
		if c < '0' || c > '9' {
			return 0, 0, false
		}
		row = row*10 + int(c-'0')
		if row > MaxSheetRows {
			return 0, 0, false
		}
	}
	return col - 1, row, true
}
