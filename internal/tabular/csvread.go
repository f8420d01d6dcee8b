package tabular

import (
	"bufio"
	"bytes"
	"io"
	"strings"
)

// csvBuffer is the read buffer of the CSV parser; the separator is sniffed from what
// it holds, so it also bounds how far that looks.
const csvBuffer = 64 << 10

func openCSV(r io.ReaderAt, size int64, head []byte, opts Options) (*Reader, error) {
	enc, skip, err := detectEncoding(r, size, head)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(decoder(io.NewSectionReader(r, skip, size-skip), enc), csvBuffer)
	peek, _ := br.Peek(csvBuffer)
	if bytes.IndexByte(peek, '\n') < 0 && bytes.IndexByte(peek, '\r') >= 0 {
		// Classic Mac line ends ("CSV (Macintosh)" in Excel for Mac).
		br = bufio.NewReaderSize(crToLF{br}, csvBuffer)
		peek, _ = br.Peek(csvBuffer)
	}
	comma, sepLine := sniffComma(peek)
	p := &csvParser{br: br, comma: byte(comma), maxRecord: opts.recordLimit()}
	if sepLine > 0 {
		if _, err := br.Discard(sepLine); err != nil {
			return nil, ioError(err)
		}
		p.line = 1
	}
	return &Reader{src: p, format: FormatCSV, encoding: enc, comma: comma}, nil
}

// unwrapExcelText turns ="0123" back into 0123. Many Chinese systems (and CSVWriter)
// write long digit strings that way so Excel keeps them as text.
func unwrapExcelText(f string) string {
	if len(f) < 3 || f[0] != '=' || f[1] != '"' || f[len(f)-1] != '"' {
		return f
	}
	inner := f[2 : len(f)-1]
	if !strings.Contains(inner, `"`) {
		return inner
	}
	// Inside a formula string a quote is written twice; a lone one means the cell
	// is some other formula, which stays as it is.
	for i := 0; i < len(inner); i++ {
		if inner[i] == '"' {
			if i+1 == len(inner) || inner[i+1] != '"' {
				return f
			}
			i++
		}
	}
	return strings.ReplaceAll(inner, `""`, `"`)
}

// crToLF turns lone carriage returns into line feeds.
type crToLF struct{ r io.Reader }

// Read implements io.Reader.
func (c crToLF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// sniffComma picks the separator from the first lines of the decoded text: the most
// frequent of comma, tab and semicolon outside quotes over up to five lines (a title
// row above the header may have none). Excel's "sep=;" first line decides outright;
// sepLine is then its length in bytes, to be skipped.
func sniffComma(p []byte) (comma rune, sepLine int) {
	if nl := bytes.IndexByte(p, '\n'); nl >= 0 || len(p) < csvBuffer {
		first := p
		if nl >= 0 {
			first = p[:nl]
		}
		t := bytes.TrimRight(first, "\r")
		if len(t) == 5 && bytes.EqualFold(t[:4], []byte("sep=")) && strings.IndexByte(",;\t|", t[4]) >= 0 {
			if nl < 0 {
				return rune(t[4]), len(p)
			}
			return rune(t[4]), nl + 1
		}
	}
	var counts [3]int // comma, tab, semicolon
	quoted := false
	lines := 0
	for _, b := range p {
		switch b {
		case '"':
			quoted = !quoted
		case ',', '\t', ';':
			if !quoted {
				counts[strings.IndexByte(",\t;", b)]++
			}
		case '\n':
			if !quoted {
				lines++
			}
		}
		if lines == 5 {
			break
		}
	}
	best := 0
	for i := 1; i < 3; i++ {
		if counts[i] > counts[best] {
			best = i
		}
	}
	return rune(",\t;"[best]), 0
}
