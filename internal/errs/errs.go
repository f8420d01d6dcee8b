// Package errs is shequ's single error taxonomy. Every layer returns *Error (or wraps
// one) so the web layer can map a code to one HTTP status and render a message the user
// understands, while the internal cause is only ever logged.
package errs

import (
	"errors"
	"fmt"
)

// Code classifies an error by what the caller can do about it.
type Code string

// The codes. Keep this list small: each one maps to exactly one HTTP status.
const (
	Invalid         Code = "invalid"
	NotFound        Code = "not_found"
	Conflict        Code = "conflict"
	Forbidden       Code = "forbidden"
	Unauthenticated Code = "unauthenticated"
	TooMany         Code = "too_many_requests"
	TooLarge        Code = "too_large"
	Internal        Code = "internal"
)

// Message is a translatable text: a catalogue key and its fmt arguments.
type Message struct {
	Key  string
	Args []any
}

// M builds a Message.
func M(key string, args ...any) Message { return Message{Key: key, Args: args} }

// FieldError is a message attached to one input field (a form input name or JSON field).
type FieldError struct {
	Field string
	Msg   Message
}

// Error is the error type every shequ package returns for expected failures.
type Error struct {
	Code   Code
	Msg    Message      // what the user is told
	Fields []FieldError // per-field problems, for Invalid
	Err    error        // internal cause: logged, never shown
}

func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Msg.Key
	for _, f := range e.Fields {
		s += fmt.Sprintf(" [%s: %s]", f.Field, f.Msg.Key)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap exposes the internal cause to errors.Is / errors.As.
func (e *Error) Unwrap() error { return e.Err }

// E makes an error with a code and a user message.
func E(code Code, key string, args ...any) *Error {
	return &Error{Code: code, Msg: M(key, args...)}
}

// Wrap attaches an internal cause to a coded error.
func Wrap(err error, code Code, key string, args ...any) *Error {
	return &Error{Code: code, Msg: M(key, args...), Err: err}
}

// Internalf makes an Internal error with a cause that is logged but never shown.
func Internalf(format string, args ...any) *Error {
	return &Error{Code: Internal, Msg: M("err.internal"), Err: fmt.Errorf(format, args...)}
}

// As returns the *Error in err's chain, or nil.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}

// CodeOf returns err's code; errors that are not *Error are Internal.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	if e := As(err); e != nil {
		return e.Code
	}
	return Internal
}

// Is reports whether err carries the code.
func Is(err error, code Code) bool { return CodeOf(err) == code }

// NotFoundf is the common "no such thing" error for an entity kind (a catalogue key).
func NotFoundf(entityKey string) *Error { return E(NotFound, "err.not_found", M(entityKey)) }

// ForbiddenErr is the common refusal.
func ForbiddenErr() *Error { return E(Forbidden, "err.forbidden") }
