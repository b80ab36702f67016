package cmdutil

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Incoming is a file the server streams (an output file, a logs download)
// and where it goes. The content is copied through a fixed buffer, never
// held whole: to stdout as it arrives, or to a temporary file next to the
// destination, renamed into place once complete.
type Incoming struct {
	// OutputFile is the -O/--output-file value as given: "" or "-" is
	// stdout; a directory receives the file under Name.
	OutputFile string
	// Name is the file's own name (for a directory destination).
	Name string
	// What names the content in messages ("kestra:///.../data.bin").
	What string
	// Open asks the server for the content from byte offset on; ifRange
	// is the validator (ETag) of the first answer, so that a resumed
	// transfer continues the same file.
	Open func(ctx context.Context, offset int64, ifRange string) (*http.Response, error)
	// Size, when >= 0, is the size the content must have.
	Size int64
	// Stall is how long a transfer may go without a byte (default 30s).
	Stall time.Duration
}

// Received says where a download went.
type Received struct {
	// File is the path written ("" for stdout); Size its bytes.
	File string
	Size int64
}

// copyBuffer is the size of the buffer content is copied through.
const copyBuffer = 256 << 10

// maxResumes bounds how often a dropped transfer is resumed.
const maxResumes = 5

// sniffSize is how much is read to tell text from binary content.
const sniffSize = 8 << 10

// Receive downloads in.
//
// Binary content is never written to a terminal: on a terminal without
// -O, the first bytes are looked at, and binary content is refused before
// anything is printed. A transfer that drops or stalls resumes where it
// stopped (an HTTP Range request conditional on the file's ETag), up to
// maxResumes times; a file destination is only ever replaced by a complete
// download of the announced size.
func Receive(c *plugin.Context, in Incoming) (Received, error) {
	toStdout := in.OutputFile == "" || in.OutputFile == "-"
	var dst *pendingFile
	if !toStdout {
		var err error
		if dst, err = createPending(c.Path(in.OutputFile), in.OutputFile, in.Name); err != nil {
			return Received{}, err
		}
		defer dst.abort()
	}
	stall := in.Stall
	if stall <= 0 {
		stall = 30 * time.Second
	}
	t := &transfer{c: c, in: in, stall: stall, size: in.Size}
	var w io.Writer = c.Stdout()
	if dst != nil {
		w = dst.f
	}
	label := "Downloading " + in.What
	t.bar = c.Progress("download", label, max(in.Size, 0), "bytes")
	err := t.run(w, dst, toStdout && c.Terminal().StdoutTTY)
	if err != nil {
		t.bar.Done(err.Error())
		return Received{}, err
	}
	t.bar.Done("")
	if dst == nil {
		return Received{Size: t.written}, nil
	}
	if err := dst.commit(); err != nil {
		return Received{}, cmderr.Wrap(cmderr.Generic, err)
	}
	return Received{File: dst.path, Size: t.written}, nil
}

// transfer is one download, possibly over several responses.
type transfer struct {
	c       *plugin.Context
	in      Incoming
	stall   time.Duration
	bar     *plugin.Progress
	written int64
	size    int64 // -1 until known
	etag    string
}

func (t *transfer) run(w io.Writer, dst *pendingFile, terminal bool) error {
	buf := make([]byte, copyBuffer)
	for attempt := 0; ; attempt++ {
		done, err := t.once(w, dst, buf, terminal && attempt == 0)
		if err == nil && done {
			return nil
		}
		var perm *permanent
		if errors.As(err, &perm) {
			return perm.err
		}
		if t.c.Err() != nil {
			return t.c.Err()
		}
		if attempt >= maxResumes {
			return cmderr.New(cmderr.Unavailable, "download %s: %v (gave up after %d resumes at %s of %s)",
				t.in.What, err, maxResumes, Bytes(t.written), t.sizeText())
		}
		_ = t.c.Debug("download %s: %v; resuming at byte %d", t.in.What, err, t.written)
		time.Sleep(time.Duration(attempt+1) * 200 * time.Millisecond)
	}
}

func (t *transfer) sizeText() string {
	if t.size < 0 {
		return "an unknown size"
	}
	return Bytes(t.size)
}

// permanent marks an error a resume cannot fix.
type permanent struct{ err error }

func (p *permanent) Error() string { return p.err.Error() }

