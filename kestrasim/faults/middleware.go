package faults

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// injector draws the fault of each matching request.
type injector struct {
	spec *Spec
	mu   sync.Mutex
	rnd  *rand.Rand
}

// Middleware injects the faults of spec in front of next. An injected error
// is answered before next runs, so it never changes anything; a dropped
// request runs next completely, then its connection is cut mid-response.
func Middleware(spec *Spec, next http.Handler) http.Handler {
	seed := spec.Seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	in := &injector{spec: spec, rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !spec.Matches(r.Method, r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		if spec.Latency > 0 {
			t := time.NewTimer(spec.Latency)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		u, code := in.draw()
		switch {
		case u < spec.Rate:
			writeInjected(w, code, spec.RetryAfter)
		case u < spec.Rate+spec.Drop:
			dw := &dropWriter{ResponseWriter: w}
			next.ServeHTTP(dw, r)
			// The handler is done: whatever it did is applied. Cut the
			// connection before the (rest of the) response is delivered.
			panic(http.ErrAbortHandler)
		default:
			next.ServeHTTP(w, r)
		}
	})
}

func (in *injector) draw() (float64, int) {
	in.mu.Lock()
	defer in.mu.Unlock()
	u := in.rnd.Float64()
	code := in.spec.Codes[in.rnd.IntN(len(in.spec.Codes))]
	return u, code
}

func writeInjected(w http.ResponseWriter, code, retryAfter int) {
	h := w.Header()
	if code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable {
		h.Set("Retry-After", strconv.Itoa(retryAfter))
	}
	body := `{"message":"` + http.StatusText(code) + ` (fault injected by kestrasim)"}`
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	_, _ = w.Write([]byte(body))
}

// dropWriter sends the status line, the headers and half of the first body
// write, then aborts the connection.
type dropWriter struct {
	http.ResponseWriter
	status int
}

func (d *dropWriter) WriteHeader(code int) {
	if d.status == 0 {
		d.status = code
	}
}

func (d *dropWriter) Write(p []byte) (int, error) {
	if d.status == 0 {
		d.status = http.StatusOK
	}
	d.ResponseWriter.WriteHeader(d.status)
	if half := len(p) / 2; half > 0 {
		_, _ = d.ResponseWriter.Write(p[:half])
	}
	if f, ok := d.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
	panic(http.ErrAbortHandler)
}

// Flush is swallowed: nothing is delivered before the drop.
func (d *dropWriter) Flush() {}
