package commands

import (
	"github.com/kestractl/kestractl/plugins/artifacts/catalog"
	"github.com/kestractl/kestractl/plugins/artifacts/coord"
	"github.com/kestractl/kestractl/plugins/artifacts/fetch"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Get fetches one plugin JAR.
type Get struct {
	Coordinate    string `arg:"" help:"groupId:artifactId:version, or groupId:artifactId with --compatible-for." placeholder:"COORDINATE"`
	CompatibleFor string `name:"compatible-for" help:"Kestra version whose catalog gives the version of an unversioned coordinate." placeholder:"VERSION"`
	fetchFlags    `embed:""`
}

// Examples implements manifest.Exampler.
func (*Get) Examples() []string {
	return []string{
		"kestractl plugins get io.kestra.plugin:plugin-aws:2.0.6",
		"kestractl plugins get io.kestra.plugin:plugin-aws --compatible-for 2.0.0 --plugins-dir ./plugins",
		"kestractl plugins get io.kestra.plugin.ee:plugin-ee-kafka:2.0.4 --maven-repository https://registry.example.com/maven --maven-username deployer -o json",
	}
}

// Help implements kong.HelpProvider.
func (*Get) Help() string {
	return downloadHelp + `

Other versions of the plugin are never removed.`
}

// Run downloads the plugin. Other versions of it are left alone.
func (g *Get) Run(c *plugin.Context, b Build) error {
	x, err := coord.Parse(g.Coordinate, true)
	if err != nil {
		return cmderr.Usagef("%v", err)
	}
	run, err := newRun(c, b, g.fetchFlags)
	if err != nil {
		return err
	}
	defer run.close()
	cs, err := pinVersions(run.ctx, c, run.catalog, []coord.Coordinate{x}, catalog.ResolveVersion(g.CompatibleFor), "", g.CompatibleFor != "")
	if err != nil {
		return run.timedOut(err)
	}
	return run.execute([]fetch.Job{{Coordinate: cs[0]}}, runOptions{concurrency: 1, single: true, dryRun: g.DryRun})
}
