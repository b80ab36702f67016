package apps

import (
	"context"
	"slices"

	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

type bulkUIDs struct {
	UIDs []string `arg:"" name:"uid" completer:"app" help:"The apps' uids."`
}

// BulkDelete is "apps bulk-delete <uid>...".
type BulkDelete struct{ bulkUIDs }

// BulkEnable is "apps bulk-enable <uid>...".
type BulkEnable struct{ bulkUIDs }

// BulkDisable is "apps bulk-disable <uid>...".
type BulkDisable struct{ bulkUIDs }

// Examples implements manifest.Exampler.
func (*BulkDelete) Examples() []string {
	return []string{"kestractl apps bulk-delete 3yWvBqv1L3o7c7xq2kD9aF 5Hh2kPq0c8Zr1xLm3nB7Ty --yes"}
}

// Examples implements manifest.Exampler.
func (*BulkEnable) Examples() []string {
	return []string{"kestractl apps bulk-enable 3yWvBqv1L3o7c7xq2kD9aF 5Hh2kPq0c8Zr1xLm3nB7Ty"}
}

// Examples implements manifest.Exampler.
func (*BulkDisable) Examples() []string {
	return []string{"kestractl apps bulk-disable 3yWvBqv1L3o7c7xq2kD9aF -o json"}
}

// Run deletes the apps after confirmation.
func (b *BulkDelete) Run(c *plugin.Context) error { return b.run(c, "delete", "Delete", "deleted") }

// Run enables the apps.
func (b *BulkEnable) Run(c *plugin.Context) error { return b.run(c, "enable", "Enable", "enabled") }

// Run disables the apps.
func (b *BulkDisable) Run(c *plugin.Context) error { return b.run(c, "disable", "Disable", "disabled") }

func (b *bulkUIDs) run(c *plugin.Context, action, verb, done string) error {
	for _, u := range b.UIDs {
		if err := checkUID(u); err != nil {
			return err
		}
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	err = c.BulkByIDs(b.UIDs, plugin.Bulk{
		Noun: "app", Verb: verb, Done: done, NoConfirm: action != "delete",
		Act: func(ctx context.Context, uids []string) (map[string]string, error) {
			ok, err := cl.BulkApps(ctx, action, uids)
			if err != nil {
				return nil, err
			}
			failures := map[string]string{}
			for _, u := range uids {
				if !slices.Contains(ok, u) {
					failures[u] = "not found"
				}
			}
			return failures, nil
		},
	})
	return fail(c, err, "")
}
