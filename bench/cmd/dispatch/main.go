// Command dispatch measures what the plugin architecture costs at start:
// the median wall time of `kestractl workers registration-tokens generate`
// (the core and one plugin process) and of root help, against Go's hello
// world built static in the same run, and against `gh --version` (when gh
// is on PATH), and against the go-plugin floor: a bare go-plugin host and
// plugin making one call, what the architecture costs before any kestractl
// code runs. Every program is installed into a temporary prefix the way
// `make install` installs kestractl (install -m 0755), and timed from
// there, interleaved. The binaries as built (-bin) are timed against the
// installed copy in a pass of their own, to show what installing changes.
// It also counts the plugin processes that root help starts with a warm
// manifest cache (none).
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
	flag.Parse()
	if err := run(*bin, *n); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// Targets (issue 13), as ratios of medians.
const (
	dispatchTarget = 6.0 // dispatch / hello world
	helpTarget     = 3.0 // root help / hello world
	ghTarget       = 1.0 // dispatch / gh --version (strictly below)
)

func run(bin string, n int) error {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "kestractl-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	// Go's hello world, static like kestractl (see the Makefile).
	hello := filepath.Join(tmp, "build", "hello")
	build := exec.Command("go", "build", "-ldflags", "-s -w", "-o", hello, "./baseline/hello")
	build.Dir = benchDir()
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build the hello world: %w", err)
	}

	// The go-plugin floor: a bare go-plugin host and plugin making one
	// call, built static the same way.
	floor := filepath.Join(tmp, "build", "floor")
	floorPlugin := filepath.Join(tmp, "build", "floor-plugin")
	for _, b := range [][2]string{{floor, "./baseline/goplugin/host"}, {floorPlugin, "./baseline/goplugin/plugin"}} {
		build := exec.Command("go", "build", "-ldflags", "-s -w", "-o", b[0], b[1])
		build.Dir = benchDir()
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build the go-plugin floor: %w", err)
		}
	}

	// Install everything into one prefix, as `make install PREFIX=...`.
	prefix := filepath.Join(tmp, "prefix", "bin")
	plugins, err := filepath.Glob(filepath.Join(bin, "kestractl-*"))
	if err != nil || len(plugins) == 0 {
		return fmt.Errorf("no kestractl-* plugin in %s: run make build", bin)
	}
	if err := install(prefix, append([]string{filepath.Join(bin, "kestractl"), hello, floor, floorPlugin}, plugins...)...); err != nil {
		return err
	}
	kestractl := filepath.Join(prefix, "kestractl")

	// Count plugin starts through a wrapper that shadows the bundled plugin.
	plugDir := filepath.Join(tmp, "plugins")
	starts := filepath.Join(tmp, "starts")
	if err := os.MkdirAll(plugDir, 0o755); err != nil {
		return err
	}
	wrapper := fmt.Sprintf("#!/bin/sh\necho start >> %q\nexec %q \"$@\"\n", starts, filepath.Join(prefix, "kestractl-workers"))
	if err := os.WriteFile(filepath.Join(plugDir, "kestractl-workers"), []byte(wrapper), 0o755); err != nil {
		return err
	}
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(tmp, "home"),
		"XDG_CACHE_HOME=" + filepath.Join(tmp, "cache"),
		"XDG_DATA_HOME=" + filepath.Join(tmp, "data"),
	}
	helpEnv := []string{env[0], env[1], env[3], "XDG_CACHE_HOME=" + filepath.Join(tmp, "cache-help"), "KESTRACTL_PLUGIN_PATH=" + plugDir}
	countStarts := func() int {
		b, _ := os.ReadFile(starts)
		return strings.Count(string(b), "start")
	}
	warm := exec.Command(kestractl, "--help")
	warm.Env = helpEnv
	if err := warm.Run(); err != nil {
		return fmt.Errorf("root help: %w", err)
	}
	before := countStarts()

	generate := []string{"workers", "registration-tokens", "generate"}
	cmds := []measure.Cmd{
		{Name: "kestractl workers registration-tokens generate", Path: kestractl, Args: generate, Env: env},
		{Name: "hello world (static Go)", Path: filepath.Join(prefix, "hello"), Env: env},
		{Name: "kestractl --help (warm manifest cache)", Path: kestractl, Args: []string{"--help"}, Env: helpEnv},
		{Name: "go-plugin floor (bare host + plugin, one call)", Path: filepath.Join(prefix, "floor"), Env: env},
	}
	gh, ghErr := exec.LookPath("gh")
	if ghErr == nil {
		cmds = append(cmds, measure.Cmd{Name: "gh --version", Path: gh, Args: []string{"--version"}, Env: env})
	}
	stats, err := measure.Interleaved(n, 5, cmds...)
	if err != nil {
		return err
	}
	helpStarts := countStarts() - before
	dispatch, base, help, floorStats := stats[0], stats[1], stats[2], stats[3]
	// The copy as built is compared in a pass of its own: interleaving two
	// copies of the same 30 MB of binaries doubles the working set a user
	// has (one installed copy) and slowed both by about half on this VM.
	pair, err := measure.Interleaved(n/2, 2,
		measure.Cmd{Name: "installed", Path: kestractl, Args: generate, Env: env},
		measure.Cmd{Name: "as built", Path: filepath.Join(bin, "kestractl"), Args: generate, Env: env})
	if err != nil {
		return err
	}
	ratio := func(a, b measure.Stats) float64 { return float64(a.Median) / float64(b.Median) }

	fmt.Printf("dispatch benchmark (%d interleaved runs each, after 5 warm-up runs; installed with install -m 0755 as make install does)\n", n)
	for _, s := range stats {
		fmt.Printf("  %-52s median %9s  p90 %9s  min %9s\n", s.Name, measure.Ms(s.Median), measure.Ms(s.P90), measure.Ms(s.Min))
	}
	fmt.Printf("  ratio dispatch/hello world (median): %.2fx — %s the %.0fx target\n", ratio(dispatch, base), verdict(ratio(dispatch, base) <= dispatchTarget), dispatchTarget)
	fmt.Printf("  ratio root-help/hello world (median): %.2fx — %s the %.0fx target\n", ratio(help, base), verdict(ratio(help, base) <= helpTarget), helpTarget)
	if ghErr == nil {
		gs := stats[4]
		fmt.Printf("  ratio dispatch/gh --version (median): %.2fx — %s the below-%.0fx target\n", ratio(dispatch, gs), verdict(ratio(dispatch, gs) < ghTarget), ghTarget)
	} else {
		fmt.Println("  ratio dispatch/gh --version: skipped: gh not installed")
	}
	fmt.Printf("  go-plugin floor/hello world (median): %.2fx; dispatch/floor: %.2fx (what kestractl adds to the architecture's own cost)\n", ratio(floorStats, base), ratio(dispatch, floorStats))
	fmt.Printf("  ratio as built/installed (median, %d interleaved runs of the two in a pass of their own): %.2fx\n", n/2, ratio(pair[1], pair[0]))
	minRatio := func(a, b measure.Stats) float64 { return float64(a.Min) / float64(b.Min) }
	fmt.Printf("  ratios of the minimums (less sensitive to a busy machine): dispatch/hello %.2fx, root-help/hello %.2fx", minRatio(dispatch, base), minRatio(help, base))
	if ghErr == nil {
		fmt.Printf(", dispatch/gh %.2fx", minRatio(dispatch, stats[4]))
	}
	fmt.Println()
	fmt.Printf("  plugin processes started by %d warm root-help runs: %d\n", n+5, helpStarts)
	return nil
}

func verdict(ok bool) string {
	if ok {
		return "meets"
	}
	return "MISSES"
}

// install copies files into dir with install(1), as `make install` does.
func install(dir string, files ...string) error {
	for _, args := range [][]string{{"-d", dir}, append(append([]string{"-m", "0755"}, files...), dir)} {
		if out, err := exec.Command("install", args...).CombinedOutput(); err != nil {
			return fmt.Errorf("install: %w\n%s", err, out)
		}
	}
	return nil
}

// benchDir is the bench module's directory (the working directory under
// `go run ./bench/...` from the repository root is the root).
func benchDir() string {
	if _, err := os.Stat("baseline/hello"); err == nil {
		return "."
	}
	return "bench"
}
