package fetch

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kestractl/kestractl/plugins/artifacts/checksum"
	"github.com/kestractl/kestractl/plugins/artifacts/coord"
	"github.com/kestractl/kestractl/plugins/artifacts/maven"
	"github.com/kestractl/kestractl/plugins/artifacts/store"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
)

// repo is a fake Maven repository with hooks to misbehave.
type repo struct {
	t    *testing.T
	mu   sync.Mutex
	jars map[string][]byte // by Maven path
	// published checksum algorithms (default: all).
	published []checksum.Algorithm
	// wrongChecksum publishes a checksum of other bytes.
	wrongChecksum bool
	// files replaces the content of published checksum files.
	files map[checksum.Algorithm]string
	// jarHook, when set, may answer a JAR request itself (return true).
	jarHook func(w http.ResponseWriter, r *http.Request, content []byte) bool
	// requests counts requests by path suffix: "jar", "sha256", ...
	requests map[string]int
	ranges   []string
	url      string
}

func newRepo(t *testing.T) *repo {
	r := &repo{t: t, jars: map[string][]byte{}, published: checksum.Preferred(), requests: map[string]int{}}
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	r.url = srv.URL + "/maven2"
	return r
}

func (r *repo) add(c coord.Coordinate, size int) []byte {
	b := make([]byte, size)
	rand.Read(b)
	r.mu.Lock()
	r.jars[c.MavenPath()] = b
	r.mu.Unlock()
	return b
}

func (r *repo) count(kind string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.requests[kind]
}

func (r *repo) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	p := strings.TrimPrefix(req.URL.Path, "/maven2/")
	r.mu.Lock()
	kind := "jar"
	var alg checksum.Algorithm
	for _, a := range checksum.Preferred() {
		if strings.HasSuffix(p, a.Ext()) {
			kind, alg = string(a), a
			p = strings.TrimSuffix(p, a.Ext())
		}
	}
	r.requests[kind]++
	if rg := req.Header.Get("Range"); rg != "" {
		r.ranges = append(r.ranges, rg)
	}
	content, ok := r.jars[p]
	published := false
	for _, a := range r.published {
		published = published || a == alg
	}
	hook := r.jarHook
	wrong := r.wrongChecksum
	file, replaced := r.files[alg]
	r.mu.Unlock()
	if !ok || (alg != "" && !published) {
		http.NotFound(w, req)
		return
	}
	if replaced {
		fmt.Fprint(w, file)
		return
	}
	if alg != "" {
		h := alg.New()
		h.Write(content)
		if wrong {
			h.Write([]byte("x"))
		}
		fmt.Fprintf(w, "%s  %s\n", hex.EncodeToString(h.Sum(nil)), filepath.Base(p))
		return
	}
	if hook != nil && hook(w, req, content) {
		return
	}
	http.ServeContent(w, req, "", time.Time{}, bytes.NewReader(content))
}

func (r *repo) source() *maven.Repository {
	client, err := kestra.New(kestra.Config{BaseURL: r.url, MaxAttempts: 2, Sleep: func(context.Context, time.Duration) error { return nil }})
	if err != nil {
		r.t.Fatal(err)
	}
	return maven.New(client)
}

type env struct {
	t    *testing.T
	repo *repo
	dir  *store.Dir
	path string
}

func newEnv(t *testing.T) *env {
	path := filepath.Join(t.TempDir(), "plugins")
	d, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return &env{t: t, repo: newRepo(t), dir: d, path: path}
}

func noSleep(context.Context, time.Duration) error { return nil }

func (e *env) run(ctx context.Context, opts Options, cs ...coord.Coordinate) ([]Result, Stop) {
	e.t.Helper()
	if opts.Sleep == nil {
		opts.Sleep = noSleep
	}
	jobs := make([]Job, len(cs))
	for i, c := range cs {
		jobs[i] = Job{Coordinate: c}
	}
	var out []Result
	stop := New(e.repo.source(), e.dir, opts).Run(ctx, jobs, func(r Result) { out = append(out, r) })
	for i, r := range out {
		if r.Index != i {
			e.t.Fatalf("result %d has index %d: out of order", i, r.Index)
		}
	}
	if len(out) != len(cs) {
		e.t.Fatalf("%d results for %d jobs", len(out), len(cs))
	}
	return out, stop
}

