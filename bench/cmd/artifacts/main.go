// Command artifacts measures `kestractl plugins download`: 200 JARs of
// 5 MiB from kestrasim with --concurrency 8 (hashed and verified against
// the published SHA-512, fsynced, renamed) against `curl --parallel
// --parallel-max 8` fetching the same URLs without any check, and against
// the same curl followed by an fsync of every file (the durable-write cost
// of this disk), all timed in the same run and interleaved; the peak RSS of
// the kestractl processes; and a second run with every JAR already present.
package main

import (
	"crypto/sha256"
	"crypto/sha512"
	"flag"
	"fmt"
	"hash"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/kestractl/kestractl/bench/internal/measure"
)

func main() {
	bin := flag.String("bin", "bin", "directory holding the kestractl binaries and kestrasim")
	jars := flag.Int("jars", 200, "number of JARs")
	size := flag.Int64("size", 5<<20, "size of each JAR in bytes")
	conc := flag.Int("concurrency", 8, "parallel downloads (both tools)")
	rounds := flag.Int("rounds", 3, "timed rounds of each cold download")
	rssChild := flag.Bool("rss-child", false, "internal: run the command after -- and print the peak RSS of its process tree")
	flag.Parse()
	if *rssChild {
		os.Exit(rssOf(flag.Args()))
	}
	if err := run(*bin, *jars, *size, *conc, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(bin string, jars int, size int64, conc, rounds int) error {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	if _, err := exec.LookPath("curl"); err != nil {
		return fmt.Errorf("the baseline needs curl on PATH: %w", err)
	}
	tmp, err := os.MkdirTemp("", "kestractl-bench-artifacts-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	sim, err := startKestrasim(filepath.Join(bin, "kestrasim"), tmp, size)
	if err != nil {
		return err
	}
	defer sim.stop()

	coords := make([]string, jars)
	var curlCfg strings.Builder
	for i := range coords {
		a := fmt.Sprintf("plugin-bench-%03d", i)
		coords[i] = "io.kestra.bench:" + a + ":1.0.0"
		fmt.Fprintf(&curlCfg, "url = \"%s/maven2/io/kestra/bench/%s/1.0.0/%s-1.0.0.jar\"\noutput = \"%s.jar\"\n", sim.url, a, a, a)
	}
	cfgFile := filepath.Join(tmp, "curl.cfg")
	if err := os.WriteFile(cfgFile, []byte(curlCfg.String()), 0o644); err != nil {
		return err
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(tmp, "home"),
		"XDG_CACHE_HOME=" + filepath.Join(tmp, "cache"),
		"XDG_DATA_HOME=" + filepath.Join(tmp, "data"),
	}
	curlDir := filepath.Join(tmp, "curl")
	kDir := filepath.Join(tmp, "plugins")
	curl := func() *exec.Cmd {
		c := exec.Command("curl", "--silent", "--show-error", "--fail", "--parallel", "--parallel-max", fmt.Sprint(conc), "--config", cfgFile)
		c.Dir = curlDir
		return c
	}
	kargs := []string{"plugins", "download", "--plugins", strings.Join(coords, " "), "--concurrency", fmt.Sprint(conc),
		"--plugins-dir", kDir, "--maven-repository", sim.url + "/maven2", "--keep-only-last-version=false"}
	kestractl := func() *exec.Cmd {
		c := exec.Command(filepath.Join(bin, "kestractl"), kargs...)
		c.Env = env
		return c
	}
	reset := func(dir string) error {
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		return os.MkdirAll(dir, 0o755)
	}

	// Warm-up: kestrasim computes each JAR's digests once; the page cache
	// and the manifest cache warm up too.
	if err := reset(curlDir); err != nil {
		return err
	}
	if _, err := measure.Timed(curl()); err != nil {
		return fmt.Errorf("curl warm-up: %w", err)
	}
	if _, err := measure.Timed(kestractl()); err != nil {
		return fmt.Errorf("kestractl warm-up: %w", err)
	}

	// Each timed run starts with no dirty page cache (syscall.Sync, not
	// timed): a run's fsyncs must not pay for the previous run's writes.
	var curlRuns, durableRuns, kRuns []time.Duration
	for i := 0; i < rounds; i++ {
		if err := reset(curlDir); err != nil {
			return err
		}
		syscall.Sync()
		d, err := measure.Timed(curl())
		if err != nil {
			return fmt.Errorf("curl: %w", err)
		}
		curlRuns = append(curlRuns, d)
		// The same, then made durable as kestractl makes every JAR
		// before its rename (fsync of each file, conc at a time).
		if err := reset(curlDir); err != nil {
			return err
		}
		syscall.Sync()
		start := time.Now()
		if _, err := measure.Timed(curl()); err != nil {
			return fmt.Errorf("curl: %w", err)
		}
		if err := fsyncAll(curlDir, conc); err != nil {
			return err
		}
		durableRuns = append(durableRuns, time.Since(start))
		if err := reset(kDir); err != nil {
			return err
		}
		syscall.Sync()
		d, err = measure.Timed(kestractl())
		if err != nil {
			return fmt.Errorf("kestractl: %w", err)
		}
		kRuns = append(kRuns, d)
	}
	if n := countJars(kDir); n != jars {
		return fmt.Errorf("kestractl left %d JARs, want %d", n, jars)
	}

	// Everything present: nothing to download.
	var warm []time.Duration
	for i := 0; i < 5; i++ {
		d, err := measure.Timed(kestractl())
		if err != nil {
			return fmt.Errorf("kestractl (everything present): %w", err)
		}
		warm = append(warm, d)
	}

	// Peak RSS of a cold run, measured in a child that owns the process tree.
	if err := reset(kDir); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	rss := exec.Command(self, append([]string{"-rss-child", "--", filepath.Join(bin, "kestractl")}, kargs...)...)
	rss.Env = env
	out, err := rss.Output()
	if err != nil {
		return fmt.Errorf("rss run: %w", err)
	}
	var peakKiB int64
	if _, err := fmt.Sscan(string(out), &peakKiB); err != nil {
		return fmt.Errorf("rss run printed %q", out)
	}

	c, cd, k, w := measure.Median(curlRuns), measure.Median(durableRuns), measure.Median(kRuns), measure.Median(warm)
	total := float64(int64(jars)*size) / (1 << 20)
	fmt.Printf("artifacts benchmark: %d JARs of %.1f MiB (%.0f MiB), concurrency %d, %d interleaved rounds\n", jars, float64(size)/(1<<20), total, conc, rounds)
	fmt.Printf("  baseline curl --parallel --parallel-max %d (no verification)  median %8s  (%.0f MiB/s)\n", conc, ms(c), total/c.Seconds())
	fmt.Printf("  baseline curl, then fsync of every file (durable, as kestractl) median %8s  (%.0f MiB/s)\n", ms(cd), total/cd.Seconds())
	fmt.Printf("  kestractl plugins download (SHA-512 verified, fsynced, renamed) median %8s  (%.0f MiB/s)\n", ms(k), total/k.Seconds())
	fmt.Printf("  ratio kestractl/curl (median): %.2fx — %s the 1.2x target\n", float64(k)/float64(c), verdict(float64(k)/float64(c) <= 1.2))
	fmt.Printf("  ratio kestractl/durable curl (median): %.2fx (what verification costs once both write durably)\n", float64(k)/float64(cd))
	fmt.Printf("  peak RSS of the kestractl processes: %.1f MiB — %s the 64 MiB target\n", float64(peakKiB)/1024, verdict(peakKiB <= 64*1024))
	fmt.Printf("  second run, everything present: median %s — %s the 1 s target\n", ms(w), verdict(w <= time.Second))
	s512, s256 := hashRate(sha512.New()), hashRate(sha256.New())
	fmt.Printf("  context: SHA-512 hashes %.0f MiB/s on one core here (%.1f core-s for this run), SHA-256 %.0f MiB/s\n", s512, total/s512, s256)
	return nil
}

// hashRate measures a hash's single-core throughput in MiB/s.
func hashRate(h hash.Hash) float64 {
	buf := make([]byte, 256<<10)
	start := time.Now()
	n := 0
	for time.Since(start) < 300*time.Millisecond {
		h.Write(buf)
		n += len(buf)
	}
	return float64(n) / (1 << 20) / time.Since(start).Seconds()
}

func verdict(ok bool) string {
	if ok {
		return "meets"
	}
	return "MISSES"
}

// rssOf runs args and prints the largest peak RSS (KiB) among the processes
// it started and waited for (kestractl and the plugin it reaps).
func rssOf(args []string) int {
	if len(args) == 0 {
		return 2
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(ru.Maxrss) // KiB on Linux
	return 0
}

func countJars(dir string) int {
	m, _ := filepath.Glob(filepath.Join(dir, "*.jar"))
	return len(m)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d.Microseconds())/1000) }

type kestrasim struct {
	cmd *exec.Cmd
	url string
}

func startKestrasim(path, tmp string, size int64) (*kestrasim, error) {
	ready := filepath.Join(tmp, "kestrasim.ready")
	cmd := exec.Command(path, "--listen", "127.0.0.1:0", "--ready-file", ready, "--jar-size", fmt.Sprint(size))
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start kestrasim: %w", err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(ready); err == nil && len(b) > 0 {
			return &kestrasim{cmd: cmd, url: strings.TrimSpace(string(b))}, nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	return nil, fmt.Errorf("kestrasim not ready after 15s:\n%s", out.String())
}

func (k *kestrasim) stop() {
	_ = k.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = k.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = k.cmd.Process.Kill()
		<-done
	}
}

// fsyncAll fsyncs every file in dir, conc at a time.
func fsyncAll(dir string, conc int) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	sem := make(chan struct{}, conc)
	errs := make(chan error, len(entries))
	for _, e := range entries {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			f, err := os.OpenFile(filepath.Join(dir, e.Name()), os.O_WRONLY, 0)
			if err == nil {
				err = f.Sync()
				if cerr := f.Close(); err == nil {
					err = cerr
				}
			}
			errs <- err
		}()
	}
	for range entries {
		if err := <-errs; err != nil {
			return fmt.Errorf("fsync: %w", err)
		}
	}
	return nil
}
