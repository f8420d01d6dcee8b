package tabular

// Defaults for the limits in Options. They are generous for real registers and exist
// so that a hostile or broken upload fails with a message instead of exhausting the
// server: a zip entry that inflates to gigabytes, a quote that never closes.
const (
	// DefaultMaxSharedStrings bounds the memory, in bytes, of an XLSX shared strings
	// table (text plus 4 bytes per string). A full Excel sheet of 1,048,576 residents
	// with four distinct texts per row needs about 80 MB.
	DefaultMaxSharedStrings = 128 << 20
	// DefaultMaxRecordBytes bounds one CSV record. Excel caps a cell at 32,767
	// characters, so 4 MiB fits dozens of full cells; a longer record is almost
	// always a quote that never closes.
	DefaultMaxRecordBytes = 4 << 20
	// DefaultMaxXMLBytes bounds the inflated size of a worksheet, against zip bombs.
	// Excel writes about 0.5 GB for a full sheet of ten columns.
	DefaultMaxXMLBytes = 4 << 30
	// maxXMLToken bounds a single XML token (a cell's text, a start tag). Excel's
	// cell limit is 32,767 characters; a megabyte leaves room for markup.
	maxXMLToken = 1 << 20
	// maxPartBytes bounds the small workbook parts (workbook, relationships, styles).
	maxPartBytes = 64 << 20
)

// Options adjust how a file is read. The zero value is ready to use.
type Options struct {
	// Sheet names the worksheet to read; empty means the first worksheet in the
	// workbook's tab order. Ignored for CSV.
	Sheet string
	// MaxSharedStrings bounds the shared strings table in bytes; zero means
	// DefaultMaxSharedStrings.
	MaxSharedStrings int64
	// MaxRecordBytes bounds one CSV record; zero means DefaultMaxRecordBytes.
	MaxRecordBytes int
	// MaxXMLBytes bounds the inflated worksheet XML; zero means DefaultMaxXMLBytes.
	MaxXMLBytes int64
	// MaxRows stops reading with an error after this many non-blank rows (the
	// header included); zero means no limit. Importers set it to refuse files
	// larger than they promise to handle before doing any work.
	MaxRows int
}

func (o Options) sharedLimit() int64 {
	if o.MaxSharedStrings > 0 {
		return o.MaxSharedStrings
	}
	return DefaultMaxSharedStrings
}

func (o Options) recordLimit() int {
	if o.MaxRecordBytes > 0 {
		return o.MaxRecordBytes
	}
	return DefaultMaxRecordBytes
}

func (o Options) xmlLimit() int64 {
	if o.MaxXMLBytes > 0 {
		return o.MaxXMLBytes
	}
	return DefaultMaxXMLBytes
}
