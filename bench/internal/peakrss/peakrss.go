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

	"github.com/kestractl/kestractl/bench/internal/measure"
)

// Result is one measured run.
type Result struct {
	Wall time.Duration
	// CPU is the user + system time of the command and the descendants
	// it waited for.
	CPU time.Duration
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
	peaks := map[int]sample{}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		poll(cmd.Process.Pid, peaks)
		select {
		case err := <-done:
			res := Result{Wall: time.Since(start), PerProcess: map[string]int64{}}
			for pid, s := range peaks {
				res.PerProcess[strconv.Itoa(pid)+" "+s.name] = s.kib
			}
			if st := cmd.ProcessState; st != nil {
				res.CPU = st.UserTime() + st.SystemTime()
			}
			for _, v := range res.PerProcess {
				res.PeakKiB += v
			}
			if err != nil {
				return res, fmt.Errorf("%s: %w\n%s", strings.Join(cmd.Args, " "), err, measure.LastLines(stderr.String(), 5))
			}
			return res, nil
		case <-tick.C:
		}
	}
}

// poll records VmHWM of pid and its descendants. A child is briefly a
// copy of its parent (same name, sharing its memory) until it execs: when a
// process's name changes, its peak starts again, as VmHWM does at exec.
func poll(pid int, peaks map[int]sample) {
	name, hwm := status(pid)
	if hwm > 0 {
		s, ok := peaks[pid]
		if !ok || s.name != name {
			s = sample{name: name}
		}
		s.kib = max(s.kib, hwm)
		peaks[pid] = s
	}
	for _, child := range children(pid) {
		poll(child, peaks)
	}
}

type sample struct {
	name string
	kib  int64
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
