package web

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
)

// form is a submitted HTML form with the problems found in it, so a page can be shown
// again with what the person typed and a message beside each field.
type form struct {
	Values url.Values
	Errors map[string]string // field → translated message
	Error  string            // a message for the whole form
}

// parseForm reads a POST form; an oversized body becomes a clear error.
func parseForm(r *http.Request) (*form, error) {
	if err := r.ParseForm(); err != nil {
		if isBodyTooLarge(err) {
			return nil, errs.E(errs.TooLarge, "err.too_large")
		}
		return nil, errs.Wrap(err, errs.Invalid, "err.invalid")
	}
	return &form{Values: r.PostForm, Errors: map[string]string{}}, nil
}

// Get returns a trimmed field value.
func (f *form) Get(name string) string {
	if f == nil {
		return ""
	}
	return strings.TrimSpace(f.Values.Get(name))
}

// Raw returns a field value untrimmed (passwords).
func (f *form) Raw(name string) string {
	if f == nil {
		return ""
	}
	return f.Values.Get(name)
}

// Int returns a numeric field, recording an error when it is not a number.
func (f *form) Int(name string) int64 {
	s := f.Get(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		f.Errors[name] = "err.number"
		return 0
	}
	return n
}

// Err returns the message for a field, or "".
func (f *form) Err(name string) string {
	if f == nil {
		return ""
	}
	return f.Errors[name]
}

// HasErrors reports whether any problem was recorded.
func (f *form) HasErrors() bool { return f != nil && (len(f.Errors) > 0 || f.Error != "") }

// absorb takes a validation error's messages into the form, translated. It reports
// whether err was one the person can fix (Invalid, Conflict); other errors go to fail.
func (f *form) absorb(lang i18n.Lang, err error) bool {
	e := errs.As(err)
	if e == nil || (e.Code != errs.Invalid && e.Code != errs.Conflict && e.Code != errs.TooMany) {
		return false
	}
	for k, v := range f.Errors { // keys recorded by Int
		if i18n.Has(v) {
			f.Errors[k] = i18n.T(lang, v)
		}
	}
	for _, fe := range e.Fields {
		f.Errors[fe.Field] = i18n.Msg(lang, fe.Msg)
	}
	if len(e.Fields) == 0 || e.Code != errs.Invalid {
		f.Error = i18n.Msg(lang, e.Msg)
	}
	return true
}

// absorbVersioned is absorb for a form that carries the version read in a hidden
// field: a problem with the version is said at the top of the form, where it is seen.
func (f *form) absorbVersioned(lang i18n.Lang, err error) bool {
	if !f.absorb(lang, err) {
		return false
	}
	if msg, ok := f.Errors["version"]; ok && f.Error == "" {
		f.Error = msg
	}
	return true
}

// formVersion reads the version a form was filled in at (with the form's other number
// problems); a form without one is refused rather than saved over whatever is stored now.
func formVersion(f *form) (int, error) {
	version := int(f.Int("version"))
	if err := f.numErrs(); err != nil {
		return 0, err
	}
	if version <= 0 {
		return 0, errs.FieldInvalid("version", "err.required")
	}
	return version, nil
}

// numErrs turns number-parse problems recorded by Int into a validation error.
func (f *form) numErrs() error {
	var v errs.Validation
	for k, key := range f.Errors {
		v.Add(k, key)
	}
	return v.Err()
}

// formFields names the fields a form shows, in page order, as pairs of field name and
// label key: the summary above a failed form says which field each problem is in and
// links to it. Problems in fields the form does not show (a stale version, a tampered
// hidden value) are listed without a link.
type formFields []string

// summaryItem is one line of a failed form's error summary.
type summaryItem struct {
	Label, Msg, Href string
}

// FieldID is the element id of a field of the view's form.
func (v view) FieldID(name string) string { return "f-" + v.IDPrefix + name }

// ErrorSummary lists the form's field problems, shown fields first in page order.
func (v view) ErrorSummary() []summaryItem {
	if v.Form == nil {
		return nil
	}
	var items []summaryItem
	done := map[string]bool{}
	for i := 0; i+1 < len(v.Fields); i += 2 {
		name := v.Fields[i]
		if msg := v.Form.Errors[name]; msg != "" && !done[name] {
			done[name] = true
			it := summaryItem{Label: i18n.T(v.Lang, v.Fields[i+1]), Msg: msg}
			if !v.Detached {
				it.Href = "#" + v.FieldID(name)
			}
			items = append(items, it)
		}
	}
	rest := make([]string, 0, len(v.Form.Errors))
	for name := range v.Form.Errors {
		if !done[name] {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	for _, name := range rest {
		items = append(items, summaryItem{Msg: v.Form.Errors[name]})
	}
	return items
}

// pathID reads a numeric path value such as {id}.
func pathID(r *http.Request, name string) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, errs.E(errs.NotFound, "err.page_not_found")
	}
	return n, nil
}

// recordFromPath reads the record the path's {id} names through get, which holds the
// caller to their scope: a malformed id is not found, like a record out of scope.
func recordFromPath[T any](r *http.Request, get func(context.Context, *account.Principal, int64) (T, error)) (T, error) {
	id, err := pathID(r, "id")
	if err != nil {
		var zero T
		return zero, err
	}
	return get(r.Context(), principal(r), id)
}

// recordToChange is recordFromPath for a change that must carry the version read: a
// record out of reach is not found before a missing version is asked for.
func recordToChange[T any](r *http.Request, get func(context.Context, *account.Principal, int64) (T, error), version int) (T, error) {
	rec, err := recordFromPath(r, get)
	if err == nil && version <= 0 {
		err = errs.FieldInvalid("version", "err.required")
	}
	return rec, err
}

// queryInt reads an optional numeric query parameter.
func queryInt(r *http.Request, name string) (int64, error) {
	s := strings.TrimSpace(r.URL.Query().Get(name))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, errs.FieldInvalid(name, "err.number")
	}
	return n, nil
}

// flashMsg is a one-time message shown after a redirect.
type flashMsg struct {
	Kind string // success, error, info, warn
	Key  string
}

const flashCookie = "shequ_flash"

// flash sets a message for the next page. Only catalogue keys travel in the cookie, so
// nothing a user typed is ever reflected back through it.
func flash(w http.ResponseWriter, kind, key string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: kind + ":" + key, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

func takeFlash(w http.ResponseWriter, r *http.Request) *flashMsg {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return nil
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	kind, key, ok := strings.Cut(c.Value, ":")
	if !ok || !i18n.Has(key) || !strings.HasPrefix(key, "flash.") {
		return nil
	}
	switch kind {
	case "success", "error", "info", "warn":
	default:
		return nil
	}
	return &flashMsg{Kind: kind, Key: key}
}

// redirect sends the browser to url after a successful POST.
func redirect(w http.ResponseWriter, r *http.Request, url string) error {
	http.Redirect(w, r, url, http.StatusSeeOther)
	return nil
}

// safeNext keeps a post-login redirect on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}
