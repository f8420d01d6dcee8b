package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/importer"
)

// The statuses of an import job.
const (
	ImportQueued      = "queued"
	ImportRunning     = "running"
	ImportDone        = "done"
	ImportFailed      = "failed"
	ImportInterrupted = "interrupted" // the server stopped while it ran
)

// ImportJob is one import of one file: what was asked, how far it got and what it found.
type ImportJob struct {
	ID        int64
	Register  string
	DryRun    bool
	Status    string
	UserID    int64
	NodePath  string // the caller's scope when the job was created
	Lang      string // the language of the messages and the error report
	Filename  string
	Size      int64
	Upload    string // the uploaded file's name in the import directory
	PreviewOf int64  // the dry run this import was started from, or 0
	importer.Progress
	Message     string // why the job failed, in Lang; empty otherwise
	Warnings    []string
	FirstErrors []importer.RowError
	Report      string // the error report's name in the import directory, or ""
	Created     time.Time
	Started     *time.Time
	Finished    *time.Time
}

// IsFinished reports whether the job has stopped, one way or another.
func (j *ImportJob) IsFinished() bool {
	return j.Status == ImportDone || j.Status == ImportFailed || j.Status == ImportInterrupted
}

const importJobCols = `id, register, dry_run, status, user_id, node_path, lang, filename, file_size, upload, COALESCE(preview_of, 0),
	rows_read, rows_done, rows_new, rows_changed, rows_unchanged, rows_error, message, warnings, first_errors, report,
	created_at, started_at, finished_at`

func scanImportJob(s rowScanner) (*ImportJob, error) {
	var j ImportJob
	var warnings, first string
	var created int64
	var started, finished sql.NullInt64
	if err := s.Scan(&j.ID, &j.Register, &j.DryRun, &j.Status, &j.UserID, &j.NodePath, &j.Lang, &j.Filename, &j.Size, &j.Upload,
		&j.PreviewOf, &j.Read, &j.Done, &j.New, &j.Changed, &j.Unchanged, &j.Errors, &j.Message, &warnings, &first, &j.Report,
		&created, &started, &finished); err != nil {
		return nil, err
	}
	if warnings != "" {
		_ = json.Unmarshal([]byte(warnings), &j.Warnings)
	}
	if first != "" {
		_ = json.Unmarshal([]byte(first), &j.FirstErrors)
	}
	j.Created, j.Started, j.Finished = fromMS(created), fromNullMS(started), fromNullMS(finished)
	return &j, nil
}

// ImportJobInput is what a new import job is made of.
type ImportJobInput struct {
	Register  string
	DryRun    bool
	Lang      string
	Filename  string
	Size      int64
	Upload    string
	PreviewOf int64
}

