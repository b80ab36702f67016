package download_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/download"
	"github.com/kestractl/kestractl/sdk/outfile"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

// cli runs fn as a command ("get it").
type cli struct {
	Get struct {
		It cmd `cmd:""`
	} `cmd:""`
}

type cmd struct{ fn func(*plugin.Context) error }

func (k *cmd) Run(c *plugin.Context) error { return k.fn(c) }

func run(t *testing.T, o plugintest.Options, fn func(*plugin.Context) error) *plugintest.Result {
	t.Helper()
	p := plugin.Plugin{Name: "dl", New: func() any {
		v := &cli{}
		v.Get.It.fn = fn
		return v
	}}
	if o.Cwd == "" {
		o.Cwd = t.TempDir()
	}
	return plugintest.Run(t, p, o, "get", "it")
}

// server serves content: with Range support and an ETag when ranges is
// set; cut says how many bytes each answer sends before the connection is
// dropped (0: all of it), answer by answer; stall holds an answer after
// its first bytes.
type server struct {
	content []byte
	ranges  bool
	cut     []int
	stall   []time.Duration
	mu      sync.Mutex
	asked   []string // Range headers, one per request
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	i := len(s.asked)
	s.asked = append(s.asked, r.Header.Get("Range"))
	s.mu.Unlock()
	body := s.content
	w.Header().Set("Content-Type", "application/octet-stream")
	if s.ranges {
		w.Header().Set("ETag", `"v1"`)
		if from, ok := strings.CutPrefix(r.Header.Get("Range"), "bytes="); ok && r.Header.Get("If-Range") == `"v1"` {
			n, _ := strconv.Atoi(strings.TrimSuffix(from, "-"))
			w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", n, len(body)-1, len(body)))
			body = body[n:]
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(http.StatusPartialContent)
			s.send(w, body, i)
			return
		}
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	s.send(w, body, i)
}

func (s *server) send(w http.ResponseWriter, body []byte, i int) {
	if i < len(s.stall) && s.stall[i] > 0 {
		_, _ = w.Write(body[:10])
		w.(http.Flusher).Flush()
		time.Sleep(s.stall[i])
		panic(http.ErrAbortHandler)
	}
	if i < len(s.cut) && s.cut[i] > 0 {
		_, _ = w.Write(body[:s.cut[i]])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	}
	_, _ = w.Write(body)
}

func (s *server) start(t *testing.T) string {
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv.URL
}

// opener opens url with GET, from offset on when asked.
func opener(c *plugin.Context, url string) func(ctx context.Context, offset int64, ifRange string) (*http.Response, error) {
	return func(ctx context.Context, offset int64, ifRange string) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		if offset > 0 {
			req.Header.Set("Range", fmt.Sprintf("bytes=%d-", offset))
			req.Header.Set("If-Range", ifRange)
		}
		return http.DefaultClient.Do(req)
	}
}

func content(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + i%26)
	}
	return b
}

func TestSaveResumesAndStartsOver(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ranges bool
		want   []string // Range headers asked
	}{
		{"resumed where it stopped", true, []string{"", "bytes=300000-", "bytes=600000-"}},
		{"started over", false, []string{"", "", ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := &server{content: content(1 << 20), ranges: tc.ranges, cut: []int{300000, 300000}}
			url := s.start(t)
			dir := t.TempDir()
			var res download.Result
			r := run(t, plugintest.Options{Cwd: dir}, func(c *plugin.Context) error {
				var err error
				res, err = download.Save(c, download.Download{Output: "out.bin", What: "data", Open: opener(c, url), Resume: tc.ranges, Idle: time.Minute})
				return err
			})
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			got, _ := os.ReadFile(filepath.Join(dir, "out.bin"))
			if !bytes.Equal(got, s.content) || res.Size != 1<<20 || res.File != filepath.Join(dir, "out.bin") {
				t.Fatalf("%d bytes at %s (%+v)", len(got), res.File, res)
			}
			if strings.Join(s.asked, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("asked %q, want %q", s.asked, tc.want)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Fatalf("left behind: %v", entries)
			}
			last := r.Progress[len(r.Progress)-1]
			if !last.Done || last.Current != 1<<20 || last.Label != "Downloading data" {
				t.Fatalf("progress %+v", last)
			}
		})
	}
}

