// Package outfile writes --output-file atomically: the content goes to a
// temporary file in the target's directory and is renamed into place only
// once complete, so an interrupted or failed transfer leaves the target as
// it was.
package outfile

import (
	"fmt"
	"os"
	"path/filepath"
)

// File is an output file being written.
type File struct {
	f    *os.File
	path string
	n    int64
	done bool
}

// Create starts writing path (a directory must not be there).
func Create(path string) (*File, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, fmt.Errorf("%s is a directory: give a file name", path)
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".kestractl-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	return &File{f: f, path: path}, nil
}

// Path is the target's path.
func (o *File) Path() string { return o.path }

// Written is the number of bytes written so far.
func (o *File) Written() int64 { return o.n }

// Write appends to the temporary file.
func (o *File) Write(p []byte) (int, error) {
	n, err := o.f.Write(p)
	o.n += int64(n)
	return n, err
}

// Commit flushes the content to disk and renames it into place.
func (o *File) Commit() error {
	o.done = true
	err := o.f.Sync()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(o.f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(o.f.Name(), o.path)
	}
	if err != nil {
		_ = os.Remove(o.f.Name())
		return fmt.Errorf("write %s: %w", o.path, err)
	}
	return nil
}

// Abort removes the temporary file (a no-op after Commit).
func (o *File) Abort() {
	if o.done {
		return
	}
	o.done = true
	_ = o.f.Close()
	_ = os.Remove(o.f.Name())
}
