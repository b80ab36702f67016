package localtree

import (
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitignore"
)

// IgnoreFile is the name of the ignore file honoured at the top of an
// uploaded directory (gitignore syntax).
const IgnoreFile = ".kestraignore"

// Ignore matches slash-separated relative paths against gitignore patterns.
type Ignore struct {
	m gitignore.Matcher
}

// ParseIgnore reads gitignore syntax: blank lines and # comments are
// skipped, "\#" and "\!" escape a leading # or !, "!" re-includes, a
// trailing "/" matches directories only, "**" spans directories.
func ParseIgnore(text string) *Ignore {
	var ps []gitignore.Pattern
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, `\#`) || strings.HasPrefix(line, `\!`) {
			line = line[1:]
		}
		ps = append(ps, gitignore.ParsePattern(line, nil))
	}
	if len(ps) == 0 {
		return nil
	}
	return &Ignore{m: gitignore.NewMatcher(ps)}
}

// Match reports whether rel (slash-separated, relative to the directory
// holding the ignore file) is ignored.
func (i *Ignore) Match(rel string, isDir bool) bool {
	if i == nil {
		return false
	}
	return i.m.Match(strings.Split(rel, "/"), isDir)
}
