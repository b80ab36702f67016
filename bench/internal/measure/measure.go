// Package measure runs commands repeatedly and summarises wall times. Runs
// of the compared commands are interleaved so that machine noise hits them
// alike.
package measure

import (
	"fmt"
	"io"
	"os/exec"
	"sort"
	"strings"
	"time"
)

// Cmd is one command to time.
type Cmd struct {
	Name string
	Path string
	Args []string
	Env  []string
	Dir  string
}

// Stats summarises the runs of one command.
type Stats struct {
	Name   string
	Runs   []time.Duration
	Median time.Duration
	P90    time.Duration
	Min    time.Duration
}

func run(c Cmd) (time.Duration, error) {
	cmd := exec.Command(c.Path, c.Args...)
	cmd.Env, cmd.Dir = c.Env, c.Dir
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	start := time.Now()
	err := cmd.Run()
	return time.Since(start), err
}

// Interleaved runs every command n times, round-robin, after warm-up runs.
func Interleaved(n, warmup int, cmds ...Cmd) ([]Stats, error) {
	for i := 0; i < warmup; i++ {
		for _, c := range cmds {
			if _, err := run(c); err != nil {
				return nil, fmt.Errorf("%s: %w", c.Name, err)
			}
		}
	}
	stats := make([]Stats, len(cmds))
	for i := range cmds {
		stats[i].Name = cmds[i].Name
	}
	for i := 0; i < n; i++ {
		for j, c := range cmds {
			d, err := run(c)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", c.Name, err)
			}
			stats[j].Runs = append(stats[j].Runs, d)
		}
	}
	for i := range stats {
		summarise(&stats[i])
	}
	return stats, nil
}

func summarise(s *Stats) {
	r := append([]time.Duration(nil), s.Runs...)
	sort.Slice(r, func(i, j int) bool { return r[i] < r[j] })
	s.Min = r[0]
	s.Median = r[len(r)/2]
	s.P90 = r[len(r)*9/10]
}

// Ms formats a duration in milliseconds.
func Ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

// Median is the middle of ds.
func Median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// Timed runs cmd and returns its wall time; a failure carries the last
// lines of its output.
func Timed(cmd *exec.Cmd) (time.Duration, error) {
	var out strings.Builder
	if cmd.Stdout == nil {
		cmd.Stdout = &out
	}
	if cmd.Stderr == nil {
		cmd.Stderr = &out
	}
	start := time.Now()
	err := cmd.Run()
	d := time.Since(start)
	if err != nil {
		return d, fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, LastLines(out.String(), 5))
	}
	return d, nil
}

// LastLines keeps the last n lines of s.
func LastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
