// Package atomicfile writes files so that readers see the old or the new
// content, never a half-written file.
package atomicfile

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/kestractl/kestractl/sdk/outfile"
)

// ErrNotRegular is returned (wrapped) for a target that exists and is not a
// regular file (a device, a FIFO, a socket, a directory): replacing it by
// renaming a file over it would destroy it (as root, /dev/null).
var ErrNotRegular = outfile.ErrNotRegular

// Target resolves where a write to path must land: a symbolic link is
// followed (the file it points to is replaced, the link kept), and a
// target that exists must be a regular file. It is the rule every plugin's
// downloads follow (sdk/outfile).
func Target(path string) (string, error) {
	return outfile.Target(path)
}

// WriteFile writes data to path through a temporary file in the same
// directory, synced and renamed into place: readers see the old or the new
// file, never a half-written one. A symbolic link is followed (its target
// is replaced); a path that exists and is not a regular file is refused
// (ErrNotRegular). The directory is created (0700) if needed.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	path, err := Target(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create directory: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("create temporary file: %w", err)
	}
	name := tmp.Name()
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(name)
		}
	}()
	if err := tmp.Chmod(perm); err != nil {
		return fmt.Errorf("chmod temporary file: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write temporary file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("sync temporary file: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close temporary file: %w", err)
	}
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("replace file: %w", err)
	}
	ok = true
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
