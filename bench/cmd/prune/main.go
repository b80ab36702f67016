// Command prune benchmarks "flows deploy --prune --dry-run" against
// kestrasim: 1,000 local flow files against the same 1,000 flows on the
// server, next to "flows deploy" of the same files (the baseline, measured
// in the same run, interleaved). The target: the pruning plan costs at most
// 1.5x the deploy. For information it also times "flows deploy --dry-run"
// and a pruning plan where 100 flows changed and 100 are to be deleted.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/kestractl/kestractl/bench/internal/measure"
	"github.com/kestractl/kestractl/bench/internal/session"
)

func main() {
	bin := flag.String("bin", "bin", "directory holding the binaries")
	files := flag.Int("files", 1000, "local flow files (and server flows)")
	runs := flag.Int("runs", 5, "timed runs of each command")
	flag.Parse()
	if err := run(*bin, *files, *runs); err != nil {
		fmt.Fprintln(os.Stderr, "bench prune:", err)
		os.Exit(1)
	}
}

const ns = "bench.prune"

func flowSource(id, message string) string {
	return fmt.Sprintf("id: %s\nnamespace: %s\ndescription: benchmark flow %s\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: %s\n", id, ns, id, message)
}

func run(bin string, n, runs int) error {
	s, err := session.Start("prune", bin, session.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	// The same n flows, on disk and on the server.
	same := filepath.Join(s.Tmp, "same")
	if err := os.MkdirAll(same, 0o755); err != nil {
		return err
	}
	srcs := make([]string, n)
	for i := range srcs {
		id := fmt.Sprintf("f%05d", i)
		srcs[i] = flowSource(id, "hello from "+id)
		if err := os.WriteFile(filepath.Join(same, id+".yaml"), []byte(srcs[i]), 0o644); err != nil {
			return err
		}
	}
	if err := s.Sim.PostEach(n, "/api/v1/main/flows", "application/x-yaml", func(i int) string { return srcs[i] }); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	// A second directory: 10% changed, 10% of the server's flows gone
	// (and as many new ones), for the plan with diffs and deletions.
	changed := filepath.Join(s.Tmp, "changed")
	if err := os.MkdirAll(changed, 0o755); err != nil {
		return err
	}
	for i := range srcs {
		id := fmt.Sprintf("f%05d", i)
		src := srcs[i]
		switch {
		case i%10 == 1:
			src = flowSource(id, "changed "+id)
		case i%10 == 2:
			id = fmt.Sprintf("n%05d", i)
			src = flowSource(id, "new "+id)
		}
		if err := os.WriteFile(filepath.Join(changed, id+".yaml"), []byte(src), 0o644); err != nil {
			return err
		}
	}
	cli := func(name string, args ...string) measure.Cmd {
		return measure.Cmd{Name: name, Path: filepath.Join(s.Bin, "kestractl"), Args: args, Env: s.Env, Dir: s.Tmp}
	}
	stats, err := measure.Interleaved(runs, 1,
		cli("deploy", "flows", "deploy", same, "--override"),
		cli("deploy --prune --dry-run", "flows", "deploy", same, "--override", "--prune", "--dry-run"),
		cli("deploy --dry-run", "flows", "deploy", same, "--override", "--dry-run"),
		cli("deploy --prune --dry-run, 10% changed, 10% to delete", "flows", "deploy", changed, "--override", "--prune", "--dry-run", "--max-delete", "1000"),
	)
	if err != nil {
		return err
	}
	base := stats[0].Median
	fmt.Printf("flows deploy --prune --dry-run: %d local flows against the same %d server flows (%d runs, interleaved)\n", n, n, runs)
	for i, s := range stats {
		line := fmt.Sprintf("  kestractl flows %-52s median %s (min %s)", s.Name, measure.Ms(s.Median), measure.Ms(s.Min))
		if i > 0 {
			line += fmt.Sprintf("  %.2fx the deploy", float64(s.Median)/float64(base))
		}
		fmt.Println(line)
	}
	fmt.Printf("  ratio prune --dry-run / deploy: %.2fx (target <= 1.5x)\n", float64(stats[1].Median)/float64(base))
	return nil
}
