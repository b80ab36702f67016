// Package flowfile reads flow files the way `flows deploy` and `flows
// validate` need them: it collects .yaml/.yml files, splits multi-document
// files into documents without touching their bytes, reads each flow's id
// and namespace, and rewrites only the top-level namespace scalar (or the
// triggers' disabled flags), keeping comments, key order and layout.
package flowfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Collect returns the flow files under path: the file itself, or the
// .yaml/.yml files of a directory (recursively unless recursive is false),
// skipping hidden files and directories, sorted by path.
func Collect(path string, recursive bool) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("path %q does not exist", path)
		}
		return nil, fmt.Errorf("cannot access %q: %w", path, err)
	}
	if !st.IsDir() {
		if !IsFlowFile(path) {
			return nil, fmt.Errorf("%q is not a .yaml or .yml file", path)
		}
		return []string{path}, nil
	}
	var files []string
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("scan %q: %w", p, err)
		}
		if p == path {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if !recursive {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && IsFlowFile(p) {
			files = append(files, p)
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 && IsFlowFile(p) {
			// A symlinked flow file is taken if it points at a regular file.
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

// IsFlowFile reports whether the name has a .yaml or .yml extension.
func IsFlowFile(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".yaml" || ext == ".yml"
}
