package commands

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kestractl/kestractl/plugins/artifacts/catalog"
	"github.com/kestractl/kestractl/plugins/artifacts/coord"
	"github.com/kestractl/kestractl/plugins/artifacts/fetch"
	"github.com/kestractl/kestractl/plugins/artifacts/maven"
	"github.com/kestractl/kestractl/plugins/artifacts/store"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// run is one download command: its clients, its deadline and its output.
type run struct {
	c       *plugin.Context
	ctx     context.Context // the command's context bounded by --global-timeout
	cancel  context.CancelFunc
	flags   fetchFlags
	catalog *catalog.Client
	repo    *maven.Repository
}

func newRun(c *plugin.Context, b Build, f fetchFlags) (*run, error) {
	if f.GlobalTimeout < 0 {
		return nil, cmderr.Usagef("--global-timeout must not be negative, got %s", f.GlobalTimeout)
	}
	cat, err := catalogClient(c, b, f.catalogFlags)
	if err != nil {
		return nil, err
	}
	repo, err := mavenRepository(c, b, f.mavenFlags)
	if err != nil {
		return nil, err
	}
	r := &run{c: c, flags: f, catalog: cat, repo: repo}
	if f.GlobalTimeout > 0 {
		r.ctx, r.cancel = context.WithTimeout(c, f.GlobalTimeout)
	} else {
		r.ctx, r.cancel = context.WithCancel(c)
	}
	return r, nil
}

func (r *run) close() { r.cancel() }

// timedOut words an error caused by --global-timeout.
func (r *run) timedOut(err error) error {
	if err == nil || !errors.Is(r.ctx.Err(), context.DeadlineExceeded) || r.c.Err() != nil {
		return err
	}
	return cmderr.New(cmderr.Timeout, "--global-timeout of %s reached before the downloads could start: %v", r.flags.GlobalTimeout, err).
		WithHint("raise --global-timeout (0 disables it)")
}

// empty is the report of a run with nothing to do: nothing in table
// output, an empty report in JSON and YAML.
func (r *run) empty() error {
	if !r.c.Structured() {
		return nil
	}
	return r.c.Report(reportNoun).Close()
}

type runOptions struct {
	concurrency  int
	keepOnlyLast bool
	failFast     bool
	dryRun       bool
	// single: one artifact (get): no [i/N] prefix.
	single bool
}

// idleTimeout is how long a transfer may receive nothing.
func (r *run) idleTimeout() time.Duration {
	if d := r.c.Server().RequestTimeout; d > 0 {
		return d
	}
	return 30 * time.Second
}

// execute downloads the jobs, prunes, reports and returns the command's
// error: nil only when every artifact is in place.
func (r *run) execute(jobs []fetch.Job, o runOptions) error {
	if o.dryRun {
		return r.plan(jobs, o)
	}
	dir, err := store.Open(localPath(r.c, r.flags.PluginsDir))
	if err != nil {
		return cmderr.New(cmderr.Generic, "%v", err)
	}
	defer dir.Close()
	rep := newReporter(r.c, jobs, o.single)
	r.repo.OnRetry = rep.retry
	f := fetch.New(r.repo, dir, fetch.Options{
		Concurrency:      o.concurrency,
		Force:            r.flags.ForceRedownload,
		Verify:           r.flags.Verify,
		Sync:             r.flags.Sync,
		RequireChecksums: r.flags.RequireChecksums,
		FailFast:         o.failFast,
		IdleTimeout:      r.idleTimeout(),
		Observer:         rep,
	})
	var results []fetch.Result
	stop := f.Run(r.ctx, jobs, func(res fetch.Result) {
		results = append(results, res)
		rep.result(res)
	})
	rep.finish()

	var pruned store.Pruned
	var pruneErr error
	if o.keepOnlyLast {
		var verified []coord.Coordinate
		for _, res := range results {
			if res.InPlace() {
				verified = append(verified, res.Coordinate)
			}
		}
		pruned, pruneErr = dir.Prune(verified)
	}
	sum := summarise(results)
	r.tellPruned(pruned, false)
	if err := r.report(results, pruned, false); err != nil {
		return err
	}
	if err := r.failure(stop, sum, results, o.single); err != nil {
		return err
	}
	if pruneErr != nil {
		return cmderr.New(cmderr.Generic, "%v", pruneErr)
	}
	return nil
}