func (e *env) one(opts Options, c coord.Coordinate) Result {
	e.t.Helper()
	out, _ := e.run(context.Background(), opts, c)
	return out[0]
}

// files lists the plugins directory.
func (e *env) files() string {
	entries, _ := os.ReadDir(e.path)
	var names []string
	for _, x := range entries {
		names = append(names, x.Name())
	}
	return strings.Join(names, " ")
}

func (e *env) content(c coord.Coordinate) []byte {
	b, err := os.ReadFile(filepath.Join(e.path, c.FileName()))
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

var kafka = coord.Coordinate{GroupID: "io.kestra.plugin", ArtifactID: "plugin-kafka", Version: "1.6.0"}

func TestDownloadVerifyAndSkip(t *testing.T) {
	e := newEnv(t)
	want := e.repo.add(kafka, 300<<10)
	r := e.one(Options{}, kafka)
	if r.Status != Downloaded || r.Err != nil || r.Size != int64(len(want)) || !r.Record.Verified || r.Record.Algorithm != checksum.SHA256 {
		t.Fatalf("result %+v", r)
	}
	if !bytes.Equal(e.content(kafka), want) {
		t.Fatal("content differs")
	}
	if got := e.files(); got != ".io_kestra_plugin__plugin-kafka__1_6_0.jar.verified io_kestra_plugin__plugin-kafka__1_6_0.jar" {
		t.Fatalf("files: %s", got)
	}
	// A second run trusts the record: no request at all.
	jars, sums := e.repo.count("jar"), e.repo.count("sha256")
	r = e.one(Options{}, kafka)
	if r.Status != UpToDate || r.Check != ByRecord || e.repo.count("jar") != jars || e.repo.count("sha256") != sums {
		t.Fatalf("second run: %+v, requests %v", r, e.repo.requests)
	}
	// --force-redownload fetches it again.
	r = e.one(Options{Force: true}, kafka)
	if r.Status != Downloaded || e.repo.count("jar") != jars+1 {
		t.Fatalf("forced: %+v", r)
	}
}

func TestExistingFileWithoutRecordIsVerifiedByHashing(t *testing.T) {
	e := newEnv(t)
	want := e.repo.add(kafka, 1000)
	os.WriteFile(filepath.Join(e.path, kafka.FileName()), want, 0o644)
	r := e.one(Options{}, kafka)
	if r.Status != UpToDate || r.Check != Rehashed || r.Note != "re-hashed: it matches the published SHA-256 checksum" || e.repo.count("jar") != 0 || !r.Record.Verified {
		t.Fatalf("result %+v, jar requests %d", r, e.repo.count("jar"))
	}
	if _, ok := e.dir.Verified(kafka.FileName(), kafka.String()); !ok {
		t.Fatal("no record written")
	}
}

func TestExistingPartialFileAtFinalNameIsReplaced(t *testing.T) {
	e := newEnv(t)
	want := e.repo.add(kafka, 1000)
	// What the public kestractl may leave behind: a truncated JAR at the final name.
	os.WriteFile(filepath.Join(e.path, kafka.FileName()), want[:400], 0o644)
	r := e.one(Options{}, kafka)
	if r.Status != Downloaded || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "does not match the published SHA-256 checksum") {
		t.Fatalf("result %+v", r)
	}
	if !bytes.Equal(e.content(kafka), want) {
		t.Fatal("content differs")
	}
}

