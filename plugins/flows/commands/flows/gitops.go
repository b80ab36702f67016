package flows

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/flowfile"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// serverFlow is a live flow of the server as a listing shows it.
type serverFlow struct {
	Namespace string `json:"namespace"`
	ID        string `json:"id"`
	Revision  int    `json:"revision"`
}

func (f serverFlow) ref() api.FlowRef { return api.FlowRef{Namespace: f.Namespace, ID: f.ID} }

// listServerFlows lists the live flows of a namespace (exactly it, not its
// children), or of the whole tenant when namespace is "".
func listServerFlows(ctx context.Context, cl *api.Client, namespace string) ([]serverFlow, error) {
	var out []serverFlow
	err := cl.SearchFlows(ctx, namespace, 1000, func(page []json.RawMessage, _ int64) error {
		for _, raw := range page {
			var f serverFlow
			if err := json.Unmarshal(raw, &f); err != nil {
				return fmt.Errorf("decode flow: %w", err)
			}
			if namespace == "" || f.Namespace == namespace {
				out = append(out, f)
			}
		}
		return nil
	})
	if err != nil {
		what := "the flows of namespace " + namespace
		if namespace == "" {
			what = "the flows of the tenant"
		}
		return nil, fmt.Errorf("list %s: %w", what, err)
	}
	slices.SortFunc(out, func(a, b serverFlow) int { return strings.Compare(a.Namespace+"/"+a.ID, b.Namespace+"/"+b.ID) })
	return out, nil
}

// checkDocuments refuses documents that are not flows, naming them: a sync
// that deletes what the files do not define must understand every file.
func checkDocuments(docs []*flowfile.Document, why string) error {
	var bad []string
	for _, d := range docs {
		if d.Err != nil {
			bad = append(bad, fmt.Sprintf("%s: %v", d.Label(), d.Err))
		}
	}
	if len(bad) == 0 {
		return nil
	}
	what := plural(len(bad), "document") + " are not valid flows"
	if len(bad) == 1 {
		what = "1 document is not a valid flow"
	}
	return cmderr.New(cmderr.Generic, "%s: %s", what, why).
		WithDetails(bad...)
}

// joinDocuments makes one multi-document YAML body.
func joinDocuments(srcs [][]byte) []byte {
	var b bytes.Buffer
	for i, s := range srcs {
		if i > 0 {
			if !bytes.HasSuffix(b.Bytes(), []byte("\n")) {
				b.WriteByte('\n')
			}
			b.WriteString("---\n")
		}
		b.Write(s)
	}
	return b.Bytes()
}

// syncResult is one flow of a server-side sync's report.
type syncResult struct {
	Status    string `json:"status"`
	Namespace string `json:"namespace"`
	ID        string `json:"id"`
	Revision  int    `json:"revision,omitempty"`
}

// reportSync reports the flows a sync answered, against what the server
// held before: created, updated (a new revision), unchanged or deleted.
func reportSync(c *plugin.Context, before []serverFlow, after []*api.Flow) error {
	revs := map[api.FlowRef]int{}
	for _, f := range before {
		revs[f.ref()] = f.Revision
	}
	r := c.Report("flows", plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"), plugin.Col("REVISION", "revision"),
		plugin.Column{Header: "STATUS", Path: "status", Format: "status"})
	for _, f := range after {
		res := syncResult{Namespace: f.Namespace, ID: f.ID, Revision: f.Revision}
		prev, existed := revs[api.FlowRef{Namespace: f.Namespace, ID: f.ID}]
		var deleted struct {
			Deleted bool `json:"deleted"`
		}
		_ = json.Unmarshal(f.Raw, &deleted)
		switch {
		case deleted.Deleted:
			res.Status, res.Revision = "deleted", 0
		case !existed:
			res.Status = "created"
		case prev != f.Revision:
			res.Status = "updated"
		default:
			res.Status = "unchanged"
		}
		if err := r.Add(res.Status, res); err != nil {
			return err
		}
	}
	return r.Close()
}

// confirmDeletions lists the flows a sync will delete and asks naming
// their count.
func confirmDeletions(c *plugin.Context, doomed []serverFlow, where string) error {
	if len(doomed) == 0 {
		return nil
	}
	lines := make([]string, 0, len(doomed)+1)
	lines = append(lines, fmt.Sprintf("%s will be deleted:", plural(len(doomed), "flow")))
	for _, f := range doomed {
		lines = append(lines, fmt.Sprintf("  - %s/%s (revision %d)", f.Namespace, f.ID, f.Revision))
	}
	if err := c.Info("%s", strings.Join(lines, "\n")); err != nil {
		return err
	}
	return c.ConfirmOrCancel(fmt.Sprintf("Delete %s %s?", plural(len(doomed), "flow"), where))
}
