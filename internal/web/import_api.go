package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/store"
)

func (s *Server) importAPIRoutes() []route {
	return []route{
		api("POST", "/api/v1/imports", account.RegisterEdit, s.apiImportCreate, apiDoc{Summary: "Upload a spreadsheet (XLSX or CSV) " +
			"to import into a register, as multipart/form-data with the fields register (buildings, houses…), dry_run (true to only " +
			"check and count) and file; the import runs in the background: poll GET /api/v1/imports/{id}",
			Tag: "imports", Response: importJobResponse{}, Status: http.StatusAccepted}).uploads(),
		api("GET", "/api/v1/imports/{id}", account.RegisterEdit, s.apiImportJob, apiDoc{Summary: "An import's status and counts " +
			"(the caller's own imports only)", Tag: "imports", Response: importJobResponse{}}),
		api("POST", "/api/v1/imports/{id}/run", account.RegisterEdit, s.apiImportRun, apiDoc{Summary: "Import for real the file of a " +
			"finished dry run; returns the new import", Tag: "imports", Response: importJobResponse{}, Status: http.StatusAccepted}),
		api("GET", "/api/v1/imports/{id}/errors.xlsx", account.RegisterEdit, s.apiImportReport, apiDoc{Summary: "The error report: " +
			"the rejected rows with the faulty cells highlighted and a column saying what is wrong", Tag: "imports"}),
	}
}

// importJobResponse is an import job as the API shows it.
type importJobResponse struct {
	ID        int64  `json:"id"`
	Register  string `json:"register"`
	DryRun    bool   `json:"dry_run"`
	Status    string `json:"status" doc:"queued, running, done, failed or interrupted (the server restarted while it ran)"`
	Filename  string `json:"filename"`
	Size      int64  `json:"size"`
	PreviewOf int64  `json:"preview_of,omitempty" doc:"The dry run this import was started from"`
	importer.Progress
	Message     string              `json:"message,omitempty" doc:"Why the import failed"`
	Warnings    []string            `json:"warnings,omitempty" doc:"Columns that were ignored"`
	FirstErrors []importer.RowError `json:"first_errors,omitempty"`
	ReportURL   string              `json:"report_url,omitempty" doc:"The error report, when rows were rejected"`
	Created     time.Time           `json:"created_at"`
	Started     *time.Time          `json:"started_at,omitempty"`
	Finished    *time.Time          `json:"finished_at,omitempty"`
}

func importJobJSON(j *store.ImportJob) importJobResponse {
	out := importJobResponse{ID: j.ID, Register: j.Register, DryRun: j.DryRun, Status: j.Status, Filename: j.Filename, Size: j.Size,
		PreviewOf: j.PreviewOf, Progress: j.Progress, Message: j.Message, Warnings: j.Warnings, FirstErrors: j.FirstErrors,
		Created: j.Created, Started: j.Started, Finished: j.Finished}
	if j.Report != "" {
		out.ReportURL = "/api/v1/imports/" + strconv.FormatInt(j.ID, 10) + "/errors.xlsx"
	}
	return out
}

func (s *Server) apiImportCreate(w http.ResponseWriter, r *http.Request) error {
	st := state(r)
	up, err := s.receiveImport(r)
	if err != nil {
		return err
	}
	var v errs.Validation
	if v.Require("register", up.Register) {
		v.Check(importer.ByName(up.Register) != nil, "register", "err.import_register_unknown")
	}
	if err := v.Err(); err != nil {
		s.removeUpload(up)
		return err
	}
	job, err := s.startImport(r.Context(), st.p, st.lang, store.ImportJobInput{Register: up.Register, DryRun: up.DryRun,
		Filename: up.Name, Size: up.Size, Upload: up.Stored})
	if err != nil {
		s.removeUpload(up)
		return err
	}
	writeJSON(w, http.StatusAccepted, importJobJSON(job))
	return nil
}

func (s *Server) apiImportJob(w http.ResponseWriter, r *http.Request) error {
	job, err := s.importJobFor(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, importJobJSON(job))
	return nil
}

func (s *Server) apiImportRun(w http.ResponseWriter, r *http.Request) error {
	prev, err := s.importJobFor(r)
	if err != nil {
		return err
	}
	job, err := s.runFromPreview(r, prev)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, importJobJSON(job))
	return nil
}

func (s *Server) apiImportReport(w http.ResponseWriter, r *http.Request) error {
	job, err := s.importJobFor(r)
	if err != nil {
		return err
	}
	return s.serveImportReport(w, r, job)
}
