// Command dispatch measures what the plugin architecture costs: the median
// wall time of `kestractl workers registration-tokens generate` (core + one
// plugin process) against a minimal Go program printing a token in-process,
// built and timed in the same run; and how many plugin processes root help
// starts with a warm manifest cache.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/kestractl/kestractl/bench/internal/measure"
)

func main() {
	bin := flag.String("bin", "bin", "directory holding the kestractl binaries")
	n := flag.Int("n", 60, "timed runs per command")
	target := flag.Float64("target-ms", 15, "dispatch overhead target (ms)")
	flag.Parse()
	if err := run(*bin, *n, *target); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(bin string, n int, targetMs float64) error {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "kestractl-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	baseline := filepath.Join(tmp, "tokenprint")
	build := exec.Command("go", "build", "-ldflags", "-s -w", "-o", baseline, "./baseline/tokenprint")
	build.Dir = benchDir()
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build baseline: %w", err)
	}
	// Like `make build` does for the kestractl binaries, so that both sides
	// start from a binary held in the page cache the same way.
	if err := rewrite(baseline); err != nil {
		return fmt.Errorf("build baseline: %w", err)
	}

	// Count plugin starts through a wrapper that shadows the bundled plugin.
	plugDir := filepath.Join(tmp, "plugins")
	starts := filepath.Join(tmp, "starts")
	if err := os.MkdirAll(plugDir, 0o755); err != nil {
		return err
	}
	wrapper := fmt.Sprintf("#!/bin/sh\necho start >> %q\nexec %q \"$@\"\n", starts, filepath.Join(bin, "kestractl-workers"))
	if err := os.WriteFile(filepath.Join(plugDir, "kestractl-workers"), []byte(wrapper), 0o755); err != nil {
		return err
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(tmp, "home"),
		"XDG_CACHE_HOME=" + filepath.Join(tmp, "cache"),
		"XDG_DATA_HOME=" + filepath.Join(tmp, "data"),
	}
	kestractl := filepath.Join(bin, "kestractl")
	helpEnv := append(append([]string(nil), env[:3]...), "XDG_DATA_HOME="+filepath.Join(tmp, "data"), "XDG_CACHE_HOME="+filepath.Join(tmp, "cache-help"), "KESTRACTL_PLUGIN_PATH="+plugDir)
	countStarts := func() int {
		b, _ := os.ReadFile(starts)
		return strings.Count(string(b), "start")
	}
	if err := exec.Command(kestractl, "--help").Run(); err != nil { // warm the default cache dir too
		_ = err
	}
	warm := exec.Command(kestractl, "--help")
	warm.Env = helpEnv
	if err := warm.Run(); err != nil {
		return fmt.Errorf("root help: %w", err)
	}
	before := countStarts()

	stats, err := measure.Interleaved(n, 5,
		measure.Cmd{Name: "kestractl workers registration-tokens generate", Path: kestractl, Args: []string{"workers", "registration-tokens", "generate"}, Env: env},
		measure.Cmd{Name: "baseline: in-process token printer", Path: baseline, Env: env},
		measure.Cmd{Name: "kestractl --help (warm manifest cache)", Path: kestractl, Args: []string{"--help"}, Env: helpEnv},
	)
	if err != nil {
		return err
	}
	helpStarts := countStarts() - before
	dispatch, base, help := stats[0], stats[1], stats[2]
	overhead := dispatch.Median - base.Median

	fmt.Printf("dispatch benchmark (%d interleaved runs each, after 5 warm-up runs)\n", n)
	for _, s := range stats {
		fmt.Printf("  %-52s median %9s  p90 %9s  min %9s\n", s.Name, measure.Ms(s.Median), measure.Ms(s.P90), measure.Ms(s.Min))
	}
	fmt.Printf("  ratio dispatch/baseline (median): %.2fx\n", float64(dispatch.Median)/float64(base.Median))
	fmt.Printf("  ratio root-help/baseline (median): %.2fx\n", float64(help.Median)/float64(base.Median))
	verdict := "meets"
	if float64(overhead.Microseconds())/1000 > targetMs {
		verdict = "MISSES"
	}
	fmt.Printf("  dispatch overhead (median difference): %s — %s the %.0f ms target\n", measure.Ms(overhead), verdict, targetMs)
	fmt.Printf("  plugin processes started by %d warm root-help runs: %d\n", n+5, helpStarts)
	return nil
}

// rewrite copies a binary onto itself through a new file. A binary the
// linker just wrote (through mmap) sits in the page cache in 4 KiB pages and
// starts slower than a copy, which is held in large folios like an
// installed binary.
func rewrite(path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path+".tmp", b, 0o755); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}

// benchDir is the bench module's directory (the working directory under
// `go run ./bench/...` from the repository root is the root).
func benchDir() string {
	if _, err := os.Stat("baseline/tokenprint"); err == nil {
		return "."
	}
	return "bench"
}
