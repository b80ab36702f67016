package store

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/plugins/artifacts/coord"
)

// Pruned is what Prune did.
type Pruned struct {
	// Removed are the file names deleted, by the coordinate that
	// superseded them.
	Removed map[coord.Coordinate][]string
	// Newer are JARs of a newer version than the one kept, left in place.
	Newer map[coord.Coordinate][]string
}

// Prune deletes the JARs (and their records) of older versions of each
// artifact in keep: files named like the artifact (groupId__artifactId__*.jar)
// whose version is older than the newest kept version of that artifact.
// Files of newer versions are left alone and reported; artifacts not in
// keep are never touched.
func (d *Dir) Prune(keep []coord.Coordinate) (Pruned, error) {
	p := Pruned{Removed: map[coord.Coordinate][]string{}, Newer: map[coord.Coordinate][]string{}}
	if len(keep) == 0 {
		return p, nil
	}
	f, err := d.root.Open(".")
	if err != nil {
		return p, fmt.Errorf("cannot read plugins directory: %w", unwrap(err))
	}
	entries, err := f.ReadDir(-1)
	f.Close()
	if err != nil {
		return p, fmt.Errorf("cannot read plugins directory: %w", unwrap(err))
	}
	// The newest kept version of each artifact, and every kept file.
	newest := map[string]coord.Coordinate{}
	kept := map[string]bool{}
	for _, c := range keep {
		kept[c.FileName()] = true
		if n, ok := newest[c.FilePrefix()]; !ok || coord.CompareVersions(c.Version, n.Version) > 0 {
			newest[c.FilePrefix()] = c
		}
	}
	prefixes := make([]string, 0, len(newest))
	for pfx := range newest {
		prefixes = append(prefixes, pfx)
	}
	slices.Sort(prefixes)
	for _, e := range entries {
		name := e.Name()
		if kept[name] || e.IsDir() || !strings.HasSuffix(name, ".jar") {
			continue
		}
		for _, pfx := range prefixes {
			if !strings.HasPrefix(name, pfx) {
				continue
			}
			version := strings.TrimSuffix(name[len(pfx):], ".jar")
			if version == "" || strings.Contains(version, "__") {
				continue // another artifact whose id starts like this one
			}
			c := newest[pfx]
			if coord.CompareVersions(version, coord.FileVersion(c.Version)) > 0 {
				p.Newer[c] = append(p.Newer[c], name)
				continue
			}
			if err := d.remove(name); err != nil {
				return p, fmt.Errorf("failed to remove old version %q: %w", name, unwrap(err))
			}
			p.Removed[c] = append(p.Removed[c], name)
			break
		}
	}
	return p, nil
}

// Count is the number of files removed.
func (p Pruned) Count() int {
	n := 0
	for _, v := range p.Removed {
		n += len(v)
	}
	return n
}