// plan is --dry-run: what a run would download, find in place and remove,
// from the plugins directory alone. Nothing is written, not even the
// directory, and the repository is not asked.
func (r *run) plan(jobs []fetch.Job, o runOptions) error {
	dir, err := store.OpenExisting(localPath(r.c, r.flags.PluginsDir))
	if err != nil {
		return cmderr.New(cmderr.Generic, "%v", err)
	}
	if dir != nil {
		defer dir.Close()
	}
	results, adopted := fetch.Plan(dir, jobs, fetch.Options{Force: r.flags.ForceRedownload, Verify: r.flags.Verify, RequireChecksums: r.flags.RequireChecksums})
	var pruned store.Pruned
	if o.keepOnlyLast && dir != nil {
		if pruned, err = dir.PrunePlan(fetch.Keep(results)); err != nil {
			return cmderr.New(cmderr.Generic, "%v", err)
		}
		removed := pruned.Removed[:0]
		for _, rm := range pruned.Removed {
			if !adopted[rm.File] {
				removed = append(removed, rm)
			}
		}
		pruned.Removed = removed
	}
	r.tellPruned(pruned, true)
	if err := r.report(results, pruned, true); err != nil {
		return err
	}
	return r.failure(fetch.NotStopped, summarise(results), results, o.single)
}

// tellPruned names on stderr every JAR pruning removed (or, in a plan,
// would remove) and the newer versions it left alone.
func (r *run) tellPruned(p store.Pruned, plan bool) {
	verb := "Removed"
	if plan {
		verb = "Would remove"
	}
	for _, rm := range p.Removed {
		why := fmt.Sprintf("%s, older than the %s kept", rm.Of, rm.Kept.Version)
		if rm.Of == rm.Kept {
			why = fmt.Sprintf("a second copy of %s", rm.Of)
		}
		_ = r.c.Info("%s %s (%s)", verb, rm.File, why)
	}
	if n := p.Count(); n > 0 {
		_ = r.c.Info("%s %d old version(s) from %s.", verb, n, r.flags.PluginsDir)
	}
	newer := make([]coord.Coordinate, 0, len(p.Newer))
	for c := range p.Newer {
		newer = append(newer, c)
	}
	slices.SortFunc(newer, func(a, b coord.Coordinate) int { return strings.Compare(a.String(), b.String()) })
	for _, c := range newer {
		_ = r.c.Warn("kept newer version(s) of %s: %s (--keep-only-last-version removes only older versions; delete them to downgrade)", c.Key(), strings.Join(p.Newer[c], ", "))
	}
}

// summary counts results by status.
type summary struct {
	downloaded, upToDate, failed, cancelled int
}

func summarise(results []fetch.Result) summary {
	var s summary
	for _, r := range results {
		switch r.Status {
		case fetch.Downloaded:
			s.downloaded++
		case fetch.UpToDate:
			s.upToDate++
		case fetch.Failed:
			s.failed++
		case fetch.Cancelled:
			s.cancelled++
		}
	}
	return s
}

// failure is the command's error: it names every artifact not in place.
func (r *run) failure(stop fetch.Stop, s summary, results []fetch.Result, single bool) error {
	var failed []fetch.Result
	var details []string
	for _, res := range results {
		switch res.Status {
		case fetch.Failed:
			failed = append(failed, res)
			details = append(details, fmt.Sprintf("%s: %v", res.Coordinate, res.Err))
		case fetch.Cancelled:
			details = append(details, fmt.Sprintf("%s: not downloaded (cancelled)", res.Coordinate))
		}
	}
	var e *cmderr.Error
	switch {
	case stop == fetch.Interrupted && errors.Is(r.ctx.Err(), context.DeadlineExceeded) && r.c.Err() == nil:
		e = cmderr.New(cmderr.Timeout, "--global-timeout of %s reached with %d plugin(s) not downloaded: run the command again to resume (partial downloads are kept)", r.flags.GlobalTimeout, s.failed+s.cancelled)
	case stop == fetch.Interrupted:
		return cmderr.Wrap(cmderr.Cancelled, fmt.Errorf("interrupted: %w", r.c.Err()))
	case stop == fetch.RateLimited:
		e = cmderr.New(cmderr.Unavailable, "download stopped early: repository is rate limiting — %d failed, %d not started", s.failed, s.cancelled).
			WithHint("wait and run the command again; it resumes where it stopped")
	case stop == fetch.FailedFast:
		e = cmderr.New(commonCode(failed), "stopped at the first failure (--fail-fast): %d failed, %d not finished", s.failed, s.cancelled)
	case s.failed > 0 && single:
		return cmderr.From(fmt.Errorf("failed to download %s: %w", failed[0].Coordinate, failed[0].Err))
	case s.failed > 0:
		e = cmderr.New(commonCode(failed), "%d plugin(s) failed to download", s.failed)
	default:
		return nil
	}
	if h := commonHint(failed); h != "" && e.Hint == "" {
		e = e.WithHint("%s", h)
	}
	return e.WithDetails(details...)
}

