// Package localfile writes a download atomically inside one directory: the
// content goes to a temporary file next to the target, opened through an
// os.Root so that nothing outside the directory can be touched, and is
// renamed into place only once complete. Only a regular file is ever
// replaced, and it keeps its permissions.
package localfile

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrNotRegular says a target exists and is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

// Target returns the file a download to path replaces: path itself or,
// when path is a symbolic link, the file it points to (even a link that
// dangles), so that the link is kept. It refuses a path that exists and is
// not a regular file (a directory, a named pipe, a device, a socket): the
// temporary file renamed into place would replace it instead of writing
// through it. Writing to a pipe or device is what a redirection is for.
//
// This is the rule the core applies to its own files (core/atomicfile).
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
		return "", notRegular(target, st.Mode())
	}
	return target, nil
}

// NotRegularError is the error for a target that is not a regular file;
// it matches ErrNotRegular.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file: refusing to replace it", e.Path, Kind(e.Mode))
}

// Is makes errors.Is(err, ErrNotRegular) true.
func (e *NotRegularError) Is(target error) bool { return target == ErrNotRegular }

func notRegular(path string, m fs.FileMode) error { return &NotRegularError{Path: path, Mode: m} }

// Kind names the type of a file that is not a regular file.
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

// Pending is a file being written.
type Pending struct {
	root *os.Root
	f    *os.File
	dir  string
	name string
	tmp  string
	n    int64
	// keepMode says a file is replaced: the new one gets its mode.
	keepMode bool
	mode     fs.FileMode
}

// Create starts writing name (one path element) in dir. An existing name
// must be a regular file (resolve a symbolic link with Target first); the
// new content gets its permissions.
func Create(dir, name string) (*Pending, error) {
	if !filepath.IsLocal(name) || strings.ContainsAny(name, `/\`) {
		return nil, fmt.Errorf("invalid file name %q: it must be a single name inside %s", name, dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("open directory %s: %w", dir, err)
	}
	st, err := root.Lstat(name)
	replacing := err == nil
	switch {
	case replacing && !st.Mode().IsRegular():
		root.Close()
		return nil, notRegular(filepath.Join(dir, name), st.Mode())
	case !replacing && !errors.Is(err, fs.ErrNotExist):
		root.Close()
		return nil, fmt.Errorf("check %s: %w", filepath.Join(dir, name), err)
	}
	// Replacing a file, the content stays private until it gets the file's
	// permissions at Commit; a new file gets the usual 0644 less umask.
	perm := fs.FileMode(0o644)
	if replacing {
		perm = 0o600
	}
	tmp := "." + name + ".kestractl-" + rand.Text()[:10] + ".tmp"
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		root.Close()
		return nil, fmt.Errorf("create a temporary file in %s: %w", dir, err)
	}
	p := &Pending{root: root, f: f, dir: dir, name: name, tmp: tmp}
	if replacing {
		p.mode = st.Mode().Perm()
		p.keepMode = true
	}
	return p, nil
}

// Path is the target's path.
func (p *Pending) Path() string { return filepath.Join(p.dir, p.name) }

// Write appends to the temporary file.
func (p *Pending) Write(b []byte) (int, error) {
	n, err := p.f.Write(b)
	p.n += int64(n)
	return n, err
}

// Written is the number of bytes written so far.
func (p *Pending) Written() int64 { return p.n }

// Commit flushes the temporary file to disk and renames it into place.
func (p *Pending) Commit() error {
	defer p.root.Close()
	var err error
	if p.keepMode {
		err = p.f.Chmod(p.mode)
	}
	if serr := p.f.Sync(); err == nil {
		err = serr
	}
	if cerr := p.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = p.root.Rename(p.tmp, p.name)
	}
	if err != nil {
		_ = p.root.Remove(p.tmp)
		return fmt.Errorf("write %s: %w", p.Path(), err)
	}
	return nil
}

// Abort removes the temporary file; the target is left as it was.
func (p *Pending) Abort() error {
	defer p.root.Close()
	cerr := p.f.Close()
	if err := p.root.Remove(p.tmp); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if errors.Is(cerr, os.ErrClosed) {
		return nil
	}
	return cerr
}
