// Package compare prints a benchmark's kestractl runs against its baseline
// runs of the same session: median wall and CPU times, peak RSS, the
// ratios and whether they meet their targets.
package compare

import (
	"fmt"
	"os/exec"
	"sort"
	"strings"
	"time"

	"github.com/kestractl/kestractl/bench/internal/measure"
	"github.com/kestractl/kestractl/bench/internal/peakrss"
)

// Target is what a comparison is held to: a time ratio (0: none) and a
// peak RSS in MiB (0: none).
type Target struct {
	Ratio   float64
	PeakMiB float64
}

// Report prints one comparison and returns whether it met its targets.
func Report(name string, k, c []peakrss.Result, baseline string, t Target) bool {
	km, cm := Median(k), Median(c)
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
	ratio := float64(km) / float64(cm)
	ok := true
	fmt.Printf("\n%s (%d runs each)\n", name, len(k))
	fmt.Printf("  kestractl (core + plugin)  median %10s   cpu %10s   peak RSS %7.1f MiB\n", human(km), human(medianCPU(k)), float64(kPeak)/1024)
	fmt.Printf("    by process: %s\n", byProcess(kTop))
	fmt.Printf("    runs: %s\n", walls(k))
	fmt.Printf("  baseline: %-15s  median %10s   cpu %10s   peak RSS %7.1f MiB\n", baseline, human(cm), human(medianCPU(c)), float64(cPeak)/1024)
	fmt.Printf("    runs: %s\n", walls(c))
	line := fmt.Sprintf("  ratio time kestractl/%s: %.2fx", baseline, ratio)
	if t.Ratio > 0 {
		ok = ok && ratio <= t.Ratio
		line += fmt.Sprintf(" — %s the %.1fx target", Verdict(ratio <= t.Ratio), t.Ratio)
	}
	fmt.Println(line)
	line = fmt.Sprintf("  ratio peak RSS kestractl/baseline: %.2fx; kestractl peak %.1f MiB", float64(kPeak)/float64(max(cPeak, 1)), float64(kPeak)/1024)
	if t.PeakMiB > 0 {
		meets := float64(kPeak)/1024 <= t.PeakMiB
		ok = ok && meets
		line += fmt.Sprintf(" — %s the %.0f MiB target", Verdict(meets), t.PeakMiB)
	}
	fmt.Println(line)
	return ok
}

// Pair measures a kestractl command against its baseline command: one
// warm-up run of each, then runs of each, interleaved (Rounds), reported
// (Report). The commands are made afresh for every run.
func Pair(name string, runs int, kestractl, baseline func() *exec.Cmd, baselineName string, t Target) (bool, error) {
	for _, cmd := range []func() *exec.Cmd{kestractl, baseline} {
		if _, err := measure.Timed(cmd()); err != nil {
			return false, err
		}
	}
	var k, c []peakrss.Result
	measured := func(into *[]peakrss.Result, cmd func() *exec.Cmd) func(int) error {
		return func(int) error {
			r, err := peakrss.Run(cmd(), 5*time.Millisecond)
			*into = append(*into, r)
			return err
		}
	}
	if err := Rounds(runs, measured(&k, kestractl), measured(&c, baseline)); err != nil {
		return false, err
	}
	return Report(name, k, c, baselineName, t), nil
}

// Median is the median wall time of runs.
func Median(rs []peakrss.Result) time.Duration {
	return measure.Median(each(rs, func(r peakrss.Result) time.Duration { return r.Wall }))
}

func medianCPU(rs []peakrss.Result) time.Duration {
	return measure.Median(each(rs, func(r peakrss.Result) time.Duration { return r.CPU }))
}

func each(rs []peakrss.Result, f func(peakrss.Result) time.Duration) []time.Duration {
	ds := make([]time.Duration, len(rs))
	for i, r := range rs {
		ds[i] = f(r)
	}
	return ds
}

// Rounds runs n rounds of steps: in order, and in reverse order every
// other round, so that no command always goes first (paying for a cold
// cache) or last.
func Rounds(n int, steps ...func(round int) error) error {
	for i := range n {
		for j := range steps {
			step := steps[j]
			if i%2 == 1 {
				step = steps[len(steps)-1-j]
			}
			if err := step(i); err != nil {
				return err
			}
		}
	}
	return nil
}

// human is a duration in seconds, or in milliseconds below a second.
func human(d time.Duration) string {
	if d < time.Second {
		return measure.Ms(d)
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

func walls(rs []peakrss.Result) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = human(r.Wall)
	}
	return strings.Join(parts, " ")
}

// byProcess lists a run's peak RSS per process name.
func byProcess(r peakrss.Result) string {
	var parts []string
	for key, kib := range r.PerProcess {
		_, name, _ := strings.Cut(key, " ")
		parts = append(parts, fmt.Sprintf("%s %.1f MiB", name, float64(kib)/1024))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// Verdict words whether a figure meets its target.
func Verdict(ok bool) string {
	if ok {
		return "meets"
	}
	return "MISSES"
}
