package commands

import (
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/kestractl/kestractl/plugins/artifacts/checksum"
	"github.com/kestractl/kestractl/plugins/artifacts/coord"
	"github.com/kestractl/kestractl/plugins/artifacts/fetch"
	"github.com/kestractl/kestractl/plugins/artifacts/maven"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// reporter shows a download run as it happens. On a terminal it drives
// progress bars (overall and per file) and holds its messages until the
// bars are gone; otherwise it prints one plain line per artifact, in list
// order, and notices (retries, resumes) as they happen.
type reporter struct {
	c      *plugin.Context
	tty    bool
	single bool
	coords []coord.Coordinate
	width  int
	index  map[coord.Coordinate]int

	mu      sync.Mutex
	bars    map[int]*plugin.Progress
	overall *plugin.Progress
	later   []string // warnings shown once the bars are gone
}

func newReporter(c *plugin.Context, jobs []fetch.Job, single bool) *reporter {
	r := &reporter{
		c: c, tty: c.Terminal().StderrTTY, single: single,
		coords: make([]coord.Coordinate, len(jobs)), width: len(strconv.Itoa(len(jobs))),
		index: make(map[coord.Coordinate]int, len(jobs)), bars: map[int]*plugin.Progress{},
	}
	for i, j := range jobs {
		r.coords[i] = j.Coordinate
		if _, ok := r.index[j.Coordinate]; !ok {
			r.index[j.Coordinate] = i
		}
	}
	if r.tty && !single && len(jobs) > 0 {
		r.overall = c.Progress("plugins", "plugins", int64(len(jobs)), "")
		r.overall.Add(0)
	}
	return r
}

// Started implements fetch.Observer.
func (r *reporter) Started(i int, size, done int64) {
	if !r.tty || i < 0 || i >= len(r.coords) {
		return
	}
	p := r.c.Progress("jar-"+strconv.Itoa(i), r.coords[i].String(), max(size, 0), "bytes")
	p.Add(done)
	r.mu.Lock()
	r.bars[i] = p
	r.mu.Unlock()
}

// Advanced implements fetch.Observer.
func (r *reporter) Advanced(i int, n int64) {
	if !r.tty {
		return
	}
	r.mu.Lock()
	p := r.bars[i]
	r.mu.Unlock()
	if p != nil {
		p.Add(n)
	}
}

// Finished implements fetch.Observer: the file's bar goes, the overall bar
// moves on, at once (the plain lines wait for list order).
func (r *reporter) Finished(res fetch.Result) {
	if !r.tty {
		return
	}
	r.mu.Lock()
	p := r.bars[res.Index]
	delete(r.bars, res.Index)
	r.mu.Unlock()
	if p != nil {
		failure := ""
		if res.Err != nil {
			failure = res.Err.Error()
		}
		p.Done(failure)
	}
	if r.overall != nil {
		r.overall.Add(1)
	}
}

// Notice implements fetch.Observer: shown at once off a terminal; on a
// terminal the bars already show the transfer going on.
func (r *reporter) Notice(_ int, msg string) {
	if r.tty {
		_ = r.c.Debug("%s", msg)
		return
	}
	_ = r.c.Info("  %s", msg)
}

// retry tells about a repository request being retried.
func (r *reporter) retry(x maven.Retry) {
	what := x.Coordinate.String()
	if x.What != "jar" {
		what += " (" + x.What + ")"
	}
	wait := x.Event.Wait.Round(100 * time.Millisecond)
	var msg string
	if x.Event.Status == http.StatusTooManyRequests {
		msg = fmt.Sprintf("[429] rate limited on %s — waiting %s (retry %d/%d)", what, wait, x.Event.Attempt-1, x.Event.MaxAttempts-1)
	} else {
		msg = fmt.Sprintf("%s on %s — retrying in %s (retry %d/%d)", x.Event.Reason, what, wait, x.Event.Attempt-1, x.Event.MaxAttempts-1)
	}
	r.Notice(r.index[x.Coordinate], msg)
}

// result shows one finished artifact (called in list order).
func (r *reporter) result(res fetch.Result) {
	if r.tty {
		r.mu.Lock()
		r.later = append(r.later, res.Warnings...)
		r.mu.Unlock()
		if res.InPlace() {
			_ = r.c.Debug("%s", checkLine(res))
		}
		return
	}
	_ = r.c.Info("%s", r.line(res))
	for _, w := range res.Warnings {
		_ = r.c.Warn("%s", w)
	}
	if res.InPlace() {
		_ = r.c.Debug("  %s", checkLine(res))
	}
}

// checkLine says (with --verbose) which checksum a JAR in place was
// checked with.
func checkLine(res fetch.Result) string {
	rec := res.Record
	var how string
	switch {
	case rec.Verified:
		how = fmt.Sprintf("verified with the published %s checksum %s", rec.Algorithm.Title(), rec.Digest)
	case rec.Algorithm == checksum.MD5:
		how = fmt.Sprintf("not verified: it matches the published MD5 checksum %s, which does not count", rec.Digest)
	default:
		how = fmt.Sprintf("not verified: no checksum is published (its %s is %s)", rec.Algorithm.Title(), rec.Digest)
	}
	if res.Check == fetch.ByRecord {
		return fmt.Sprintf("%s: same size and modification time as recorded, not re-read (--verify re-hashes); %s", res.Coordinate, how)
	}
	return fmt.Sprintf("%s: %s", res.Coordinate, how)
}

// line is the plain line of one result: "[ 3/22] g:a:v ... done (4.0 MiB)".
func (r *reporter) line(res fetch.Result) string {
	prefix := ""
	if !r.single {
		prefix = fmt.Sprintf("[%*d/%d] ", r.width, res.Index+1, len(r.coords))
	}
	var what string
	switch res.Status {
	case fetch.Downloaded:
		what = "done (" + plugin.HumanBytes(res.Size)
		if res.Resumed {
			what += ", resumed"
		}
		if !res.Record.Verified {
			what += ", unverified"
		}
		what += ")"
	case fetch.UpToDate:
		what = "already up to date"
		if res.Note != "" {
			what += " (" + res.Note + ")"
		}
	case fetch.Failed:
		what = fmt.Sprintf("FAILED (%v)", res.Err)
	case fetch.Cancelled:
		what = "not started (cancelled)"
		if res.Transferred > 0 || res.Resumed {
			what = "interrupted (the partial download is kept for the next run)"
		}
	}
	return prefix + res.Coordinate.String() + " ... " + what
}

// finish removes the bars and shows what was held back.
func (r *reporter) finish() {
	if !r.tty {
		return
	}
	if r.overall != nil {
		r.overall.Done("")
	}
	r.mu.Lock()
	later := r.later
	r.later = nil
	r.mu.Unlock()
	for _, w := range later {
		_ = r.c.Warn("%s", w)
	}
}
