package tabular

import (
	"archive/zip"
	"encoding/xml"
	"strconv"
	"strings"
	"unicode/utf8"
)

// sharedStrings is the workbook's string table. Cells refer to it by index, in any
// order, so it has to be in memory. It is stored as one string and an offset per
// entry (4 bytes) instead of a string header per entry (16 bytes plus allocator
// overhead): that is the difference between ~80 MB and ~200 MB for a full sheet of
// residents. Looking an entry up slices the string without copying.
type sharedStrings struct {
	text string
	ends []uint32 // ends[i] is where entry i stops; it starts at ends[i-1]
}

func (s *sharedStrings) get(i int) (string, bool) {
	if i < 0 || i >= len(s.ends) {
		return "", false
	}
	start := uint32(0)
	if i > 0 {
		start = s.ends[i-1]
	}
	return s.text[start:s.ends[i]], true
}

// loadSharedStrings reads the table, failing with err.tabular_shared_strings_limit
// once text plus offsets would exceed limit bytes.
func (p *pkg) loadSharedStrings(f *zip.File, limit int64, maxXML int64) (*sharedStrings, error) {
	limit = min(limit, 1<<32-1) // offsets are uint32
	var (
		b       strings.Builder
		ends    []uint32
		cur     []byte // the entry being read, before unescaping
		inSI    bool
		inT     bool
		phonDep int // inside <rPh>: phonetic guides (furigana) are not cell text
		used    int64
	)
	b.Grow(int(min(int64(f.UncompressedSize64)/2, limit, 64<<20)))
	overLimit := func() error {
		return tooLarge("err.tabular_shared_strings_limit", limit>>20)
	}
	err := p.walk(f, maxXML, func(t xml.Token) error {
		switch t := t.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "sst":
				// The count only sizes the first allocation: a producer may get it
				// wrong, and a hostile one may make it huge.
				if n, err := strconv.Atoi(attr(t, "uniqueCount")); err == nil && n > 0 {
					ends = make([]uint32, 0, min(n, 1<<20))
				}
			case "si":
				inSI, cur = true, cur[:0]
			case "rPh":
				phonDep++
			case "t":
				inT = inSI && phonDep == 0
			}
		case xml.CharData:
			if inT {
				cur = append(cur, t...)
				if used+int64(len(cur)) > limit {
					return overLimit()
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t":
				inT = false
			case "rPh":
				phonDep--
			case "si":
				inSI = false
				cur = unescapeXString(cur)
				used += int64(len(cur)) + 4
				if used > limit {
					return overLimit()
				}
				b.Write(cur)
				ends = append(ends, uint32(b.Len()))
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &sharedStrings{text: b.String(), ends: ends}, nil
}

// unescapeXString decodes the _xHHHH_ escapes of OOXML strings (ECMA-376 ST_Xstring),
// which Excel uses for control characters and for a literal "_x" sequence
// (_x005F_ is "_"). It works in place.
func unescapeXString(b []byte) []byte {
	if !containsX(b) {
		return b
	}
	out := b[:0]
	for i := 0; i < len(b); {
		if i+7 <= len(b) && b[i] == '_' && b[i+1] == 'x' && b[i+6] == '_' {
			if v, err := strconv.ParseUint(string(b[i+2:i+6]), 16, 16); err == nil {
				out = utf8.AppendRune(out, rune(v))
				i += 7
				continue
			}
		}
		out = append(out, b[i])
		i++
	}
	return out
}

func containsX(b []byte) bool {
	for i := 0; i+1 < len(b); i++ {
		if b[i] == '_' && b[i+1] == 'x' {
			return true
		}
	}
	return false
}
