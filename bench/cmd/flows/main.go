// Command flows benchmarks the flows plugin against kestrasim, each figure
// next to a baseline measured in the same run:
//
//   - flows list over 10,000 flows vs curl fetching the same pages, and the
//     peak RSS of kestractl + its plugin;
//   - flows deploy of 1,000 new files vs curl POSTing them one after another
//     over one connection;
//   - executions run --wait: how long after the execution's end date the
//     command exits.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/kestractl/kestractl/bench/internal/compare"
	"github.com/kestractl/kestractl/bench/internal/measure"
	"github.com/kestractl/kestractl/bench/internal/session"
	"github.com/kestractl/kestractl/bench/internal/sim"
)

func main() {
	bin := flag.String("bin", "bin", "directory holding the binaries")
	flows := flag.Int("flows", 10000, "flows listed")
	files := flag.Int("files", 1000, "files deployed")
	runs := flag.Int("runs", 3, "timed runs of each command")
	flag.Parse()
	if err := run(*bin, *flows, *files, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "bench flows:", err)
		os.Exit(1)
	}
}

type bench struct {
	*session.Session
}

func run(bin string, nflows, nfiles, runs int) error {
	s, err := session.Start("flows", bin, session.Options{Tools: []string{"curl"}})
	if err != nil {
		return err
	}
	defer s.Close()
	b := &bench{s}
	if err := b.list(nflows, runs); err != nil {
		return err
	}
	if err := b.deploy(nfiles, runs); err != nil {
		return err
	}
	return b.wait(10)
}

func flowSource(id, ns string) string {
	return fmt.Sprintf("id: %s\nnamespace: %s\ndescription: benchmark flow %s\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: hello from %s\n", id, ns, id, id)
}

// seed creates n flows in namespace ns through the API.
func (b *bench) seed(ns string, n int) error {
	return b.Sim.PostEach(n, "/api/v1/main/flows", "application/x-yaml", func(i int) string {
		return flowSource(fmt.Sprintf("f%05d", i), ns)
	})
}

// list compares `flows list` with curl fetching the same pages.
func (b *bench) list(n, runs int) error {
	// --all asks for pages of plugin.MaxPageSize (200); curl fetches the same.
	const ns, pageSize = "bench.list", 200
	if err := b.seed(ns, n); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	var curlArgs []string
	for page := 1; (page-1)*pageSize < n; page++ {
		u := fmt.Sprintf("%s/api/v1/main/flows/search?filters%%5Bnamespace%%5D%%5BEQUALS%%5D=%s&page=%d&size=%d&sort=id%%3Aasc", b.Sim.URL, ns, page, pageSize)
		curlArgs = append(curlArgs, "-o", "/dev/null", u)
	}
	if err := compare.CheckCount(b.Kestractl("flows", "list", ns, "-o", "json", "--all"), n); err != nil {
		return err
	}
	_, err := compare.Pair(fmt.Sprintf("flows list --all of %d flows (%d pages of %d)", n, (n+pageSize-1)/pageSize, pageSize), runs,
		func() *exec.Cmd { return b.Kestractl("flows", "list", ns, "-o", "json", "--all") },
		func() *exec.Cmd { return sim.Curl(curlArgs...) },
		"curl, same pages", compare.Target{Ratio: 1.5, PeakMiB: 64})
	return err
}

// deploy compares `flows deploy` of new files with curl POSTing them one
// after another over one connection.
func (b *bench) deploy(n, runs int) error {
	var cli, curl []time.Duration
	for r := 0; r < runs; r++ {
		cliDir := filepath.Join(b.Tmp, fmt.Sprintf("cli-%d", r))
		curlDir := filepath.Join(b.Tmp, fmt.Sprintf("curl-%d", r))
		cfg := filepath.Join(b.Tmp, fmt.Sprintf("curl-%d.cfg", r))
		var conf strings.Builder
		for _, d := range []string{cliDir, curlDir} {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
		}
		for i := 0; i < n; i++ {
			id := fmt.Sprintf("f%05d", i)
			if err := os.WriteFile(filepath.Join(cliDir, id+".yaml"), []byte(flowSource(id, fmt.Sprintf("bench.deploy.cli%d", r))), 0o644); err != nil {
				return err
			}
			p := filepath.Join(curlDir, id+".yaml")
			if err := os.WriteFile(p, []byte(flowSource(id, fmt.Sprintf("bench.deploy.curl%d", r))), 0o644); err != nil {
				return err
			}
			if i > 0 {
				conf.WriteString("next\n")
			}
			fmt.Fprintf(&conf, "url = \"%s/api/v1/main/flows\"\nuser = \"%s:%s\"\nheader = \"Content-Type: application/x-yaml\"\ndata-binary = \"@%s\"\noutput = \"/dev/null\"\nfail\nsilent\nshow-error\n",
				b.Sim.URL, sim.User, sim.Password, p)
		}
		if err := os.WriteFile(cfg, []byte(conf.String()), 0o644); err != nil {
			return err
		}
		d, err := measure.Timed(b.Kestractl("flows", "deploy", cliDir))
		if err != nil {
			return err
		}
		cli = append(cli, d)
		d, err = measure.Timed(exec.Command("curl", "-K", cfg))
		if err != nil {
			return err
		}
		curl = append(curl, d)
	}
	fmt.Printf("flows deploy of %d new files (%d runs, interleaved)\n", n, runs)
	fmt.Printf("  kestractl flows deploy (check + create, 8 in parallel)  median %s\n", measure.Ms(measure.Median(cli)))
	fmt.Printf("  curl POSTing them one after another, one connection     median %s\n", measure.Ms(measure.Median(curl)))
	fmt.Printf("  ratio kestractl/curl: %.2fx (target <= 1.0x)\n", float64(measure.Median(cli))/float64(measure.Median(curl)))
	return nil
}

// wait measures how long after the execution's end `run --wait` exits.
func (b *bench) wait(runs int) error {
	const ns = "bench.wait"
	src := "id: sleepy\nnamespace: " + ns + "\ntasks:\n  - id: nap\n    type: io.kestra.plugin.core.flow.Sleep\n    duration: PT0.3S\n"
	if err := b.Sim.Do(http.DefaultClient, http.MethodPost, "/api/v1/main/flows", "application/x-yaml", []byte(src)); err != nil {
		return err
	}
	var lags []time.Duration
	for i := 0; i < runs; i++ {
		cmd := b.Kestractl("executions", "run", ns, "sleepy", "--wait", "-o", "json")
		out, err := cmd.Output()
		exited := time.Now()
		if err != nil {
			return fmt.Errorf("run --wait: %w", err)
		}
		var e struct {
			State struct {
				EndDate time.Time `json:"endDate"`
			} `json:"state"`
		}
		if err := json.Unmarshal(out, &e); err != nil {
			return fmt.Errorf("decode execution: %w", err)
		}
		lags = append(lags, exited.Sub(e.State.EndDate))
	}
	sort.Slice(lags, func(i, j int) bool { return lags[i] < lags[j] })
	fmt.Printf("executions run --wait (%d runs of a 0.3 s flow)\n", runs)
	fmt.Printf("  exit after the execution's end date: median %s, max %s (target <= 100 ms)\n", measure.Ms(lags[len(lags)/2]), measure.Ms(lags[len(lags)-1]))
	return nil
}
