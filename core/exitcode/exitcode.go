// Package exitcode is the one table of the process exit codes (README
// "Exit codes") and the way an error is printed before the process exits.
package exitcode

import (
	"fmt"
	"io"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/display"
)

// The exit codes.
const (
	OK            = 0
	Error         = 1
	Usage         = 2
	Cancelled     = 3
	Auth          = 4
	NotFound      = 5
	Conflict      = 6
	Unavailable   = 7
	RemoteFailed  = 8
	PluginFailure = 9
	Interrupted   = 130
)

// Of maps an error code to the process exit code.
func Of(c cmderr.Code) int {
	switch c {
	case cmderr.Unspecified:
		return OK
	case cmderr.Usage:
		return Usage
	case cmderr.Cancelled, cmderr.Timeout:
		return Cancelled
	case cmderr.Unauthenticated, cmderr.PermissionDenied:
		return Auth
	case cmderr.NotFound:
		return NotFound
	case cmderr.Conflict:
		return Conflict
	case cmderr.Unavailable:
		return Unavailable
	case cmderr.RemoteFailed:
		return RemoteFailed
	case cmderr.Internal, cmderr.RequirementNotMet:
		return PluginFailure
	}
	return Error
}

// For is the exit code of err (OK for nil).
func For(err error) int { return Of(cmderr.CodeOf(err)) }

// Print writes "Error: message (hint)" and any detail lines.
func Print(w io.Writer, err error) {
	e := cmderr.From(err)
	if e.Silent {
		return
	}
	// Server text can be part of an error: no escape sequence gets through.
	msg := strings.TrimSpace(display.SanitizeText(e.Error()))
	msg = strings.TrimPrefix(msg, "Error: ")
	line := "Error: " + msg
	if e.Hint != "" {
		line += " (" + display.SanitizeText(e.Hint) + ")"
	}
	fmt.Fprintln(w, line)
	for _, d := range e.Details {
		fmt.Fprintln(w, "  "+display.SanitizeText(d))
	}
}