// once reads one response into w, from t.written on. It reports whether
// the content is complete.
func (t *transfer) once(w io.Writer, dst *pendingFile, buf []byte, sniff bool) (bool, error) {
	ctx, cancel := context.WithCancel(t.c)
	defer cancel()
	resp, err := t.in.Open(ctx, t.written, t.etag)
	if err != nil {
		// The client has retried what can be; an answer of the server
		// (a 404, a 403) is final.
		var apiErr *kestra.APIError
		if t.written == 0 || errors.As(err, &apiErr) {
			return false, &permanent{err}
		}
		return false, err
	}
	defer resp.Body.Close()
	switch {
	case t.written > 0 && resp.StatusCode == http.StatusPartialContent:
		if start := rangeStart(resp.Header.Get("Content-Range")); start != t.written {
			return false, &permanent{fmt.Errorf("download %s: the server resumed at byte %d, not %d", t.in.What, start, t.written)}
		}
	case t.written > 0:
		// The whole file again (no range support, or it changed).
		if et := resp.Header.Get("ETag"); t.etag == "" || et != t.etag {
			if dst == nil {
				return false, &permanent{fmt.Errorf("download %s: the connection dropped after %s and the server cannot resume the transfer", t.in.What, Bytes(t.written))}
			}
			if err := dst.restart(); err != nil {
				return false, &permanent{err}
			}
			t.written = 0
			t.bar.SetCurrent(0)
		} else if _, err := io.CopyN(io.Discard, resp.Body, t.written); err != nil {
			return false, err
		}
	default:
		t.etag = resp.Header.Get("ETag")
		if resp.ContentLength >= 0 {
			if t.size >= 0 && resp.ContentLength != t.size {
				return false, &permanent{fmt.Errorf("download %s: the server sends %d bytes, its metadata says %d", t.in.What, resp.ContentLength, t.size)}
			}
			t.size = resp.ContentLength
			t.bar.SetTotal(t.size)
		}
	}
	body := newIdleReader(resp.Body, t.stall, cancel)
	defer body.stop()
	if sniff {
		head := make([]byte, sniffSize)
		n, err := io.ReadFull(body, head)
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return false, err
		}
		if looksBinary(head[:n]) {
			return false, &permanent{cmderr.Usagef("refusing to print binary content (%s) to the terminal", t.in.What).
				WithHint("save it with -O/--output-file FILE, or redirect stdout to a file")}
		}
		if _, err := w.Write(head[:n]); err != nil {
			return false, &permanent{fmt.Errorf("write: %w", err)}
		}
		t.written += int64(n)
		t.bar.Add(int64(n))
	}
	for {
		n, rerr := body.Read(buf)
		if n > 0 {
			if _, err := w.Write(buf[:n]); err != nil {
				return false, &permanent{fmt.Errorf("write: %w", err)}
			}
			t.written += int64(n)
			t.bar.Add(int64(n))
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			if s := body.stalled(); s {
				return false, fmt.Errorf("no data for %s", t.stall)
			}
			return false, rerr
		}
	}
	if t.size >= 0 && t.written != t.size {
		if t.written > t.size {
			return false, &permanent{fmt.Errorf("download %s: got %d bytes, more than the %d announced", t.in.What, t.written, t.size)}
		}
		return false, fmt.Errorf("the answer ended after %d of %d bytes", t.written, t.size)
	}
	return true, nil
}

// rangeStart reads the first byte of "bytes 100-199/200".
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

// looksBinary says whether content is not text: a NUL byte, or invalid
// UTF-8 (a cut at the end of the sample is allowed).
func looksBinary(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return true
	}
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			return len(b) >= utf8.UTFMax
		}
		b = b[size:]
	}
	return false
}

// idleReader cancels a transfer that goes stall without a byte.
type idleReader struct {
	r       io.Reader
	timer   *time.Timer
	stall   time.Duration
	mu      sync.Mutex
	expired bool
}

func newIdleReader(r io.Reader, stall time.Duration, cancel context.CancelFunc) *idleReader {
	ir := &idleReader{r: r, stall: stall}
	ir.timer = time.AfterFunc(stall, func() {
		ir.mu.Lock()
		ir.expired = true
		ir.mu.Unlock()
		cancel()
	})
	return ir
}

func (ir *idleReader) Read(p []byte) (int, error) {
	n, err := ir.r.Read(p)
	if n > 0 {
		ir.timer.Reset(ir.stall)
	}
	return n, err
}

func (ir *idleReader) stalled() bool {
	ir.mu.Lock()
	defer ir.mu.Unlock()
	return ir.expired
}

func (ir *idleReader) stop() { ir.timer.Stop() }

// pendingFile is a destination file being written: a temporary file next
// to it, renamed into place by commit.
type pendingFile struct {
	f    *os.File
	path string
	done bool
}

// createPending prepares the destination path (shown as given in
// errors): into it under name when it is a directory.
func createPending(path, given, name string) (*pendingFile, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		if name == "" || !filepath.IsLocal(name) || strings.ContainsAny(name, `/\`) {
			return nil, cmderr.Usagef("--output-file %q is a directory: give a file name", given)
		}
		path = filepath.Join(path, name)
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, cmderr.Usagef("cannot write %q: directory %q does not exist", given, filepath.Dir(given))
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".kestractl-*.partial")
	if err != nil {
		return nil, cmderr.Usagef("cannot write %q: %v", given, err)
	}
	return &pendingFile{f: f, path: path}, nil
}

// restart empties the temporary file.
func (p *pendingFile) restart() error {
	if err := p.f.Truncate(0); err != nil {
		return err
	}
	_, err := p.f.Seek(0, io.SeekStart)
	return err
}

// commit flushes the temporary file and renames it into place.
func (p *pendingFile) commit() error {
	err := p.f.Chmod(0o644)
	if err == nil {
		err = p.f.Sync()
	}
	if cerr := p.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(p.f.Name(), p.path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", p.path, err)
	}
	p.done = true
	return nil
}

// abort removes the temporary file unless committed.
func (p *pendingFile) abort() {
	if p.done {
		return
	}
	p.f.Close()
	os.Remove(p.f.Name())
}
