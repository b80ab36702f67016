package commands

import (
	"context"
	"errors"
	"fmt"
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

// empty prints an empty result list (JSON and YAML: []).
func (r *run) empty() error {
	if r.c.Format() == plugin.FormatTable {
		return nil
	}
	return r.c.Table().Close("")
}

type runOptions struct {
	concurrency  int
	keepOnlyLast bool
	failFast     bool
	// single: one artifact (get): no [i/N] prefix and no summary line.
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
	if !o.single {
		_ = r.c.Info("%s", sum.line(r.flags.PluginsDir))
	}
	if n := pruned.Count(); n > 0 {
		_ = r.c.Info("Removed %d old version(s) from %s.", n, r.flags.PluginsDir)
	}
	for _, res := range results {
		if names := pruned.Newer[res.Coordinate]; len(names) > 0 {
			_ = r.c.Warn("kept newer version(s) of %s: %s (--keep-only-last-version removes only older versions; delete them to downgrade)", res.Coordinate.Key(), strings.Join(names, ", "))
		}
	}
	if r.c.Format() != plugin.FormatTable {
		if err := r.output(results, pruned); err != nil {
			return err
		}
	}
	if err := r.failure(stop, sum, results, o.single); err != nil {
		return err
	}
	if pruneErr != nil {
		return cmderr.New(cmderr.Generic, "%v", pruneErr)
	}
	return nil
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

// line is the public kestractl's summary line.
func (s summary) line(dir string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Downloaded %d", s.downloaded)
	if s.upToDate > 0 {
		fmt.Fprintf(&b, ", skipped %d (already up to date)", s.upToDate)
	}
	if s.cancelled > 0 {
		fmt.Fprintf(&b, ", %d not started (cancelled)", s.cancelled)
	}
	fmt.Fprintf(&b, " plugin(s) to %s", dir)
	if s.failed > 0 {
		fmt.Fprintf(&b, ", %d failed", s.failed)
	}
	b.WriteByte('.')
	return b.String()
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

// record is one artifact in JSON and YAML output.
type record struct {
	Coordinate string          `json:"coordinate"`
	GroupID    string          `json:"groupId"`
	ArtifactID string          `json:"artifactId"`
	Version    string          `json:"version"`
	Status     fetch.Status    `json:"status"`
	File       string          `json:"file,omitempty"`
	Size       int64           `json:"size,omitempty"`
	Checksum   *recordChecksum `json:"checksum,omitempty"`
	Resumed    bool            `json:"resumed,omitempty"`
	Removed    []string        `json:"removed,omitempty"`
	Warnings   []string        `json:"warnings,omitempty"`
	Error      string          `json:"error,omitempty"`
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

func (r *run) output(results []fetch.Result, pruned store.Pruned) error {
	t := r.c.Table(plugin.Col("COORDINATE", "coordinate"), plugin.Col("STATUS", "status"), plugin.Column{Header: "SIZE", Path: "size", Format: "bytes"}, plugin.Col("FILE", "file"))
	for _, res := range results {
		rec := record{
			Coordinate: res.Coordinate.String(), GroupID: res.Coordinate.GroupID, ArtifactID: res.Coordinate.ArtifactID, Version: res.Coordinate.Version,
			Status: res.Status, Resumed: res.Resumed, Removed: pruned.Removed[res.Coordinate], Warnings: res.Warnings,
		}
		if res.InPlace() {
			rec.File, rec.Size = res.File, res.Size
			rec.Checksum = &recordChecksum{Algorithm: string(res.Record.Algorithm), Digest: res.Record.Digest, Verified: res.Record.Verified}
		}
		if res.Err != nil {
			rec.Error = res.Err.Error()
		}
		if err := t.Add(rec); err != nil {
			return err
		}
	}
	return t.Close("")
}
