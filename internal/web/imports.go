package web

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/store"
)

// Imports (台账导入): a file is saved to the import directory, a job row is created and
// the import runs in a background goroutine, updating the row after every batch; the
// job page polls the row. Dry runs keep their upload so that the real import can be
// started from the preview without uploading again. Files are removed a day after
// their job finished (the uploads hold personal data).

// importFileTTL is how long uploads and error reports are kept after their job ended.
const importFileTTL = 24 * time.Hour

// importRunner runs import jobs in the background.
type importRunner struct {
	dir string
	wg  sync.WaitGroup
}

// startImports prepares the import directory and marks the jobs a previous run of the
// server left unfinished as interrupted: nothing runs them any more.
func (s *Server) startImports(ctx context.Context) error {
	dir := s.cfg.ImportDir
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "shequ-imports")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	s.imports = &importRunner{dir: dir}
	if n, err := s.db.InterruptImportJobs(ctx); err != nil {
		return err
	} else if n > 0 {
		s.log.Warn("imports interrupted by a restart", "jobs", n)
	}
	s.sweepImportFiles(ctx)
	return nil
}

// WaitImports blocks until the imports running in the background have finished (for
// tests and a graceful shutdown).
func (s *Server) WaitImports() { s.imports.wg.Wait() }

// sweepImportFiles removes files of jobs that ended more than importFileTTL ago.
func (s *Server) sweepImportFiles(ctx context.Context) {
	keep, err := s.db.ImportFilesInUse(ctx, importFileTTL)
	if err != nil {
		s.log.Warn("import files sweep", "err", err)
		return
	}
	entries, _ := os.ReadDir(s.imports.dir)
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || keep[e.Name()] || time.Since(info.ModTime()) < importFileTTL {
			continue
		}
		os.Remove(filepath.Join(s.imports.dir, e.Name()))
	}
}

func (s *Server) importPath(name string) string {
	return filepath.Join(s.imports.dir, filepath.Base(name))
}

// importUpload is a file received for import.
type importUpload struct {
	Name     string // the name the person's file had
	Stored   string // its name in the import directory
	Size     int64
	Register string
	DryRun   bool
	dryGiven bool
}

// receiveImport streams a multipart upload into the import directory: the file part
// goes to disk as it arrives, so a 200 MB workbook never sits in memory. The other
// parts are the small fields register and dry_run.
func (s *Server) receiveImport(r *http.Request) (*importUpload, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, errs.FieldInvalid("file", "err.upload_missing")
	}
	up := &importUpload{}
	fail := func(err error) (*importUpload, error) {
		if up.Stored != "" {
			os.Remove(s.importPath(up.Stored))
		}
		if isBodyTooLarge(err) {
			return nil, errs.E(errs.TooLarge, "err.upload_too_large", s.cfg.MaxUploadBytes>>20)
		}
		return nil, err
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fail(errs.Wrap(err, errs.Invalid, "err.invalid"))
		}
		switch part.FormName() {
		case "file":
			if up.Stored != "" {
				part.Close()
				continue
			}
			if err := s.saveUpload(up, part); err != nil {
				return fail(err)
			}
		case "register", "dry_run":
			b, err := io.ReadAll(io.LimitReader(part, 64))
			if err != nil {
				return fail(errs.Wrap(err, errs.Invalid, "err.invalid"))
			}
			v := strings.TrimSpace(string(b))
			if part.FormName() == "register" {
				up.Register = v
			} else {
				up.dryGiven = true
				up.DryRun = v == "1" || v == "true" || v == "on" || v == "yes"
			}
		}
		part.Close()
	}
	if up.Stored == "" {
		return fail(errs.FieldInvalid("file", "err.upload_missing"))
	}
	if up.Size == 0 {
		return fail(errs.FieldInvalid("file", "err.upload_empty"))
	}
	return up, nil
}

func (s *Server) saveUpload(up *importUpload, part *multipart.Part) error {
	var rnd [12]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return errs.Internalf("upload name: %v", err)
	}
	up.Name = part.FileName()
	up.Stored = "upload-" + hex.EncodeToString(rnd[:])
	f, err := os.OpenFile(s.importPath(up.Stored), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return errs.Internalf("save upload: %v", err)
	}
	n, err := io.Copy(f, part)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	up.Size = n
	if err != nil {
		if isBodyTooLarge(err) {
			return err
		}
		return errs.Wrap(err, errs.Invalid, "err.invalid")
	}
	return nil
}