func TestChecksumMismatchLeavesNothing(t *testing.T) {
	e := newEnv(t)
	e.repo.add(kafka, 1000)
	e.repo.wrongChecksum = true
	r := e.one(Options{}, kafka)
	if r.Status != Failed || !strings.HasPrefix(r.Err.Error(), "checksum mismatch for io.kestra.plugin:plugin-kafka:1.6.0: expected SHA-256 ") {
		t.Fatalf("result %+v", r)
	}
	if got := e.files(); got != "" {
		t.Fatalf("files left: %s", got)
	}
}

func TestChecksumPolicy(t *testing.T) {
	all := checksum.Preferred()
	for _, tc := range []struct {
		published []checksum.Algorithm
		want      checksum.Algorithm
		verified  bool
		warning   string
	}{
		{all, checksum.SHA256, true, ""},
		{[]checksum.Algorithm{checksum.SHA512, checksum.SHA1, checksum.MD5}, checksum.SHA512, true, ""},
		{[]checksum.Algorithm{checksum.SHA1, checksum.MD5}, checksum.SHA1, true, ""},
		// MD5 is compared but never counts as verified.
		{[]checksum.Algorithm{checksum.MD5}, checksum.MD5, false, "only an MD5 checksum is published"},
		{nil, checksum.Local, false, "no checksum published"},
	} {
		e := newEnv(t)
		content := e.repo.add(kafka, 100)
		e.repo.published = tc.published
		r := e.one(Options{}, kafka)
		h := tc.want.New()
		h.Write(content)
		if r.Status != Downloaded || r.Record.Algorithm != tc.want || r.Record.Verified != tc.verified || r.Record.Digest != hex.EncodeToString(h.Sum(nil)) {
			t.Fatalf("%v: %+v", tc.published, r)
		}
		if tc.warning == "" && len(r.Warnings) != 0 || tc.warning != "" && (len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], tc.warning)) {
			t.Fatalf("%v: warnings %q", tc.published, r.Warnings)
		}
	}
}

func TestMD5OnlyIsRefusedWhenChecksumsAreRequired(t *testing.T) {
	e := newEnv(t)
	e.repo.add(kafka, 100)
	e.repo.published = []checksum.Algorithm{checksum.MD5}
	r := e.one(Options{RequireChecksums: true}, kafka)
	if r.Status != Failed || cmderr.CodeOf(r.Err) != cmderr.Generic || !strings.Contains(r.Err.Error(), "MD5 does not count as verification") || e.repo.count("jar") != 0 {
		t.Fatalf("%+v", r)
	}
}

func TestMD5MismatchStillFails(t *testing.T) {
	e := newEnv(t)
	e.repo.add(kafka, 100)
	e.repo.published = []checksum.Algorithm{checksum.MD5}
	e.repo.wrongChecksum = true
	if r := e.one(Options{}, kafka); r.Status != Failed || !strings.Contains(r.Err.Error(), "checksum mismatch") || e.files() != "" {
		t.Fatalf("%+v, files %q", r, e.files())
	}
}

// A checksum file that is published but unusable fails the JAR: it is
// neither installed unverified nor checked against a weaker checksum.
func TestUnusableChecksumFileFailsTheJAR(t *testing.T) {
	digest := sha256.Sum256([]byte("x"))
	for name, body := range map[string]string{
		"malformed": "<html>Moved</html>",
		"oversized": hex.EncodeToString(digest[:]) + "\n" + strings.Repeat(" ", checksum.MaxFile),
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			content := e.repo.add(kafka, 100)
			if name == "oversized" {
				sum := sha256.Sum256(content)
				body = hex.EncodeToString(sum[:]) + body[64:]
			}
			e.repo.files = map[checksum.Algorithm]string{checksum.SHA256: body}
			r := e.one(Options{}, kafka)
			if r.Status != Failed || !strings.Contains(r.Err.Error(), "unusable .sha256 file") || e.repo.count("jar") != 0 || e.repo.count("sha512") != 0 {
				t.Fatalf("%+v (%v), requests %v", r, r.Err, e.repo.requests)
			}
			if e.files() != "" {
				t.Fatalf("files: %s", e.files())
			}
		})
	}
}

