package fetch

import "fmt"

// adoptLegacy moves the JARs that earlier versions stored under a legacy
// name (a coordinate with '_' in a part, see coord.FileName) to their
// current name, with their records, so that an existing plugins directory
// keeps working. It runs before any transfer starts: a legacy name may be
// another coordinate's current name, into which a job of the same run
// downloads.
func (f *Fetcher) adoptLegacy(jobs []Job) {
	for i, j := range jobs {
		c := j.Coordinate
		if j.Err != nil || c.Version == "" || c.Validate() != nil {
			continue
		}
		moved, err := f.dir.AdoptLegacy(c.LegacyFileName(), c.FileName(), c.String())
		switch {
		case err != nil:
			f.notice(i, fmt.Sprintf("%s: %v", c, err))
		case moved:
			f.notice(i, fmt.Sprintf("%s: renamed %s to %s (file names now tell apart coordinates that differ only by '.' and '_')", c, c.LegacyFileName(), c.FileName()))
		}
	}
}
