// Package download saves what a Kestra server sends (an export, an
// execution's output file, logs, a report) where the user asked with
// -O/--output-file: the user's standard output, or a file written
// atomically (plugin.Context.CreateOutput). It draws a progress bar, fails
// a transfer that stalls (sdk/idle), resumes a dropped transfer where it
// stopped (an HTTP Range request) or starts it over, and can check the
// complete content before it is put in place.
//
// Binary content is never printed to a terminal: refused before the
// request when the content is binary by its type (Binary), else on its
// first bytes (plugin.LooksBinary, through CreateOutput).
package download

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/idle"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Download is one content the server sends, and where it goes.
type Download struct {
	// Output is the -O/--output-file value as typed: "", "-" and
	// /dev/stdout are the user's standard output, anything else a file
	// (see plugin.Context.CreateOutput). Save only.
	Output string
	// Name is the file's own name: an Output that is an existing directory
	// receives the file under it ("": a directory is refused). Save only.
	Name string
	// What names the content in messages and on the progress bar ("ZIP
	// archive", "data.csv", "the logs of execution X").
	What string
	// Binary says the content is binary whatever its first bytes (a ZIP
	// archive): to a terminal, it is refused before anything is asked.
	Binary bool
	// Open asks the server for the content, from byte offset on when
	// Resume is set (offset is 0 otherwise); ifRange is the validator
	// (ETag) of the first answer, for a conditional range request. Open is
	// called again when a transfer drops: the request must be safe to
	// repeat. Its first error is returned as it is, for the caller to
	// explain (a 404...).
	Open func(ctx context.Context, offset int64, ifRange string) (*http.Response, error)
	// Resume says Open honours offset: a dropped transfer continues where
	// it stopped. Otherwise it starts over (a file is emptied first;
	// standard output can start over only before its first byte).
	Resume bool
	// Size, when > 0, is the size the content must have (from the
	// server's metadata); an announced Content-Length is checked anyway.
	Size int64
	// Verify, when set, checks the complete content before it is put in
	// place. To standard output, the content is then kept in a temporary
	// file first, and printed only once verified. Save only.
	Verify func(content io.ReaderAt, size int64) error
	// Idle is how long a transfer may go without a byte before it is
	// stalled (default: the client's request timeout, --timeout).
	Idle time.Duration
	// Progress, when set, is a bar the transfer adds its bytes to (several
	// downloads under one bar); by default each download draws its own.
	Progress *plugin.Progress
}

// Result says where a download went.
type Result struct {
	// File is the file written ("" for standard output): a link's target,
	// as an absolute path. Size is its length in bytes.
	File string
	Size int64
}

// Output is what Into writes to: a *plugin.OutputFile, an *outfile.File,
// or any writer that can start over.
type Output interface {
	io.Writer
	// Reset empties what was written (the transfer starts over), or fails
	// when it cannot.
	Reset() error
}

// maxAttempts bounds how often a dropped or stalled transfer is asked
// again.
const maxAttempts = 6

// copyBuffer is the size of the buffer content is copied through.
const copyBuffer = 256 << 10

// sniffSize is how much content the first write holds at least (or all of
// it): a terminal refuses binary content on that sample.
const sniffSize = 8 << 10

