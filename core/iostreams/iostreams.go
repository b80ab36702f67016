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
