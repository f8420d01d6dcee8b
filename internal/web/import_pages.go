package web

import (
	"net/http"
	"os"
	"strconv"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// importRoutes are the import and export pages of every register, the job pages and the
// JSON API. Each register's addresses are spelt out (/registers/houses/import) rather
// than matched with a wildcard, so that they sit beside the registers' own
// /registers/houses/{id} pages without the two patterns overlapping.
func (s *Server) importRoutes() []route {
	var rs []route
	for _, reg := range importer.All {
		base := "/registers/" + reg.Name
		rs = append(rs,
			page("GET", base+"/import", account.RegisterEdit, s.importPage(reg)),
			page("POST", base+"/import", account.RegisterEdit, s.importSubmit(reg)).uploads(),
			page("GET", base+"/template.xlsx", account.RegisterView, s.importTemplate(reg)),
			page("GET", base+"/export.xlsx", account.RegisterView, s.exportFile(reg, "xlsx")),
			page("GET", base+"/export.csv", account.RegisterView, s.exportFile(reg, "csv")),
			page("POST", base+"/export.xlsx", account.PersonalUnmask, s.exportFile(reg, "xlsx")),
			page("POST", base+"/export.csv", account.PersonalUnmask, s.exportFile(reg, "csv")),
		)
	}
	rs = append(rs,
		page("GET", "/registers/imports/{id}", account.RegisterEdit, s.importJobPage),
		page("POST", "/registers/imports/{id}/run", account.RegisterEdit, s.importRunSubmit),
		page("GET", "/registers/imports/{id}/errors.xlsx", account.RegisterEdit, s.importReportPage),
	)
	return append(rs, s.importAPIRoutes()...)
}

// importPageData is the upload form of a register.
type importPageData struct {
	Reg     *importer.Register
	MaxMB   int64
	Columns []importColumn
	DryRun  bool
}

// importColumn is one column of the template, as the page explains it.
type importColumn struct {
	tabular.Column
	Choices string // the values the column takes, when it is a choice
}

var importFields = formFields{"file", "import.field.file", "dry_run", "import.field.dry_run"}

func (s *Server) importPageData(reg *importer.Register) importPageData {
	d := importPageData{Reg: reg, MaxMB: s.cfg.MaxUploadBytes >> 20, DryRun: true}
	for _, c := range reg.Spec {
		d.Columns = append(d.Columns, importColumn{Column: c, Choices: importer.ChoiceNames(reg, c.Key)})
	}
	return d
}

func (s *Server) importPage(reg *importer.Register) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return s.render(w, r, "imports", view{Title: reg.Title, Section: "registers", Fields: importFields, Data: s.importPageData(reg)})
	}
}

func (s *Server) importSubmit(reg *importer.Register) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		st := state(r)
		up, err := s.receiveImport(r)
		if err == nil {
			var job *store.ImportJob
			job, err = s.startImport(r.Context(), st.p, st.lang, store.ImportJobInput{Register: reg.Name, DryRun: up.DryRun,
				Filename: up.Name, Size: up.Size, Upload: up.Stored})
			if err == nil {
				flash(w, "success", "flash.import_started")
				return redirect(w, r, importJobURL(job.ID))
			}
			s.removeUpload(up)
		}
		f := &form{Values: map[string][]string{}, Errors: map[string]string{}}
		status := statusFor(err)
		e := errs.As(err)
		if e != nil && e.Code == errs.TooLarge { // shown beside the file field, still a 413
			err = errs.FieldInvalid("file", e.Msg.Key, e.Msg.Args...)
		}
		if !f.absorb(st.lang, err) {
			return err
		}
		d := s.importPageData(reg)
		return s.renderCode(w, r, status, "imports", view{Title: reg.Title, Section: "registers", Form: f, Fields: importFields, Data: d})
	}
}

func (s *Server) removeUpload(up *importUpload) {
	if up != nil && up.Stored != "" {
		os.Remove(s.importPath(up.Stored))
	}
}

func importJobURL(id int64) string { return "/registers/imports/" + strconv.FormatInt(id, 10) }

// importJobData is a job's page.
type importJobData struct {
	Job *store.ImportJob
	Reg *importer.Register
}

// Percent is how far a running job has got, for the progress bar; 0 when unknown.
func (d importJobData) Percent() int {
	if d.Job.Read == 0 {
		return 0
	}
	return d.Job.Done * 100 / d.Job.Read
}

// CanRun reports whether the real import can be started from this dry run.
func (d importJobData) CanRun() bool { return d.Job.DryRun && d.Job.Status == store.ImportDone }

func (s *Server) importJobPage(w http.ResponseWriter, r *http.Request) error {
	job, err := s.importJobFor(r)
	if err != nil {
		return err
	}
	reg := importer.ByName(job.Register)
	return s.render(w, r, "import_job", view{Title: reg.Title, Section: "registers", Data: importJobData{Job: job, Reg: reg}})
}

func (s *Server) importRunSubmit(w http.ResponseWriter, r *http.Request) error {
	prev, err := s.importJobFor(r)
	if err != nil {
		return err
	}
	job, err := s.runFromPreview(r, prev)
	if err != nil {
		return err
	}
	flash(w, "success", "flash.import_started")
	return redirect(w, r, importJobURL(job.ID))
}

func (s *Server) importReportPage(w http.ResponseWriter, r *http.Request) error {
	job, err := s.importJobFor(r)
	if err != nil {
		return err
	}
	return s.serveImportReport(w, r, job)
}

// importTemplate sends an empty workbook with the register's header row in Chinese.
func (s *Server) importTemplate(reg *importer.Register) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", xlsxType)
		w.Header().Set("Content-Disposition", `attachment; filename="`+reg.Name+`-template.xlsx"`)
		x := tabular.NewXLSXWriter(w, tabular.XLSXOptions{Sheet: i18n.T(state(r).lang, reg.Title), Widths: reg.Spec.Widths()})
		if err := x.WriteHeader(reg.Spec.Headers()); err != nil {
			return err
		}
		return x.Close()
	}
}
