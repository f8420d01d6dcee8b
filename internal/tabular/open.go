package tabular

import (
	"bytes"
	"errors"
	"io"

	"github.com/shequ-dev/shequ/internal/errs"
)

// sniffLen is how much of the file Open looks at to decide what it is.
const sniffLen = 8 << 10

// Open recognises the file from its content and returns a Reader positioned before
// the first row. r must stay readable until the Reader is closed; size is its length
// (for an upload saved to a temporary file, the file and its Stat().Size()).
//
// A zip holding a workbook is read as XLSX; plain text as CSV. Old .xls workbooks,
// encrypted workbooks, HTML or XML tables, OpenDocument files and other binaries are
// refused with an error that says what to do instead.
func Open(r io.ReaderAt, size int64, opts Options) (*Reader, error) {
	if size <= 0 {
		return nil, invalid(ErrEmpty, "err.tabular_empty")
	}
	head := make([]byte, min(size, sniffLen))
	if n, err := r.ReadAt(head, 0); n < len(head) {
		if err == nil {
			err = io.ErrUnexpectedEOF
		}
		return nil, ioError(err)
	}
	var (
		rd  *Reader
		err error
	)
	switch sniff(head) {
	case kindZip:
		rd, err = openXLSX(r, size, opts)
	case kindOLE2:
		return nil, invalid(ErrLegacyExcel, "err.tabular_xls")
	case kindMarkup:
		return nil, invalid(ErrMarkup, "err.tabular_markup")
	case kindBinary:
		return nil, invalid(ErrNotSpreadsheet, "err.tabular_not_spreadsheet")
	default:
		rd, err = openCSV(r, size, head, opts)
	}
	if err != nil {
		return nil, err
	}
	rd.maxRows = opts.MaxRows
	return rd, nil
}

// fileKind is what the first bytes say a file is.
type fileKind int

const (
	kindText fileKind = iota
	kindZip
	kindOLE2
	kindMarkup
	kindBinary
)

// Magic numbers of the binaries people upload instead of a spreadsheet. Text formats
// are told apart later; these only need to be recognised so the message is right.
var binaryMagic = [][]byte{
	[]byte("%PDF-"),
	[]byte("\x89PNG"),
	[]byte("\xff\xd8\xff"), // JPEG
	[]byte("GIF8"),
	[]byte("Rar!"),
	[]byte("7z\xbc\xaf"),
	[]byte("\x1f\x8b"), // gzip
	[]byte("{\\rtf"),
}

func sniff(head []byte) fileKind {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return kindZip
	case bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return kindOLE2
	}
	for _, m := range binaryMagic {
		if bytes.HasPrefix(head, m) {
			return kindBinary
		}
	}
	if _, ok := utf16Order(head); ok {
		return kindText // NUL bytes are expected there; markup in UTF-16 is not worth sniffing
	}
	if bytes.IndexByte(head, 0) >= 0 {
		return kindBinary
	}
	if looksLikeMarkup(head) {
		return kindMarkup
	}
	return kindText
}

// markupStarts are the openings of the HTML and XML tables that systems export under
// an ".xls" name (and of Excel's own "XML Spreadsheet 2003"). Read as CSV they would
// only produce a baffling header error.
var markupStarts = [][]byte{
	[]byte("<!doctype html"), []byte("<html"), []byte("<head"), []byte("<meta"),
	[]byte("<table"), []byte("<?xml"), []byte("<body"), []byte("<style"),
	[]byte("<!--"),
}

func looksLikeMarkup(head []byte) bool {
	s := bytes.TrimPrefix(head, utf8BOM)
	s = bytes.TrimLeft(s, " \t\r\n")
	if len(s) > 64 {
		s = s[:64]
	}
	s = bytes.ToLower(s)
	for _, m := range markupStarts {
		if bytes.HasPrefix(s, m) {
			return true
		}
	}
	return false
}

// readFull reads len(p) bytes at off, treating a short read at the end of the file as
// fine: it returns how many bytes were read.
func readFull(r io.ReaderAt, p []byte, off int64) (int, error) {
	n, err := r.ReadAt(p, off)
	if err != nil && !errors.Is(err, io.EOF) {
		return n, ioError(err)
	}
	return n, nil
}

// tooLarge is the error for a limit that the user's file exceeds.
func tooLarge(key string, args ...any) *errs.Error {
	return fail(ErrTooLarge, errs.TooLarge, key, args...)
}
