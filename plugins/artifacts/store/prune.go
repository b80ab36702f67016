package store

import (
	"fmt"
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
// artifact in keep, and other copies of a kept version (a JAR still at its
// legacy name). A JAR belongs to the artifact its record names (when the
// JAR is at that coordinate's name, current or legacy), else to the
// coordinate its name reads as (coord.ParseFileName): a name shared by
// two coordinates under the legacy naming is never taken for the other's.
// Files of newer versions are left alone and reported; files of artifacts
// not in keep, and files that are no coordinate's, are never touched.
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
		if n, ok := newest[c.Key()]; !ok || coord.CompareVersions(c.Version, n.Version) > 0 {
			newest[c.Key()] = c
		}
	}
	for _, e := range entries {
		name := e.Name()
		if kept[name] || e.IsDir() || !strings.HasSuffix(name, ".jar") {
			continue
		}
		owner, ok := d.owner(name)
		if !ok {
			continue
		}
		c, ok := newest[owner.Key()]
		if !ok {
			continue
		}
		if coord.CompareVersions(owner.Version, c.Version) > 0 {
			p.Newer[c] = append(p.Newer[c], name)
			continue
		}
		if err := d.remove(name); err != nil {
			return p, fmt.Errorf("failed to remove old version %q: %w", name, unwrap(err))
		}
		p.Removed[c] = append(p.Removed[c], name)
	}
	return p, nil
}

// owner is the coordinate whose JAR name is: the one its record names,
// when name is that coordinate's file name or legacy file name, else the
// one name reads as.
func (d *Dir) owner(name string) (coord.Coordinate, bool) {
	if rec, ok := d.record(name); ok {
		if c, err := coord.Parse(rec.Coordinate, false); err == nil && (c.FileName() == name || c.LegacyFileName() == name) {
			return c, true
		}
	}
	return coord.ParseFileName(name)
}

// Count is the number of files removed.
func (p Pruned) Count() int {
	n := 0
	for _, v := range p.Removed {
		n += len(v)
	}
	return n
}