func TestNoChecksumPublished(t *testing.T) {
	e := newEnv(t)
	e.repo.add(kafka, 100)
	e.repo.published = nil
	r := e.one(Options{RequireChecksums: true}, kafka)
	if r.Status != Failed || cmderr.CodeOf(r.Err) != cmderr.Generic || !strings.Contains(r.Err.Error(), "--require-checksums") || e.repo.count("jar") != 0 {
		t.Fatalf("required: %+v", r)
	}
	if e.files() != "" {
		t.Fatalf("files: %s", e.files())
	}
	r = e.one(Options{}, kafka)
	if r.Status != Downloaded || r.Record.Verified || r.Record.Algorithm != checksum.Local || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "no checksum published") {
		t.Fatalf("allowed: %+v", r)
	}
	// Recorded as unverified: skipped next time, but not when checksums are required.
	if r := e.one(Options{}, kafka); r.Status != UpToDate {
		t.Fatalf("rerun: %+v", r)
	}
	if r := e.one(Options{RequireChecksums: true}, kafka); r.Status != Failed {
		t.Fatalf("rerun with --require-checksums: %+v", r)
	}
}

func TestNotFound(t *testing.T) {
	e := newEnv(t)
	r := e.one(Options{}, kafka)
	if r.Status != Failed || cmderr.CodeOf(r.Err) != cmderr.NotFound ||
		r.Err.Error() != "artifact not found at "+e.repo.url+"/io/kestra/plugin/plugin-kafka/1.6.0/plugin-kafka-1.6.0.jar (HTTP 404): check that the groupId, artifactId and version exist on the repository" {
		t.Fatalf("result %+v (%v)", r, r.Err)
	}
}

func TestDroppedConnectionIsResumed(t *testing.T) {
	e := newEnv(t)
	want := e.repo.add(kafka, 1<<20)
	var drops atomic.Int32
	e.repo.jarHook = func(w http.ResponseWriter, r *http.Request, content []byte) bool {
		if drops.Add(1) > 2 {
			return false
		}
		// Promise the rest, send a part of it, then drop the connection.
		start := 0
		if rg := r.Header.Get("Range"); rg != "" {
			fmt.Sscanf(rg, "bytes=%d-", &start)
			w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, len(content)-1, len(content)))
			w.Header().Set("Content-Length", fmt.Sprint(len(content)-start))
			w.WriteHeader(http.StatusPartialContent)
		} else {
			w.Header().Set("Content-Length", fmt.Sprint(len(content)))
		}
		w.Write(content[start : start+100<<10])
		w.(http.Flusher).Flush()
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
		return true
	}
	var notices []string
	var mu sync.Mutex
	obs := observerFunc(func(_ int, msg string) { mu.Lock(); notices = append(notices, msg); mu.Unlock() })
	r := e.one(Options{Observer: obs}, kafka)
	if r.Status != Downloaded || !r.Resumed || r.Transferred != int64(len(want)) {
		t.Fatalf("result %+v", r)
	}
	if !bytes.Equal(e.content(kafka), want) {
		t.Fatal("content differs")
	}
	if len(e.repo.ranges) != 2 || e.repo.ranges[0] != "bytes=102400-" || e.repo.ranges[1] != "bytes=204800-" {
		t.Fatalf("ranges %v", e.repo.ranges)
	}
	if len(notices) != 2 || !strings.Contains(notices[0], "resuming at byte 102400") {
		t.Fatalf("notices %v", notices)
	}
}

func TestPartialDownloadFromEarlierRunIsResumed(t *testing.T) {
	e := newEnv(t)
	want := e.repo.add(kafka, 500<<10)
	os.WriteFile(filepath.Join(e.path, store.PartName(kafka.FileName())), want[:200<<10], 0o644)
	r := e.one(Options{}, kafka)
	if r.Status != Downloaded || !r.Resumed || r.Transferred != 300<<10 || len(r.Warnings) != 0 {
		t.Fatalf("result %+v", r)
	}
	if !bytes.Equal(e.content(kafka), want) || len(e.repo.ranges) != 1 {
		t.Fatalf("content or ranges %v", e.repo.ranges)
	}
}

