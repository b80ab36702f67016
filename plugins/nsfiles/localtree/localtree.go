// Package localtree lists the files of a local directory to upload: hidden
// entries and what .kestraignore excludes are skipped, symbolic links are
// followed only when they stay inside the directory, and the files are
// opened through an os.Root so that nothing outside it can be read.
package localtree

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// File is one file of the tree.
type File struct {
	// Rel is the slash-separated path relative to the tree's directory.
	Rel  string
	Size int64
	// Problem, when set, says why the file cannot be uploaded.
	Problem string
}

// Tree is a scanned directory.
type Tree struct {
	Dir   string
	Root  *os.Root
	Files []File
	// Skipped counts entries left out (hidden, ignored, not regular files,
	// symbolic links to directories).
	Skipped int
}

// Close releases the directory.
func (t *Tree) Close() error { return t.Root.Close() }

// Open opens a file of the tree, refusing anything outside it.
func (t *Tree) Open(rel string) (*os.File, error) { return t.Root.Open(filepath.FromSlash(rel)) }

// Scan walks dir in lexical order.
func Scan(dir string) (*Tree, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("open directory %s: %w", dir, err)
	}
	t := &Tree{Dir: dir, Root: root}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		root.Close()
		return nil, fmt.Errorf("resolve %s: %w", dir, err)
	}
	var ign *Ignore
	if b, err := root.ReadFile(IgnoreFile); err == nil {
		ign = ParseIgnore(string(b))
	} else if !errors.Is(err, fs.ErrNotExist) {
		root.Close()
		return nil, fmt.Errorf("read %s: %w", filepath.Join(dir, IgnoreFile), err)
	}
	err = fs.WalkDir(root.FS(), ".", func(rel string, d fs.DirEntry, err error) error {
		if rel == "." {
			if err != nil {
				return err
			}
			return nil
		}
		if err != nil {
			t.Files = append(t.Files, File{Rel: rel, Problem: "cannot read: " + reason(err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") || ign.Match(rel, d.IsDir()) {
			t.Skipped++
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch {
		case d.IsDir():
			return nil
		case d.Type()&fs.ModeSymlink != 0:
			t.addLink(real, rel)
		case d.Type().IsRegular():
			t.addFile(rel, nil)
		default:
			t.Skipped++ // devices, sockets, pipes
		}
		return nil
	})
	if err != nil {
		root.Close()
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	return t, nil
}

// addFile records a regular file after checking it can be opened.
func (t *Tree) addFile(rel string, info fs.FileInfo) {
	f, err := t.Open(rel)
	if err != nil {
		t.Files = append(t.Files, File{Rel: rel, Problem: "cannot read: " + reason(err)})
		return
	}
	defer f.Close()
	if info == nil {
		if info, err = f.Stat(); err != nil {
			t.Files = append(t.Files, File{Rel: rel, Problem: "cannot read: " + reason(err)})
			return
		}
	}
	t.Files = append(t.Files, File{Rel: rel, Size: info.Size()})
}

// addLink follows a symbolic link that stays inside the tree to a regular
// file; a link leaving the tree or dangling is a problem, a link to a
// directory is not followed.
func (t *Tree) addLink(realDir, rel string) {
	target, err := filepath.EvalSymlinks(filepath.Join(t.Dir, filepath.FromSlash(rel)))
	if err != nil {
		t.Files = append(t.Files, File{Rel: rel, Problem: "broken symbolic link: " + reason(err)})
		return
	}
	inside, err := filepath.Rel(realDir, target)
	if err != nil || !filepath.IsLocal(inside) {
		t.Files = append(t.Files, File{Rel: rel, Problem: fmt.Sprintf("symbolic link leaves the source directory (points to %s)", target)})
		return
	}
	info, err := t.Root.Stat(filepath.FromSlash(rel))
	if err != nil {
		t.Files = append(t.Files, File{Rel: rel, Problem: "cannot read: " + reason(err)})
		return
	}
	switch {
	case info.IsDir():
		t.Skipped++
	case info.Mode().IsRegular():
		t.addFile(rel, info)
	default:
		t.Skipped++
	}
}

// reason is the error's cause without the path it repeats.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
