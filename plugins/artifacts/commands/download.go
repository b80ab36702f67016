package commands

import (
	"strings"

	"github.com/kestractl/kestractl/plugins/artifacts/catalog"
	"github.com/kestractl/kestractl/plugins/artifacts/coord"
	"github.com/kestractl/kestractl/plugins/artifacts/fetch"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// maxConcurrency bounds --concurrency.
const maxConcurrency = 64

// Download fetches plugin JARs: the whole catalog of a Kestra version, an
// explicit list (--plugins) or the core plugins a configuration needs
// (--from-config).
type Download struct {
	Version             string   `arg:"" optional:"" help:"Kestra version (e.g. 2.0.0, latest, develop); optional with --plugins."`
	Edition             string   `default:"ALL" values:"ALL,OSS,EE" help:"Filter the catalog by edition: ALL, OSS or EE." placeholder:"EDITION"`
	Plugins             []string `sep:"none" help:"Explicit coordinates, groupId:artifactId:version (space-separated or repeated; groupId:artifactId takes the catalog's version); bypasses the catalog." placeholder:"COORDS"`
	FromConfig          []string `name:"from-config" sep:"none" completer:"file" help:"Download only the core plugins required by these Kestra configuration files (repeatable; needs the version argument)." placeholder:"FILE"`
	CompatibleFor       string   `name:"compatible-for" help:"Kestra version whose catalog gives the version of unversioned --plugins coordinates." placeholder:"VERSION"`
	Concurrency         int      `default:"1" help:"Number of parallel downloads (1-64)." placeholder:"N"`
	KeepOnlyLastVersion bool     `name:"keep-only-last-version" negatable:"" help:"Also remove the older versions of each plugin just verified in the plugins directory, naming every file removed; newer versions and other plugins are kept. Off by default (the public kestractl defaulted to true: pass it, or --keep-only-last-version=true, to keep that behaviour)."`
	FailFast            bool     `name:"fail-fast" help:"Stop at the first plugin that fails (others are cancelled)."`
	fetchFlags          `embed:""`
}

// Examples implements manifest.Exampler.
func (*Download) Examples() []string {
	return []string{
		"kestractl plugins download 2.0.0 --edition OSS --plugins-dir ./plugins --concurrency 8",
		"# the pipe pattern of the public kestractl: choose with list, download what it printed\n" +
			"kestractl plugins download 2.0.0 --plugins \"$(kestractl plugins list 2.0.0 -q kafka --format plain)\"",
		"kestractl plugins download --plugins io.kestra.plugin:plugin-aws --compatible-for 2.0.0",
		"kestractl plugins download 2.0.0 --from-config application.yaml --maven-repository https://registry.example.com/maven",
		"# upgrade and remove the versions it replaces: the plan first, then the run\n" +
			"kestractl plugins download 2.0.1 --keep-only-last-version --dry-run",
		"kestractl plugins download 2.0.1 --keep-only-last-version",
		"kestractl plugins download 2.0.0 -o json --jq '.results[] | select(.status == \"failed\") | .coordinate'",
	}
}

// Help implements kong.HelpProvider: the report and the exit codes.
func (*Download) Help() string {
	return downloadHelp + `

--keep-only-last-version (off by default; the public kestractl had it on) removes, once the downloads are over, the JARs (and their records) of older versions of each plugin verified in this run, and other copies of a kept version; each is named on stderr ("Removed <file> (...)") and is a "removed" result of the report. Newer versions are kept (a warning names them), and so are the JARs of plugins not in the list and of plugins that failed. With --dry-run the plan shows what would be removed ("would remove").`
}

// downloadHelp describes the report of download and get.
const downloadHelp = `Progress goes to stderr: bars on a terminal, else one line per JAR ("[ 3/22] g:a:v ... done (4.0 MiB)"), and the summary ("22 JARs in ./plugins: 21 up-to-date, 1 downloaded"). The report — a table of JARs on stdout, or with -o json one document {"summary": {"total": N, "<status>": n, ...}, "results": [...]} — has one result per JAR: status (downloaded, up-to-date, failed, cancelled; with --dry-run would download, would verify, up-to-date; removed or would remove for a JAR pruned), coordinate, groupId, artifactId, version, file, size, checksum {algorithm, digest, verified}, resumed, note, warnings, error, and replacedBy for a JAR removed.

Exit codes: 0 when every JAR is in place; 2 for bad flags or coordinates; 4 when the repository refuses the credentials (HTTP 401/403); 5 when a JAR or a catalog version does not exist; 7 when the repository or the catalog cannot be reached or keeps rate limiting; 3 when --global-timeout ends the run (run it again: it resumes); 130 on Ctrl-C; 1 otherwise (e.g. a checksum mismatch, a JAR refused by --require-checksums, failures of different kinds). A re-run downloads only what is missing.`

// Run downloads the plugins.
func (d *Download) Run(c *plugin.Context, b Build) error {
	license, err := catalog.License(d.Edition)
	if err != nil {
		return cmderr.Usagef("%v", err)
	}
	switch {
	case len(d.Plugins) > 0 && len(d.FromConfig) > 0:
		return cmderr.Usagef("--plugins and --from-config are mutually exclusive").
			WithHint("preview the plugins a configuration needs with 'kestractl plugins list VERSION --from-config FILE', then pass them to --plugins")
	case d.CompatibleFor != "" && len(d.FromConfig) > 0:
		return cmderr.Usagef("--compatible-for and --from-config are mutually exclusive: --from-config already resolves versions from the version argument")
	case d.CompatibleFor != "" && len(d.Plugins) == 0:
		return cmderr.Usagef("--compatible-for requires --plugins: without it, pass the Kestra version as the argument to download the whole compatibility set")
	case d.Plugins == nil && d.Version == "":
		return cmderr.Usagef("requires a version argument (the version is only optional when --plugins is set)").
			WithHint("e.g. 'kestractl plugins download 2.0.0'")
	}
	if d.Concurrency < 1 || d.Concurrency > maxConcurrency {
		return cmderr.Usagef("--concurrency must be between 1 and %d, got %d", maxConcurrency, d.Concurrency)
	}
	run, err := newRun(c, b, d.fetchFlags)
	if err != nil {
		return err
	}
	defer run.close()
	jobs, done, err := d.jobs(c, run, license)
	if err != nil || done {
		return run.timedOut(err)
	}
	return run.execute(jobs, runOptions{concurrency: d.Concurrency, keepOnlyLast: d.KeepOnlyLastVersion, failFast: d.FailFast, dryRun: d.DryRun})
}

// jobs works out what to download; done says there is nothing to do.
func (d *Download) jobs(c *plugin.Context, r *run, license string) ([]fetch.Job, bool, error) {
	switch {
	case d.Plugins != nil:
		cs, err := coord.ParseList(d.Plugins, true)
		if err != nil {
			return nil, false, pluginsError(d.Plugins, err)
		}
		if len(cs) == 0 {
			_ = c.Warn("--plugins lists no coordinates: nothing to download")
			return nil, true, r.empty()
		}
		kv, explicit, err := kestraVersion(d.CompatibleFor, d.Version)
		if err != nil {
			return nil, false, err
		}
		if cs, err = pinVersions(r.ctx, c, r.catalog, cs, kv, license, explicit); err != nil {
			return nil, false, err
		}
		cs = coord.Dedupe(cs)
		_ = c.Info("Downloading %s...", plural(len(cs), "plugin", "plugins"))
		return coordJobs(cs), false, nil
	case len(d.FromConfig) > 0:
		version := catalog.ResolveVersion(d.Version)
		if err := catalog.CheckVersion(version); err != nil {
			return nil, false, cmderr.Usagef("%v", err)
		}
		ids, err := requiredArtifacts(c, d.FromConfig)
		if err != nil {
			return nil, false, err
		}
		if len(ids) == 0 {
			_ = c.Info("%s", noCorePlugins)
			return nil, true, r.empty()
		}
		entries, err := coreEntries(r.ctx, r.catalog, ids, version)
		if err != nil {
			return nil, false, err
		}
		_ = c.Info("Downloading %s...", plural(len(entries), "plugin", "plugins"))
		return entryJobs(entries), false, nil
	default:
		version := catalog.ResolveVersion(d.Version)
		if err := catalog.CheckVersion(version); err != nil {
			return nil, false, cmderr.Usagef("%v", err)
		}
		_ = c.Info("Fetching plugin list for Kestra %s...", version)
		entries, err := r.catalog.Fetch(r.ctx, version, license)
		if err != nil {
			return nil, false, err
		}
		_ = c.Info("Found %s.", plural(len(entries), "plugin", "plugins"))
		return entryJobs(entries), false, nil
	}
}

// pluginsError is the usage error of an invalid --plugins value; given the
// table of 'plugins list' (a script written for the public kestractl,
// whose list printed coordinates), it says how to get coordinates.
func pluginsError(values []string, err error) error {
	e := cmderr.Usagef("%v", err)
	for _, v := range values {
		if f := strings.Fields(v); len(f) >= 4 && f[0] == "GROUP" && f[1] == "ARTIFACT" {
			return e.WithHint("--plugins got the table of 'plugins list': pass 'kestractl plugins list VERSION --format plain' for coordinates on one line")
		}
	}
	return e
}

func coordJobs(cs []coord.Coordinate) []fetch.Job {
	jobs := make([]fetch.Job, len(cs))
	for i, c := range cs {
		jobs[i] = fetch.Job{Coordinate: c}
	}
	return jobs
}

// entryJobs turns catalog entries into jobs; an invalid entry becomes a
// job that fails (and is listed) without touching the network or the disk.
func entryJobs(entries []catalog.Entry) []fetch.Job {
	seen := map[coord.Coordinate]bool{}
	var jobs []fetch.Job
	for _, e := range entries {
		c := e.Coordinate()
		if seen[c] {
			continue
		}
		seen[c] = true
		jobs = append(jobs, fetch.Job{Coordinate: c, Err: e.Validate()})
	}
	return jobs
}
