// Package errstest holds the assertions that table tests of validation share: the field
// errors an input must produce, and that every message exists in the catalogue and
// formats cleanly in every language.
package errstest

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
)

// FE is the field error a table expects: the input field, the catalogue key and its
// arguments, exactly as errs.Validation records them.
func FE(field, key string, args ...any) errs.FieldError {
	return errs.FieldError{Field: field, Msg: errs.M(key, args...)}
}

// CheckFields asserts err is nil when want is empty, and otherwise an Invalid error
// carrying exactly the field errors in want, in order, each message translatable.
func CheckFields(t testing.TB, err error, want []errs.FieldError) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	e := errs.As(err)
	if e == nil {
		t.Fatalf("got error %v, want Invalid with %s", err, FieldsString(want))
	}
	if e.Code != errs.Invalid || e.Msg.Key != "err.invalid" {
		t.Errorf("got code %q message %q, want %q %q", e.Code, e.Msg.Key, errs.Invalid, "err.invalid")
	}
	if !reflect.DeepEqual(e.Fields, want) {
		t.Errorf("field errors:\n got %s\nwant %s", FieldsString(e.Fields), FieldsString(want))
	}
	for _, f := range e.Fields {
		CheckTranslatable(t, f.Msg)
	}
}

// CheckTranslatable asserts that m (and any message among its arguments) is in the
// catalogue and that its translations consume exactly its arguments.
func CheckTranslatable(t testing.TB, m errs.Message) {
	t.Helper()
	if !i18n.Has(m.Key) {
		t.Errorf("message key %q is not in the catalogue", m.Key)
		return
	}
	for _, a := range m.Args {
		if nested, ok := a.(errs.Message); ok && !i18n.Has(nested.Key) {
			t.Errorf("argument key %q of %q is not in the catalogue", nested.Key, m.Key)
		}
	}
	for _, lang := range i18n.Langs {
		if s := i18n.Msg(lang, m); strings.Contains(s, "%!") {
			t.Errorf("%s translation of %q is badly formatted: %q", lang, m.Key, s)
		}
	}
}

// FieldsString shows field errors compactly for a failure message.
func FieldsString(fields []errs.FieldError) string {
	if len(fields) == 0 {
		return "(none)"
	}
	var parts []string
	for _, f := range fields {
		parts = append(parts, fmt.Sprintf("%s: %s%v", f.Field, f.Msg.Key, f.Msg.Args))
	}
	return strings.Join(parts, "; ")
}
