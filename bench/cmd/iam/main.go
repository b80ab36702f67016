// Command iam benchmarks the iam plugin against kestrasim, each figure next
// to a baseline measured in the same run:
//
//   - users list over 5,000 users (every page streamed) vs curl fetching the
//     same pages, and the peak RSS of kestractl + its plugin;
//   - users get of one user (one small request through core + plugin) vs
//     curl doing the same GET;
//   - roles update with two --permission flags (local validation, GET, PUT)
//     vs curl sending the same GET and PUT.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/kestractl/kestractl/bench/internal/measure"
	"github.com/kestractl/kestractl/bench/internal/peakrss"
	"github.com/kestractl/kestractl/bench/internal/sim"
)

func main() {
	bin := flag.String("bin", "bin", "directory holding the binaries")
	users := flag.Int("users", 5000, "users listed")
	runs := flag.Int("runs", 5, "timed runs of the list")
	n := flag.Int("n", 30, "timed runs of each small command")
	flag.Parse()
	if err := run(*bin, *users, *runs, *n); err != nil {
		fmt.Fprintln(os.Stderr, "bench iam:", err)
		os.Exit(1)
	}
}

type bench struct {
	bin  string
	srv  *sim.Server
	env  []string
	http *http.Client
}

func run(bin string, users, runs, n int) error {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return err
	}
	if _, err := exec.LookPath("curl"); err != nil {
		return fmt.Errorf("curl is needed for the baselines: %w", err)
	}
	srv, err := sim.Start(bin)
	if err != nil {
		return err
	}
	defer srv.Stop()
	tmp, err := os.MkdirTemp("", "kestractl-bench-iam-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	b := &bench{bin: bin, srv: srv, http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}},
		env: []string{
			"PATH=" + os.Getenv("PATH"), "HOME=" + filepath.Join(tmp, "home"),
			"XDG_CACHE_HOME=" + filepath.Join(tmp, "cache"), "XDG_DATA_HOME=" + filepath.Join(tmp, "data"),
			"KESTRACTL_HOST=" + srv.URL, "KESTRACTL_USERNAME=" + sim.User, "KESTRACTL_PASSWORD=" + sim.Password,
		}}
	if err := b.seed(users); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if err := b.list(users, runs); err != nil {
		return err
	}
	return b.small(n)
}

// seed creates n users through the API, in parallel.
func (b *bench) seed(n int) error {
	var wg sync.WaitGroup
	errs := make(chan error, n)
	jobs := make(chan int)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				body := fmt.Sprintf(`{"email":"user%05d@example.com","firstName":"User","lastName":"%05d","tenants":["main"]}`, i, i)
				if err := b.srv.Do(b.http, http.MethodPost, "/api/v1/users", "application/json", []byte(body)); err != nil {
					errs <- err
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	close(errs)
	return <-errs
}

func (b *bench) kestractl(args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(b.bin, "kestractl"), args...)
	cmd.Env = b.env
	return cmd
}

func curl(args ...string) *exec.Cmd {
	return exec.Command("curl", append([]string{"-sS", "--fail", "-u", sim.User + ":" + sim.Password}, args...)...)
}

