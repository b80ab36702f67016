package bootstrap

import (
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/plugins/artifacts/catalog"
)

// Resolve finds the catalog entry of each artifactId (matched by artifactId
// alone, first occurrence wins), keeping the order of ids. Missing
// artifacts are one error naming them all.
func Resolve(ids []string, entries []catalog.Entry, kestraVersion string) ([]catalog.Entry, error) {
	idx := catalog.ByArtifact(entries)
	out := make([]catalog.Entry, 0, len(ids))
	var missing []string
	for _, id := range ids {
		e, ok := idx[id]
		if !ok {
			missing = append(missing, id)
			continue
		}
		out = append(out, e)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("core plugin(s) not available for Kestra %s: %s — check the version exists and the configured backend is correct", kestraVersion, strings.Join(missing, ", "))
	}
	return out, nil
}
