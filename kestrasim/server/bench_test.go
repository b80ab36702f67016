package server

import (
	"bufio"
	"encoding/json"
	"net/url"

	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kestractl/kestractl/kestrasim/maven"
)

// benchServer runs a simulator on a loopback listener, without contract
// validation.
func benchServer(b *testing.B, mutate ...func(*Options)) (*httptest.Server, string) {
	b.Helper()
	opts := Options{BasicUser: adminUser, BasicPass: adminPass, DataDir: b.TempDir()}
	for _, m := range mutate {
		m(&opts)
	}
	srv, err := New(opts)
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	b.Cleanup(func() { ts.Close(); srv.Close() })
	return ts, basic(adminUser, adminPass)
}

// BenchmarkSmallGETs measures small authenticated GETs over loopback with
// keep-alive connections (the simulator must never be a kestractl
// benchmark's bottleneck: the target is >= 5,000 req/s on 2 cores).
func BenchmarkSmallGETs(b *testing.B) {
	ts, auth := benchServer(b)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	post, _ := http.NewRequest("POST", ts.URL+"/api/v1/main/flows", strings.NewReader(flowYAML("company.team", "hello")))
	post.Header.Set("Authorization", auth)
	post.Header.Set("Content-Type", "application/x-yaml")
	res, err := client.Do(post)
	if err != nil || res.StatusCode != 200 {
		b.Fatalf("create flow: %v %v", err, res)
	}
	res.Body.Close()
	url := ts.URL + "/api/v1/main/flows/company.team/hello"
	var failures atomic.Int64
	b.SetParallelism(8)
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", auth)
		for pb.Next() {
			res, err := client.Do(req)
			if err != nil {
				failures.Add(1)
				continue
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				failures.Add(1)
			}
		}
	})
	elapsed := time.Since(start)
	b.StopTimer()
	if n := failures.Load(); n > 0 {
		b.Fatalf("%d failed requests", n)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
}

// transferSize is 64 MiB, or 1 GiB with KESTRASIM_BIG=1.
func transferSize() int64 {
	if os.Getenv("KESTRASIM_BIG") == "1" {
		return 1 << 30
	}
	return 64 << 20
}

// memoryWatch samples the heap while a transfer runs and reads the peak
// resident set size of the process (reset first through clear_refs).
type memoryWatch struct {
	stop     chan struct{}
	done     sync.WaitGroup
	heapPeak atomic.Uint64
}

func watchMemory() *memoryWatch {
	runtime.GC()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // reset VmHWM (Linux)
	w := &memoryWatch{stop: make(chan struct{})}
	w.done.Add(1)
	go func() {
		defer w.done.Done()
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > w.heapPeak.Load() {
				w.heapPeak.Store(ms.HeapInuse)
			}
			select {
			case <-w.stop:
				return
			case <-t.C:
			}
		}
	}()
	return w
}

func (w *memoryWatch) report(b *testing.B) {
	close(w.stop)
	w.done.Wait()
	b.ReportMetric(float64(w.heapPeak.Load())/(1<<20), "heap-peak-MiB")
	if kb := peakRSSKiB(); kb > 0 {
		b.ReportMetric(float64(kb)/1024, "rss-peak-MiB")
		if kb > 64<<10 {
			b.Errorf("peak RSS %d KiB is over 64 MiB", kb)
		}
	}
}

func peakRSSKiB() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return n
		}
	}
	return 0
}

// BenchmarkNamespaceFileTransfer uploads then downloads one large namespace
// file; both sides stream, so memory stays flat.
func BenchmarkNamespaceFileTransfer(b *testing.B) {
	size := transferSize()
	ts, auth := benchServer(b)
	content := maven.NewContent("bench:file:1", size)
	url := ts.URL + "/api/v1/main/namespaces/company/files?path=/big.bin"
	b.SetBytes(2 * size)
	w := watchMemory()
	for b.Loop() {
		pr, pw := io.Pipe()
		mw := multipart.NewWriter(pw)
		go func() {
			fw, err := mw.CreateFormFile("fileContent", "big.bin")
			if err == nil {
				_, err = io.Copy(fw, content.Reader())
			}
			if err == nil {
				err = mw.Close()
			}
			pw.CloseWithError(err)
		}()
		req, _ := http.NewRequest("POST", url, pr)
		req.Header.Set("Authorization", auth)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		res, err := http.DefaultClient.Do(req)
		if err != nil || res.StatusCode != http.StatusOK {
			b.Fatalf("upload: %v %v", err, res)
		}
		res.Body.Close()

		get, _ := http.NewRequest("GET", url, nil)
		get.Header.Set("Authorization", auth)
		res, err = http.DefaultClient.Do(get)
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if err != nil || n != size {
			b.Fatalf("download: %d bytes, %v", n, err)
		}
	}
	w.report(b)
}

// BenchmarkJarDownload serves one large JAR and its .sha512.
func BenchmarkJarDownload(b *testing.B) {
	size := transferSize()
	ts, _ := benchServer(b, func(o *Options) { o.JarSize = size })
	url := ts.URL + "/maven2/io/kestra/plugin/plugin-aws/2.0.1/plugin-aws-2.0.1.jar"
	b.SetBytes(size)
	w := watchMemory()
	i := 0
	for b.Loop() {
		i++
		res, err := http.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if err != nil || n != size {
			b.Fatalf("download: %d bytes, %v", n, err)
		}
		if i == 1 {
			res, err := http.Get(url + ".sha512")
			if err != nil || res.StatusCode != 200 {
				b.Fatalf("sha512: %v", err)
			}
			res.Body.Close()
		}
	}
	w.report(b)
}

// BenchmarkOutputFileDownload runs a flow whose Write task makes an output
// file of transferSize generated bytes, then downloads it through the
// execution file route: the bytes are generated as they are sent, so memory
// stays flat whatever the size.
func BenchmarkOutputFileDownload(b *testing.B) {
	size := transferSize()
	ts, auth := benchServer(b)
	do := func(method, path, ct string, body io.Reader) *http.Response {
		req, _ := http.NewRequest(method, ts.URL+path, body)
		req.Header.Set("Authorization", auth)
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		return res
	}
	flow := "id: big\nnamespace: bench\ntasks:\n  - id: out\n    type: io.kestra.plugin.core.storage.Write\n    size: " + strconv.FormatInt(size, 10) + "\n    extension: .bin\n"
	res := do("POST", "/api/v1/main/flows", "application/x-yaml", strings.NewReader(flow))
	res.Body.Close()
	res = do("POST", "/api/v1/main/executions/bench/big?wait=true", "", nil)
	var e struct {
		ID          string `json:"id"`
		TaskRunList []struct {
			Outputs map[string]string `json:"outputs"`
		} `json:"taskRunList"`
	}
	if err := json.NewDecoder(res.Body).Decode(&e); err != nil || len(e.TaskRunList) != 1 {
		b.Fatalf("run: %v %+v", err, e)
	}
	res.Body.Close()
	path := "/api/v1/main/executions/" + e.ID + "/file?path=" + url.QueryEscape(e.TaskRunList[0].Outputs["uri"])
	b.SetBytes(size)
	w := watchMemory()
	for b.Loop() {
		res := do("GET", path, "", nil)
		n, err := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if err != nil || n != size {
			b.Fatalf("download: %d bytes, %v", n, err)
		}
	}
	w.report(b)
}
