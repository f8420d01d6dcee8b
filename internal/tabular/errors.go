package tabular

import (
	"errors"

	"github.com/shequ-dev/shequ/internal/errs"
)

// Sentinel errors. Every error this package returns for bad input is an *errs.Error
// carrying a message for the user and wrapping one of these, so callers can branch
// with errors.Is without parsing messages.
var (
	// ErrEmpty: the file has no bytes, or no row with any content.
	ErrEmpty = errors.New("tabular: empty file")
	// ErrLegacyExcel: an OLE2 compound file, that is an Excel 97–2003 .xls workbook
	// or a password-protected .xlsx (Excel wraps encrypted workbooks in OLE2 too).
	ErrLegacyExcel = errors.New("tabular: legacy .xls or encrypted workbook")
	// ErrNotSpreadsheet: some other kind of file (image, PDF, Word, archive…).
	ErrNotSpreadsheet = errors.New("tabular: not a spreadsheet")
	// ErrMarkup: an HTML or XML table saved with a spreadsheet name; many older
	// systems export those as ".xls".
	ErrMarkup = errors.New("tabular: HTML or XML table")
	// ErrCorrupt: a workbook whose zip or XML cannot be read.
	ErrCorrupt = errors.New("tabular: corrupt workbook")
	// ErrSheetNotFound: the requested sheet does not exist.
	ErrSheetNotFound = errors.New("tabular: sheet not found")
	// ErrTooLarge: a documented limit was exceeded (shared strings, rows, record
	// size, uncompressed XML).
	ErrTooLarge = errors.New("tabular: limit exceeded")
	// ErrPrecisionLost: a number cell holds an integer of 16 or more digits, which
	// Excel cannot store exactly (it keeps 15 significant digits): the digits in
	// the file are not the ones typed. The column must be formatted as text.
	ErrPrecisionLost = errors.New("tabular: number too long for Excel to store exactly")
	// ErrEncoding: the bytes are neither UTF-8, UTF-16 nor GB18030, or mix
	// encodings.
	ErrEncoding = errors.New("tabular: unrecognised or mixed text encoding")
	// ErrSyntax: a CSV record that cannot be parsed (a stray quote).
	ErrSyntax = errors.New("tabular: malformed CSV")
	// ErrHeader: the header row does not match the expected columns.
	ErrHeader = errors.New("tabular: header does not match")
	// ErrClosed: a writer was used after Close.
	ErrClosed = errors.New("tabular: writer closed")
)

// fail builds the user-facing error for a sentinel.
func fail(sentinel error, code errs.Code, key string, args ...any) *errs.Error {
	return errs.Wrap(sentinel, code, key, args...)
}

// invalid is fail with errs.Invalid, the common case: the person can fix the file.
func invalid(sentinel error, key string, args ...any) *errs.Error {
	return fail(sentinel, errs.Invalid, key, args...)
}

// corrupt reports an unreadable workbook, keeping the technical cause for the log.
func corrupt(cause error) *errs.Error {
	return &errs.Error{Code: errs.Invalid, Msg: errs.M("err.tabular_corrupt"), Err: errors.Join(ErrCorrupt, cause)}
}

// ioError reports a failure to read the upload itself (a temp file gone bad): that is
// our problem, not the user's.
func ioError(cause error) *errs.Error {
	return errs.Internalf("tabular: read: %w", cause)
}
