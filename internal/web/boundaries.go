package web

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/store"
)

// maxBoundaryFile bounds an uploaded boundary file: a district's micro-grids in GeoJSON
// take a few megabytes.
const maxBoundaryFile = 20 << 20

// boundaryRoutes are the import of boundaries from GeoJSON files.
func (s *Server) boundaryRoutes() []route {
	return []route{
		page("GET", "/admin/nodes/{id}/boundaries", account.GridManage, s.boundaryImportPage),
		page("POST", "/admin/nodes/{id}/boundaries", account.GridManage, s.boundaryImportSubmit).uploads(),
	}
}

// boundaryImportData is the import page: the form, and after an upload the plan.
type boundaryImportData struct {
	Node    *admin.Node
	Plan    *admin.BoundaryPlan
	Payload string // the uploaded file, sent again with "apply" or a new matching
	Opts    admin.BoundaryOptions
	Blocked int // matched features with problems
	Skipped int // features that match no place
}

var boundaryFields = formFields{"file", "boundary.field.file", "code_property", "boundary.field.code_property",
	"name_property", "boundary.field.name_property", "crs", "boundary.field.crs"}

func (s *Server) boundaryImportPage(w http.ResponseWriter, r *http.Request) error {
	n, err := s.boundaryTarget(r)
	if err != nil {
		return err
	}
	d := boundaryImportData{Node: n, Opts: admin.BoundaryOptions{CodeProperty: "code", NameProperty: "name", CRS: admin.WGS84}}
	return s.render(w, r, "boundaries", view{Title: "title.boundary_import", Section: "tree", Fields: boundaryFields, Data: d})
}

// boundaryTarget is the {id} place in the caller's scope; retired places get no new
// boundaries.
func (s *Server) boundaryTarget(r *http.Request) (*admin.Node, error) {
	n, err := s.pathNode(r)
	if err == nil && n.IsRetired() {
		return nil, errs.NotFoundf("entity.node")
	}
	return n, err
}

func (s *Server) boundaryImportSubmit(w http.ResponseWriter, r *http.Request) error {
	n, err := s.boundaryTarget(r)
	if err != nil {
		return err
	}
	st := state(r)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		if isBodyTooLarge(err) {
			return errs.E(errs.TooLarge, "err.upload_too_large", s.cfg.MaxUploadBytes>>20)
		}
		return errs.Wrap(err, errs.Invalid, "err.invalid")
	}
	f := &form{Values: r.PostForm, Errors: map[string]string{}}
	d := boundaryImportData{Node: n, Opts: admin.BoundaryOptions{CodeProperty: f.Get("code_property"),
		NameProperty: f.Get("name_property"), CRS: admin.CRS(f.Get("crs"))}}
	show := func(status int, err error) error {
		if err != nil && !f.absorb(st.lang, err) {
			return err
		}
		return s.renderCode(w, r, status, "boundaries", view{Title: "title.boundary_import", Section: "tree", Form: f,
			Fields: boundaryFields, Data: d})
	}
	var v errs.Validation
	v.Check(d.Opts.CRS.Valid(), "crs", "err.choose_one")
	v.Check(d.Opts.CodeProperty != "" || d.Opts.NameProperty != "", "code_property", "err.boundary_property")
	data, err := boundaryUpload(r, f)
	if err != nil {
		v.Add("file", errs.As(err).Msg.Key, errs.As(err).Msg.Args...)
	}
	if err := v.Err(); err != nil {
		return show(http.StatusBadRequest, err)
	}
	features, err := admin.ParseBoundaryFile(data)
	if err != nil {
		e := errs.As(err)
		return show(http.StatusBadRequest, errs.FieldInvalid("file", e.Msg.Key, e.Msg.Args...))
	}
	d.Payload = string(data)
	places, err := s.db.Subtree(r.Context(), st.p, n.ID)
	if err != nil {
		return err
	}
	d.Plan = admin.PlanBoundaries(n, places, features, d.Opts)
	for _, row := range d.Plan.Rows {
		switch {
		case row.Node == nil:
			d.Skipped++
		case row.Blocked():
			d.Blocked++
		}
	}
	if f.Get("action") != "apply" {
		return show(http.StatusOK, nil)
	}
	if !d.Plan.OK() {
		f.Error = i18n.T(st.lang, "err.boundary_not_ready")
		return show(http.StatusBadRequest, nil)
	}
	var updates []store.BoundaryUpdate
	for _, row := range d.Plan.Rows {
		if row.Node != nil {
			updates = append(updates, store.BoundaryUpdate{NodeID: row.Node.ID, Shape: row.Shape})
		}
	}
	if err := s.db.SetBoundaries(r.Context(), st.p, updates); err != nil {
		return show(statusFor(err), err)
	}
	s.boundariesChanged()
	flash(w, "success", "flash.boundaries_imported")
	return redirect(w, r, nodeURL(n.ID)+"#boundary")
}

// boundaryUpload reads the uploaded file, or the copy a preview page sent back.
func boundaryUpload(r *http.Request, f *form) ([]byte, error) {
	file, hdr, err := r.FormFile("file")
	switch {
	case err == nil:
		defer file.Close()
		if hdr.Size > maxBoundaryFile {
			return nil, errs.E(errs.Invalid, "err.upload_too_large", maxBoundaryFile>>20)
		}
		data, err := io.ReadAll(io.LimitReader(file, maxBoundaryFile+1))
		if err != nil {
			return nil, errs.Wrap(err, errs.Invalid, "err.invalid")
		}
		if len(data) == 0 {
			return nil, errs.E(errs.Invalid, "err.upload_empty")
		}
		return data, nil
	case errors.Is(err, http.ErrMissingFile):
		if p := f.Raw("payload"); strings.TrimSpace(p) != "" {
			return []byte(p), nil
		}
		return nil, errs.E(errs.Invalid, "err.upload_missing")
	default:
		return nil, errs.Wrap(err, errs.Invalid, "err.invalid")
	}
}
