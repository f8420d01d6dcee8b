package tabular

import (
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Encoding names the text encoding of a CSV file.
type Encoding string

// The encodings a CSV file is read in. Excel for Chinese Windows saves "CSV" in the
// ANSI code page, which is GBK (code page 936); "CSV UTF-8" with a BOM; "Unicode text"
// as tab-separated UTF-16LE with a BOM. GB18030 is decoded for all non-UTF-8 files
// because it is a superset of GBK and of GB2312.
const (
	EncodingUTF8    Encoding = "UTF-8"
	EncodingUTF8BOM Encoding = "UTF-8 BOM"
	EncodingUTF16LE Encoding = "UTF-16LE"
	EncodingUTF16BE Encoding = "UTF-16BE"
	EncodingGB18030 Encoding = "GB18030"
)

var utf8BOM = []byte{0xef, 0xbb, 0xbf}

// detectEncoding decides how to decode a CSV file and how many leading bytes (a BOM)
// to skip. Without a BOM it reads the whole file once: deciding from the first few
// kilobytes would mis-read a file whose first Chinese text comes late, and the second
// pass is cheap next to parsing.
func detectEncoding(r io.ReaderAt, size int64, head []byte) (Encoding, int64, error) {
	switch {
	case len(head) >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf:
		// The BOM promises UTF-8; the bytes must keep the promise, or the bad ones
		// would reach the database.
		var st utf8Stats
		if err := eachChunk(r, 3, size, st.scan); err != nil {
			return "", 0, err
		}
		if st.endLine(); st.badLines > 0 {
			return "", 0, invalid(ErrEncoding, "err.tabular_bad_utf8", st.firstBad)
		}
		return EncodingUTF8BOM, 3, nil
	case len(head) >= 2 && head[0] == 0xff && head[1] == 0xfe:
		return EncodingUTF16LE, 2, nil
	case len(head) >= 2 && head[0] == 0xfe && head[1] == 0xff:
		return EncodingUTF16BE, 2, nil
	}
	if enc, ok := utf16Order(head); ok {
		return enc, 0, nil
	}
	var st utf8Stats
	if err := eachChunk(r, 0, size, st.scan); err != nil {
		return "", 0, err
	}
	st.endLine()
	if st.badLines == 0 {
		return EncodingUTF8, 0, nil
	}
	if st.mixed() {
		return "", 0, invalid(ErrEncoding, "err.tabular_mixed_encoding", st.firstStrong, st.firstBad)
	}
	var gb gbCheck
	gb.line = 1
	if err := eachChunk(r, 0, size, gb.scan); err != nil {
		return "", 0, err
	}
	if gb.badLine > 0 {
		return "", 0, invalid(ErrEncoding, "err.tabular_unknown_encoding", gb.badLine)
	}
	return EncodingGB18030, 0, nil
}

// utf16Order recognises UTF-16 without a BOM by its NUL bytes: text that is mostly
// ASCII has a zero in every other byte. Some tools other than Excel write it so.
func utf16Order(head []byte) (Encoding, bool) {
	n := min(len(head), 1024) &^ 1
	if n < 4 {
		return "", false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	switch {
	case odd*10 >= pairs*4 && even*20 < pairs:
		return EncodingUTF16LE, true
	case even*10 >= pairs*4 && odd*20 < pairs:
		return EncodingUTF16BE, true
	}
	return "", false
}

// decoder wraps the bytes after the BOM in the decoder for enc.
func decoder(src io.Reader, enc Encoding) io.Reader {
	switch enc {
	case EncodingUTF16LE:
		return transform.NewReader(src, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder())
	case EncodingUTF16BE:
		return transform.NewReader(src, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder())
	case EncodingGB18030:
		return transform.NewReader(src, simplifiedchinese.GB18030.NewDecoder())
	}
	return src
}

// eachChunk feeds the file to scan in pieces; scan returns how many bytes it used, so
// a character cut by the chunk boundary is carried to the next call.
func eachChunk(r io.ReaderAt, off, size int64, scan func(p []byte, eof bool) int) error {
	buf := make([]byte, 256<<10)
	carry := 0
	for off < size {
		n, err := readFull(r, buf[carry:], off)
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
		off += int64(n)
		end := carry + n
		eof := off >= size
		used := scan(buf[:end], eof)
		carry = copy(buf, buf[used:end])
	}
	if carry > 0 {
		scan(buf[:carry], true)
	}
	return nil
}

// utf8Stats counts, line by line, what a file looks like as UTF-8.
type utf8Stats struct {
	line        int // current line, from 1
	lineBad     bool
	lineCJK     int
	lineWide    bool
	badLines    int
	firstBad    int
	strong      int // lines that are valid UTF-8 with at least two CJK ideographs
	firstStrong int
	wideLines   int // lines with any byte ≥ 0x80
}

func (s *utf8Stats) scan(p []byte, eof bool) int {
	if s.line == 0 {
		s.line = 1
	}
	i := 0
	for i < len(p) {
		b := p[i]
		if b < utf8.RuneSelf {
			if b == '\n' {
				s.endLine()
				s.line++
			}
			i++
			continue
		}
		if !eof && !utf8.FullRune(p[i:]) {
			return i
		}
		s.lineWide = true
		r, n := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && n <= 1 {
			s.lineBad = true
			i++
			continue
		}
		if r >= 0x4e00 && r <= 0x9fff {
			s.lineCJK++
		}
		i += n
	}
	return i
}

func (s *utf8Stats) endLine() {
	if s.lineBad {
		s.badLines++
		if s.firstBad == 0 {
			s.firstBad = s.line
		}
	} else if s.lineCJK >= 2 {
		s.strong++
		if s.firstStrong == 0 {
			s.firstStrong = s.line
		}
	}
	if s.lineWide {
		s.wideLines++
	}
	s.lineBad, s.lineCJK, s.lineWide = false, 0, false
}

// mixed reports a file that is part UTF-8 and part something else. GBK bytes now and
// then happen to form valid UTF-8 for a whole short line, so a few such lines in a GBK
// file are not evidence; UTF-8 Chinese on at least three lines and 1% of the lines
// with non-ASCII text is. A UTF-8 file with one damaged character also lands here,
// which is right: decoding it all as GBK would garble every line.
func (s *utf8Stats) mixed() bool {
	return s.strong >= 3 && s.strong*100 >= s.wideLines
}

// gbCheck finds the first line whose bytes cannot be GB18030: a lead byte without a
// valid trail. Big5 and most single-byte code pages pass, which is the limit of what
// bytes alone can tell.
type gbCheck struct {
	line    int
	badLine int
}

func (g *gbCheck) scan(p []byte, eof bool) int {
	i := 0
	for i < len(p) && g.badLine == 0 {
		b := p[i]
		switch {
		case b < 0x80:
			if b == '\n' {
				g.line++
			}
			i++
			continue
		case b == 0x80:
			i++ // decoded as € (code page 936)
			continue
		case b == 0xff:
			g.badLine = g.line
			continue
		}
		if i+1 >= len(p) {
			if !eof {
				return i
			}
			g.badLine = g.line
			continue
		}
		c := p[i+1]
		switch {
		case c >= 0x40 && c <= 0xfe && c != 0x7f:
			i += 2
		case c >= 0x30 && c <= 0x39:
			if i+3 >= len(p) {
				if !eof {
					return i
				}
				g.badLine = g.line
				continue
			}
			if p[i+2] < 0x81 || p[i+2] > 0xfe || p[i+3] < 0x30 || p[i+3] > 0x39 {
				g.badLine = g.line
				continue
			}
			i += 4
		default:
			g.badLine = g.line
		}
	}
	if g.badLine != 0 {
		return len(p)
	}
	return i
}
