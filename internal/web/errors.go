package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
)

// statusOf is the one table from error codes to HTTP status.
var statusOf = map[errs.Code]int{
	errs.Invalid:         http.StatusBadRequest,
	errs.NotFound:        http.StatusNotFound,
	errs.Conflict:        http.StatusConflict,
	errs.Forbidden:       http.StatusForbidden,
	errs.Unauthenticated: http.StatusUnauthorized,
	errs.TooMany:         http.StatusTooManyRequests,
	errs.TooLarge:        http.StatusRequestEntityTooLarge,
	errs.Internal:        http.StatusInternalServerError,
}

// apiError is the JSON error body of every API failure.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// fail renders err as JSON for the API and as a page otherwise. Internal causes are
// logged with the request, never shown.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	e := errs.As(err)
	if e == nil {
		e = &errs.Error{Code: errs.Internal, Msg: errs.M("err.internal"), Err: err}
	}
	status := statusOf[e.Code]
	if status == 0 {
		status = http.StatusInternalServerError
	}
	st := state(r)
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	} else if e.Err != nil && !errors.Is(e.Err, errAlreadyLogged) {
		s.log.DebugContext(r.Context(), "request refused", "path", r.URL.Path, "code", e.Code, "err", e.Err)
	}
	if st.api {
		body := apiError{Error: apiErrorBody{Code: string(e.Code), Message: i18n.Msg(st.lang, e.Msg)}}
		if len(e.Fields) > 0 {
			body.Error.Fields = map[string]string{}
			for _, f := range e.Fields {
				body.Error.Fields[f.Field] = i18n.Msg(st.lang, f.Msg)
			}
		}
		if e.Code == errs.Unauthenticated {
			w.Header().Set("WWW-Authenticate", `Bearer realm="shequ"`)
		}
		writeJSON(w, status, body)
		return
	}
	if e.Code == errs.Unauthenticated && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	s.renderStatus(w, r, status, "error", errorPage{Status: status, Message: i18n.Msg(st.lang, e.Msg), Fields: e.Fields})
}

// errorPage is the data of the error page.
type errorPage struct {
	Status  int
	Message string
	Fields  []errs.FieldError
}

var errAlreadyLogged = errors.New("already logged")

// statusFor is the HTTP status for err, 200 for nil.
func statusFor(err error) int {
	if err == nil {
		return http.StatusOK
	}
	if st := statusOf[errs.CodeOf(err)]; st != 0 {
		return st
	}
	return http.StatusInternalServerError
}
