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
	"os"
	"os/exec"
	"path/filepath"

	"github.com/kestractl/kestractl/bench/internal/compare"
	"github.com/kestractl/kestractl/bench/internal/measure"
	"github.com/kestractl/kestractl/bench/internal/session"
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
	*session.Session
}

func run(bin string, users, runs, n int) error {
	s, err := session.Start("iam", bin, session.Options{Tools: []string{"curl"}})
	if err != nil {
		return err
	}
	defer s.Close()
	b := &bench{s}
	if err := b.seed(users); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if err := b.list(users, runs); err != nil {
		return err
	}
	return b.small(n)
}

// seed creates n users through the API.
func (b *bench) seed(n int) error {
	return b.Sim.PostEach(n, "/api/v1/users", "application/json", func(i int) string {
		return fmt.Sprintf(`{"email":"user%05d@example.com","firstName":"User","lastName":"%05d","tenants":["main"]}`, i, i)
	})
}

// list compares `users list --all -o json` (every page, of the SDK's
// largest size) with curl fetching the same pages over one connection.
func (b *bench) list(n, runs int) error {
	const pageSize = 200
	var args []string
	for page := 1; (page-1)*pageSize < n+1; page++ {
		args = append(args, "-o", "/dev/null", fmt.Sprintf("%s/api/v1/users?page=%d&size=%d", b.Sim.URL, page, pageSize))
	}
	// Check the output once.
	if err := compare.CheckCount(b.Kestractl("users", "list", "--all", "-o", "json"), n+1); err != nil {
		return err
	}
	_, err := compare.Pair(fmt.Sprintf("users list --all of %d users (%d pages of %d)", n+1, len(args)/3, pageSize), runs,
		func() *exec.Cmd { return b.Kestractl("users", "list", "--all", "-o", "json") },
		func() *exec.Cmd { return sim.Curl(args...) },
		"curl, same pages", compare.Target{})
	return err
}

// small compares one-request commands with curl sending the same request.
func (b *bench) small(n int) error {
	out, err := b.Kestractl("users", "list", "--query", "user00042", "-o", "json").Output()
	if err != nil {
		return fmt.Errorf("find a user: %w", err)
	}
	var users []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(out, &users); err != nil || len(users) != 1 {
		return fmt.Errorf("find a user: %d found (%v)", len(users), err)
	}
	kestractl := filepath.Join(b.Bin, "kestractl")
	curlPath, _ := exec.LookPath("curl")
	auth := sim.User + ":" + sim.Password
	out, err = b.Kestractl("roles", "create", "--name", "bench", "--permission", "FLOW:VIEW", "-o", "json").Output()
	if err != nil {
		return fmt.Errorf("create a role: %w", err)
	}
	var role struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(out, &role); err != nil {
		return fmt.Errorf("create a role: %w", err)
	}
	roleURL := b.Sim.URL + "/api/v1/main/roles/" + role.ID
	body := `{"name":"bench","permissions":{"FLOW":["VIEW","LIST","CREATE","UPDATE","DELETE","EXECUTE"],"EXECUTION":["VIEW","LIST","ACCESS_LOGS"]}}`
	stats, err := measure.Interleaved(n, 3,
		measure.Cmd{Name: "kestractl users get ID -o json", Path: kestractl, Args: []string{"users", "get", users[0].ID, "-o", "json"}, Env: b.Env},
		measure.Cmd{Name: "baseline: curl GET /api/v1/users/ID", Path: curlPath, Args: []string{"-sS", "--fail", "-u", auth, "-o", "/dev/null", b.Sim.URL + "/api/v1/users/" + users[0].ID}},
		measure.Cmd{Name: "kestractl roles update (2 --permission)", Path: kestractl, Args: []string{"roles", "update", role.ID, "--yes",
			"--permission", "FLOW:VIEW,LIST,CREATE,UPDATE,DELETE,EXECUTE", "--permission", "EXECUTION:VIEW,LIST,ACCESS_LOGS", "-o", "json"}, Env: b.Env},
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
