// Package cmderr holds the error codes a kestractl command can fail with and
// the error type that carries them. Plugins return these errors; the kestractl
// core alone turns a code into a process exit code.
package cmderr

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
)

// Code classifies a failure. The values match kestractl.v1.Code on the wire.
type Code int32

// The codes. Keep in step with sdk/proto/kestractl/v1/plugin.proto.
const (
	Unspecified       Code = 0
	Generic           Code = 1
	Usage             Code = 2
	Cancelled         Code = 3
	Unauthenticated   Code = 4
	PermissionDenied  Code = 5
	NotFound          Code = 6
	Conflict          Code = 7
	Unavailable       Code = 8
	RemoteFailed      Code = 9
	RequirementNotMet Code = 10
	Internal          Code = 11
	Timeout           Code = 12
)

var codeNames = map[Code]string{
	Unspecified:       "unspecified",
	Generic:           "error",
	Usage:             "usage",
	Cancelled:         "cancelled",
	Unauthenticated:   "unauthenticated",
	PermissionDenied:  "permission denied",
	NotFound:          "not found",
	Conflict:          "conflict",
	Unavailable:       "unavailable",
	RemoteFailed:      "remote failed",
	RequirementNotMet: "requirement not met",
	Internal:          "internal",
	Timeout:           "timeout",
}

func (c Code) String() string {
	if n, ok := codeNames[c]; ok {
		return n
	}
	return fmt.Sprintf("code(%d)", int32(c))
}

// Error is a failure with a code, a message, an optional hint on how to fix
// it and optional detail lines.
type Error struct {
	Code    Code
	Message string
	Hint    string
	Details []string
	Err     error // wrapped cause, not shown unless Message is empty
	// Silent errors set the exit code only: the command already said
	// everything (e.g. a diff that found differences exits 1).
	Silent bool
}

func (e *Error) Error() string {
	switch {
	case e.Message != "":
		return e.Message
	case e.Err != nil:
		return e.Err.Error()
	default:
		return e.Code.String()
	}
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error with a code and a formatted message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Exit returns an error that only sets the exit code of code; nothing is
// printed for it (the command's output already said what happened).
func Exit(code Code, reason string) *Error {
	return &Error{Code: code, Message: reason, Silent: true}
}

// Wrap returns err with a code attached, keeping err's message.
func Wrap(code Code, err error) *Error {
	if err == nil {
		return nil
	}
	return &Error{Code: code, Message: err.Error(), Err: err}
}

// WithHint returns a copy of e with a hint.
func (e *Error) WithHint(format string, args ...any) *Error {
	c := *e
	c.Hint = fmt.Sprintf(format, args...)
	return &c
}

// WithDetails returns a copy of e with detail lines.
func (e *Error) WithDetails(lines ...string) *Error {
	c := *e
	c.Details = append(append([]string(nil), e.Details...), lines...)
	return &c
}

// Usagef is a shorthand for a usage error.
func Usagef(format string, args ...any) *Error { return New(Usage, format, args...) }

// Coder is implemented by errors that know their own code, such as the
// Kestra API errors of sdk/kestra.
type Coder interface {
	ErrorCode() Code
}

// CodeOf finds the code of err: an *Error or a Coder in its chain; context
// cancellation and deadlines map to Cancelled and Timeout; anything else is
// Generic. A nil error has code Unspecified.
func CodeOf(err error) Code {
	if err == nil {
		return Unspecified
	}
	var e *Error
	if errors.As(err, &e) && e.Code != Unspecified {
		return e.Code
	}
	var c Coder
	if errors.As(err, &c) {
		return c.ErrorCode()
	}
	switch {
	case errors.Is(err, context.Canceled):
		return Cancelled
	case errors.Is(err, context.DeadlineExceeded):
		return Timeout
	}
	return Generic
}

// Common is the exit code of a command that failed on several things (a
// deployment, a download of many files): the code all the failures share,
// Generic when they differ (an Unspecified code counts as Generic).
func Common(codes ...Code) Code {
	out := Unspecified
	for _, c := range codes {
		if c == Unspecified {
			c = Generic
		}
		if out != Unspecified && c != out {
			return Generic
		}
		out = c
	}
	if out == Unspecified {
		return Generic
	}
	return out
}

// Tally counts the failures of a command that acts on several things, by
// code: Common is the code it exits with.
type Tally map[Code]int

// Add counts one failure with code.
func (t Tally) Add(code Code) { t[code]++ }

// Common is the code the failures counted share, Generic when they differ
// (see Common).
func (t Tally) Common() Code { return Common(slices.Collect(maps.Keys(t))...) }

// From converts any error into an *Error, keeping an existing one as is.
func From(err error) *Error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		if e.Code == Unspecified {
			c := *e
			c.Code = CodeOf(e.Err)
			if c.Code == Unspecified {
				c.Code = Generic
			}
			return &c
		}
		// Keep the outer context of the message when the *Error is wrapped.
		if err.Error() != e.Error() {
			c := *e
			c.Message = err.Error()
			return &c
		}
		return e
	}
	return &Error{Code: CodeOf(err), Message: err.Error(), Err: err}
}
