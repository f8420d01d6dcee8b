package tabular

import (
	"encoding/xml"
	"errors"
	"io"
)

// Internal signals of xmlInput, turned into user messages by the caller.
var (
	errXMLToken = errors.New("tabular: XML token larger than 1 MiB")
	errXMLTotal = errors.New("tabular: XML part larger than the limit")
)

// xmlInputBuffer is how much inflated XML is read at a time.
const xmlInputBuffer = 64 << 10

// xmlInput feeds an xml.Decoder, which reads byte by byte through io.ByteReader when
// it can, and bounds both one token and the whole part: encoding/xml has no limits
// of its own, and one cell of a zip bomb could otherwise inflate to gigabytes in
// memory. It is its own buffer rather than a wrapper around bufio.Reader because
// ReadByte runs once per byte of the sheet; the limits are checked when the buffer
// is refilled, so a token may overshoot its limit by one buffer at most.
type xmlInput struct {
	r        io.Reader
	buf      []byte
	pos, end int
	base     int64 // bytes before buf[0]
	mark     int64 // offset where the current token started
	maxToken int64
	maxTotal int64
	err      error
}

func newXMLInput(r io.Reader, maxTotal int64) *xmlInput {
	return &xmlInput{r: r, buf: make([]byte, xmlInputBuffer), maxToken: maxXMLToken, maxTotal: maxTotal}
}

// offset is the number of bytes handed to the decoder so far.
func (x *xmlInput) offset() int64 { return x.base + int64(x.pos) }

// ReadByte implements io.ByteReader for the decoder.
func (x *xmlInput) ReadByte() (byte, error) {
	if x.pos == x.end && !x.fill() {
		return 0, x.err
	}
	b := x.buf[x.pos]
	x.pos++
	return b, nil
}

// Read implements io.Reader; xml.NewDecoder needs one but uses ReadByte.
func (x *xmlInput) Read(p []byte) (int, error) {
	if x.pos == x.end && !x.fill() {
		return 0, x.err
	}
	n := copy(p, x.buf[x.pos:x.end])
	x.pos += n
	return n, nil
}

func (x *xmlInput) fill() bool {
	if x.err != nil {
		return false
	}
	x.base += int64(x.end)
	x.pos, x.end = 0, 0
	switch {
	case x.base-x.mark > x.maxToken:
		x.err = errXMLToken
		return false
	case x.base >= x.maxTotal:
		x.err = errXMLTotal
		return false
	}
	n, err := io.ReadAtLeast(x.r, x.buf[:min(int64(len(x.buf)), x.maxTotal-x.base)], 1)
	x.end = n
	if n > 0 {
		return true
	}
	if err == io.ErrUnexpectedEOF {
		err = io.EOF
	}
	x.err = err
	return false
}

// xmlStream is a decoder over a bounded input. It reads raw tokens, without
// namespace translation: parts are matched by local name whatever prefix the
// producer chose, and skipping the translation makes reading about a quarter faster.
// RawToken does not check that end tags match start tags, so token does, with a
// stack of names: a damaged sheet must fail, not be read askew.
type xmlStream struct {
	in    *xmlInput
	d     *xml.Decoder
	stack []xml.Name
}

// errXMLNesting reports an end tag that does not close the open element, or a part
// that ends with elements open.
var errXMLNesting = errors.New("tabular: XML elements not properly nested")

func newXMLStream(r io.Reader, maxTotal int64) *xmlStream {
	in := newXMLInput(r, maxTotal)
	return &xmlStream{in: in, d: xml.NewDecoder(in)}
}

// token returns the next token; CharData is only valid until the next call.
func (s *xmlStream) token() (xml.Token, error) {
	t, err := s.d.RawToken()
	s.in.mark = s.in.offset()
	switch tt := t.(type) {
	case xml.StartElement:
		s.stack = append(s.stack, tt.Name)
	case xml.EndElement:
		n := len(s.stack) - 1
		if n < 0 || s.stack[n] != tt.Name {
			return nil, errXMLNesting
		}
		s.stack = s.stack[:n]
	}
	if err == io.EOF && len(s.stack) > 0 {
		err = errXMLNesting
	}
	return t, err
}

// attr returns the value of the attribute with the given local name.
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}