func TestSaveFailures(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "keep.bin"), []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	zip := []byte("PK\x03\x04\x00\x00binary")
	for _, tc := range []struct {
		name   string
		s      *server
		d      download.Download
		tty    bool
		code   cmderr.Code
		err    string
		stdout string
		asked  int
	}{
		{name: "every answer cut", s: &server{content: content(100000), cut: []int{50000, 50000, 50000, 50000, 50000, 50000}},
			d: download.Download{Output: "keep.bin"}, code: cmderr.Unavailable, err: "gave up after 6 attempts", asked: 6},
		{name: "a stall, then the rest", s: &server{content: content(100000), ranges: true, stall: []time.Duration{time.Second}},
			d: download.Download{Output: "new.bin", Resume: true, Idle: 100 * time.Millisecond}, asked: 2},
		{name: "not the size the metadata says", s: &server{content: content(1000)},
			d: download.Download{Output: "keep.bin", Size: 999}, code: cmderr.Generic, err: "the server sends 1000 bytes, its metadata says 999", asked: 1},
		{name: "printed, then cut: no start over", s: &server{content: content(100000), cut: []int{50000}},
			d: download.Download{Output: "-"}, code: cmderr.Generic, err: "cannot start over", asked: 1, stdout: string(content(50000))},
		{name: "a ZIP to a terminal, refused before asking", s: &server{content: zip},
			d: download.Download{Output: "", Binary: true}, tty: true, code: cmderr.Usage, err: "refusing to print a data to the terminal"},
		{name: "binary content to a terminal", s: &server{content: zip},
			d: download.Download{Output: "-"}, tty: true, code: cmderr.Usage, err: "refusing to print binary content", asked: 1},
		{name: "a failed check keeps the file", s: &server{content: content(100)},
			d:    download.Download{Output: "keep.bin", Verify: func(io.ReaderAt, int64) error { return cmderr.New(cmderr.Unavailable, "not an archive") }},
			code: cmderr.Unavailable, err: "not an archive", asked: 1},
		{name: "a failed check prints nothing", s: &server{content: content(100)},
			d:    download.Download{Output: "-", Verify: func(io.ReaderAt, int64) error { return errors.New("not an archive") }},
			code: cmderr.Generic, err: "not an archive", asked: 1},
		{name: "a directory without a name", s: &server{content: content(100)},
			d: download.Download{Output: "."}, code: cmderr.Usage, err: `"." is a directory: give a file name`},
		{name: "a missing directory", s: &server{content: content(100)},
			d: download.Download{Output: "nope/x"}, code: cmderr.Usage, err: `directory "nope" does not exist`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url := tc.s.start(t)
			r := run(t, plugintest.Options{Server: url, Cwd: dir, Terminal: &plugin.Terminal{StdoutTTY: tc.tty}}, func(c *plugin.Context) error {
				d := tc.d
				d.What, d.Open = "data", opener(c, url)
				_, err := download.Save(c, d)
				return err
			})
			if r.Code() != tc.code || (tc.err != "" && !strings.Contains(r.Err.Error(), tc.err)) {
				t.Fatalf("code %v, error %v; want %v %q", r.Code(), r.Err, tc.code, tc.err)
			}
			if r.Stdout != tc.stdout || len(tc.s.asked) != tc.asked {
				t.Fatalf("%d bytes printed, %d requests", len(r.Stdout), len(tc.s.asked))
			}
			if b, _ := os.ReadFile(filepath.Join(dir, "keep.bin")); string(b) != "old" {
				t.Fatalf("keep.bin holds %q", b)
			}
		})
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Fatalf("left behind: %v", entries)
	}
}

// TestSaveVerifiesBeforePrinting: to standard output, checked content is
// printed whole once the check passed; into a directory, under its name.
func TestSaveVerifiesAndNames(t *testing.T) {
	s := &server{content: content(300000)}
	url := s.start(t)
	dir := t.TempDir()
	var seen int64
	r := run(t, plugintest.Options{Server: url, Cwd: dir}, func(c *plugin.Context) error {
		_, err := download.Save(c, download.Download{Output: "-", What: "data", Open: opener(c, url),
			Verify: func(r io.ReaderAt, size int64) error {
				b, err := io.ReadAll(io.NewSectionReader(r, 0, size))
				seen = int64(len(b))
				return err
			}})
		if err != nil {
			return err
		}
		res, err := download.Save(c, download.Download{Output: ".", Name: "data.txt", What: "data", Open: opener(c, url),
			Verify: func(r io.ReaderAt, size int64) error {
				if b, _ := io.ReadAll(io.NewSectionReader(r, 0, size)); !bytes.Equal(b, s.content) {
					return errors.New("not the content")
				}
				return nil
			}})
		if err == nil && res.File != filepath.Join(dir, "data.txt") {
			err = fmt.Errorf("written to %s", res.File)
		}
		return err
	})
	if r.Err != nil || r.Stdout != string(s.content) || seen != 300000 {
		t.Fatalf("%v: %d bytes printed, %d checked", r.Err, len(r.Stdout), seen)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "data.txt")); !bytes.Equal(b, s.content) {
		t.Fatalf("data.txt holds %d bytes", len(b))
	}
}

// TestIntoSharedBar: downloads into files of a directory (outfile.CreateIn)
// add up on one bar, and a transfer started over takes its bytes back.
func TestIntoSharedBar(t *testing.T) {
	s := &server{content: content(100000), cut: []int{40000}}
	url := s.start(t)
	dir := t.TempDir()
	r := run(t, plugintest.Options{Cwd: dir}, func(c *plugin.Context) error {
		root, err := os.OpenRoot(dir)
		if err != nil {
			return err
		}
		defer root.Close()
		bar := c.Progress("get", "Downloading 2 files", 200000, "bytes")
		for _, name := range []string{"a", "b"} {
			f, err := outfile.CreateIn(root, name)
			if err != nil {
				return err
			}
			if _, err := download.Into(c, download.Download{What: name, Open: opener(c, url), Progress: bar, Idle: time.Minute}, f); err != nil {
				f.Abort()
				return err
			}
			if err := f.Commit(); err != nil {
				return err
			}
		}
		bar.Done("")
		return nil
	})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	for _, name := range []string{"a", "b"} {
		if b, _ := os.ReadFile(filepath.Join(dir, name)); !bytes.Equal(b, s.content) {
			t.Fatalf("%s holds %d bytes", name, len(b))
		}
	}
	for _, p := range r.Progress {
		if p.ID != "get" || p.Current > 200000 {
			t.Fatalf("progress %+v", p)
		}
	}
	if last := r.Progress[len(r.Progress)-1]; last.Current != 200000 || !last.Done {
		t.Fatalf("last progress %+v", last)
	}
}
