// Command artifacts measures `kestractl plugins download`: 200 JARs of
// 5 MiB from kestrasim with --concurrency 8 (each hashed while it streams,
// verified against the published SHA-256, renamed into place), against
// `curl --parallel --parallel-max 8` fetching the same JARs without any
// check, and against the same curl followed by `sha256sum -c` of the
// files (the checksum list is prepared beforehand, untimed). The page
// cache stays warm: nothing is flushed between runs unless -cold is given.
// Every round times each of them once, interleaved (in a rotating order),
// plus kestractl with --sync (each JAR forced to disk before its rename). It also reports the
// peak RSS of the kestractl processes, a rerun with every JAR present
// (trusted by its record) and one with --verify (every JAR re-hashed).
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
	"github.com/kestractl/kestractl/bench/internal/peakrss"
	"github.com/kestractl/kestractl/bench/internal/sim"
)

// Targets (issue 13), as ratios of medians, and the memory bound.
const (
	curlTarget    = 1.5 // kestractl / curl
	verifyTarget  = 1.0 // kestractl / (curl + sha256sum -c)
	peakRSSTarget = 64 << 10
)

func main() {
	bin := flag.String("bin", "bin", "directory holding the kestractl binaries and kestrasim")
	jars := flag.Int("jars", 200, "number of JARs")
	size := flag.Int64("size", 5<<20, "size of each JAR in bytes")
	conc := flag.Int("concurrency", 8, "parallel downloads (both tools)")
	rounds := flag.Int("rounds", 3, "timed rounds")
	cold := flag.Bool("cold", false, "flush dirty pages (sync) before each timed run, untimed")
	flag.Parse()
	if err := run(*bin, *jars, *size, *conc, *rounds, *cold); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(bin string, jars int, size int64, conc, rounds int, cold bool) error {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	for _, tool := range []string{"curl", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("the baselines need %s on PATH: %w", tool, err)
		}
	}
	tmp, err := os.MkdirTemp("", "kestractl-bench-artifacts-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	s, err := sim.Start(bin, "--jar-size", fmt.Sprint(size))
	if err != nil {
		return err
	}
	defer s.Stop()

	coords := make([]string, jars)
	var curlCfg, sumsCfg strings.Builder
	for i := range coords {
		a := fmt.Sprintf("plugin-bench-%03d", i)
		coords[i] = "io.kestra.bench:" + a + ":1.0.0"
		url := fmt.Sprintf("%s/maven2/io/kestra/bench/%s/1.0.0/%s-1.0.0.jar", s.URL, a, a)
		fmt.Fprintf(&curlCfg, "url = \"%s\"\noutput = \"%s.jar\"\n", url, a)
		fmt.Fprintf(&sumsCfg, "url = \"%s.sha256\"\noutput = \"%s.jar.sha256\"\n", url, a)
	}
	curlFile, sumsFile := filepath.Join(tmp, "curl.cfg"), filepath.Join(tmp, "sums.cfg")
	if err := os.WriteFile(curlFile, []byte(curlCfg.String()), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(sumsFile, []byte(sumsCfg.String()), 0o644); err != nil {
		return err
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(tmp, "home"),
		"XDG_CACHE_HOME=" + filepath.Join(tmp, "cache"),
		"XDG_DATA_HOME=" + filepath.Join(tmp, "data"),
	}
	curlDir, kDir := filepath.Join(tmp, "curl"), filepath.Join(tmp, "plugins")
	curl := func(cfg string) *exec.Cmd {
		c := exec.Command("curl", "--silent", "--show-error", "--fail", "--parallel", "--parallel-max", fmt.Sprint(conc), "--config", cfg)
		c.Dir = curlDir
		return c
	}
	kargs := []string{"plugins", "download", "--plugins", strings.Join(coords, " "), "--concurrency", fmt.Sprint(conc),
		"--plugins-dir", kDir, "--maven-repository", s.URL + "/maven2", "--keep-only-last-version=false"}
	kestractl := func(extra ...string) *exec.Cmd {
		c := exec.Command(filepath.Join(bin, "kestractl"), append(append([]string(nil), kargs...), extra...)...)
		c.Env = env
		return c
	}
	reset := func(dir string) error {
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
		return os.MkdirAll(dir, 0o755)
	}

	// The checksum list for sha256sum -c, from the repository, untimed.
	if err := reset(curlDir); err != nil {
		return err
	}
	if _, err := measure.Timed(curl(sumsFile)); err != nil {
		return fmt.Errorf("curl (checksums): %w", err)
	}
	sums, err := checksumList(curlDir, jars)
	if err != nil {
		return err
	}
	sumsList := filepath.Join(tmp, "SHA256SUMS")
	if err := os.WriteFile(sumsList, []byte(sums), 0o644); err != nil {
		return err
	}

	// Warm-up: kestrasim computes each JAR's digest once; the binaries and
	// the manifest cache get into the page cache.
	if err := reset(curlDir); err != nil {
		return err
	}
	if _, err := measure.Timed(curl(curlFile)); err != nil {
		return fmt.Errorf("curl warm-up: %w", err)
	}
	if err := reset(kDir); err != nil {
		return err
	}
	if _, err := measure.Timed(kestractl()); err != nil {
		return fmt.Errorf("kestractl warm-up: %w", err)
	}

	type timed struct {
		name string
		dir  string
		run  func() error
		runs []time.Duration
	}
	cases := []*timed{
		{name: fmt.Sprintf("curl --parallel --parallel-max %d (no verification)", conc), dir: curlDir, run: func() error {
			_, err := measure.Timed(curl(curlFile))
			return err
		}},
		{name: "the same curl, then sha256sum -c of every JAR", dir: curlDir, run: func() error {
			if _, err := measure.Timed(curl(curlFile)); err != nil {
				return err
			}
			c := exec.Command("sha256sum", "--quiet", "--strict", "-c", sumsList)
			c.Dir = curlDir
			_, err := measure.Timed(c)
			return err
		}},
		{name: "kestractl plugins download (SHA-256 verified)", dir: kDir, run: func() error {
			_, err := measure.Timed(kestractl())
			return err
		}},
		{name: "kestractl plugins download --sync", dir: kDir, run: func() error {
			_, err := measure.Timed(kestractl("--sync"))
			return err
		}},
	}
	// Each round starts at another case, so that none always follows the
	// same one; before each run both output directories are emptied (the
	// dirty pages of deleted files are dropped, never written back), so
	// that no run pays for the writes of another.
	for i := 0; i < rounds; i++ {
		for j := range cases {
			c := cases[(i+j)%len(cases)]
			if err := reset(curlDir); err != nil {
				return err
			}
			if err := reset(kDir); err != nil {
				return err
			}
			if cold {
				syscall.Sync()
			}
			start := time.Now()
			if err := c.run(); err != nil {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			c.runs = append(c.runs, time.Since(start))
		}
	}
	// Peak RSS of a full download: the core and its plugin, summed.
	if err := reset(kDir); err != nil {
		return err
	}
	peak, err := peakrss.Run(kestractl(), 5*time.Millisecond)
	if err != nil {
		return fmt.Errorf("peak RSS run: %w", err)
	}
	if n := countJars(kDir); n != jars {
		return fmt.Errorf("kestractl left %d JARs, want %d", n, jars)
	}

	// Everything present: trusted by the records, then re-hashed.
	var present, verify []time.Duration
	for i := 0; i < 5; i++ {
		d, err := measure.Timed(kestractl())
		if err != nil {
			return fmt.Errorf("kestractl (everything present): %w", err)
		}
		present = append(present, d)
	}
	for i := 0; i < 3; i++ {
		d, err := measure.Timed(kestractl("--verify"))
		if err != nil {
			return fmt.Errorf("kestractl --verify: %w", err)
		}
		verify = append(verify, d)
	}

	med := make([]time.Duration, len(cases))
	for i, c := range cases {
		med[i] = measure.Median(c.runs)
	}
	total := float64(int64(jars)*size) / (1 << 20)
	cache := "warm page cache"
	if cold {
		cache = "dirty pages flushed before each run"
	}
	fmt.Printf("artifacts benchmark: %d JARs of %.1f MiB (%.0f MiB), concurrency %d, %d interleaved rounds, %s\n", jars, float64(size)/(1<<20), total, conc, rounds, cache)
	for i, c := range cases {
		fmt.Printf("  %-54s median %8s  (%.0f MiB/s)\n", c.name, ms(med[i]), total/med[i].Seconds())
	}
	k, ks := float64(med[2]), float64(med[3])
	fmt.Printf("  ratio kestractl/curl (median): %.2fx — %s the %.1fx target\n", k/float64(med[0]), verdict(k/float64(med[0]) <= curlTarget), curlTarget)
	fmt.Printf("  ratio kestractl/(curl + sha256sum -c) (median): %.2fx — %s the %.1fx target\n", k/float64(med[1]), verdict(k/float64(med[1]) <= verifyTarget), verifyTarget)
	fmt.Printf("  ratio kestractl --sync/curl (median): %.2fx; --sync/kestractl: %.2fx\n", ks/float64(med[0]), ks/k)
	fmt.Printf("  peak RSS of kestractl and its plugin (summed): %.1f MiB — %s the %d MiB target\n", peak.MiB(), verdict(peak.PeakKiB <= peakRSSTarget), peakRSSTarget>>10)
	fmt.Printf("  rerun, everything present: median %s; with --verify (all re-hashed): median %s\n", ms(measure.Median(present)), ms(measure.Median(verify)))
	s512, s256 := hashRate(sha512.New()), hashRate(sha256.New())
	fmt.Printf("  context: one core hashes SHA-256 at %.0f MiB/s here (%.2f core-s for this run), SHA-512 at %.0f MiB/s\n", s256, total/s256, s512)
	return nil
}

// checksumList turns the downloaded .sha256 files into a sha256sum list.
func checksumList(dir string, jars int) (string, error) {
	var b strings.Builder
	for i := 0; i < jars; i++ {
		name := fmt.Sprintf("plugin-bench-%03d.jar", i)
		sum, err := os.ReadFile(filepath.Join(dir, name+".sha256"))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "%s  %s\n", strings.TrimSpace(string(sum)), name)
	}
	return b.String(), nil
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

func countJars(dir string) int {
	m, _ := filepath.Glob(filepath.Join(dir, "*.jar"))
	return len(m)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d.Microseconds())/1000) }