// CreateImportJob records a new, queued import for the caller.
func (db *DB) CreateImportJob(ctx context.Context, p *account.Principal, in ImportJobInput) (*ImportJob, error) {
	if !p.Can(account.RegisterEdit) || p.ScopePath == "" {
		return nil, errs.ForbiddenErr()
	}
	if importer.ByName(in.Register) == nil {
		return nil, errs.NotFoundf("entity.register")
	}
	name := []rune(strings.TrimSpace(in.Filename))
	if len(name) > 200 {
		name = name[len(name)-200:]
	}
	var previewOf any
	if in.PreviewOf != 0 {
		previewOf = in.PreviewOf
	}
	var id int64
	err := db.write(ctx, p, func(tx *Tx) error {
		var err error
		id, err = tx.insert(`INSERT INTO import_jobs (register, dry_run, status, user_id, node_path, lang, filename, file_size, upload, preview_of, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, in.Register, in.DryRun, ImportQueued, p.UserID, p.ScopePath, in.Lang, string(name),
			in.Size, in.Upload, previewOf, ms(tx.now))
		if err != nil {
			return mapErr(err, "entity.import")
		}
		return tx.audit(Record{Action: "import.create", Entity: "import_job", EntityID: id, NodePath: p.ScopePath,
			Detail: map[string]any{"register": in.Register, "dry_run": in.DryRun, "bytes": in.Size, "preview_of": in.PreviewOf}})
	})
	if err != nil {
		return nil, err
	}
	return db.importJob(ctx, id)
}

func (db *DB) importJob(ctx context.Context, id int64) (*ImportJob, error) {
	j, err := scanImportJob(db.queryRow(ctx, `SELECT `+importJobCols+` FROM import_jobs WHERE id = ?`, id))
	return j, mapErr(err, "entity.import")
}

// ImportJob returns one of the caller's own import jobs: a job's counts, errors and
// report belong to whoever uploaded the file.
func (db *DB) ImportJob(ctx context.Context, p *account.Principal, id int64) (*ImportJob, error) {
	j, err := db.importJob(ctx, id)
	if err != nil {
		return nil, err
	}
	if p == nil || j.UserID != p.UserID || !p.Can(account.RegisterEdit) {
		return nil, errs.NotFoundf("entity.import")
	}
	return j, nil
}

// StartImportJob marks a queued job running.
func (db *DB) StartImportJob(ctx context.Context, id int64) error {
	return db.execJob(ctx, `UPDATE import_jobs SET status = ?, started_at = ? WHERE id = ? AND status = ?`,
		ImportRunning, ms(db.now()), id, ImportQueued)
}

// ImportProgress records how far a running job has got, for the page that polls it.
func (db *DB) ImportProgress(ctx context.Context, id int64, pr importer.Progress) error {
	return db.execJob(ctx, `UPDATE import_jobs SET rows_read = ?, rows_done = ?, rows_new = ?, rows_changed = ?, rows_unchanged = ?,
		rows_error = ? WHERE id = ?`, pr.Read, pr.Done, pr.New, pr.Changed, pr.Unchanged, pr.Errors, id)
}

// FinishImportJob records the end of a job: done, or failed with message (in the job's
// language), with the final counts, the first errors and the report's name.
func (db *DB) FinishImportJob(ctx context.Context, id int64, status, message string, res *importer.Result, report string) error {
	if res == nil {
		res = &importer.Result{}
	}
	warnings, _ := json.Marshal(res.Warnings)
	first, _ := json.Marshal(res.FirstErrors)
	pr := res.Progress
	return db.execJob(ctx, `UPDATE import_jobs SET status = ?, message = ?, rows_read = ?, rows_done = ?, rows_new = ?, rows_changed = ?,
		rows_unchanged = ?, rows_error = ?, warnings = ?, first_errors = ?, report = ?, finished_at = ? WHERE id = ?`,
		status, message, pr.Read, pr.Done, pr.New, pr.Changed, pr.Unchanged, pr.Errors, string(warnings), string(first), report,
		ms(db.now()), id)
}

// InterruptImportJobs marks the jobs that were queued or running when the server
// stopped as interrupted, so that their pages say so instead of waiting forever. It
// runs at start-up, before any new job.
func (db *DB) InterruptImportJobs(ctx context.Context) (int64, error) {
	res, err := db.w.ExecContext(ctx, db.dialect.rebind(`UPDATE import_jobs SET status = ?, finished_at = ? WHERE status IN (?, ?)`),
		ImportInterrupted, ms(db.now()), ImportQueued, ImportRunning)
	if err != nil {
		return 0, mapErr(err, "entity.import")
	}
	return res.RowsAffected()
}

// ImportFilesInUse lists the upload and report names of jobs finished less than maxAge
// ago or not finished, so that a sweep of the import directory keeps them.
func (db *DB) ImportFilesInUse(ctx context.Context, maxAge time.Duration) (map[string]bool, error) {
	rows, err := db.query(ctx, `SELECT upload, report FROM import_jobs WHERE finished_at IS NULL OR finished_at > ?`, ms(db.now().Add(-maxAge)))
	if err != nil {
		return nil, mapErr(err, "entity.import")
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var u, r string
		if err := rows.Scan(&u, &r); err != nil {
			return nil, mapErr(err, "entity.import")
		}
		out[u], out[r] = true, true
	}
	delete(out, "")
	return out, mapErr(rows.Err(), "entity.import")
}

// execJob runs a job bookkeeping update. The counters are the job's own state, not
// register data, so they are not audited; the writes they count are, per batch.
func (db *DB) execJob(ctx context.Context, q string, args ...any) error {
	_, err := db.w.ExecContext(ctx, db.dialect.rebind(q), args...)
	return mapErr(err, "entity.import")
}
