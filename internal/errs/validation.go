package errs

// Validation collects field errors so a form can show every problem at once.
//
//	var v errs.Validation
//	v.Require("name", name)
//	v.Check(len(code) == 3, "code", "err.code_digits", 3)
//	return v.Err()
type Validation struct {
	fields []FieldError
}

// Add records a problem with field unless that field already has one (the first
// problem is the most useful to show).
func (v *Validation) Add(field, key string, args ...any) {
	if v.Has(field) {
		return
	}
	v.fields = append(v.fields, FieldError{Field: field, Msg: M(key, args...)})
}

// Check adds the message when ok is false and reports ok.
func (v *Validation) Check(ok bool, field, key string, args ...any) bool {
	if !ok {
		v.Add(field, key, args...)
	}
	return ok
}

// Require adds "required" when s is empty.
func (v *Validation) Require(field, s string) bool {
	return v.Check(s != "", field, "err.required")
}

// MaxLen adds "too long" when s has more than n characters (runes, not bytes).
func (v *Validation) MaxLen(field, s string, n int) bool {
	return v.Check(len([]rune(s)) <= n, field, "err.too_long", n)
}

// Has reports whether field already has a problem.
func (v *Validation) Has(field string) bool {
	for _, f := range v.fields {
		if f.Field == field {
			return true
		}
	}
	return false
}

// OK reports whether no problem was found.
func (v *Validation) OK() bool { return len(v.fields) == 0 }

// Err returns an Invalid error carrying every field problem, or nil.
func (v *Validation) Err() error {
	if v.OK() {
		return nil
	}
	return &Error{Code: Invalid, Msg: M("err.invalid"), Fields: v.fields}
}

// FieldInvalid is a one-field Invalid error.
func FieldInvalid(field, key string, args ...any) *Error {
	return &Error{Code: Invalid, Msg: M("err.invalid"), Fields: []FieldError{{Field: field, Msg: M(key, args...)}}}
}

// Merge adds the field problems of an Invalid error, so problems found by separate
// parsers show together. It reports whether err was nil or merged; any other error is
// the caller's to return.
func (v *Validation) Merge(err error) bool {
	if err == nil {
		return true
	}
	e := As(err)
	if e == nil || e.Code != Invalid || len(e.Fields) == 0 {
		return false
	}
	for _, f := range e.Fields {
		v.Add(f.Field, f.Msg.Key, f.Msg.Args...)
	}
	return true
}
