package commands

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kestractl/kestractl/plugins/nsfiles/localtree"
	"github.com/kestractl/kestractl/plugins/nsfiles/nsapi"
	"github.com/kestractl/kestractl/plugins/nsfiles/remotepath"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/idle"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Upload uploads a file or a directory tree.
type Upload struct {
	Namespace             string `arg:"" completer:"namespace" help:"Namespace (for example company.team)."`
	Local                 string `arg:"" name:"local-path" help:"Local file or directory."`
	Dest                  string `arg:"" optional:"" name:"dest" completer:"nsfile-path" help:"Destination in the namespace (same as --path)."`
	Path                  string `completer:"nsfile-path" help:"Destination in the namespace (default: the root). A file goes exactly there (into it when it ends with /); a directory DIR goes to DEST/DIR/..., its content to DEST/... when written DIR/ or ." placeholder:"DEST"`
	Override              bool   `help:"Replace existing files (each is replaced only once its new content is complete)."`
	FailFast              bool   `name:"fail-fast" help:"Stop at the first failure; with a local problem (unreadable file, symbolic link leaving the directory), upload nothing."`
	AllowMissingNamespace bool   `name:"allow-missing-namespace" help:"Upload even when the namespace does not exist yet."`
	Concurrency           int    `default:"4" help:"Files uploaded at once (1-${max_concurrency})." placeholder:"N"`
	DryRun                bool   `name:"dry-run" help:"Show what would be uploaded, change nothing."`
}

// maxConcurrency bounds --concurrency.
const maxConcurrency = 32

// Statuses of an upload result.
const (
	statusUploaded     = "uploaded"
	statusReplaced     = "replaced"
	statusFailed       = "failed"
	statusSkipped      = "skipped"
	statusWouldUpload  = "would upload"
	statusWouldReplace = "would replace"
)

// item is one file to upload and, in the end, its result.
type item struct {
	source string // as shown: the local path
	rel    string // path inside the scanned tree ("" for a single file)
	dest   string // clean remote path
	size   int64
	exists bool
	err    error
	status string
}

// uploadResult is one result of the report.
type uploadResult struct {
	Status      string `json:"status"`
	Source      string `json:"source"`
	Destination string `json:"destination,omitempty"`
	Size        int64  `json:"size"`
	Error       string `json:"error,omitempty"`
}

// Run plans, checks and uploads.
func (u *Upload) Run(c *plugin.Context) error {
	if err := checkNamespace(u.Namespace); err != nil {
		return err
	}
	if u.Concurrency < 1 || u.Concurrency > maxConcurrency {
		return cmderr.Usagef("--concurrency must be between 1 and %d, got %d", maxConcurrency, u.Concurrency)
	}
	destArg := u.Path
	if u.Dest != "" {
		if u.Path != "" && u.Path != u.Dest {
			return cmderr.Usagef("two destinations: %q and --path %q; give one", u.Dest, u.Path)
		}
		destArg = u.Dest
	}
	dest, err := cleanRemote(destArg)
	if err != nil {
		return err
	}
	src := localPath(c, u.Local)
	info, err := os.Stat(src)
	if err != nil {
		return cmderr.Usagef("cannot read local path '%s': %v", u.Local, reason(err))
	}
	var items []*item
	var tree *localtree.Tree
	if info.IsDir() {
		tree, err = localtree.Scan(src)
		if err != nil {
			return cmderr.Usagef("cannot read local directory '%s': %v", u.Local, err)
		}
		defer tree.Close()
		items = u.treeItems(tree, dest)
		if len(items) == 0 {
			return cmderr.Usagef("no files to upload in directory '%s'", u.Local).
				WithHint("%d hidden or ignored entr%s skipped", tree.Skipped, map[bool]string{true: "y was", false: "ies were"}[tree.Skipped == 1])
		}
	} else {
		if !info.Mode().IsRegular() {
			return cmderr.Usagef("cannot upload '%s': not a regular file or directory", u.Local)
		}
		f, err := os.Open(src)
		if err != nil {
			return cmderr.Usagef("cannot read local file '%s': %v", u.Local, reason(err))
		}
		f.Close()
		to := dest
		if remotepath.IsDirHint(destArg) {
			if to, err = remotepath.FromLocal(remotepath.Join(dest, filepath.Base(src))); err != nil {
				return cmderr.Usagef("'%s' cannot be named in a namespace: %v", u.Local, err)
			}
		}
		items = []*item{{source: u.Local, dest: to, size: info.Size()}}
	}

	client, err := c.Kestra()
	if err != nil {
		return err
	}
	if !u.AllowMissingNamespace {
		ok, err := client.NamespaceExists(c, u.Namespace)
		if err != nil {
			return fmt.Errorf("check namespace %s: %w", u.Namespace, err)
		}
		if !ok {
			return cmderr.New(cmderr.NotFound, "namespace '%s' does not exist", u.Namespace).
				WithHint("create it first, or pass --allow-missing-namespace")
		}
	}
	missing, err := u.checkRemote(c, client, items)
	if err != nil {
		return err
	}
	problems := 0
	for _, it := range items {
		if it.err != nil {
			it.status = statusFailed
			problems++
		}
	}
	switch {
	case u.DryRun:
		for _, it := range items {
			if it.err == nil {
				it.status = map[bool]string{true: statusWouldReplace, false: statusWouldUpload}[it.exists]
			}
		}
	case problems > 0 && u.FailFast:
		for _, it := range items {
			if it.err == nil {
				it.status = statusSkipped
			}
		}
	default:
		u.uploadAll(c, client, tree, items, newDirMaker(c, client, u.Namespace, missing))
	}
	return u.report(c, items)
}

