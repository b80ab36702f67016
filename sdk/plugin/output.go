package plugin

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/outfile"
)

// OutputFile is where a command writes what it downloads (-O/--output-file):
// a local file, written atomically (sdk/outfile: complete or not at all, an
// existing file's mode kept, a link's target replaced, no device or FIFO
// replaced), or the user's standard output for "", "-" or /dev/stdout —
// where binary content is refused on a terminal. Write to it, then Commit
// (or Abort).
type OutputFile struct {
	c       *Context
	given   string
	file    *outfile.File
	written int64
	checked bool
}

// CreateOutput opens the output named by given (the -O/--output-file value
// as typed).
func (c *Context) CreateOutput(given string) (*OutputFile, error) {
	o := &OutputFile{c: c, given: given}
	if o.ToStdout() {
		return o, nil
	}
	// Messages name the file as the user typed it.
	path := c.Path(given)
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		return nil, cmderr.Usagef("cannot write %q: directory %q does not exist", given, filepath.Dir(given))
	}
	f, err := outfile.Create(path)
	var special *outfile.NotRegularError
	switch {
	case errors.As(err, &special) && special.Mode.IsDir():
		return nil, cmderr.Usagef("%q is a directory: give a file name", given)
	case special != nil:
		return nil, cmderr.Usagef("%v", err).
			WithHint("to write to a pipe or a device, redirect standard output (-O - prints)")
	case err != nil:
		return nil, cmderr.Usagef("%v", err)
	}
	o.file = f
	return o, nil
}

// IsStdout reports whether an -O/--output-file value as typed names the
// user's standard output: "", "-" or /dev/stdout (in a plugin, its own
// /dev/stdout is a pipe to the core, not the user's).
func IsStdout(given string) bool {
	switch given {
	case "", "-", "/dev/stdout":
		return true
	}
	return false
}

// ToStdout reports whether the output is the user's standard output.
func (o *OutputFile) ToStdout() bool { return IsStdout(o.given) }

// File is the file written ("" for standard output).
func (o *OutputFile) File() string {
	if o.file == nil {
		return ""
	}
	return o.file.Path()
}

// Written is the number of bytes written so far.
func (o *OutputFile) Written() int64 { return o.written }

// Write writes p. On a terminal, the first bytes are checked: binary
// content is refused before anything is printed.
func (o *OutputFile) Write(p []byte) (int, error) {
	if o.file != nil {
		n, err := o.file.Write(p)
		o.written += int64(n)
		return n, err
	}
	if !o.checked && len(p) > 0 {
		o.checked = true
		if o.c.Terminal().StdoutTTY && LooksBinary(p[:min(len(p), 8<<10)]) {
			return 0, cmderr.Usagef("refusing to print binary content to the terminal").
				WithHint("save it with -O/--output-file FILE, or redirect standard output to a file")
		}
	}
	n, err := o.c.Stdout().Write(p)
	o.written += int64(n)
	return n, err
}

// ReadAt reads back what was written to a file (to check a download
// before it is put in place); standard output cannot be read back.
func (o *OutputFile) ReadAt(p []byte, off int64) (int, error) {
	if o.file == nil {
		return 0, errors.New("standard output cannot be read back")
	}
	return o.file.ReadAt(p, off)
}

// Reset starts the output over (a transfer restarting from its first
// byte); standard output cannot be.
func (o *OutputFile) Reset() error {
	if o.file == nil {
		if o.written == 0 {
			return nil
		}
		return fmt.Errorf("%s of the content were already printed: it cannot start over", Bytes(o.written))
	}
	o.written = 0
	return o.file.Reset()
}

// Commit completes the output: a file is put in place.
func (o *OutputFile) Commit() error {
	if o.file == nil {
		return nil
	}
	if err := o.file.Commit(); err != nil {
		return cmderr.Wrap(cmderr.Generic, err)
	}
	return nil
}

// Abort drops a file's content and leaves the target as it was.
func (o *OutputFile) Abort() {
	if o.file != nil {
		o.file.Abort()
	}
}

// Name is how messages name the output: the file as given, or "stdout".
func (o *OutputFile) Name() string {
	if o.file == nil {
		return "stdout"
	}
	return filepath.Clean(o.given)
}
