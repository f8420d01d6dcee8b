package importer

import (
	"context"
	"errors"
	"io"
	"strings"
	"sync/atomic"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// DefaultBatch is how many rows are checked, and written, together: large enough that
// a transaction's fixed cost vanishes, small enough that a batch's rows and the
// statements for them stay a few megabytes.
const DefaultBatch = 5000

// MaxListedErrors is how many row errors a Result lists; all of them are in the report.
const MaxListedErrors = 20

// MaxRows is the most data rows one import takes. It is above what one Excel sheet
// holds and what the registers of a district need, and bounds a runaway CSV.
const MaxRows = 2_000_000

// Options adjust an import.
type Options struct {
	// DryRun checks every row and counts what would happen, writing nothing.
	DryRun bool
	// Batch is the number of rows per batch; zero means DefaultBatch.
	Batch int
	// Lang is the language of the error report and the listed errors.
	Lang i18n.Lang
	// Report receives the error report workbook when a row fails; nil writes none.
	Report io.Writer
	// Progress, when set, is called after every batch.
	Progress func(Progress)
	// Sheet is the worksheet to read; empty means the first.
	Sheet string
}

// Progress counts the rows of an import so far.
type Progress struct {
	Read      int `json:"rows_read"`
	Done      int `json:"rows_done"`
	New       int `json:"rows_new"`
	Changed   int `json:"rows_changed"`
	Unchanged int `json:"rows_unchanged"`
	Errors    int `json:"rows_error"`
}

// RowError is one row's problem as listed on a preview page.
type RowError struct {
	Line   int    `json:"line"`
	Column string `json:"column,omitempty"` // the column header as in the file; empty for the whole row
	Text   string `json:"text"`
}

// Result is what an import did, or in a dry run would do.
type Result struct {
	Progress
	Format      tabular.Format
	Encoding    tabular.Encoding
	Warnings    []string   // unknown columns, translated
	FirstErrors []RowError // the first MaxListedErrors row problems
	Reported    bool       // an error report was written to Options.Report
}

// Run imports the spreadsheet src (of size bytes) into a register through sink. A
// problem with the file as a whole (not a spreadsheet, wrong header, an encoding that
// changes midway) is returned as an *errs.Error for the person; row problems are
// counted, listed and reported, and the rows skipped. The Result is returned with
// the error too, so a failed import still shows how far it got.
func Run(ctx context.Context, reg *Register, src io.ReaderAt, size int64, sink Sink, opts Options) (*Result, error) {
	res := &Result{}
	r, err := tabular.Open(src, size, tabular.Options{Sheet: opts.Sheet, MaxRows: MaxRows + 10})
	if err != nil {
		return res, err
	}
	defer r.Close()
	res.Format, res.Encoding = r.Format(), r.Encoding()
	m, header, err := findHeader(reg.Spec, r, opts.Lang)
	if err != nil {
		return res, err
	}
	for _, w := range m.Warnings() {
		res.Warnings = append(res.Warnings, i18n.Msg(opts.Lang, w))
	}
	run := &runner{reg: reg, m: m, header: header, sink: sink, opts: opts, res: res, dups: tabular.NewDuplicates()}
	if run.opts.Batch <= 0 {
		run.opts.Batch = DefaultBatch
	}
	defer run.closeReport()
	// Two stages, so that the two halves of the work overlap: this goroutine reads,
	// parses and prepares a batch (CPU: validation, sealing, hashing) while the writer
	// stores the one before (mostly the database). Batches are prepared and written in
	// file order, one queued at most, so memory stays at three batches.
	writes := make(chan []*Item, 1)
	done := make(chan error, 1)
	go func() {
		var werr error
		for batch := range writes {
			if werr == nil {
				werr = run.write(ctx, batch)
			}
		}
		done <- werr
	}()
	finish := func(err error) (*Result, error) {
		close(writes)
		if werr := <-done; err == nil {
			err = werr
		}
		if err == nil {
			err = run.closeReport()
		}
		res.Read = int(run.read.Load())
		return res, err
	}
	batch := make([]*Item, 0, run.opts.Batch)
	for r.Next() {
		if err := ctx.Err(); err != nil {
			return finish(err)
		}
		cells := append([]string(nil), r.Row()...)
		it := &Item{Line: r.Line(), Cells: cells}
		// A failed row keeps what was parsed of it, so that its group is known.
		v, err := reg.Parse(m, cells)
		if it.Value = v; err != nil {
			it.Fail(err)
		}
		run.read.Add(1)
		// A full batch goes before this row, unless the row belongs with the last one
		// (the members of one household): a group is prepared in one batch.
		if len(batch) >= run.opts.Batch && !(reg.Group != nil && len(batch) < run.opts.Batch+MaxGroupRows &&
			group(reg, batch[len(batch)-1]) == group(reg, it) && group(reg, it) != "") {
			if err := run.prepare(ctx, batch); err != nil {
				return finish(err)
			}
			select {
			case writes <- batch:
			case err := <-done: // the writer stopped
				done <- err
				return finish(nil)
			}
			batch = make([]*Item, 0, run.opts.Batch)
		}
		batch = append(batch, it)
	}
	if err := r.Err(); err != nil {
		return finish(err)
	}
	if len(batch) > 0 {
		if err := run.prepare(ctx, batch); err != nil {
			return finish(err)
		}
		writes <- batch
	}
	return finish(nil)
}

// MaxGroupRows is how far a batch may grow past its size to keep the rows of a group
// (Register.Group) together.
const MaxGroupRows = 100

// group is the group of an item's row, "" when it has none.
func group(reg *Register, it *Item) string {
	if it.Value == nil {
		return ""
	}
	return reg.Group(it.Value)
}

type runner struct {
	reg    *Register
	m      *tabular.Mapping
	header []string
	sink   Sink
	opts   Options
	res    *Result
	dups   *tabular.Duplicates
	report *tabular.ErrorReport
	read   atomic.Int64 // rows read so far, counted by the reader
}

// prepare checks a batch and the repeats in it; it writes nothing.
func (run *runner) prepare(ctx context.Context, batch []*Item) error {
	if err := run.sink.Prepare(ctx, run.m, batch); err != nil {
		return err
	}
	for _, it := range batch {
		if it.Status == Failed || it.Key == "" {
			continue
		}
		if first := run.dups.Check(it.Line, it.Key); first != 0 {
			it.Fail(errs.E(errs.Invalid, "err.import_duplicate", first))
		}
	}
	return nil
}

// write stores a prepared batch (unless dry), then counts and reports its rows.
func (run *runner) write(ctx context.Context, batch []*Item) error {
	if !run.opts.DryRun {
		if err := run.sink.Write(ctx, batch); err != nil {
			return err
		}
	}
	res := run.res
	for _, it := range batch {
		switch it.Status {
		case New:
			res.New++
		case Changed:
			res.Changed++
		case Unchanged:
			res.Unchanged++
		default:
			res.Errors++
			if err := run.fail(it); err != nil {
				return err
			}
		}
		res.Done++
	}
	res.Read = int(run.read.Load())
	if run.opts.Progress != nil {
		run.opts.Progress(res.Progress)
	}
	return nil
}

// fail lists and reports a failed row.
func (run *runner) fail(it *Item) error {
	problems := run.problems(it.Err)
	for _, p := range problems {
		if len(run.res.FirstErrors) >= MaxListedErrors {
			break
		}
		e := RowError{Line: it.Line, Text: p.Text}
		if p.Col >= 0 && p.Col < len(run.header) {
			e.Column = strings.TrimSpace(run.header[p.Col])
		}
		run.res.FirstErrors = append(run.res.FirstErrors, e)
	}
	if run.opts.Report == nil {
		return nil
	}
	if run.report == nil {
		rep, err := tabular.NewErrorReport(run.opts.Report, run.header, run.opts.Lang)
		if err != nil {
			return err
		}
		run.report, run.res.Reported = rep, true
	}
	return run.report.Add(it.Line, it.Cells, problems...)
}

func (run *runner) closeReport() error {
	if run.report == nil {
		return nil
	}
	err := run.report.Close()
	run.report = nil
	return err
}

// problems turns a row's error into report problems: each field error goes to the
// column holding the field, or to the row as a whole when no column does.
func (run *runner) problems(err error) []tabular.Problem {
	e := errs.As(err)
	if e == nil {
		return []tabular.Problem{{Col: -1, Text: i18n.T(run.opts.Lang, "err.invalid")}}
	}
	if len(e.Fields) == 0 {
		return []tabular.Problem{{Col: -1, Text: i18n.Msg(run.opts.Lang, e.Msg)}}
	}
	out := make([]tabular.Problem, 0, len(e.Fields))
	for _, f := range e.Fields {
		out = append(out, tabular.Problem{Col: run.column(f.Field), Text: i18n.Msg(run.opts.Lang, f.Msg)})
	}
	return out
}

// column is the file column of an input field, or -1.
func (run *runner) column(field string) int {
	key, ok := run.reg.Fields[field]
	if !ok {
		key = field
	}
	for _, c := range run.reg.Spec {
		if c.Key == key {
			return run.m.Index(key)
		}
	}
	return -1
}

// findHeader looks for the header row among the first rows, like tabular.Spec.Find, but
// when none matches says in one message everything that is wrong with the row that
// came closest: the required columns missing, columns given twice, and the columns it
// did not recognise (usually the misspelt ones).
func findHeader(spec tabular.Spec, r *tabular.Reader, lang i18n.Lang) (*tabular.Mapping, []string, error) {
	relaxed := make(tabular.Spec, len(spec))
	for i, c := range spec {
		c.Required = false
		relaxed[i] = c
	}
	var best error
	var bestUnknown []tabular.UnknownColumn
	bestFound := -1
	for i := 0; i < 10 && r.Next(); i++ {
		row := append([]string(nil), r.Row()...)
		m, err := spec.Map(row)
		if err == nil {
			return m, row, nil
		}
		found := 0
		var unknown []tabular.UnknownColumn
		if rm, rerr := relaxed.Map(row); rerr == nil {
			unknown = rm.Unknown()
			for _, c := range spec {
				if rm.Has(c.Key) {
					found++
				}
			}
		}
		if found > bestFound {
			best, bestFound, bestUnknown = err, found, unknown
		}
	}
	if err := r.Err(); err != nil {
		return nil, nil, err
	}
	if best == nil {
		return nil, nil, errs.Wrap(tabular.ErrEmpty, errs.Invalid, "err.tabular_empty")
	}
	e := errs.As(best)
	if e == nil || bestFound == 0 {
		return nil, nil, best
	}
	parts := make([]string, 0, len(e.Fields)+1)
	for _, f := range e.Fields {
		parts = append(parts, i18n.Msg(lang, f.Msg))
	}
	if len(bestUnknown) > 0 {
		names := make([]string, len(bestUnknown))
		for i, u := range bestUnknown {
			names[i] = i18n.T(lang, "import.unknown_item", strings.TrimSpace(u.Header), tabular.ColumnName(u.Index))
		}
		parts = append(parts, i18n.T(lang, "import.header_unknown", strings.Join(names, i18n.T(lang, "import.list_sep"))))
	}
	out := &errs.Error{Code: errs.Invalid, Msg: errs.M("err.import_header", strings.Join(parts, i18n.T(lang, "tabular.report_sep")),
		strings.Join(spec.Headers(), i18n.T(lang, "import.list_sep"))), Fields: e.Fields, Err: errors.Join(tabular.ErrHeader, best)}
	return nil, nil, out
}
