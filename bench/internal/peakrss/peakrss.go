// Package peakrss runs a command and measures the peak resident memory of
// its whole process tree (the command and every descendant, e.g. the
// kestractl core and its plugin), by polling VmHWM in /proc (Linux).
package peakrss

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Result is one measured run.
type Result struct {
	Wall time.Duration
	// PeakKiB is the sum over the tree's processes of each one's peak RSS.
	PeakKiB int64
	// PerProcess maps "pid comm" to its peak RSS in KiB.
	PerProcess map[string]int64
}

// MiB is the peak in MiB.
func (r Result) MiB() float64 { return float64(r.PeakKiB) / 1024 }

// Run runs cmd to completion, polling the tree every interval.
func Run(cmd *exec.Cmd, interval time.Duration) (Result, error) {
	var stderr bytes.Buffer
	if cmd.Stderr == nil {
		cmd.Stderr = &stderr
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return Result{}, err
	}
	peaks := map[string]int64{}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		poll(cmd.Process.Pid, peaks)
		select {
		case err := <-done:
			res := Result{Wall: time.Since(start), PerProcess: peaks}
			for _, v := range peaks {
				res.PeakKiB += v
			}
			if err != nil {
				return res, fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, lastLines(stderr.String(), 5))
			}
			return res, nil
		case <-tick.C:
		}
	}
}

// poll records VmHWM of pid and its descendants. A child caught between
// fork and exec still shows its parent's name and pages; once it has
// exec'd, only the new program's peak counts, so the entry of the same pid
// under another name is dropped.
func poll(pid int, peaks map[string]int64) {
	name, hwm := status(pid)
	if hwm > 0 {
		prefix := strconv.Itoa(pid) + " "
		key := prefix + name
		for k := range peaks {
			if strings.HasPrefix(k, prefix) && k != key {
				delete(peaks, k)
			}
		}
		peaks[key] = max(peaks[key], hwm)
	}
	for _, child := range children(pid) {
		poll(child, peaks)
	}
}

func status(pid int) (string, int64) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "", 0
	}
	defer f.Close()
	var name string
	var hwm int64
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := s.Text()
		switch {
		case strings.HasPrefix(line, "Name:"):
			name = strings.TrimSpace(strings.TrimPrefix(line, "Name:"))
		case strings.HasPrefix(line, "VmHWM:"):
			fields := strings.Fields(line)
			if len(fields) >= 2 {
				hwm, _ = strconv.ParseInt(fields[1], 10, 64)
			}
		}
	}
	return name, hwm
}

func children(pid int) []int {
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		return nil
	}
	var out []int
	for _, t := range tasks {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/children", pid, t.Name()))
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
