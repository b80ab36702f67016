package hostsvc

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// screen is a terminal's stderr written by mpb's goroutine and the test.
type screen struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *screen) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Reset()
}

// waitFor waits until the screen shows every string of want.
func (s *screen) waitFor(t *testing.T, want ...string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := s.String()
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(got, w)
		}
		if ok {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("the screen never showed %q:\n%q", want, got)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestBarsShowCountsRateAndETA(t *testing.T) {
	var s screen
	b := NewBars(&s, 100)
	defer b.Close()
	b.Update(&pb.ProgressUpdate{Id: "all", Label: "files", Current: 5, Total: 10})
	b.Update(&pb.ProgressUpdate{Id: "f", Label: "a.jar", Current: 1536, Total: 2048, Unit: "bytes"})
	b.Update(&pb.ProgressUpdate{Id: "n", Label: "pages", Current: 7})
	got := s.waitFor(t, "files", "5 / 10", "50 %", "/s", "a.jar", "1.5 KiB / 2.0 KiB", "75 %", "pages", "7")
	for _, line := range strings.Split(got, "\n") {
		if w := len([]rune(stripEscapes(line))); w > 100 {
			t.Fatalf("a line of %d columns on a terminal of 100: %q", w, line)
		}
	}
	// The overall bar keeps up: its last value shows without another update.
	s.Reset()
	b.Update(&pb.ProgressUpdate{Id: "all", Label: "files", Current: 9, Total: 10})
	s.waitFor(t, "9 / 10", "90 %")
}

func TestBarsStepAsideAndLeave(t *testing.T) {
	var s screen
	b := NewBars(&s, 80)
	b.Update(&pb.ProgressUpdate{Id: "a", Label: "upload", Current: 1, Total: 4})
	s.waitFor(t, "upload")
	s.Reset()
	// Output goes above the bars: they are erased first, then drawn again
	// below it.
	if err := b.Around(func() error { _, err := s.Write([]byte("Uploaded a.txt\n")); return err }); err != nil {
		t.Fatal(err)
	}
	got := s.String()
	if !strings.HasPrefix(got, "\x1b[1A\x1b[J") || !strings.Contains(got, "Uploaded a.txt\n") || !strings.Contains(got[strings.Index(got, "Uploaded"):], "upload") {
		t.Fatalf("around:\n%q", got)
	}
	// A finished bar leaves the display; Close erases what is left and
	// nothing is drawn afterwards.
	b.Update(&pb.ProgressUpdate{Id: "a", Current: 4, Total: 4, Done: true})
	b.Update(&pb.ProgressUpdate{Id: "never-started", Done: true})
	b.Close()
	s.Reset()
	b.Update(&pb.ProgressUpdate{Id: "late", Label: "late", Current: 1, Total: 2})
	if err := b.Around(func() error { _, err := s.Write([]byte("after\n")); return err }); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * refreshRate)
	if got := s.String(); got != "after\n" {
		t.Fatalf("closed bars still drawn: %q", got)
	}
}

func TestBarsWithAFailure(t *testing.T) {
	var s screen
	b := NewBars(&s, 80)
	defer b.Close()
	b.Update(&pb.ProgressUpdate{Id: "x", Label: "broken.jar", Current: 1, Total: 10, Unit: "bytes"})
	s.waitFor(t, "broken.jar")
	b.Update(&pb.ProgressUpdate{Id: "x", Done: true, Error: "checksum mismatch"})
	if len(b.bars) != 0 {
		t.Fatalf("bars left: %v", b.bars)
	}
}

// stripEscapes drops ANSI escape sequences.
func stripEscapes(s string) string {
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b {
			for i < len(s) && !(s[i] >= 'A' && s[i] <= 'Z' || s[i] >= 'a' && s[i] <= 'z') {
				i++
			}
			continue
		}
		out.WriteByte(s[i])
	}
	return out.String()
}
