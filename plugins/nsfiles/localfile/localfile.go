// Package localfile writes a download atomically inside one directory: the
// content goes to a temporary file next to the target, opened through an
// os.Root so that nothing outside the directory can be touched, and is
// renamed into place only once complete.
package localfile

import (
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Pending is a file being written.
type Pending struct {
	root *os.Root
	f    *os.File
	dir  string
	name string
	tmp  string
	n    int64
}

// Create starts writing name (one path element) in dir.
func Create(dir, name string) (*Pending, error) {
	if !filepath.IsLocal(name) || strings.ContainsAny(name, `/\`) {
		return nil, fmt.Errorf("invalid file name %q: it must be a single name inside %s", name, dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("open directory %s: %w", dir, err)
	}
	if st, err := root.Stat(name); err == nil && st.IsDir() {
		root.Close()
		return nil, fmt.Errorf("%s is a directory", filepath.Join(dir, name))
	}
	tmp := "." + name + ".kestractl-" + rand.Text()[:10] + ".tmp"
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		root.Close()
		return nil, fmt.Errorf("create a temporary file in %s: %w", dir, err)
	}
	return &Pending{root: root, f: f, dir: dir, name: name, tmp: tmp}, nil
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
	err := p.f.Sync()
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