func TestCorruptPartialDownloadIsRestarted(t *testing.T) {
	e := newEnv(t)
	want := e.repo.add(kafka, 100<<10)
	bad := bytes.Repeat([]byte{0}, 50<<10)
	os.WriteFile(filepath.Join(e.path, store.PartName(kafka.FileName())), bad, 0o644)
	r := e.one(Options{}, kafka)
	if r.Status != Downloaded || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "after resuming a partial download") {
		t.Fatalf("result %+v", r)
	}
	if !bytes.Equal(e.content(kafka), want) {
		t.Fatal("content differs")
	}
}

func TestOversizedPartialDownloadIsRestarted(t *testing.T) {
	e := newEnv(t)
	want := e.repo.add(kafka, 10<<10)
	os.WriteFile(filepath.Join(e.path, store.PartName(kafka.FileName())), make([]byte, 20<<10), 0o644)
	r := e.one(Options{}, kafka)
	if r.Status != Downloaded || !bytes.Equal(e.content(kafka), want) {
		t.Fatalf("result %+v", r)
	}
}

func TestRangeIgnoredByServer(t *testing.T) {
	e := newEnv(t)
	want := e.repo.add(kafka, 100<<10)
	os.WriteFile(filepath.Join(e.path, store.PartName(kafka.FileName())), want[:10<<10], 0o644)
	e.repo.jarHook = func(w http.ResponseWriter, r *http.Request, content []byte) bool {
		w.Write(content) // 200, whole file, whatever the Range
		return true
	}
	r := e.one(Options{}, kafka)
	if r.Status != Downloaded || !bytes.Equal(e.content(kafka), want) {
		t.Fatalf("result %+v", r)
	}
}

func TestStalledTransferIsResumed(t *testing.T) {
	e := newEnv(t)
	want := e.repo.add(kafka, 64<<10)
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	var calls atomic.Int32
	e.repo.jarHook = func(w http.ResponseWriter, r *http.Request, content []byte) bool {
		if calls.Add(1) > 1 {
			return false
		}
		w.Header().Set("Content-Length", fmt.Sprint(len(content)))
		w.Write(content[:1000])
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
		return true
	}
	r := e.one(Options{IdleTimeout: 100 * time.Millisecond}, kafka)
	if r.Status != Downloaded || !r.Resumed || !bytes.Equal(e.content(kafka), want) {
		t.Fatalf("result %+v", r)
	}
}

func TestConcurrentResultsComeInOrder(t *testing.T) {
	e := newEnv(t)
	var cs []coord.Coordinate
	for i := range 12 {
		c := coord.Coordinate{GroupID: "io.kestra.plugin", ArtifactID: fmt.Sprintf("plugin-%02d", i), Version: "1.0.0"}
		e.repo.add(c, 1000*(12-i))
		cs = append(cs, c)
	}
	e.repo.jarHook = func(w http.ResponseWriter, r *http.Request, content []byte) bool {
		time.Sleep(time.Duration(len(content)/1000) * time.Millisecond) // the first are the slowest
		return false
	}
	out, stop := e.run(context.Background(), Options{Concurrency: 4}, cs...)
	if stop != NotStopped {
		t.Fatalf("stop %q", stop)
	}
	for _, r := range out {
		if r.Status != Downloaded {
			t.Fatalf("%+v", r)
		}
	}
}