// commonHint is the hint every failure shares ("" when they differ).
func commonHint(failed []fetch.Result) string {
	hint := ""
	for i, f := range failed {
		h := cmderr.From(f.Err).Hint
		if i > 0 && h != hint {
			return ""
		}
		hint = h
	}
	return hint
}

// commonCode is the code every failure shares, else Generic.
func commonCode(failed []fetch.Result) cmderr.Code {
	code := cmderr.Unspecified
	for _, f := range failed {
		c := cmderr.CodeOf(f.Err)
		if code != cmderr.Unspecified && c != code {
			return cmderr.Generic
		}
		code = c
	}
	if code == cmderr.Unspecified {
		return cmderr.Generic
	}
	return code
}

// reportNoun names the report's results: JARs downloaded, found in place
// or removed.
const reportNoun = "JARs"

// Statuses of removed JARs (other statuses are fetch.Status values).
const (
	statusRemoved     = "removed"
	statusWouldRemove = "would remove"
)

// record is one result of the report: a JAR of the list (downloaded,
// up-to-date, failed, cancelled; with --dry-run would download, would
// verify), or a JAR pruning removed (removed, would remove).
type record struct {
	Status     string          `json:"status"`
	Coordinate string          `json:"coordinate"`
	GroupID    string          `json:"groupId"`
	ArtifactID string          `json:"artifactId"`
	Version    string          `json:"version"`
	File       string          `json:"file,omitempty"`
	Size       int64           `json:"size,omitempty"`
	Checksum   *recordChecksum `json:"checksum,omitempty"`
	Resumed    bool            `json:"resumed,omitempty"`
	// ReplacedBy is the coordinate kept in place of a removed JAR.
	ReplacedBy string   `json:"replacedBy,omitempty"`
	Note       string   `json:"note,omitempty"`
	Warnings   []string `json:"warnings,omitempty"`
	Error      string   `json:"error,omitempty"`
}

// recordChecksum is the digest a JAR in place was checked with: the
// published checksum it matched (sha256, sha512, sha1 or md5), else, when
// the repository publishes none, its own SHA-256. Verified is true only
// for a published SHA-256, SHA-512 or SHA-1.
type recordChecksum struct {
	Algorithm string `json:"algorithm"`
	Digest    string `json:"digest"`
	Verified  bool   `json:"verified"`
}

func reportColumns() []plugin.Column {
	return []plugin.Column{
		plugin.Col("COORDINATE", "coordinate"), plugin.Column{Header: "STATUS", Path: "status", Format: "status"},
		plugin.Column{Header: "SIZE", Path: "size", Format: "bytes"}, plugin.Col("FILE", "file"),
	}
}

// report prints the results: a table of JARs (on stdout, the summary on
// stderr) or one {"summary": ..., "results": [...]} document. The JARs of
// the list come first, in list order, then the JARs removed.
func (r *run) report(results []fetch.Result, pruned store.Pruned, plan bool) error {
	rep := r.c.Report(reportNoun, reportColumns()...).Singular("JAR").In(r.flags.PluginsDir)
	for _, res := range results {
		if err := rep.Add(string(res.Status), jarRecord(res)); err != nil {
			return err
		}
	}
	status := statusRemoved
	if plan {
		status = statusWouldRemove
	}
	for _, rm := range pruned.Removed {
		rec := record{
			Status: status, Coordinate: rm.Of.String(), GroupID: rm.Of.GroupID, ArtifactID: rm.Of.ArtifactID, Version: rm.Of.Version,
			File: rm.File, ReplacedBy: rm.Kept.String(),
		}
		if err := rep.Add(status, rec); err != nil {
			return err
		}
	}
	return rep.Close()
}

func jarRecord(res fetch.Result) record {
	rec := record{
		Status: string(res.Status), Coordinate: res.Coordinate.String(), GroupID: res.Coordinate.GroupID, ArtifactID: res.Coordinate.ArtifactID,
		Version: res.Coordinate.Version, Resumed: res.Resumed, Note: res.Note, Warnings: res.Warnings,
	}
	if res.Status != fetch.Failed && res.Status != fetch.Cancelled {
		rec.File = res.File
	}
	if res.InPlace() {
		rec.Size = res.Size
		rec.Checksum = &recordChecksum{Algorithm: string(res.Record.Algorithm), Digest: res.Record.Digest, Verified: res.Record.Verified}
	}
	if res.Err != nil {
		rec.Error = res.Err.Error()
	}
	return rec
}
