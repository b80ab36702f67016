package fetch

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kestractl/kestractl/plugins/artifacts/checksum"
	"github.com/kestractl/kestractl/plugins/artifacts/coord"
	"github.com/kestractl/kestractl/plugins/artifacts/maven"
	"github.com/kestractl/kestractl/plugins/artifacts/store"
	"github.com/kestractl/kestractl/sdk/kestra"
)

// Source is where JARs and checksums come from (a Maven repository).
type Source interface {
	Checksum(ctx context.Context, c coord.Coordinate) (checksum.Expected, error)
	Open(ctx context.Context, c coord.Coordinate, offset int64) (*maven.Body, error)
}

// Observer follows downloads as they happen (progress bars, notices). Its
// methods are called from several goroutines and must not block.
type Observer interface {
	// Started: the JAR of the artifact at index i is being transferred;
	// size is its full size (-1 when unknown), done what is already there.
	Started(i int, size, done int64)
	// Advanced: n more bytes arrived.
	Advanced(i int, n int64)
	// Notice: something worth telling while it happens (a resume).
	Notice(i int, msg string)
	// Finished: the artifact at index i is done with (results are emitted
	// later, in list order).
	Finished(r Result)
}

// Job is one artifact to fetch. A job with Err fails at once with it (e.g.
// an invalid catalog entry).
type Job struct {
	Coordinate coord.Coordinate
	Err        error
}

// Options tune a run.
type Options struct {
	// Concurrency is how many artifacts are fetched at once (at least 1).
	Concurrency int
	// Force downloads again even what is present and verified.
	Force bool
	// Verify re-hashes every JAR already present instead of trusting its
	// record (size and modification time unchanged).
	Verify bool
	// Sync forces each JAR to disk before it is renamed into place, so
	// that even a power loss cannot leave a JAR at its final name
	// incomplete. Without it, a rerun finds and repairs such a JAR.
	Sync bool
	// RequireChecksums fails artifacts for which the repository publishes
	// no checksum.
	RequireChecksums bool
	// FailFast stops everything at the first failure.
	FailFast bool
	// IdleTimeout aborts (and resumes) a transfer that received nothing for
	// this long (default 30s).
	IdleTimeout time.Duration
	// MaxAttempts bounds the attempts to transfer one JAR in one run
	// (default kestra.DefaultMaxAttempts, as for API calls). A transfer
	// cut short or stalled is resumed after an exponential backoff with
	// jitter (kestra.Backoff), whether or not it got further: a server
	// that cuts every answer cannot keep a download going until the global
	// timeout. The partial download is kept for the next run.
	MaxAttempts int
	// Observer, when set, follows the transfers.
	Observer Observer
	// Sleep waits between attempts (tests); nil sleeps for real.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Stop says why a run ended before every artifact was tried.
type Stop string

// The reasons.
const (
	NotStopped  Stop = ""
	FailedFast  Stop = "fail-fast"
	RateLimited Stop = "rate-limited"
	Interrupted Stop = "interrupted" // the context ended (timeout, Ctrl-C)
)

// Fetcher downloads into one plugins directory from one source.
type Fetcher struct {
	src  Source
	dir  *store.Dir
	opts Options
}

// New returns a Fetcher.
func New(src Source, dir *store.Dir, opts Options) *Fetcher {
	if opts.Concurrency < 1 {
		opts.Concurrency = 1
	}
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = 30 * time.Second
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = kestra.DefaultMaxAttempts
	}
	if opts.Sleep == nil {
		opts.Sleep = sleep
	}
	return &Fetcher{src: src, dir: dir, opts: opts}
}

// Run fetches every job and calls emit once per job, in list order, as
// soon as the results before it are known. It returns why it stopped early,
// if it did: jobs not tried are emitted as Cancelled.
func (f *Fetcher) Run(ctx context.Context, jobs []Job, emit func(Result)) Stop {
	f.adoptLegacy(jobs)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		stop       atomic.Value // Stop
		dispatched atomic.Int64
		next       = make(chan int)
		results    = make(chan Result)
		wg         sync.WaitGroup
	)
	stop.Store(NotStopped)
	workers := min(f.opts.Concurrency, len(jobs))
	go func() {
		defer close(next)
		for i := range jobs {
			if stop.Load().(Stop) != NotStopped {
				return
			}
			select {
			case next <- i:
				dispatched.Store(int64(i + 1))
			case <-runCtx.Done():
				return
			}
		}
	}()
	// finish decides whether a failure stops the run before it hands the
	// result over: the worker that failed takes its next job only after
	// the stop is recorded (and, with --fail-fast, the context cancelled),
	// so no job starts once a run is known to stop.
	finish := func(r Result) {
		if r.Err != nil && runCtx.Err() != nil && isContextErr(r.Err) {
			r.Status = Cancelled
		}
		if r.Status == Failed {
			switch {
			case f.opts.FailFast:
				if stop.CompareAndSwap(NotStopped, FailedFast) {
					cancel()
				}
			case maven.IsRateLimited(r.Err):
				// Hammering a repository that keeps refusing only makes it
				// worse: finish what runs, start nothing new.
				stop.CompareAndSwap(NotStopped, RateLimited)
			}
		}
		if f.opts.Observer != nil {
			f.opts.Observer.Finished(r)
		}
		results <- r
	}
	// stopped says a job handed out must not start: the dispatcher may
	// have been waiting to hand it out when the run was stopped.
	stopped := func() bool { return stop.Load().(Stop) != NotStopped || runCtx.Err() != nil }
	// Commits (fsync with --sync, rename, record) run beside the transfers, as many at
	// a time as there are transfers: the worker goes on to its next JAR
	// while the disk writes the last one.
	commits := make(chan struct{}, workers)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if stopped() {
					c := jobs[i].Coordinate
					finish(Result{Index: i, Coordinate: c, File: fileName(c), Status: Cancelled})
					continue
				}
				r, commit := f.one(runCtx, i, jobs[i])
				if commit == nil {
					finish(r)
					continue
				}
				commits <- struct{}{}
				wg.Add(1)
				go func() {
					defer wg.Done()
					finish(commit())
					<-commits
				}()
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	pending := map[int]Result{}
	nextEmit := 0
	flush := func() {
		for {
			r, ok := pending[nextEmit]
			if !ok {
				return
			}
			delete(pending, nextEmit)
			emit(r)
			nextEmit++
		}
	}
	for r := range results {
		pending[r.Index] = r
		flush()
	}
	for i := int(dispatched.Load()); i < len(jobs); i++ {
		c := jobs[i].Coordinate
		pending[i] = Result{Index: i, Coordinate: c, File: fileName(c), Status: Cancelled}
	}
	flush()
	s := stop.Load().(Stop)
	if s == NotStopped && ctx.Err() != nil {
		s = Interrupted
	}
	return s
}

func fileName(c coord.Coordinate) string {
	if c.Validate() != nil || c.Version == "" {
		return ""
	}
	return c.FileName()
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
