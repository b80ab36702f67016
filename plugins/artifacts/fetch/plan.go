package fetch

import (
	"github.com/kestractl/kestractl/plugins/artifacts/coord"
	"github.com/kestractl/kestractl/plugins/artifacts/store"
)

// The statuses of a plan (--dry-run).
const (
	// WouldDownload: not present (or --force-redownload): a run downloads it.
	WouldDownload Status = "would download"
	// WouldVerify: present, but its record does not vouch for it (or
	// --verify): a run hashes it against the published checksum and
	// downloads it again if it does not match.
	WouldVerify Status = "would verify"
)

// Plan is what Run would do with jobs, from the plugins directory alone:
// nothing is written and the repository is not asked. dir may be nil (the
// directory does not exist yet). A JAR that a run would find in place by
// its record is UpToDate, an invalid job Failed. Adopted are the legacy
// names a run would rename to their current name (they are no JAR to
// prune).
func Plan(dir *store.Dir, jobs []Job, opts Options) (results []Result, adopted map[string]bool) {
	adopted = map[string]bool{}
	results = make([]Result, len(jobs))
	for i, job := range jobs {
		c := job.Coordinate
		res := Result{Index: i, Coordinate: c, File: fileName(c)}
		switch {
		case job.Err != nil:
			res.Status, res.Err = Failed, job.Err
		case res.File == "":
			res.Status, res.Err = Failed, invalid(c)
		case dir == nil || opts.Force:
			res.Status = WouldDownload
		default:
			res = planPresent(dir, res, opts, adopted)
		}
		results[i] = res
	}
	return results, adopted
}

// planPresent says what a run would do with a valid coordinate's JAR when
// the directory exists.
func planPresent(dir *store.Dir, res Result, opts Options, adopted map[string]bool) Result {
	c := res.Coordinate
	name := res.File
	if legacy := c.LegacyFileName(); dir.Adoptable(legacy, name, c.String()) {
		adopted[legacy] = true
		name = legacy
		res.Note = "at its former name " + legacy + ", which a run renames to " + res.File
	}
	if !opts.Verify {
		if rec, ok := dir.Verified(name, c.String()); ok && (rec.Verified || !opts.RequireChecksums) {
			res.Status, res.Record, res.Size, res.Check = UpToDate, rec, rec.Size, ByRecord
			return res
		}
	}
	if _, ok := dir.Regular(name); ok {
		res.Status = WouldVerify
		return res
	}
	res.Status, res.Note = WouldDownload, ""
	return res
}

// Keep are the coordinates of the results that a run would leave in
// place (all but the failed ones): those a plan prunes for.
func Keep(results []Result) []coord.Coordinate {
	var out []coord.Coordinate
	for _, r := range results {
		if r.Status != Failed && r.Status != Cancelled {
			out = append(out, r.Coordinate)
		}
	}
	return out
}
