package testsuites

import (
	"context"
	"net/http"
	"strings"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// bulkIDs are the namespace/id arguments of the *-bulk commands.
type bulkIDs struct {
	IDs []string `arg:"" name:"namespace/id" help:"Test suites, as namespace/id."`
}

// DeleteBulk is "test-suites delete-bulk <namespace/id>...".
type DeleteBulk struct{ bulkIDs }

// EnableBulk is "test-suites enable-bulk <namespace/id>...".
type EnableBulk struct{ bulkIDs }

// DisableBulk is "test-suites disable-bulk <namespace/id>...".
type DisableBulk struct{ bulkIDs }

// Examples implements manifest.Exampler.
func (*DeleteBulk) Examples() []string {
	return []string{"kestractl test-suites delete-bulk company.team/hello_suite company.team/etl_suite --yes"}
}

// Examples implements manifest.Exampler.
func (*EnableBulk) Examples() []string {
	return []string{"kestractl test-suites enable-bulk company.team/hello_suite"}
}

// Examples implements manifest.Exampler.
func (*DisableBulk) Examples() []string {
	return []string{"kestractl test-suites disable-bulk company.team/hello_suite company.team/etl_suite -o json"}
}

const bulkHelp = `The report has one result per test suite: id (namespace/id), status (%s, or failed with the error, e.g.
not found). Exit code 1 when one failed.`

// Help implements kong.HelpProvider.
func (*DeleteBulk) Help() string { return strings.Replace(bulkHelp, "%s", "deleted", 1) }

// Help implements kong.HelpProvider.
func (*EnableBulk) Help() string { return strings.Replace(bulkHelp, "%s", "enabled", 1) }

// Help implements kong.HelpProvider.
func (*DisableBulk) Help() string { return strings.Replace(bulkHelp, "%s", "disabled", 1) }

// Run deletes the test suites after confirmation.
func (b *DeleteBulk) Run(c *plugin.Context) error { return b.run(c, "delete", "Delete", "deleted") }

// Run enables the test suites.
func (b *EnableBulk) Run(c *plugin.Context) error { return b.run(c, "enable", "Enable", "enabled") }

// Run disables the test suites.
func (b *DisableBulk) Run(c *plugin.Context) error { return b.run(c, "disable", "Disable", "disabled") }

func (b *bulkIDs) run(c *plugin.Context, action, verb, done string) error {
	for _, id := range b.IDs {
		if _, err := parseSuiteID(id); err != nil {
			return err
		}
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	err = c.BulkByIDs(b.IDs, plugin.Bulk{
		Noun: "test suite", Verb: verb, Done: done, NoConfirm: action != "delete",
		Act: func(ctx context.Context, ids []string) (map[string]string, error) {
			return actOn(ctx, cl, action, ids)
		},
	})
	return fail(c, err, "")
}

// actOn applies a bulk action to ids. Kestra answers only a count, so each
// test suite is looked up first: those that do not exist are reported as
// such and left out of the call.
func actOn(ctx context.Context, cl *api.Client, action string, ids []string) (map[string]string, error) {
	failures := map[string]string{}
	var send []api.SuiteID
	for _, id := range ids {
		sid, _ := parseSuiteID(id)
		if _, _, err := cl.GetTestSuite(ctx, sid.Namespace, sid.ID); err != nil {
			if kestra.IsStatus(err, http.StatusNotFound) {
				failures[id] = "not found"
				continue
			}
			return nil, err
		}
		send = append(send, sid)
	}
	if len(send) == 0 {
		return failures, nil
	}
	n, err := cl.BulkTestSuites(ctx, action, send)
	if err != nil {
		return nil, err
	}
	if n < len(send) {
		// Something changed between the check and the action: find out
		// which (a deleted suite is gone; an enabled one reads so).
		for _, sid := range send {
			_, ts, gerr := cl.GetTestSuite(ctx, sid.Namespace, sid.ID)
			key := sid.Namespace + "/" + sid.ID
			switch {
			case action == "delete" && gerr == nil:
				failures[key] = "still exists"
			case action != "delete" && gerr != nil:
				failures[key] = "not found"
			case action != "delete" && ts.Disabled != (action == "disable"):
				failures[key] = "not " + action + "d"
			}
		}
	}
	return failures, nil
}

// parseSuiteID reads namespace/id (the id is after the last slash).
func parseSuiteID(s string) (api.SuiteID, error) {
	i := strings.LastIndex(s, "/")
	if i <= 0 || i == len(s)-1 {
		return api.SuiteID{}, cmderr.Usagef("invalid test suite %q: expected namespace/id, e.g. company.team/hello_suite", s)
	}
	id := api.SuiteID{Namespace: s[:i], ID: s[i+1:]}
	if err := checkRef(id.Namespace, id.ID); err != nil {
		return api.SuiteID{}, cmderr.Usagef("invalid test suite %q: %v", s, err)
	}
	return id, nil
}
