package pebble

import "strings"

// MissingError is a variable or attribute that does not exist (Kestra
// renders with strict variables).
type MissingError struct {
	// Path is the variable path as written (inputs, missing, x for
	// inputs.missing.x); Path[At] is the first part that does not exist.
	Path []string
	At   int
	// Index reports a list index out of bounds.
	Index bool
}

// Name is the part that does not exist.
func (m *MissingError) Name() string { return m.Path[m.At] }

// Upto is the path up to and including the part that does not exist.
func (m *MissingError) Upto() string { return strings.Join(m.Path[:m.At+1], ".") }

func (m *MissingError) Error() string { return "missing " + m.Upto() }

// UnsupportedError is Pebble that kestrasim does not evaluate.
type UnsupportedError struct {
	// Kind is function, filter, method call or tag; Name what was written.
	Kind, Name string
}

func (u *UnsupportedError) Error() string {
	switch u.Kind {
	case "function":
		return "the function " + u.Name + "()"
	case "method call":
		return "the method call ." + u.Name + "()"
	case "tag":
		return "the tag " + u.Name
	}
	return "the " + u.Kind + " " + u.Name
}

// SyntaxError is a malformed expression or template.
type SyntaxError struct{ Msg string }

func (s *SyntaxError) Error() string { return s.Msg }

// Error is a failure to render a template.
type Error struct {
	// Err is what failed: *MissingError, *UnsupportedError, *SyntaxError,
	// or an evaluation error (operands of the wrong type).
	Err error
	// Expr is the expression (or tag) that failed, "" when the template
	// itself is malformed; Raw is it as written, with its delimiters.
	Expr, Raw string
	// Line is the line of the template it starts on.
	Line int
}

func (e *Error) Error() string { return e.Err.Error() }

func (e *Error) Unwrap() error { return e.Err }