// treeItems maps the scanned files to destinations: DEST/<dir name>/rel, or
// DEST/rel when the directory was written with a trailing separator or as
// "." (its content).
func (u *Upload) treeItems(tree *localtree.Tree, dest string) []*item {
	prefix := filepath.Base(tree.Dir) + "/"
	trimmed := strings.TrimRight(u.Local, `/\`)
	if trimmed != u.Local || filepath.Base(u.Local) == "." || filepath.Base(u.Local) == ".." || trimmed == "" {
		prefix = ""
	}
	items := make([]*item, 0, len(tree.Files))
	for _, f := range tree.Files {
		it := &item{source: filepath.Join(u.Local, filepath.FromSlash(f.Rel)), rel: f.Rel, size: f.Size}
		d, err := remotepath.FromLocal(prefix + f.Rel)
		switch {
		case f.Problem != "":
			it.err = cmderr.Usagef("%s", f.Problem)
		case err != nil:
			it.err = cmderr.Usagef("cannot be named in a namespace: %v", err)
		default:
			it.dest = remotepath.Join(dest, strings.TrimPrefix(d, "/"))
		}
		items = append(items, it)
	}
	return items
}

// checkRemote lists each destination directory once: a destination that
// is a directory, or an existing file without --override, is a failure. It
// changes nothing: the directories it found missing are returned, to be
// created only when a file is about to be uploaded into one (so that
// --fail-fast and --dry-run leave the server as it was).
func (u *Upload) checkRemote(c *plugin.Context, client *kestra.Client, items []*item) (map[string]bool, error) {
	listed := map[string]map[string]nsapi.Attributes{}
	missing := map[string]bool{}
	for _, it := range items {
		if it.err != nil {
			continue
		}
		dir := remotepath.Dir(it.dest)
		entries, ok := listed[dir]
		if !ok {
			list, err := nsapi.List(c, client, u.Namespace, dir)
			switch {
			case kestra.IsNotFound(err):
				missing[dir] = true
			case kestra.IsStatus(err, 400):
				// A file stands where a directory is needed: the upload fails
				// with the server's message.
			case err != nil:
				return nil, fmt.Errorf("list %s in namespace %s: %w", dir, u.Namespace, err)
			}
			entries = make(map[string]nsapi.Attributes, len(list))
			for _, a := range list {
				entries[a.FileName] = a
			}
			listed[dir] = entries
		}
		a, exists := entries[remotepath.Base(it.dest)]
		switch {
		case exists && a.IsDir():
			it.err = cmderr.New(cmderr.Conflict, "destination '%s' is a directory", it.dest)
		case exists && !u.Override:
			it.err = cmderr.New(cmderr.Conflict, "file already exists at '%s'; use --override to replace", it.dest)
		}
		it.exists = exists
	}
	return missing, nil
}

// uploadAll uploads the items without a problem, --concurrency at a time;
// with --fail-fast no new upload starts after a failure.
func (u *Upload) uploadAll(c *plugin.Context, client *kestra.Client, tree *localtree.Tree, items []*item, dirs *dirMaker) {
	var total int64
	todo := make([]*item, 0, len(items))
	for _, it := range items {
		if it.err == nil {
			todo = append(todo, it)
			total += it.size
		}
	}
	plain := !c.Terminal().StderrTTY
	var bar *plugin.Progress
	if !plain {
		bar = c.Progress("upload", fmt.Sprintf("Uploading %d file(s) to %s", len(todo), u.Namespace), total, "bytes")
	}
	ctx, stop := context.WithCancel(c)
	defer stop()
	work := make(chan *item)
	var wg sync.WaitGroup
	for range min(u.Concurrency, len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				dirs.ensure(remotepath.Dir(it.dest))
				err := u.uploadOne(c, client, tree, it, bar)
				if err != nil {
					it.err, it.status = err, statusFailed
					if u.FailFast {
						stop()
					}
				} else {
					it.status = map[bool]string{true: statusReplaced, false: statusUploaded}[it.exists]
				}
				if plain {
					if err != nil {
						_ = c.Warn("failed    %s -> %s: %v", it.source, it.dest, err)
					} else {
						_ = c.Info("%-9s %s -> %s (%d bytes)", it.status, it.source, it.dest, it.size)
					}
				}
			}
		}()
	}
	for _, it := range todo {
		select {
		case work <- it:
			continue
		case <-ctx.Done():
		}
		break
	}
	close(work)
	wg.Wait()
	for _, it := range todo {
		if it.status == "" {
			it.status = statusSkipped
		}
	}
	if bar != nil {
		bar.Done("")
	}
}

// uploadOne streams one file; a stall (no progress for the request
// timeout) fails it. A file that changes while it is read is a local
// failure naming it; after a failure that leaves it unknown whether the
// server stored the file, the remote file is checked (see verify).
func (u *Upload) uploadOne(c *plugin.Context, client *kestra.Client, tree *localtree.Tree, it *item, bar *plugin.Progress) error {
	open := func() (*os.File, error) {
		if tree != nil {
			return tree.Open(it.rel)
		}
		return os.Open(localPath(c, u.Local))
	}
	before, err := statOf(open)
	if err != nil {
		return cmderr.Usagef("cannot read '%s': %v", it.source, reason(err))
	}
	it.size = before.Size()
	wd := idle.Start(c, client.Timeout())
	defer wd.Stop()
	var mu sync.Mutex
	var last *countingFile
	openBody := func() (io.ReadCloser, error) {
		f, err := open()
		if err != nil {
			return nil, err
		}
		mu.Lock()
		defer mu.Unlock()
		if last != nil && bar != nil {
			bar.Add(-last.sent.Load()) // a retried attempt sends the file again
		}
		last = &countingFile{f: f, size: it.size, wd: wd, bar: bar}
		return last, nil
	}
	err = nsapi.Upload(wd.Context(), client, u.Namespace, it.dest, filepath.Base(it.source), it.size, openBody)
	mu.Lock()
	var problem error
	if last != nil {
		problem = last.problem()
	}
	mu.Unlock()
	if problem == nil {
		problem = changedSince(open, before)
	}
	if problem != nil {
		return cmderr.New(cmderr.Generic, "'%s' %v", it.source, problem).
			WithHint("upload it again once it is complete")
	}
	if err == nil {
		return nil
	}
	if s := wd.Stalled(); s != nil {
		err = cmderr.New(cmderr.Timeout, "%v", s)
	}
	if c.Err() != nil || !ambiguous(err) {
		return err
	}
	held, note := verify(c, client, u.Namespace, it.dest, it.size, open)
	if held {
		_ = c.Debug("%s -> %s: %v; %s", it.source, it.dest, err, note)
		return nil
	}
	if note != "" {
		return fmt.Errorf("%w (%s)", err, note)
	}
	return err
}

// statOf opens a file and returns its attributes.
func statOf(open func() (*os.File, error)) (os.FileInfo, error) {
	f, err := open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.Stat()
}

// changedSince says how a file changed since before (its size or
// modification time), nil when it did not.
func changedSince(open func() (*os.File, error), before os.FileInfo) error {
	now, err := statOf(open)
	switch {
	case err != nil:
		return fmt.Errorf("cannot be read any more: %v", reason(err))
	case now.Size() != before.Size():
		return fmt.Errorf("changed while it was being read (%d bytes, then %d)", before.Size(), now.Size())
	case !now.ModTime().Equal(before.ModTime()):
		return fmt.Errorf("changed while it was being read (modified at %s): the server may hold a mix of old and new content",
			now.ModTime().Format(time.RFC3339Nano))
	}
	return nil
}

// countingFile reports read progress to the watchdog and the bar, and
// checks that the file yields exactly the size announced for it: a file
// that shrinks, grows or fails to read stops the request with a local
// problem (see problem) rather than a network error.
type countingFile struct {
	f    *os.File
	size int64
	wd   *idle.Watchdog
	bar  *plugin.Progress
	sent atomic.Int64
	bad  atomic.Pointer[error]
}

func (r *countingFile) Read(p []byte) (int, error) {
	n, err := r.f.Read(p)
	if n > 0 {
		r.wd.Touch()
		sent := r.sent.Add(int64(n))
		if r.bar != nil {
			r.bar.Add(int64(n))
		}
		if sent > r.size {
			return n, r.fail(fmt.Errorf("changed while it was being read: it grew beyond the %d bytes it had", r.size))
		}
	}
	switch {
	case errors.Is(err, io.EOF) && r.sent.Load() < r.size:
		return n, r.fail(fmt.Errorf("changed while it was being read: it ended after %d of its %d bytes", r.sent.Load(), r.size))
	case err != nil && !errors.Is(err, io.EOF):
		return n, r.fail(fmt.Errorf("could not be read to the end: %v", reason(err)))
	}
	return n, err
}

// fail records a local problem and returns it.
func (r *countingFile) fail(err error) error {
	r.bad.CompareAndSwap(nil, &err)
	return err
}

// problem is the local problem that stopped the request, if any.
func (r *countingFile) problem() error {
	if p := r.bad.Load(); p != nil {
		return *p
	}
	return nil
}

func (r *countingFile) Close() error { return r.f.Close() }

// report prints the results and fails when any file failed.
func (u *Upload) report(c *plugin.Context, items []*item) error {
	var failed []*item
	for _, it := range items {
		if it.err != nil {
			failed = append(failed, it)
		}
	}
	if len(items) == 1 && len(failed) == 1 {
		return failed[0].err
	}
	r := c.Report("files", plugin.Col("SOURCE", "source"), plugin.Col("DESTINATION", "destination"),
		plugin.Column{Header: "SIZE", Path: "size", Format: "bytes"}, plugin.Column{Header: "STATUS", Path: "status", Format: "status"},
		plugin.Col("ERROR", "error"))
	for _, it := range items {
		res := uploadResult{Status: it.status, Source: it.source, Destination: it.dest, Size: it.size}
		if it.err != nil {
			res.Error = it.err.Error()
		}
		if err := r.Add(res.Status, res); err != nil {
			return err
		}
	}
	if err := r.Close(); err != nil {
		return err
	}
	if len(failed) == 0 {
		return nil
	}
	codes := make([]cmderr.Code, 0, len(failed))
	lines := make([]string, 0, len(failed))
	for _, it := range failed {
		codes = append(codes, cmderr.CodeOf(it.err))
		lines = append(lines, fmt.Sprintf("%s: %v", it.source, it.err))
	}
	return cmderr.New(cmderr.Common(codes...), "upload completed with %d error(s)", len(failed)).WithDetails(lines...)
}

// reason is an error's cause without the path it repeats.
func reason(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
