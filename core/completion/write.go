package completion

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Write prints the candidates that start with partial, sorted, each once,
// as "value<TAB>first line of its help" (or the value alone), then the
// Files directive when one was given.
func Write(w io.Writer, cands []Candidate, partial string) {
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].Value < cands[j].Value })
	seen := map[string]bool{}
	files := false
	for _, c := range cands {
		if c.Value == Files {
			files = true
			continue
		}
		if !strings.HasPrefix(c.Value, partial) || seen[c.Value] {
			continue
		}
		seen[c.Value] = true
		if c.Help != "" {
			help, _, _ := strings.Cut(c.Help, "\n")
			fmt.Fprintf(w, "%s\t%s\n", c.Value, help)
		} else {
			fmt.Fprintln(w, c.Value)
		}
	}
	if files {
		fmt.Fprintln(w, Files)
	}
}
