// Package iostreams describes the process's terminal: its three streams,
// whether each is a terminal, its width and how to read a secret.
package iostreams

import (
	"bytes"
	"errors"
	"io"
	"strings"
)

// IO is the process's terminal.
type IO struct {
	Stdin                          io.Reader
	Stdout, Stderr                 io.Writer
	StdinTTY, StdoutTTY, StderrTTY bool
	Width                          int
	// ReadSecret reads a line from the terminal without echo.
	ReadSecret func() (string, error)
}

// Buffers are the streams of a test IO.
type Buffers struct {
	Stdin          *strings.Reader
	Stdout, Stderr *bytes.Buffer
}

// Test returns an IO over in-memory buffers, with no terminal: stdin reads
// input, and ReadSecret fails.
func Test(input string) (IO, *Buffers) {
	b := &Buffers{Stdin: strings.NewReader(input), Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}
	return IO{
		Stdin:  b.Stdin,
		Stdout: b.Stdout,
		Stderr: b.Stderr,
		ReadSecret: func() (string, error) {
			return "", errors.New("no terminal")
		},
	}, b
}

// ColorEnabled decides whether output written to a stream is coloured:
// NO_COLOR (set, non-empty) turns colour off; CLICOLOR_FORCE or FORCE_COLOR
// (set, not "0") turn it on even without a terminal; CLICOLOR=0 turns it
// off; otherwise a terminal (not TERM=dumb) gets colour.
func ColorEnabled(env func(string) string, tty bool) bool {
	if env("NO_COLOR") != "" {
		return false
	}
	for _, k := range []string{"CLICOLOR_FORCE", "FORCE_COLOR"} {
		if v := env(k); v != "" && v != "0" && v != "false" {
			return true
		}
	}
	if env("CLICOLOR") == "0" {
		return false
	}
	return tty && env("TERM") != "dumb"
}