// Save downloads d to d.Output: the file is only ever replaced by a
// complete (and verified) download; standard output gets the bytes as they
// come (after Verify, when set).
func Save(c *plugin.Context, d Download) (Result, error) {
	given := d.Output
	if plugin.IsStdout(given) {
		if d.Binary && c.Terminal().StdoutTTY {
			return Result{}, cmderr.Usagef("refusing to print a %s to the terminal", d.What).
				WithHint("save it with -O/--output-file FILE, or redirect standard output to a file")
		}
	} else if st, err := os.Stat(c.Path(given)); err == nil && st.IsDir() {
		if d.Name == "" || !filepath.IsLocal(d.Name) || strings.ContainsAny(d.Name, `/\`) {
			return Result{}, cmderr.Usagef("%q is a directory: give a file name", given)
		}
		given = filepath.Join(given, d.Name)
	}
	out, err := c.CreateOutput(given)
	if err != nil {
		return Result{}, err
	}
	defer out.Abort()
	var dst interface {
		Output
		io.ReaderAt
	} = out
	if d.Verify != nil && out.ToStdout() {
		spool, err := newSpool()
		if err != nil {
			return Result{}, err
		}
		defer spool.remove()
		dst = spool
	}
	n, err := Into(c, d, dst)
	if err != nil {
		return Result{}, err
	}
	if d.Verify != nil {
		if err := d.Verify(dst, n); err != nil {
			return Result{}, err
		}
		if s, ok := dst.(*spool); ok {
			if _, err := io.Copy(out, io.NewSectionReader(s.f, 0, n)); err != nil {
				return Result{}, fmt.Errorf("write to stdout: %w", err)
			}
		}
	}
	if err := out.Commit(); err != nil {
		return Result{}, err
	}
	return Result{File: out.File(), Size: n}, nil
}

// Into downloads d into out, and returns the number of bytes written. It
// does not complete out (Commit): the caller does, once Into succeeded.
func Into(c *plugin.Context, d Download, out Output) (int64, error) {
	t := &transfer{c: c, d: d, out: out, want: -1, size: -1, bar: d.Progress}
	if d.Size > 0 {
		t.want, t.size = d.Size, d.Size
	}
	if t.d.Idle <= 0 {
		k, err := c.Kestra()
		if err != nil {
			return 0, err
		}
		t.d.Idle = k.Timeout()
	}
	if t.bar == nil {
		t.ownBar = true
		t.bar = c.Progress("download", "Downloading "+d.What, max(t.want, 0), "bytes")
	}
	err := t.run()
	if t.ownBar {
		t.bar.Done(errText(err))
	}
	return t.written, err
}

// transfer is one download, possibly over several answers.
type transfer struct {
	c       *plugin.Context
	d       Download
	out     Output
	bar     *plugin.Progress
	ownBar  bool
	written int64
	want    int64 // the size the metadata gives, -1 when unknown
	size    int64 // the size the answers announce, -1 when unknown
	etag    string
	stalled bool
}

// permanent marks an error asking again cannot fix.
type permanent struct{ err error }

func (p *permanent) Error() string { return p.err.Error() }

func (t *transfer) run() error {
	buf := make([]byte, copyBuffer)
	for attempt := 1; ; attempt++ {
		err := t.once(buf, attempt)
		if err == nil {
			return nil
		}
		var perm *permanent
		if errors.As(err, &perm) {
			return perm.err
		}
		if t.c.Err() != nil {
			return t.c.Err()
		}
		if attempt >= maxAttempts {
			code := cmderr.Unavailable
			if t.stalled {
				code = cmderr.Timeout
			}
			return cmderr.New(code, "download %s: %v (gave up after %d attempts, at %s of %s)",
				t.d.What, err, attempt, plugin.Bytes(t.written), t.sizeText())
		}
		_ = t.c.Debug("download %s: %v; asking again at byte %d", t.d.What, err, t.written)
		select {
		case <-t.c.Done():
			return t.c.Err()
		case <-time.After(time.Duration(attempt) * 200 * time.Millisecond):
		}
	}
}

func (t *transfer) sizeText() string {
	if t.size < 0 {
		return "an unknown size"
	}
	return plugin.Bytes(t.size)
}

// restart empties the output: the content comes again from its first byte.
func (t *transfer) restart(cause string) error {
	if t.written == 0 {
		return nil
	}
	if err := t.out.Reset(); err != nil {
		return &permanent{fmt.Errorf("download %s: %s after %s, and %v", t.d.What, cause, plugin.Bytes(t.written), err)}
	}
	t.bar.Add(-t.written)
	t.written = 0
	return nil
}

// once reads one answer into the output, from t.written on; nil means the
// content is complete.
func (t *transfer) once(buf []byte, attempt int) error {
	t.stalled = false
	offset, ifRange := int64(0), ""
	if t.written > 0 && t.d.Resume {
		offset, ifRange = t.written, t.etag
	} else if err := t.restart("the transfer dropped"); err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(t.c)
	defer cancel()
	resp, err := t.d.Open(ctx, offset, ifRange)
	if err != nil {
		// The client has retried what it can; an answer of the server (a
		// 404, a 403) is final.
		var apiErr *kestra.APIError
		if attempt == 1 || errors.As(err, &apiErr) {
			return &permanent{err}
		}
		return err
	}
	defer resp.Body.Close()
	switch {
	case offset > 0 && resp.StatusCode == http.StatusPartialContent:
		if start := rangeStart(resp.Header.Get("Content-Range")); start != offset {
			return &permanent{fmt.Errorf("download %s: the server resumed at byte %d, not %d", t.d.What, start, offset)}
		}
	case offset > 0:
		// The whole content again (no range support, or it changed).
		if et := resp.Header.Get("ETag"); t.etag == "" || et != t.etag {
			if err := t.restart("the content changed"); err != nil {
				return err
			}
		} else if _, err := io.CopyN(io.Discard, resp.Body, offset); err != nil {
			return err
		}
	default:
		t.etag = resp.Header.Get("ETag")
		if resp.ContentLength >= 0 {
			if t.want >= 0 && resp.ContentLength != t.want {
				return &permanent{fmt.Errorf("download %s: the server sends %d bytes, its metadata says %d", t.d.What, resp.ContentLength, t.want)}
			}
			t.size = resp.ContentLength
			if t.ownBar {
				t.bar.SetTotal(t.size)
			}
		}
	}
	// The request timeout bounds the wait for the answer; then the
	// watchdog bounds inactivity (a large file may take long, a stalled
	// one has failed).
	wd := idle.Start(ctx, t.d.Idle)
	stop := context.AfterFunc(wd.Context(), cancel)
	defer stop()
	defer wd.Stop()
	err = t.copy(wd.Reader(resp.Body), buf)
	if err != nil {
		if s := wd.Stalled(); s != nil {
			t.stalled = true
			return s
		}
		return err
	}
	if t.size >= 0 && t.written != t.size {
		if t.written > t.size {
			return &permanent{fmt.Errorf("download %s: got %d bytes, more than the %d announced", t.d.What, t.written, t.size)}
		}
		return fmt.Errorf("the answer ended after %d of %d bytes", t.written, t.size)
	}
	return nil
}

// copy writes body to the output; the first write holds at least
// sniffSize bytes (or the whole content).
func (t *transfer) copy(body io.Reader, buf []byte) error {
	if t.written == 0 {
		n, err := io.ReadFull(body, buf[:sniffSize])
		if err := t.write(buf[:n]); err != nil {
			return err
		}
		switch {
		case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
			return nil
		case err != nil:
			return err
		}
	}
	for {
		n, rerr := body.Read(buf)
		if err := t.write(buf[:n]); err != nil {
			return err
		}
		if rerr == io.EOF {
			return nil
		}
		if rerr != nil {
			return rerr
		}
	}
}

func (t *transfer) write(p []byte) error {
	if len(p) == 0 {
		return nil
	}
	n, err := t.out.Write(p)
	t.written += int64(n)
	t.bar.Add(int64(n))
	if err != nil {
		var ce *cmderr.Error
		if errors.As(err, &ce) {
			return &permanent{err}
		}
		return &permanent{fmt.Errorf("write %s: %w", t.d.What, err)}
	}
	return nil
}

// rangeStart reads the first byte of "bytes 100-199/200" (-1 if none).
func rangeStart(cr string) int64 {
	s, ok := strings.CutPrefix(cr, "bytes ")
	if !ok {
		return -1
	}
	from, _, _ := strings.Cut(s, "-")
	n, err := strconv.ParseInt(from, 10, 64)
	if err != nil {
		return -1
	}
	return n
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// spool keeps a download to standard output until it is verified.
type spool struct{ f *os.File }

func newSpool() (*spool, error) {
	f, err := os.CreateTemp("", ".kestractl-download-*")
	if err != nil {
		return nil, fmt.Errorf("create a temporary file: %w", err)
	}
	return &spool{f: f}, nil
}

func (s *spool) Write(p []byte) (int, error)             { return s.f.Write(p) }
func (s *spool) ReadAt(p []byte, off int64) (int, error) { return s.f.ReadAt(p, off) }

func (s *spool) Reset() error {
	if err := s.f.Truncate(0); err != nil {
		return err
	}
	_, err := s.f.Seek(0, io.SeekStart)
	return err
}

func (s *spool) remove() {
	_ = s.f.Close()
	_ = os.Remove(s.f.Name())
}
