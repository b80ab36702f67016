package commands

import (
	"io"
	"os"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// files opens the files the command line names, relative to the user's
// working directory; "-" is standard input.
type files struct{ c *plugin.Context }

func newFiles(c *plugin.Context) files { return files{c} }

// Open opens name.
func (f files) Open(name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(f.c.Stdin()), nil
	}
	fh, err := os.Open(f.c.Path(name))
	if err != nil {
		return nil, cmderr.Usagef("cannot read %s: %v", name, pathError(err))
	}
	return fh, nil
}

// Size is the size of a regular file, -1 for stdin or a pipe.
func (f files) Size(name string) (int64, error) {
	if name == "-" {
		return -1, nil
	}
	st, err := os.Stat(f.c.Path(name))
	if err != nil {
		return 0, cmderr.Usagef("cannot read %s: %v", name, pathError(err))
	}
	if st.IsDir() {
		return 0, cmderr.Usagef("%s is a directory: give a file", name)
	}
	if !st.Mode().IsRegular() {
		return -1, nil
	}
	return st.Size(), nil
}

// pathError drops the path from an *os.PathError (the message names it).
func pathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
