// Package nsfiles stores namespace files on disk, with revisions, and
// serves the namespace files API. Bodies are streamed both ways; an upload
// is written to a temporary file and only becomes visible, atomically, once
// complete.
package nsfiles

import (
	"fmt"
	"path"
	"strings"
)

// CleanPath normalises a namespace-file path to the "/a/b.txt" form Kestra
// uses ("" and "/" are the root). It rejects "..", "." and empty segments,
// backslashes and control characters, so a path never escapes its namespace.
func CleanPath(p string) (string, error) {
	orig := p
	if strings.ContainsAny(p, "\\\x00") {
		return "", fmt.Errorf("invalid path %q", orig)
	}
	for _, c := range p {
		if c < 0x20 || c == 0x7f {
			return "", fmt.Errorf("invalid path %q: control character", orig)
		}
	}
	if strings.Contains(p, "//") {
		return "", fmt.Errorf("invalid path %q: empty segment", orig)
	}
	p = strings.TrimPrefix(p, "/")
	p = strings.TrimSuffix(p, "/")
	if p == "" {
		return "/", nil
	}
	for _, seg := range strings.Split(p, "/") {
		switch seg {
		case "":
			return "", fmt.Errorf("invalid path %q: empty segment", orig)
		case ".", "..":
			return "", fmt.Errorf("invalid path %q: '%s' segments are not allowed", orig, seg)
		}
	}
	return "/" + p, nil
}

// parent returns the directory holding p ("/" for top-level entries).
func parent(p string) string { return path.Dir(p) }

// base returns the last segment of p ("" for the root).
func base(p string) string {
	if p == "/" {
		return ""
	}
	return path.Base(p)
}

// within reports whether p is dir or below it.
func within(p, dir string) bool {
	return dir == "/" || p == dir || strings.HasPrefix(p, dir+"/")
}
