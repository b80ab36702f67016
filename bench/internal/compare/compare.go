// Package compare prints a benchmark's kestractl runs against its baseline
// runs of the same session: median wall and CPU times, peak RSS, the
// ratios and whether they meet their targets.
package compare

import (
	"fmt"
	"sort"
	"strings"
	"time"

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
	fmt.Printf("  kestractl (core + plugin)  median %8.2f s   cpu %7.2f s   peak RSS %7.1f MiB\n", km.Seconds(), medianCPU(k).Seconds(), float64(kPeak)/1024)
	fmt.Printf("    by process: %s\n", byProcess(kTop))
	fmt.Printf("    runs: %s\n", walls(k))
	fmt.Printf("  baseline: %-15s  median %8.2f s   cpu %7.2f s   peak RSS %7.1f MiB\n", baseline, cm.Seconds(), medianCPU(c).Seconds(), float64(cPeak)/1024)
	fmt.Printf("    runs: %s\n", walls(c))
	line := fmt.Sprintf("  ratio time kestractl/%s: %.2fx", baseline, ratio)
	if t.Ratio > 0 {
		ok = ok && ratio <= t.Ratio
		line += fmt.Sprintf(" — %s the %.1fx target", verdict(ratio <= t.Ratio), t.Ratio)
	}
	fmt.Println(line)
	line = fmt.Sprintf("  ratio peak RSS kestractl/baseline: %.2fx; kestractl peak %.1f MiB", float64(kPeak)/float64(max(cPeak, 1)), float64(kPeak)/1024)
	if t.PeakMiB > 0 {
		meets := float64(kPeak)/1024 <= t.PeakMiB
		ok = ok && meets
		line += fmt.Sprintf(" — %s the %.0f MiB target", verdict(meets), t.PeakMiB)
	}
	fmt.Println(line)
	return ok
}

// Median is the median wall time of runs.
func Median(rs []peakrss.Result) time.Duration {
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

func walls(rs []peakrss.Result) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = fmt.Sprintf("%.2fs", r.Wall.Seconds())
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

func verdict(ok bool) string {
	if ok {
		return "meets"
	}
	return "MISSES"
}
