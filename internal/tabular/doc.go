// Package tabular reads and writes the spreadsheets that community staff keep their
// registers (台账) in: XLSX workbooks and CSV files, as streams of rows.
//
// Reading. [Open] looks at the content, not the file name, to tell an XLSX workbook
// from a CSV file, and refuses the things people upload by mistake (old .xls files,
// encrypted workbooks, web pages saved as ".xls", Word files, images) with a message
// that says what to do instead. A [Reader] then yields one row at a time; memory use
// does not grow with the number of rows:
//
//   - CSV: the encoding is detected (UTF-8 with or without BOM, UTF-16 with BOM, and
//     otherwise GB18030, the superset of the GBK that Chinese Excel writes); a file
//     that mixes encodings is refused rather than half garbled. The separator (comma,
//     semicolon or tab) is sniffed from the header line, or taken from Excel's "sep="
//     line. Quoted fields may span lines. A record is held in memory whole, so records
//     are limited in size ([Options.MaxRecordBytes]).
//   - XLSX: the sheet is decoded from the zip entry with an encoding/xml Decoder token
//     by token. Only the shared strings table (which the sheet refers into) and the
//     cell styles are held in memory; the shared strings are bounded by
//     [Options.MaxSharedStrings]. Numbers are rendered the way Excel shows them
//     (15 significant digits), dates as YYYY-MM-DD, and an integer too long for Excel
//     to store exactly (an ID number typed into a number cell) is reported as
//     [ErrPrecisionLost] instead of being imported with its last digits zeroed.
//
// In both formats rows in which every cell is blank are skipped and trailing empty
// cells are dropped, so a row may be shorter than the header: use [Mapping.Get].
//
// Headers. A [Spec] lists the columns a register expects (Chinese and English names,
// aliases); [Spec.Map] or [Spec.Find] match a header row to them tolerantly (case,
// spaces, full-width characters, "*" required markers) and say precisely what is
// missing or duplicated.
//
// Writing. [XLSXWriter] streams a single-sheet workbook (bold frozen header, column
// widths, every cell text so ID numbers keep their digits); [CSVWriter] writes CSV that
// Excel opens correctly (UTF-8 BOM, long numbers protected, formulas defused);
// [ErrorReport] writes rejected rows back with a column saying what is wrong.
//
// Errors a person may see are *errs.Error values with catalogue keys
// (internal/i18n/messages/tabular.json); the sentinel errors below let callers tell
// the kinds apart with errors.Is.
package tabular