func TestOneFailureDoesNotStopTheOthers(t *testing.T) {
	e := newEnv(t)
	a := coord.Coordinate{GroupID: "g", ArtifactID: "a", Version: "1"}
	b := coord.Coordinate{GroupID: "g", ArtifactID: "b", Version: "1"}
	e.repo.add(b, 10)
	out, stop := e.run(context.Background(), Options{}, a, b)
	if stop != NotStopped || out[0].Status != Failed || out[1].Status != Downloaded {
		t.Fatalf("%v: %+v", stop, out)
	}
	out, stop = e.run(context.Background(), Options{FailFast: true, Force: true}, a, b)
	if stop != FailedFast || out[0].Status != Failed || out[1].Status != Cancelled {
		t.Fatalf("fail-fast %v: %+v", stop, out)
	}
}

func TestPersistentRateLimitStopsStartingNewDownloads(t *testing.T) {
	e := newEnv(t)
	var cs []coord.Coordinate
	for i := range 5 {
		c := coord.Coordinate{GroupID: "g", ArtifactID: fmt.Sprintf("a%d", i), Version: "1"}
		e.repo.add(c, 10)
		cs = append(cs, c)
	}
	e.repo.jarHook = func(w http.ResponseWriter, r *http.Request, content []byte) bool {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		return true
	}
	out, stop := e.run(context.Background(), Options{}, cs...)
	if stop != RateLimited || out[0].Status != Failed || !maven.IsRateLimited(out[0].Err) {
		t.Fatalf("%v: %+v", stop, out[0])
	}
	if out[4].Status != Cancelled {
		t.Fatalf("last: %+v", out[4])
	}
}

func TestCancelKeepsPartialDownload(t *testing.T) {
	e := newEnv(t)
	e.repo.add(kafka, 1<<20)
	ctx, cancel := context.WithCancel(context.Background())
	e.repo.jarHook = func(w http.ResponseWriter, r *http.Request, content []byte) bool {
		w.Header().Set("Content-Length", fmt.Sprint(len(content)))
		w.Write(content[:300<<10])
		w.(http.Flusher).Flush()
		<-r.Context().Done()
		return true
	}
	var got atomic.Int64
	obs := progressFunc(func(n int64) {
		if got.Add(n) == 300<<10 {
			cancel()
		}
	})
	out, stop := e.run(ctx, Options{Observer: obs}, kafka)
	if stop != Interrupted || out[0].Status != Cancelled {
		t.Fatalf("%v: %+v", stop, out[0])
	}
	fi, err := os.Stat(filepath.Join(e.path, store.PartName(kafka.FileName())))
	if err != nil || fi.Size() != 300<<10 {
		t.Fatalf("partial download: %v, %v", fi, err)
	}
	if _, err := os.Stat(filepath.Join(e.path, kafka.FileName())); !os.IsNotExist(err) {
		t.Fatal("a file exists at the final name")
	}
}

func TestJobErrorFailsAtOnce(t *testing.T) {
	e := newEnv(t)
	var out []Result
	New(e.repo.source(), e.dir, Options{}).Run(context.Background(), []Job{{Coordinate: coord.Coordinate{GroupID: "g", ArtifactID: "../x", Version: "1"}, Err: fmt.Errorf("bad entry")}}, func(r Result) { out = append(out, r) })
	if len(out) != 1 || out[0].Status != Failed || out[0].Err.Error() != "bad entry" || out[0].File != "" {
		t.Fatalf("%+v", out)
	}
}

type observerFunc func(i int, msg string)

func (f observerFunc) Started(int, int64, int64) {}
func (f observerFunc) Advanced(int, int64)       {}
func (f observerFunc) Notice(i int, msg string)  { f(i, msg) }
func (f observerFunc) Finished(Result)           {}

type progressFunc func(n int64)

func (f progressFunc) Started(int, int64, int64) {}
func (f progressFunc) Advanced(_ int, n int64)   { f(n) }
func (f progressFunc) Notice(int, string)        {}
func (f progressFunc) Finished(Result)           {}

// blindSource answers at once and never looks at the context: whether a
// job runs after a fail-fast failure depends only on the Fetcher, not on a
// request noticing the cancellation in time.
type blindSource struct {
	mu    sync.Mutex
	asked []coord.Coordinate
	fail  coord.Coordinate
}

