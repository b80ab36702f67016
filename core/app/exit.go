package app

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// Exit codes: the one table of the project (README "Exit codes").
const (
	ExitOK            = 0
	ExitError         = 1
	ExitUsage         = 2
	ExitCancelled     = 3
	ExitAuth          = 4
	ExitNotFound      = 5
	ExitConflict      = 6
	ExitUnavailable   = 7
	ExitRemoteFailed  = 8
	ExitPluginFailure = 9
	ExitInterrupted   = 130
)

// ExitCode maps an error code to the process exit code.
func ExitCode(c cmderr.Code) int {
	switch c {
	case cmderr.Unspecified:
		return ExitOK
	case cmderr.Usage:
		return ExitUsage
	case cmderr.Cancelled, cmderr.Timeout:
		return ExitCancelled
	case cmderr.Unauthenticated, cmderr.PermissionDenied:
		return ExitAuth
	case cmderr.NotFound:
		return ExitNotFound
	case cmderr.Conflict:
		return ExitConflict
	case cmderr.Unavailable:
		return ExitUnavailable
	case cmderr.RemoteFailed:
		return ExitRemoteFailed
	case cmderr.Internal, cmderr.RequirementNotMet:
		return ExitPluginFailure
	}
	return ExitError
}

// printError writes "Error: message (hint)" and any detail lines.
func printError(w io.Writer, err error) {
	e := cmderr.From(err)
	msg := strings.TrimSpace(e.Error())
	msg = strings.TrimPrefix(msg, "Error: ")
	line := "Error: " + msg
	if e.Hint != "" {
		line += " (" + e.Hint + ")"
	}
	fmt.Fprintln(w, line)
	for _, d := range e.Details {
		fmt.Fprintln(w, "  "+d)
	}
}

// usagef is a usage error with a hint.
func usagef(hint string, format string, args ...any) error {
	e := cmderr.Usagef(format, args...)
	if hint != "" {
		e = e.WithHint("%s", hint)
	}
	return e
}

func isCode(err error, c cmderr.Code) bool {
	var e *cmderr.Error
	return errors.As(err, &e) && e.Code == c
}