// list compares `users list --all -o json` (every page, of the SDK's
// largest size) with curl fetching the same pages over one connection.
func (b *bench) list(n, runs int) error {
	const pageSize = 200
	var args []string
	for page := 1; (page-1)*pageSize < n+1; page++ {
		args = append(args, "-o", "/dev/null", fmt.Sprintf("%s/api/v1/users?page=%d&size=%d", b.srv.URL, page, pageSize))
	}
	// Check the output once, and warm both up.
	out, err := b.kestractl("users", "list", "--all", "-o", "json").Output()
	if err != nil {
		return fmt.Errorf("users list: %w", err)
	}
	var got []json.RawMessage
	if err := json.Unmarshal(out, &got); err != nil || len(got) != n+1 {
		return fmt.Errorf("users list returned %d users, want %d (%v)", len(got), n+1, err)
	}
	if _, err := measure.Timed(curl(args...)); err != nil {
		return err
	}
	var cli, base []time.Duration
	var peak float64
	var per map[string]int64
	for i := 0; i < runs; i++ {
		res, err := peakrss.Run(b.kestractl("users", "list", "--all", "-o", "json"), 5*time.Millisecond)
		if err != nil {
			return err
		}
		cli = append(cli, res.Wall)
		if res.MiB() > peak {
			peak, per = res.MiB(), res.PerProcess
		}
		d, err := measure.Timed(curl(args...))
		if err != nil {
			return err
		}
		base = append(base, d)
	}
	fmt.Printf("users list of %d users (%d runs, interleaved)\n", n+1, runs)
	fmt.Printf("  kestractl users list --all -o json   median %s\n", measure.Ms(measure.Median(cli)))
	fmt.Printf("  curl, the same %d pages          median %s\n", len(args)/3, measure.Ms(measure.Median(base)))
	fmt.Printf("  ratio kestractl/curl: %.2fx\n", float64(measure.Median(cli))/float64(measure.Median(base)))
	fmt.Printf("  peak RSS, core + plugin: %.1f MiB", peak)
	for name, kib := range per {
		f := strings.Fields(name)
		fmt.Printf("; %s %.1f MiB", f[len(f)-1], float64(kib)/1024)
	}
	fmt.Println()
	return nil
}

// small compares one-request commands with curl sending the same request.
func (b *bench) small(n int) error {
	out, err := b.kestractl("users", "list", "--query", "user00042", "-o", "json").Output()
	if err != nil {
		return fmt.Errorf("find a user: %w", err)
	}
	var users []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(out, &users); err != nil || len(users) != 1 {
		return fmt.Errorf("find a user: %d found (%v)", len(users), err)
	}
	kestractl := filepath.Join(b.bin, "kestractl")
	curlPath, _ := exec.LookPath("curl")
	auth := sim.User + ":" + sim.Password
	out, err = b.kestractl("roles", "create", "--name", "bench", "--permission", "FLOW:VIEW", "-o", "json").Output()
	if err != nil {
		return fmt.Errorf("create a role: %w", err)
	}
	var role struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(out, &role); err != nil {
		return fmt.Errorf("create a role: %w", err)
	}
	roleURL := b.srv.URL + "/api/v1/main/roles/" + role.ID
	body := `{"name":"bench","permissions":{"FLOW":["VIEW","LIST","CREATE","UPDATE","DELETE","EXECUTE"],"EXECUTION":["VIEW","LIST","ACCESS_LOGS"]}}`
	stats, err := measure.Interleaved(n, 3,
		measure.Cmd{Name: "kestractl users get ID -o json", Path: kestractl, Args: []string{"users", "get", users[0].ID, "-o", "json"}, Env: b.env},
		measure.Cmd{Name: "baseline: curl GET /api/v1/users/ID", Path: curlPath, Args: []string{"-sS", "--fail", "-u", auth, "-o", "/dev/null", b.srv.URL + "/api/v1/users/" + users[0].ID}},
		measure.Cmd{Name: "kestractl roles update (2 --permission)", Path: kestractl, Args: []string{"roles", "update", role.ID, "--yes",
			"--permission", "FLOW:VIEW,LIST,CREATE,UPDATE,DELETE,EXECUTE", "--permission", "EXECUTION:VIEW,LIST,ACCESS_LOGS", "-o", "json"}, Env: b.env},
		measure.Cmd{Name: "baseline: curl GET + PUT of the role", Path: curlPath, Args: []string{"-sS", "--fail", "-u", auth, "-o", "/dev/null", roleURL,
			"--next", "-sS", "--fail", "-u", auth, "-o", "/dev/null", "-X", "PUT", "-H", "Content-Type: application/json", "--data-binary", body, roleURL}},
	)
	if err != nil {
		return err
	}
	fmt.Printf("one-request commands (%d interleaved runs each, after 3 warm-up runs)\n", n)
	for _, s := range stats {
		fmt.Printf("  %-42s median %9s  p90 %9s\n", s.Name, measure.Ms(s.Median), measure.Ms(s.P90))
	}
	fmt.Printf("  ratio users get/curl (median): %.2fx\n", float64(stats[0].Median)/float64(stats[1].Median))
	fmt.Printf("  ratio roles update/curl (median): %.2fx\n", float64(stats[2].Median)/float64(stats[3].Median))
	return nil
}
