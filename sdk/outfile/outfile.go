// Package outfile writes what a command downloads to a local file the way
// every kestractl command does: atomically (a temporary file in the
// target's directory, renamed into place once complete, so that an
// interrupted or failed transfer leaves the target as it was), keeping an
// existing file's mode, replacing the file a symbolic link points to (not
// the link), and never renaming over a device, a FIFO or a socket. A
// device is written through only when the user named it explicitly as
// /dev/stdout or /dev/stderr.
package outfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrNotRegular is returned for a target that exists and is not a regular
// file (nor /dev/stdout or /dev/stderr).
var ErrNotRegular = errors.New("not a regular file")

// File is an output file being written. Write to it, then Commit (or
// Abort).
type File struct {
	path   string // the file finally written (a link's target)
	tmp    *os.File
	direct *os.File // /dev/stdout, /dev/stderr: written in place
	mode   fs.FileMode
	n      int64
	done   bool
}

// Create starts writing path.
func Create(path string) (*File, error) {
	switch path {
	case "/dev/stdout", "/dev/stderr":
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		return &File{path: path, direct: f}, nil
	}
	target, mode, err := resolve(path)
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".kestractl-*.tmp")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	return &File{path: target, tmp: tmp, mode: mode}, nil
}

// resolve follows a symbolic link to the file it names and checks that it
// is absent or a regular file; mode is the existing file's (0644 for a new
// one).
func resolve(path string) (string, fs.FileMode, error) {
	target := path
	if st, err := os.Lstat(path); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		resolved, err := filepath.EvalSymlinks(path)
		switch {
		case err == nil:
			target = resolved
		case errors.Is(err, fs.ErrNotExist):
			dest, rerr := os.Readlink(path)
			if rerr != nil {
				return "", 0, fmt.Errorf("read link %s: %w", path, rerr)
			}
			if !filepath.IsAbs(dest) {
				dest = filepath.Join(filepath.Dir(path), dest)
			}
			target = dest
		default:
			return "", 0, fmt.Errorf("resolve link %s: %w", path, err)
		}
	}
	st, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return target, 0o644, nil
	case err != nil:
		return "", 0, err
	case st.IsDir():
		return "", 0, fmt.Errorf("%s is a directory: give a file name", path)
	case !st.Mode().IsRegular():
		return "", 0, fmt.Errorf("%s is a special file (%s), %w: refusing to replace it (use -O - or /dev/stdout to write to standard output)",
			path, st.Mode().Type(), ErrNotRegular)
	}
	return target, st.Mode().Perm(), nil
}

// Path is the file finally written (a link's target).
func (o *File) Path() string { return o.path }

// Written is the number of bytes written so far.
func (o *File) Written() int64 { return o.n }

// Write appends to the output.
func (o *File) Write(p []byte) (int, error) {
	w := o.tmp
	if o.direct != nil {
		w = o.direct
	}
	n, err := w.Write(p)
	o.n += int64(n)
	return n, err
}

// Commit completes the file: it is renamed into place with its mode. The
// content is not forced to disk (as apt, pip and npm do not): a crash may
// lose it, never leave a half-written file at the target's name.
func (o *File) Commit() error {
	if o.done {
		return nil
	}
	o.done = true
	if o.direct != nil {
		return o.direct.Close()
	}
	err := o.tmp.Close()
	if err == nil {
		err = os.Chmod(o.tmp.Name(), o.mode)
	}
	if err == nil {
		err = os.Rename(o.tmp.Name(), o.path)
	}
	if err != nil {
		_ = os.Remove(o.tmp.Name())
		return fmt.Errorf("write %s: %w", o.path, err)
	}
	return nil
}

// Abort drops what was written and leaves the target as it was (a no-op
// after Commit).
func (o *File) Abort() {
	if o.done {
		return
	}
	o.done = true
	if o.direct != nil {
		_ = o.direct.Close()
		return
	}
	_ = o.tmp.Close()
	_ = os.Remove(o.tmp.Name())
}
