// Command api benchmarks `kestractl api` streaming a large answer: a
// namespace file (default 1 GiB) downloaded from a local kestrasim to
// stdout (redirected to /dev/null), against curl fetching the same file in
// the same run, interleaved.
//
//   - peak RSS of core + plugin (target ≤ 64 MiB): the body goes through
//     the plugin and the core in chunks, never whole;
//   - wall time as a ratio to curl's (reported; the path has two more hops
//     than curl: plugin → core over gRPC → stdout).
//
// One more run writes the download to a file and checks its SHA-256
// against the uploaded file's, so that the benchmark measures a correct
// transfer. Peak RSS is the sum of each process's VmHWM over the
// command's process tree, polled from /proc.
package main

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/kestractl/kestractl/bench/internal/compare"
	"github.com/kestractl/kestractl/bench/internal/payload"
	"github.com/kestractl/kestractl/bench/internal/peakrss"
	"github.com/kestractl/kestractl/bench/internal/session"
	"github.com/kestractl/kestractl/bench/internal/sim"
)

// remote is where the file is stored.
const (
	namespace = "bench"
	remote    = "/big.bin"
)

func main() {
	bin := flag.String("bin", "bin", "directory holding the kestractl binaries and kestrasim")
	size := flag.Int64("size", 1<<30, "size of the file in bytes")
	runs := flag.Int("runs", 3, "interleaved runs of each download")
	flag.Parse()
	if err := run(*bin, *size, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(bin string, size int64, runs int) error {
	s, err := session.Start("api", bin, session.Options{Private: []string{"kestractl", "kestractl-api", "kestrasim"}, Tools: []string{"curl"}})
	if err != nil {
		return err
	}
	defer s.Close()
	big := filepath.Join(s.Tmp, "big.bin")
	want, err := payload.WriteRandom(big, size)
	if err != nil {
		return err
	}
	fileURL := s.Sim.URL + "/api/v1/main/namespaces/" + namespace + "/files?path=" + remote
	if out, err := sim.Curl("-F", "fileContent=@"+big, fileURL).CombinedOutput(); err != nil {
		return fmt.Errorf("upload with curl: %v: %s", err, out)
	}
	if err := os.Remove(big); err != nil {
		return err
	}
	apiArgs := []string{"api", "namespaces/" + namespace + "/files", "-X", "GET", "-f", "path=" + remote}

	// Warm the manifest cache, and check a download once: same bytes.
	check := filepath.Join(s.Tmp, "check.bin")
	if err := kestractlTo(s, check, apiArgs); err != nil {
		return err
	}
	got, err := sha256File(check)
	if err != nil {
		return err
	}
	if got != want {
		return fmt.Errorf("kestractl api downloaded a different file: sha256 %x, want %x", got, want)
	}
	os.Remove(check)

	fmt.Printf("api benchmark (kestrasim at %s, a %s namespace file to stdout > /dev/null, %d interleaved run(s))\n", s.Sim.URL, payload.Size(size), runs)
	var k, c []peakrss.Result
	err = compare.Rounds(runs,
		func(int) error {
			r, err := measure(sim.Curl(fileURL))
			c = append(c, r)
			return err
		},
		func(int) error {
			r, err := measure(s.Kestractl(apiArgs...))
			k = append(k, r)
			return err
		})
	if err != nil {
		return err
	}
	compare.Report("kestractl api download of "+payload.Size(size)+" to stdout", k, c, "curl", compare.Target{PeakMiB: 64})
	mibs := func(d time.Duration) float64 { return float64(size) / (1 << 20) / d.Seconds() }
	fmt.Printf("  throughput (median): kestractl %.0f MiB/s, curl %.0f MiB/s\n", mibs(compare.Median(k)), mibs(compare.Median(c)))
	return nil
}

// measure runs cmd with stdout on /dev/null (the process writes there
// itself: no pipe, no copy in this process).
func measure(cmd *exec.Cmd) (peakrss.Result, error) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return peakrss.Result{}, err
	}
	defer null.Close()
	cmd.Stdout = null
	return peakrss.Run(cmd, 5*time.Millisecond)
}

func kestractlTo(s *session.Session, path string, args []string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var stderr strings.Builder
	cmd := s.Kestractl(args...)
	cmd.Stdout, cmd.Stderr = f, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("kestractl %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return nil
}

func sha256File(path string) ([32]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return [32]byte{}, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return [32]byte{}, err
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum, nil
}
