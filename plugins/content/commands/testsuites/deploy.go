package testsuites

import (
	"context"
	"net/http"

	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/plugins/content/internal/deploy"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/yamldoc"
)

// Deploy is "test-suites deploy <path>...".
type Deploy struct {
	Paths        []string `arg:"" name:"path" completer:"file" help:"Test suite files, or directories of .yaml/.yml files."`
	deploy.Flags `embed:""`
}

// Examples implements manifest.Exampler.
func (*Deploy) Examples() []string {
	return []string{
		"kestractl test-suites deploy tests/",
		"# the plan and the diffs, without writing anything\nkestractl test-suites deploy tests/ --dry-run",
	}
}

// Help implements kong.HelpProvider.
func (*Deploy) Help() string {
	return `Each YAML document is one test suite, found on the server by its namespace and id: created when new,
updated when its source differs, left alone when identical. The report has one result per document: status
(created, updated, unchanged, would create, would update, failed, skipped), file, document, namespace, id,
error, and with --dry-run the diff of a suite that would change. Exit code 1 when a suite is invalid (e.g. its
flow does not exist).`
}

// Run deploys the test suites.
func (d *Deploy) Run(c *plugin.Context) error {
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	if err := c.RequireEnterprise(what); err != nil {
		return err
	}
	return deploy.Run(c, d.Flags, d.Paths, deploy.Kind{
		Plural: "test suites",
		Key:    deploy.KeyOf("test suite", checkRef),
		Find: func(ctx context.Context, ns, id string) (*deploy.Current, error) {
			_, ts, err := cl.GetTestSuite(ctx, ns, id)
			if kestra.IsStatus(err, http.StatusNotFound) {
				return nil, nil
			}
			if err != nil {
				return nil, err
			}
			return &deploy.Current{Source: ts.Source}, nil
		},
		Create: func(ctx context.Context, src []byte) error {
			_, _, err := cl.CreateTestSuite(ctx, src)
			return err
		},
		Update: func(ctx context.Context, cur *deploy.Current, src []byte) error {
			v, _ := yamldoc.Parse("", src)[0].Require("test suite", "namespace", "id")
			_, _, err := cl.UpdateTestSuite(ctx, v[0], v[1], src)
			return err
		},
	})
}