// startImport creates the job for an upload (or, with previewOf, for the file of a
// finished dry run) and runs it in the background.
func (s *Server) startImport(ctx context.Context, p *account.Principal, lang i18n.Lang, in store.ImportJobInput) (*store.ImportJob, error) {
	in.Lang = string(lang)
	job, err := s.db.CreateImportJob(ctx, p, in)
	if err != nil {
		return nil, err
	}
	s.imports.wg.Add(1)
	go func() {
		defer s.imports.wg.Done()
		s.runImport(job, p)
	}()
	return job, nil
}

// runImport runs one job to its end and records the outcome. It does not use the
// request's context: the import outlives the request that started it.
func (s *Server) runImport(job *store.ImportJob, p *account.Principal) {
	ctx := context.Background()
	lang := i18n.Parse(job.Lang)
	log := s.log.With("import", job.ID, "register", job.Register)
	status, message := store.ImportDone, ""
	var res *importer.Result
	report := ""
	defer func() {
		if v := recover(); v != nil {
			log.Error("import panicked", "panic", v)
			status, message = store.ImportFailed, i18n.T(lang, "err.import_failed")
		}
		if err := s.db.FinishImportJob(ctx, job.ID, status, message, res, report); err != nil {
			log.Error("import: record the end", "err", err)
		}
		if !job.DryRun {
			os.Remove(s.importPath(job.Upload)) // a dry run's file waits for the real import
		}
	}()
	failed := func(err error) {
		status = store.ImportFailed
		if e := errs.As(err); e != nil && e.Code != errs.Internal {
			message = i18n.Msg(lang, e.Msg)
			if len(e.Fields) > 0 && e.Msg.Key == "err.invalid" {
				message = i18n.Msg(lang, e.Fields[0].Msg)
			}
			return
		}
		log.Error("import failed", "err", err)
		message = i18n.T(lang, "err.import_failed")
	}
	if err := s.db.StartImportJob(ctx, job.ID); err != nil {
		failed(err)
		return
	}
	reg := importer.ByName(job.Register)
	f, err := os.Open(s.importPath(job.Upload))
	if err != nil {
		failed(errs.E(errs.Invalid, "err.import_file_gone"))
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		failed(err)
		return
	}
	sink, err := s.db.ImportSink(ctx, p, job.Register, job.ID)
	if err != nil {
		failed(err)
		return
	}
	name := "report-" + strconv.FormatInt(job.ID, 10) + ".xlsx"
	rf, err := os.OpenFile(s.importPath(name), os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		failed(err)
		return
	}
	bw := bufio.NewWriterSize(rf, 64<<10)
	res, err = importer.Run(ctx, reg, f, info.Size(), sink, importer.Options{DryRun: job.DryRun, Lang: lang, Report: bw,
		Progress: func(pr importer.Progress) {
			if err := s.db.ImportProgress(ctx, job.ID, pr); err != nil {
				log.Warn("import progress", "err", err)
			}
		}})
	ferr := bw.Flush()
	if cerr := rf.Close(); ferr == nil {
		ferr = cerr
	}
	if res != nil && res.Reported && ferr == nil {
		report = name
	} else {
		os.Remove(s.importPath(name))
	}
	if err != nil {
		failed(err)
		return
	}
	if ferr != nil {
		failed(ferr)
	}
}

// importJobFor is the {id} job of the caller.
func (s *Server) importJobFor(r *http.Request) (*store.ImportJob, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, errs.NotFoundf("entity.import")
	}
	return s.db.ImportJob(r.Context(), principal(r), id)
}

// serveImportReport sends a job's error report.
func (s *Server) serveImportReport(w http.ResponseWriter, r *http.Request, job *store.ImportJob) error {
	if job.Report == "" {
		if !job.IsFinished() {
			return errs.E(errs.Conflict, "err.import_not_finished")
		}
		return errs.E(errs.NotFound, "err.import_no_report")
	}
	f, err := os.Open(s.importPath(job.Report))
	if err != nil {
		return errs.E(errs.NotFound, "err.import_file_gone")
	}
	defer f.Close()
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", `attachment; filename="`+job.Register+`-import-`+strconv.FormatInt(job.ID, 10)+`-errors.xlsx"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = io.Copy(w, f)
	return err
}

// runFromPreview starts the real import of a finished dry run's file.
func (s *Server) runFromPreview(r *http.Request, prev *store.ImportJob) (*store.ImportJob, error) {
	if !prev.DryRun || prev.Status != store.ImportDone {
		return nil, errs.E(errs.Conflict, "err.import_not_preview")
	}
	if _, err := os.Stat(s.importPath(prev.Upload)); err != nil {
		return nil, errs.E(errs.Conflict, "err.import_file_gone")
	}
	return s.startImport(r.Context(), principal(r), state(r).lang, store.ImportJobInput{Register: prev.Register, Filename: prev.Filename,
		Size: prev.Size, Upload: prev.Upload, PreviewOf: prev.ID})
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
