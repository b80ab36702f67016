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
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/kestractl/kestractl/bench/internal/peakrss"
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
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	if _, err := exec.LookPath("curl"); err != nil {
		return fmt.Errorf("curl is needed for the baseline: %w", err)
	}
	tmp, err := os.MkdirTemp("", "kestractl-bench-api-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	// A private copy of the binaries: the manifest cache stays warm even if
	// bin/ is rebuilt meanwhile, and no other plugin is described.
	private := filepath.Join(tmp, "bin")
	for _, name := range []string{"kestractl", "kestractl-api", "kestrasim"} {
		if err := copyFile(filepath.Join(bin, name), filepath.Join(private, name)); err != nil {
			return err
		}
	}
	srv, err := sim.Start(private)
	if err != nil {
		return err
	}
	defer srv.Stop()
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(tmp, "home"),
		"XDG_CACHE_HOME=" + filepath.Join(tmp, "cache"),
		"XDG_DATA_HOME=" + filepath.Join(tmp, "xdg-data"),
		"KESTRACTL_HOST=" + srv.URL,
		"KESTRACTL_USERNAME=" + sim.User,
		"KESTRACTL_PASSWORD=" + sim.Password,
	}
	big := filepath.Join(tmp, "big.bin")
	want, err := writeRandom(big, size)
	if err != nil {
		return err
	}
	fileURL := srv.URL + "/api/v1/main/namespaces/" + namespace + "/files?path=" + remote
	if out, err := exec.Command("curl", "-sS", "-f", "-u", sim.User+":"+sim.Password, "-F", "fileContent=@"+big, fileURL).CombinedOutput(); err != nil {
		return fmt.Errorf("upload with curl: %v: %s", err, out)
	}
	if err := os.Remove(big); err != nil {
		return err
	}
	apiArgs := []string{"api", "namespaces/" + namespace + "/files", "-X", "GET", "-f", "path=" + remote}

	// Warm the manifest cache, and check a download once: same bytes.
	check := filepath.Join(tmp, "check.bin")
	if err := kestractlTo(private, env, check, apiArgs); err != nil {
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

	fmt.Printf("api benchmark (kestrasim at %s, a %s namespace file to stdout > /dev/null, %d interleaved run(s))\n", srv.URL, human(size), runs)
	var k, c []peakrss.Result
	for i := range runs {
		kctl := func() error {
			r, err := measure(exec.Command(filepath.Join(private, "kestractl"), apiArgs...), env)
			k = append(k, r)
			return err
		}
		curl := func() error {
			r, err := measure(exec.Command("curl", "-sS", "-f", "-u", sim.User+":"+sim.Password, fileURL), nil)
			c = append(c, r)
			return err
		}
		first, second := curl, kctl
		if i%2 == 1 {
			first, second = kctl, curl
		}
		if err := first(); err != nil {
			return err
		}
		if err := second(); err != nil {
			return err
		}
	}
	report(size, k, c)
	return nil
}

// measure runs cmd with stdout on /dev/null (the process writes there
// itself: no pipe, no copy in this process).
func measure(cmd *exec.Cmd, env []string) (peakrss.Result, error) {
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		return peakrss.Result{}, err
	}
	defer null.Close()
	cmd.Stdout = null
	if env != nil {
		cmd.Env = env
	}
	return peakrss.Run(cmd, 5*time.Millisecond)
}

func kestractlTo(bin string, env []string, path string, args []string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var stderr strings.Builder
	cmd := exec.Command(filepath.Join(bin, "kestractl"), args...)
	cmd.Env, cmd.Stdout, cmd.Stderr = env, f, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("kestractl %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return nil
}

func report(size int64, k, c []peakrss.Result) {
	km, cm := median(k), median(c)
	var kPeak, cPeak int64
	var kTop peakrss.Result
	for _, r := range k {
		if r.PeakKiB > kPeak {
			kPeak, kTop = r.PeakKiB, r
		}
	}
	for _, r := range c {
		cPeak = max(cPeak, r.PeakKiB)
	}
	mibs := func(d time.Duration) float64 { return float64(size) / (1 << 20) / d.Seconds() }
	fmt.Printf("\nkestractl api download of %s to stdout\n", human(size))
	fmt.Printf("  kestractl (core + plugin)  median %7.2f s (%6.0f MiB/s)   cpu %6.2f s   peak RSS %6.1f MiB\n", km.Seconds(), mibs(km), medianCPU(k).Seconds(), float64(kPeak)/1024)
	fmt.Printf("    by process: %s\n", byProcess(kTop))
	fmt.Printf("  baseline: curl             median %7.2f s (%6.0f MiB/s)   cpu %6.2f s   peak RSS %6.1f MiB\n", cm.Seconds(), mibs(cm), medianCPU(c).Seconds(), float64(cPeak)/1024)
	fmt.Printf("  ratio time kestractl/curl: %.2fx\n", float64(km)/float64(cm))
	verdict := "meets"
	if kPeak > 64*1024 {
		verdict = "MISSES"
	}
	fmt.Printf("  kestractl peak RSS %.1f MiB — %s the 64 MiB target\n", float64(kPeak)/1024, verdict)
}

func byProcess(r peakrss.Result) string {
	var parts []string
	for key, kib := range r.PerProcess {
		_, name, _ := strings.Cut(key, " ")
		parts = append(parts, fmt.Sprintf("%s %.1f MiB", name, float64(kib)/1024))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

func median(rs []peakrss.Result) time.Duration {
	ds := make([]time.Duration, len(rs))
	for i, r := range rs {
		ds[i] = r.Wall
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2]
}

func medianCPU(rs []peakrss.Result) time.Duration {
	ds := make([]time.Duration, len(rs))
	for i, r := range rs {
		ds[i] = r.CPU
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2]
}

// writeRandom writes size pseudo-random bytes and returns their SHA-256.
func writeRandom(path string, size int64) ([32]byte, error) {
	f, err := os.Create(path)
	if err != nil {
		return [32]byte{}, err
	}
	defer f.Close()
	h := sha256.New()
	w := io.MultiWriter(f, h)
	block := make([]byte, 1<<20)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range block {
		block[i] = byte(r.Uint32())
	}
	for left := size; left > 0; {
		n := min(left, int64(len(block)))
		if _, err := w.Write(block[:n]); err != nil {
			return [32]byte{}, err
		}
		block[0]++ // no two blocks alike
		left -= n
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum, f.Close()
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

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("%w (run make build first)", err)
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func human(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d B", n)
}
