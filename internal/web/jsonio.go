package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/shequ-dev/shequ/internal/errs"
)

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// decodeJSON reads a JSON request body into v. Unknown fields, trailing data, wrong types
// and oversized bodies are refused with a message that names the problem.
func decodeJSON(r *http.Request, v any) error {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/json" {
		return errs.E(errs.Invalid, "err.content_type")
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		if isBodyTooLarge(err) {
			var mbe *http.MaxBytesError
			errors.As(err, &mbe)
			return errs.E(errs.TooLarge, "err.body_too_large", mbe.Limit/1024)
		}
		return errs.Wrap(err, errs.Invalid, "err.json", "unreadable body")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typ):
			return errs.FieldInvalid(typ.Field, "err.json_type", typ.Field)
		case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return errs.E(errs.Invalid, "err.json", "invalid JSON")
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return errs.FieldInvalid(field, "err.json_unknown_field", field)
		}
		return errs.Wrap(err, errs.Invalid, "err.json", "invalid JSON")
	}
	if dec.More() {
		return errs.E(errs.Invalid, "err.json", "trailing data after the JSON value")
	}
	return nil
}
