package commands

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/download"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Server is the server group: what the Enterprise server says about
// itself.
type Server struct {
	License  ServerLicense  `cmd:"" help:"Show the server's license: type, expiry, limits."`
	Actions  ServerActions  `cmd:"" help:"List the permissions of this server and their actions, to check role files against."`
	Generate ServerGenerate `cmd:"" help:"Generate the usage report of the active tenant since a date."`
}

// ServerLicense shows the license.
type ServerLicense struct{}

// Help is the detailed help of server license.
func (s *ServerLicense) Help() string {
	return "With -o json the output is the server's license information (type, expiry, expired, maxServers...)."
}

// Examples implements the SDK's Exampler.
func (s *ServerLicense) Examples() []string {
	return []string{"kestractl server license", "kestractl server license -o json --jq .expiry"}
}

// Run shows the license.
func (s *ServerLicense) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	raw, err := a.LicenseInfo(c)
	if err != nil {
		return err
	}
	if err := c.Object(raw); err != nil {
		return err
	}
	var info struct {
		Expired bool   `json:"expired"`
		Expiry  string `json:"expiry"`
	}
	if json.Unmarshal(raw, &info) == nil && info.Expired {
		return c.Warn("the license expired on %s", plugin.LocalTime(info.Expiry))
	}
	return nil
}

// ServerActions lists the permissions and their actions.
type ServerActions struct {
	Permission []string `sep:"," placeholder:"PERMISSION" help:"Only these permissions (e.g. FLOW,EXECUTION), any case."`
}

// Help is the detailed help of server actions.
func (s *ServerActions) Help() string {
	return `Each permission (resource) of this server with the actions a role may grant
on it (GET {tenant}/acls/permissions), to check a role file before 'roles
create --permissions-file'. With -o json the output is the server's mapping.`
}

// Examples implements the SDK's Exampler.
func (s *ServerActions) Examples() []string {
	return []string{"kestractl server actions", "kestractl server actions --permission FLOW,EXECUTION -o json"}
}

// Run lists the actions.
func (s *ServerActions) Run(c *plugin.Context) error {
	a, err := api(c)
	if err != nil {
		return err
	}
	raw, err := a.Permissions(c)
	if err != nil {
		return err
	}
	var perms map[string][]string
	if err := json.Unmarshal(raw, &perms); err != nil {
		return fmt.Errorf("cannot read the server's permissions: %w", err)
	}
	want := map[string]bool{}
	for _, p := range s.Permission {
		p = strings.ToUpper(strings.TrimSpace(p))
		if _, ok := perms[p]; !ok {
			return cmderr.New(cmderr.NotFound, "the server has no permission %q", p).WithHint("'kestractl server actions' lists them")
		}
		want[p] = true
	}
	names := make([]string, 0, len(perms))
	for p := range perms {
		if len(want) == 0 || want[p] {
			names = append(names, p)
		}
	}
	slices.Sort(names)
	if c.Structured() {
		if len(want) == 0 {
			return c.Object(raw)
		}
		out := map[string][]string{}
		for _, p := range names {
			out[p] = perms[p]
		}
		return c.Object(out)
	}
	t := c.Table(plugin.Col("PERMISSION", "permission"), plugin.Col("ACTIONS", "actions"))
	for _, p := range names {
		if err := t.Add(map[string]string{"permission": p, "actions": strings.Join(perms[p], ", ")}); err != nil {
			return err
		}
	}
	return t.Close(fmt.Sprintf("%d permissions", len(names)))
}

// ServerGenerate downloads the usage report.
type ServerGenerate struct {
	From       string `required:"" placeholder:"DATE" help:"First day of the report: a date (2026-11-01) or a duration ago (30d)."`
	OutputFile string `name:"output-file" short:"O" placeholder:"FILE" help:"Write the report to FILE (atomically) instead of stdout."`
}

// Help is the detailed help of server generate.
func (s *ServerGenerate) Help() string {
	return `Asks the server for the usage report of the active tenant from that day to
today (GET {tenant}/stats/generate-reports, super-admin), as the file it
answers. It goes to stdout whatever -o says, or to --output-file; binary
content is never written to a terminal.`
}

// Examples implements the SDK's Exampler.
func (s *ServerGenerate) Examples() []string {
	return []string{"kestractl server generate --from 2026-11-01 -O usage.json", "kestractl server generate --from 30d > usage-report"}
}

// Run downloads the report.
func (s *ServerGenerate) Run(c *plugin.Context) error {
	t, err := plugin.ParseTime(s.From, time.Now())
	if err != nil {
		return cmderr.Usagef("invalid --from %q: %v", s.From, err)
	}
	if t.After(time.Now()) {
		return cmderr.Usagef("invalid --from %q: it is in the future", s.From)
	}
	from := t.Format(time.DateOnly)
	a, err := api(c)
	if err != nil {
		return err
	}
	res, err := download.Save(c, download.Download{Output: s.OutputFile, What: "usage report",
		Open: func(ctx context.Context, _ int64, _ string) (*http.Response, error) { return a.UsageReport(ctx, from) }})
	if err != nil {
		return err
	}
	where := "stdout"
	if res.File != "" {
		where = s.OutputFile
	}
	return c.Success("Usage report of tenant '%s' since %s written to %s (%d bytes).", a.Tenant(), from, where, res.Size)
}
