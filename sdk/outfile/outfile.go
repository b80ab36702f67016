// Package outfile writes what a command downloads to a local file the way
// every kestractl command does: atomically (a temporary file in the
// target's directory, renamed into place once complete, so that an
// interrupted or failed transfer leaves the target as it was), keeping an
// existing file's mode, replacing the file a symbolic link points to (not
// the link), and never renaming over a directory, a device, a FIFO or a
// socket. (In a plugin, standard output is the core's: "-" and /dev/stdout
// are handled by plugin.Context.CreateOutput, never here.)
//
// The temporary file is created, and renamed, through an os.Root of the
// target's directory: CreateIn confines a download to a directory tree
// (nothing outside it can be written, whatever links inside it say).
package outfile

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrNotRegular is matched (errors.Is) by the error for a target that
// exists and is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// NotRegularError is the error for a target that exists and is not a
// regular file; it matches ErrNotRegular.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	if e.Mode.IsDir() {
		return fmt.Sprintf("%s is a directory: give a file name", e.Path)
	}
	return fmt.Sprintf("%s is %s, not a regular file: refusing to replace it", e.Path, Kind(e.Mode))
}

// Is makes errors.Is(err, ErrNotRegular) true.
func (e *NotRegularError) Is(target error) bool { return target == ErrNotRegular }

// Kind names the type of a file that is not a regular file ("a named pipe
// (FIFO)", "a character device"...).
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// File is an output file being written. Write to it, then Commit (or
// Abort).
type File struct {
	root     *os.Root
	ownsRoot bool
	name     string // the target, relative to root
	path     string // the target as messages name it
	tmpName  string
	tmp      *os.File
	keepMode bool
	mode     fs.FileMode
	n        int64
	done     bool
}

// Create starts writing path. Its directory must exist; a symbolic link
// is followed to the file it points to (see Target).
func Create(path string) (*File, error) {
	target, err := Target(path)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(target)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("cannot write %s: directory %s does not exist", path, filepath.Dir(path))
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	f, err := create(root, filepath.Base(target), target)
	if err != nil {
		root.Close()
		return nil, err
	}
	f.ownsRoot = true
	return f, nil
}

// CreateIn starts writing name, a local path inside root (its directory
// must exist in root). Nothing outside root is written: a symbolic link at
// name is refused (resolve it first, and check where it leads).
func CreateIn(root *os.Root, name string) (*File, error) {
	if !filepath.IsLocal(name) {
		return nil, fmt.Errorf("invalid file name %q: it must stay inside %s", name, root.Name())
	}
	return create(root, name, filepath.Join(root.Name(), name))
}

func create(root *os.Root, name, path string) (*File, error) {
	st, err := root.Lstat(name)
	replacing := err == nil
	switch {
	case replacing && !st.Mode().IsRegular():
		return nil, &NotRegularError{Path: path, Mode: st.Mode()}
	case !replacing && !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	// Replacing a file, the content stays private until it gets the file's
	// permissions at Commit; a new file gets the usual 0644 less umask.
	perm := fs.FileMode(0o644)
	if replacing {
		perm = 0o600
	}
	tmpName := filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".kestractl-"+rand.Text()[:10]+".tmp")
	tmp, err := root.OpenFile(tmpName, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %w", path, err)
	}
	f := &File{root: root, name: name, path: path, tmpName: tmpName, tmp: tmp}
	if replacing {
		f.keepMode, f.mode = true, st.Mode().Perm()
	}
	return f, nil
}

// Target returns the file a download to path replaces: path itself or,
// when path is a symbolic link, the file it points to (even a link that
// dangles), so that the link is kept. It refuses a path that exists and is
// not a regular file (a directory, a named pipe, a device, a socket): the
// temporary file renamed into place would replace it instead of writing
// through it. Writing to a pipe or a device is what a redirection is for.
func Target(path string) (string, error) {
	target := path
	if st, err := os.Lstat(path); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		resolved, err := filepath.EvalSymlinks(path)
		switch {
		case err == nil:
			target = resolved
		case errors.Is(err, fs.ErrNotExist):
			dest, rerr := os.Readlink(path)
			if rerr != nil {
				return "", fmt.Errorf("read link %s: %w", path, rerr)
			}
			if !filepath.IsAbs(dest) {
				dest = filepath.Join(filepath.Dir(path), dest)
			}
			target = filepath.Clean(dest)
		default:
			return "", fmt.Errorf("resolve link %s: %w", path, err)
		}
	}
	st, err := os.Lstat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return target, nil
	case err != nil:
		return "", err
	case !st.Mode().IsRegular():
		return "", &NotRegularError{Path: target, Mode: st.Mode()}
	}
	return target, nil
}

// Path is the file finally written (a link's target).
func (o *File) Path() string { return o.path }

// Written is the number of bytes written so far.
func (o *File) Written() int64 { return o.n }

// Write appends to the output.
func (o *File) Write(p []byte) (int, error) {
	n, err := o.tmp.Write(p)
	o.n += int64(n)
	return n, err
}

// ReadAt reads back what was written (to check a download before it is
// put in place).
func (o *File) ReadAt(p []byte, off int64) (int, error) { return o.tmp.ReadAt(p, off) }

// Reset empties what was written (a transfer starting over).
func (o *File) Reset() error {
	if err := o.tmp.Truncate(0); err != nil {
		return err
	}
	_, err := o.tmp.Seek(0, io.SeekStart)
	o.n = 0
	return err
}

// Commit completes the file: it is renamed into place, with the mode of
// the file it replaces. The content is not forced to disk (as apt, pip and
// npm do not): a crash may lose it, never leave a half-written file at the
// target's name.
func (o *File) Commit() error {
	if o.done {
		return nil
	}
	o.done = true
	defer o.release()
	var err error
	if o.keepMode {
		err = o.tmp.Chmod(o.mode)
	}
	if cerr := o.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = o.root.Rename(o.tmpName, o.name)
	}
	if err != nil {
		_ = o.root.Remove(o.tmpName)
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
	defer o.release()
	_ = o.tmp.Close()
	_ = o.root.Remove(o.tmpName)
}

func (o *File) release() {
	if o.ownsRoot {
		_ = o.root.Close()
	}
}