func (s *blindSource) Checksum(_ context.Context, c coord.Coordinate) (checksum.Expected, error) {
	s.mu.Lock()
	s.asked = append(s.asked, c)
	s.mu.Unlock()
	if c == s.fail {
		return checksum.Expected{}, fmt.Errorf("broken")
	}
	sum := sha256.Sum256([]byte(c.String()))
	return checksum.Expected{Algorithm: checksum.SHA256, Hex: hex.EncodeToString(sum[:])}, nil
}

func (s *blindSource) Open(_ context.Context, c coord.Coordinate, _ int64) (*maven.Body, error) {
	b := []byte(c.String())
	return &maven.Body{ReadCloser: io.NopCloser(bytes.NewReader(b)), Size: int64(len(b))}, nil
}

// With --fail-fast, no job starts once a failure is known: the worker that
// failed used to pick the next job before the run recorded the stop, and
// that job ran to completion whenever it did not reach the network after
// the cancellation (seen as TestOneFailureDoesNotStopTheOthers failing
// under load). Many rounds, because the old window was narrow.
func TestFailFastStartsNothingAfterTheFailure(t *testing.T) {
	a := coord.Coordinate{GroupID: "g", ArtifactID: "a", Version: "1"}
	b := coord.Coordinate{GroupID: "g", ArtifactID: "b", Version: "1"}
	c := coord.Coordinate{GroupID: "g", ArtifactID: "c", Version: "1"}
	for round := range 200 {
		dir, err := store.Open(filepath.Join(t.TempDir(), "plugins"))
		if err != nil {
			t.Fatal(err)
		}
		src := &blindSource{fail: a}
		var out []Result
		stop := New(src, dir, Options{FailFast: true, Sleep: noSleep}).Run(context.Background(), []Job{{Coordinate: a}, {Coordinate: b}, {Coordinate: c}}, func(r Result) { out = append(out, r) })
		dir.Close()
		if stop != FailedFast || len(out) != 3 || out[0].Status != Failed || out[1].Status != Cancelled || out[2].Status != Cancelled {
			t.Fatalf("round %d: %v: %+v", round, stop, out)
		}
		if len(src.asked) != 1 {
			t.Fatalf("round %d: the source was asked for %v after the failure of %s", round, src.asked[1:], a)
		}
	}
}

// A server that cuts every answer gets a bounded number of attempts per
// file, with exponentially growing waits (with jitter), whether it cuts at
// the same point each time (ignoring the range: no progress) or lets each
// resume get a little further. It used to be retried every 250 ms until
// the global timeout.
func TestEveryAnswerCutIsRetriedWithBackoffThenGivenUp(t *testing.T) {
	for _, tc := range []struct {
		name        string
		honourRange bool
	}{
		{"same point, range ignored", false},
		{"a little further each time", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.repo.add(kafka, 1<<20)
			e.repo.jarHook = func(w http.ResponseWriter, r *http.Request, content []byte) bool {
				start := 0
				if rg := r.Header.Get("Range"); rg != "" && tc.honourRange {
					fmt.Sscanf(rg, "bytes=%d-", &start)
					w.Header().Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, len(content)-1, len(content)))
					w.Header().Set("Content-Length", fmt.Sprint(len(content)-start))
					w.WriteHeader(http.StatusPartialContent)
				} else {
					w.Header().Set("Content-Length", fmt.Sprint(len(content)))
				}
				w.Write(content[start : start+1000])
				w.(http.Flusher).Flush()
				conn, _, _ := w.(http.Hijacker).Hijack()
				conn.Close()
				return true
			}
			var mu sync.Mutex
			var waits []time.Duration
			sleep := func(ctx context.Context, d time.Duration) error {
				mu.Lock()
				waits = append(waits, d)
				mu.Unlock()
				return ctx.Err()
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			out, _ := e.run(ctx, Options{Sleep: sleep}, kafka)
			r := out[0]
			if r.Status != Failed || cmderr.CodeOf(r.Err) != cmderr.Unavailable || !strings.Contains(r.Err.Error(), "gave up after 5 attempts; run again to resume") {
				t.Fatalf("result %+v (%v)", r, r.Err)
			}
			if n := e.repo.count("jar"); n != kestra.DefaultMaxAttempts {
				t.Fatalf("%d JAR requests, want %d", n, kestra.DefaultMaxAttempts)
			}
			if len(waits) != kestra.DefaultMaxAttempts-1 {
				t.Fatalf("waits %v", waits)
			}
			for k, w := range waits {
				full := 200 * time.Millisecond << k
				if w < full/2 || w > full {
					t.Fatalf("wait %d is %s, want between %s and %s (all: %v)", k+1, w, full/2, full, waits)
				}
			}
			// The partial download is kept for the next run.
			if _, err := os.Stat(filepath.Join(e.path, store.PartName(kafka.FileName()))); err != nil {
				t.Fatalf("partial download: %v", err)
			}
		})
	}
}

