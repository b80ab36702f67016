package flows

import (
	"fmt"

	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// NamespaceSync is "flows namespace-sync <namespace> <file-or-dir>".
type NamespaceSync struct {
	Namespace string `arg:"" completer:"namespace" help:"The namespace to sync."`
	Path      string `arg:"" completer:"file" help:"A flow file (one or more documents), a directory of .yaml/.yml files, or - for stdin."`
	Delete    bool   `help:"Also delete the namespace's flows the files do not define (asks, listing them)."`
	Override  bool   `help:"Deploy every flow into the namespace, whatever namespace its file names."`
}

// Examples implements manifest.Exampler.
func (*NamespaceSync) Examples() []string {
	return []string{
		"kestractl flows namespace-sync company.team flows/company.team/",
		"# make the namespace exactly the directory (deletes what it no longer has)\nkestractl flows namespace-sync company.team flows/company.team/ --delete",
		"kestractl flows namespace-sync staging flows/ --override --yes",
	}
}

// Help implements kong.HelpProvider.
func (*NamespaceSync) Help() string {
	return `The server replaces the namespace's flows with the files' in one request (POST /flows/{namespace}),
validating them all first: one invalid flow and nothing changes. Without --delete no flow is deleted (kestractl
always says so to the server, whose default is to delete). With --delete the flows to delete are listed and
confirmed first (--yes in scripts); preview the whole plan with 'flows deploy --prune --dry-run'. The report has one
result per flow: status (created, updated, unchanged or deleted), namespace, id, revision.`
}

// Run syncs the namespace.
func (s *NamespaceSync) Run(c *plugin.Context) error {
	if err := plugin.ValidateNamespace(s.Namespace); err != nil {
		return err
	}
	docs, err := loadDocuments(c, []string{s.Path}, true)
	if err != nil {
		return err
	}
	if err := checkDocuments(docs, "nothing was synced"); err != nil {
		return err
	}
	seen := map[string]string{}
	srcs := make([][]byte, 0, len(docs))
	for _, d := range docs {
		if !s.Override && d.Namespace != s.Namespace {
			return cmderr.Usagef("%s defines flow '%s' in namespace '%s', not '%s'", d.Label(), d.ID, d.Namespace, s.Namespace).
				WithHint("use --override to deploy every flow into %s", s.Namespace)
		}
		if prev, dup := seen[d.ID]; dup {
			return cmderr.Usagef("flow '%s' is defined twice: in %s and in %s", d.ID, prev, d.Label())
		}
		seen[d.ID] = d.Label()
		srcs = append(srcs, d.Source)
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	before, err := listServerFlows(c, cl, s.Namespace)
	if err != nil {
		return err
	}
	if s.Delete {
		var doomed []serverFlow
		for _, f := range before {
			if _, kept := seen[f.ID]; !kept {
				doomed = append(doomed, f)
			}
		}
		if err := confirmDeletions(c, doomed, fmt.Sprintf("of namespace %s not defined in %s", s.Namespace, s.Path)); err != nil {
			return err
		}
	}
	after, err := cl.SyncNamespace(c, s.Namespace, joinDocuments(srcs), s.Delete, s.Override)
	if err != nil {
		return err
	}
	return reportSync(c, before, after)
}
