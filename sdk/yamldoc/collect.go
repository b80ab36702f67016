package yamldoc

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// IsYAML reports whether a file name ends in .yaml or .yml (any case).
func IsYAML(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}

// Collect returns the YAML files under path: the file itself, or the
// .yaml/.yml files of a directory (recursively unless recursive is false),
// skipping hidden files and directories, sorted by path. A symbolic link
// to a regular file is taken.
func Collect(path string, recursive bool) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("path %q does not exist", path)
		}
		return nil, fmt.Errorf("cannot access %q: %w", path, err)
	}
	if !st.IsDir() {
		if !IsYAML(path) {
			return nil, fmt.Errorf("%q is not a .yaml or .yml file", path)
		}
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return fmt.Errorf("scan %q: %w", p, err)
		case p == path:
			return nil
		case d.IsDir() && (strings.HasPrefix(d.Name(), ".") || !recursive):
			return filepath.SkipDir
		case d.IsDir() || strings.HasPrefix(d.Name(), ".") || !IsYAML(p):
			return nil
		case d.Type().IsRegular():
			files = append(files, p)
		case d.Type()&fs.ModeSymlink != 0:
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
				files = append(files, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		hint := ""
		if !recursive {
			hint = " (subdirectories are not searched with --recursive=false)"
		}
		return nil, fmt.Errorf("no .yaml or .yml files found in directory %q%s", path, hint)
	}
	sort.Strings(files)
	return files, nil
}
