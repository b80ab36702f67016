// Package remotepath normalises and checks namespace-file paths: what the
// user types becomes the "/a/b.txt" form Kestra uses, and anything that
// could escape or confuse it ("..", ".", empty segments, backslashes,
// control characters) is refused with a message naming the problem.
package remotepath

import (
	"fmt"
	"strings"
	"unicode"
)

// Root is the root directory of a namespace.
const Root = "/"

// Clean returns the normalised form of p, a path the user typed:
// surrounding whitespace, one leading "./" or "/" and one trailing "/" are
// removed; "", ".", "./" and "/" are the root.
func Clean(p string) (string, error) {
	return clean(p, strings.TrimSpace(p))
}

// FromLocal returns the remote form of rel, a /-separated path made of
// local file names: the rules of Clean, but nothing is trimmed, so a name
// that starts or ends with white space ("x ") is refused instead of
// landing on the name without it ("x").
func FromLocal(rel string) (string, error) {
	return clean(rel, rel)
}

// clean checks and normalises p, already trimmed as the caller wants; orig
// is what the user gave, for the messages.
func clean(orig, p string) (string, error) {
	if strings.HasPrefix(p, "./") {
		p = p[2:]
	} else {
		p = strings.TrimPrefix(p, "/")
	}
	p = strings.TrimSuffix(p, "/")
	if p == "" || p == "." {
		return Root, nil
	}
	if strings.ContainsRune(p, '\\') {
		return "", fmt.Errorf("invalid remote path %q: use / to separate directories, not \\", orig)
	}
	if strings.IndexFunc(p, unicode.IsControl) >= 0 {
		return "", fmt.Errorf("invalid remote path %q: it contains a control character", orig)
	}
	for _, seg := range strings.Split(p, "/") {
		switch seg {
		case "":
			return "", fmt.Errorf("invalid remote path %q: empty segment (double slash)", orig)
		case ".", "..":
			return "", fmt.Errorf("invalid remote path %q: %q segments are not allowed", orig, seg)
		}
		if strings.TrimSpace(seg) != seg {
			return "", fmt.Errorf("invalid remote path %q: the name %q starts or ends with white space", orig, seg)
		}
	}
	return "/" + p, nil
}

// IsDirHint reports whether the user wrote p as a directory (a trailing
// slash, or the root).
func IsDirHint(p string) bool {
	p = strings.TrimSpace(p)
	return p == "" || p == "." || strings.HasSuffix(p, "/")
}

// Join appends a relative, /-separated path to a clean directory.
func Join(dir, rel string) string {
	if dir == Root {
		return "/" + rel
	}
	return dir + "/" + rel
}

// Base is the last segment of a clean path ("" for the root).
func Base(p string) string {
	if p == Root {
		return ""
	}
	return p[strings.LastIndexByte(p, '/')+1:]
}

// Dir is the parent of a clean path (the root's parent is the root).
func Dir(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i <= 0 {
		return Root
	}
	return p[:i]
}

// Display is p as listings show it: without the leading slash.
func Display(p string) string {
	if p == Root {
		return "/"
	}
	return strings.TrimPrefix(p, "/")
}