// Issue 20 #12: coordinates that differ only by '.' and '_' are separate
// JARs, even in one run (they used to be downloaded into the same file).
func TestLookalikeCoordinatesGetTheirOwnFiles(t *testing.T) {
	e := newEnv(t)
	dotted := coord.Coordinate{GroupID: "g.a", ArtifactID: "b", Version: "1.0"}
	under := coord.Coordinate{GroupID: "g_a", ArtifactID: "b", Version: "1.0"}
	version := coord.Coordinate{GroupID: "g.a", ArtifactID: "b", Version: "1_0"}
	cs := []coord.Coordinate{dotted, under, version}
	want := map[coord.Coordinate][]byte{}
	for _, c := range cs {
		want[c] = e.repo.add(c, 1000)
	}
	out, _ := e.run(context.Background(), Options{Concurrency: 3}, cs...)
	for i, c := range cs {
		if out[i].Status != Downloaded || !bytes.Equal(e.content(c), want[c]) {
			t.Fatalf("%v: %+v", c, out[i])
		}
	}
	if got := e.files(); got != ".g.a~b~1_0.jar.verified .g_a__b__1_0.jar.verified .g_a~b~1.0.jar.verified g.a~b~1_0.jar g_a__b__1_0.jar g_a~b~1.0.jar" {
		t.Fatalf("files: %s", got)
	}
}

// A JAR that an earlier version stored under its legacy name, recorded as
// its coordinate's, is renamed and kept: no download.
func TestLegacyNamedJARIsAdopted(t *testing.T) {
	e := newEnv(t)
	under := coord.Coordinate{GroupID: "g_a", ArtifactID: "b", Version: "1.0"}
	content := e.repo.add(under, 1000)
	legacy := under.LegacyFileName()
	os.WriteFile(filepath.Join(e.path, legacy), content, 0o644)
	sum := sha256.Sum256(content)
	if _, err := e.dir.Record(legacy, store.Record{Coordinate: under.String(), Algorithm: checksum.SHA256, Digest: hex.EncodeToString(sum[:]), Verified: true}); err != nil {
		t.Fatal(err)
	}
	var notices []string
	obs := observerFunc(func(_ int, msg string) { notices = append(notices, msg) })
	r := e.one(Options{Observer: obs}, under)
	if r.Status != UpToDate || r.Check != ByRecord || e.repo.count("jar") != 0 || !bytes.Equal(e.content(under), content) {
		t.Fatalf("%+v, %d JAR requests", r, e.repo.count("jar"))
	}
	if got := e.files(); got != ".g_a~b~1.0.jar.verified g_a~b~1.0.jar" {
		t.Fatalf("files: %s", got)
	}
	if len(notices) != 1 || notices[0] != "g_a:b:1.0: renamed g_a__b__1_0.jar to g_a~b~1.0.jar (file names now tell apart coordinates that differ only by '.' and '_')" {
		t.Fatalf("notices %q", notices)
	}
}
