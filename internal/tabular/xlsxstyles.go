package tabular

import (
	"archive/zip"
	"encoding/xml"
	"strconv"
	"strings"
)

// valueKind is how a number cell is shown: as a number, or as a date and/or time.
type valueKind uint8

const (
	kindNumber valueKind = iota
	kindDate
	kindDateTime
	kindTime
	kindDuration // elapsed time, [h]:mm: hours past 24 are kept
)

// numFmt is what the reader needs of a cell style's number format.
type numFmt struct {
	kind valueKind
	// pad is the width of a format made only of zeros ("000000"), which people use
	// to keep the leading zeros of codes typed into number cells: 301 shown as 0301.
	pad uint8
}

// maxStyles bounds the cell formats read; Excel itself allows about 64,000.
const maxStyles = 1 << 18

// builtinKind classifies Excel's built-in number formats, which styles.xml refers to
// by id without spelling out. Ids 27–36 and 50–58 are the East Asian date and time
// formats that Chinese Excel uses (yyyy"年"m"月"d"日", h"时"mm"分" …).
func builtinKind(id int) valueKind {
	switch {
	case id >= 14 && id <= 17, id >= 27 && id <= 31, id == 36, id >= 50 && id <= 54, id == 57, id == 58:
		return kindDate
	case id == 22:
		return kindDateTime
	case id >= 18 && id <= 21, id >= 32 && id <= 35, id >= 45 && id <= 47, id == 55, id == 56:
		return kindTime
	}
	return kindNumber
}

// loadStyles returns, for each cell style index (the s attribute of a cell), how its
// numbers are shown.
func (p *pkg) loadStyles(f *zip.File) ([]numFmt, error) {
	custom := map[int]numFmt{}
	var kinds []numFmt
	inXfs := false
	err := p.walk(f, maxPartBytes, func(t xml.Token) error {
		switch t := t.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "numFmt":
				if id, err := strconv.Atoi(attr(t, "numFmtId")); err == nil {
					code := attr(t, "formatCode")
					custom[id] = numFmt{kind: classifyFormat(code), pad: zeroPad(code)}
				}
			case "cellXfs":
				inXfs = true
			case "xf":
				if !inXfs || len(kinds) >= maxStyles {
					return nil
				}
				id, _ := strconv.Atoi(attr(t, "numFmtId"))
				k, ok := custom[id]
				if !ok {
					k = numFmt{kind: builtinKind(id)}
				}
				kinds = append(kinds, k)
			}
		case xml.EndElement:
			if t.Name.Local == "cellXfs" {
				inXfs = false
			}
		}
		return nil
	})
	return kinds, err
}

// classifyFormat tells whether a custom number format shows a date, a time or both,
// from its first section. Quoted text, escaped characters, fill and padding
// characters and bracketed modifiers ([Red], [$-804], [DBNum1]) are skipped, except
// elapsed-time brackets like [h]. "m" is minutes right after an hour or before a
// second, months otherwise, as in Excel.
func classifyFormat(code string) valueKind {
	s := strings.ToLower(code)
	if s == "general" || s == "@" {
		return kindNumber
	}
	var date, tm, elapsed bool
	lastHour := false // the previous date/time letter was h
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case ';':
			i = len(s) // only the first section
			continue
		case '"':
			if j := strings.IndexByte(s[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(s)
			}
			continue
		case '\\', '_', '*':
			i++
			continue
		case '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				i = len(s)
				continue
			}
			inner := s[i+1 : i+j]
			if inner != "" && strings.Trim(inner, "hms") == "" {
				elapsed, lastHour = true, inner[0] == 'h'
			}
			i += j
			continue
		}
		if strings.HasPrefix(s[i:], "am/pm") {
			tm, i = true, i+4
			continue
		}
		if strings.HasPrefix(s[i:], "a/p") {
			tm, i = true, i+2
			continue
		}
		switch c {
		case 'y', 'd':
			date, lastHour = true, false
		case 'h', 's':
			tm, lastHour = true, c == 'h'
		case 'm':
			if lastHour || nextLetter(s, i) == 's' {
				tm = true
			} else {
				date = true
			}
			for i+1 < len(s) && s[i+1] == 'm' {
				i++
			}
		}
	}
	switch {
	case elapsed && !date:
		return kindDuration
	case date && (tm || elapsed):
		return kindDateTime
	case date:
		return kindDate
	case tm:
		return kindTime
	}
	return kindNumber
}

// zeroPad returns the width of a format of 2 to 30 zeros, else 0.
func zeroPad(code string) uint8 {
	if len(code) < 2 || len(code) > 30 || strings.Trim(code, "0") != "" {
		return 0
	}
	return uint8(len(code))
}

// nextLetter returns the next of y, m, d, h, s after position i, skipping
// separators, or 0.
func nextLetter(s string, i int) byte {
	for i++; i < len(s); i++ {
		switch c := s[i]; c {
		case 'm':
			continue
		case 'y', 'd', 'h', 's':
			return c
		case '"', ';', '[':
			return 0
		}
	}
	return 0
}
