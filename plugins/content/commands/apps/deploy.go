package apps

import (
	"context"

	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/plugins/content/internal/deploy"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Deploy is "apps deploy --file PATH...".
type Deploy struct {
	File         []string `short:"f" required:"" placeholder:"PATH" completer:"file" help:"An app file, or a directory of .yaml/.yml files (repeatable)."`
	deploy.Flags `embed:""`
}

// Examples implements manifest.Exampler.
func (*Deploy) Examples() []string {
	return []string{"kestractl apps deploy --file apps/", "kestractl apps deploy -f apps/report.yaml --dry-run"}
}

// Help implements kong.HelpProvider.
func (*Deploy) Help() string {
	return `Each YAML document is one app, found on the server by its namespace and id: created when new, updated
(keeping its uid) when its source differs, left alone when identical. The report has one result per document:
status (created, updated, unchanged, would create, would update, failed, skipped), file, document, namespace,
id, error, and with --dry-run the diff of an app that would change.`
}

// Run deploys the apps.
func (d *Deploy) Run(c *plugin.Context) error {
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	if err := c.RequireEnterprise(what); err != nil {
		return err
	}
	return deploy.Run(c, d.Flags, d.File, deploy.Kind{
		Plural: "apps",
		Key:    deploy.KeyOf("app", func(ns, _ string) error { return plugin.ValidateNamespace(ns) }),
		Find: func(ctx context.Context, ns, id string) (*deploy.Current, error) {
			apps, err := cl.FindApps(ctx, ns)
			if err != nil {
				return nil, err
			}
			for _, a := range apps {
				if a.ID == id {
					_, full, err := cl.GetApp(ctx, a.UID)
					if err != nil {
						return nil, err
					}
					return &deploy.Current{Handle: a.UID, Source: full.Source}, nil
				}
			}
			return nil, nil
		},
		Create: func(ctx context.Context, src []byte) error {
			_, _, err := cl.CreateApp(ctx, src)
			return err
		},
		Update: func(ctx context.Context, cur *deploy.Current, src []byte) error {
			if cur.Handle == "" {
				return cmderr.New(cmderr.Internal, "no uid for the app to update")
			}
			_, _, err := cl.UpdateApp(ctx, cur.Handle, src)
			return err
		},
	})
}
