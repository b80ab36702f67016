package flows

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// DeleteRevisions is "flows delete-revisions <namespace> <flow_id> --revisions N,...".
type DeleteRevisions struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID    string `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
	Revisions []int  `required:"" placeholder:"N,..." help:"Revisions to drop from the history (comma-separated or repeated); never the current one."`
}

// Examples implements manifest.Exampler.
func (*DeleteRevisions) Examples() []string {
	return []string{"kestractl flows delete-revisions company.team hello --revisions 1,2,3", "kestractl flows delete-revisions company.team hello --revisions 4 --yes"}
}

// Help implements kong.HelpProvider.
func (*DeleteRevisions) Help() string {
	return `Asks for confirmation (--yes in scripts). The revisions are checked first: an unknown revision is
exit 5, the current one exit 2, and nothing is deleted. The report has one result per revision: status (deleted),
revision.`
}

type revisionResult struct {
	Status   string `json:"status"`
	Revision int    `json:"revision"`
}

// Run deletes the revisions after confirmation.
func (d *DeleteRevisions) Run(c *plugin.Context) error {
	if err := cmdutil.CheckFlowRef(d.Namespace, d.FlowID); err != nil {
		return err
	}
	revs := slices.Clone(d.Revisions)
	slices.Sort(revs)
	revs = slices.Compact(revs)
	for _, r := range revs {
		if r < 1 {
			return cmderr.Usagef("invalid revision %d: revisions start at 1", r)
		}
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raws, err := cl.Revisions(c, d.Namespace, d.FlowID)
	if err != nil {
		return kestra.NotFoundAs(err, "flow %q not found in namespace %q", d.FlowID, d.Namespace)
	}
	var have []int
	for _, raw := range raws {
		var r struct {
			Revision int `json:"revision"`
		}
		if err := json.Unmarshal(raw, &r); err != nil {
			return fmt.Errorf("decode revision: %w", err)
		}
		have = append(have, r.Revision)
	}
	current := slices.Max(have)
	for _, r := range revs {
		switch {
		case r == current:
			return cmderr.Usagef("revision %d is the current revision of flow '%s': it cannot be deleted", r, d.FlowID)
		case !slices.Contains(have, r):
			return cmderr.New(cmderr.NotFound, "flow '%s' has no revision %d (it has %s)", d.FlowID, r, joinInts(have))
		}
	}
	if err := c.ConfirmOrCancel(fmt.Sprintf("Delete %s %s of flow '%s' in %s?", pluralWord(len(revs), "revision"), joinInts(revs), d.FlowID, d.Namespace)); err != nil {
		return err
	}
	if err := cl.DeleteRevisions(c, d.Namespace, d.FlowID, revs); err != nil {
		return kestra.NotFoundAs(err, "flow %q not found in namespace %q", d.FlowID, d.Namespace)
	}
	rep := c.Report("revisions", plugin.Col("REVISION", "revision"), plugin.Column{Header: "STATUS", Path: "status", Format: "status"})
	for _, r := range revs {
		if err := rep.Add("deleted", revisionResult{Status: "deleted", Revision: r}); err != nil {
			return err
		}
	}
	return rep.Close()
}

func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ", ")
}

func pluralWord(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}
