package store

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/plugins/artifacts/coord"
)

// Removal is one JAR that pruning removes (with its record).
type Removal struct {
	// File is the JAR's name in the plugins directory.
	File string
	// Of is the coordinate the JAR holds.
	Of coord.Coordinate
	// Kept is the coordinate kept in its place.
	Kept coord.Coordinate
}

// Pruned is what Prune did, or what PrunePlan says it would do.
type Pruned struct {
	// Removed are the JARs deleted (or that would be), in directory order.
	Removed []Removal
	// Newer are JARs of a newer version than the one kept, left in place.
	Newer map[coord.Coordinate][]string
}

// Prune deletes the JARs (and their records) of older versions of each
// artifact in keep, and other copies of a kept version (a JAR still at its
// legacy name): the JARs PrunePlan names. On an error, Removed holds what
// was deleted before it.
func (d *Dir) Prune(keep []coord.Coordinate) (Pruned, error) {
	plan, err := d.PrunePlan(keep)
	if err != nil {
		return plan, err
	}
	done := plan
	done.Removed = nil
	for _, r := range plan.Removed {
		if err := d.remove(r.File); err != nil {
			return done, fmt.Errorf("failed to remove old version %q: %w", r.File, unwrap(err))
		}
		done.Removed = append(done.Removed, r)
	}
	return done, nil
}

// PrunePlan says which JARs Prune(keep) would delete, deleting nothing. A
// JAR belongs to the artifact its record names (when the JAR is at that
// coordinate's name, current or legacy), else to the coordinate its name
// reads as (coord.ParseFileName): a name shared by two coordinates under
// the legacy naming is never taken for the other's. Files of newer
// versions are left alone and reported; files of artifacts not in keep,
// and files that are no coordinate's, are never touched.
func (d *Dir) PrunePlan(keep []coord.Coordinate) (Pruned, error) {
	p := Pruned{Newer: map[coord.Coordinate][]string{}}
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
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
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
		p.Removed = append(p.Removed, Removal{File: name, Of: owner, Kept: c})
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
func (p Pruned) Count() int { return len(p.Removed) }

// RemovedFor are the names of the JARs removed in favour of c.
func (p Pruned) RemovedFor(c coord.Coordinate) []string {
	var out []string
	for _, r := range p.Removed {
		if r.Kept == c {
			out = append(out, r.File)
		}
	}
	return out
}
