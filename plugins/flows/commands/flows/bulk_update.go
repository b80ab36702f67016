package flows

import (
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// BulkUpdate is "flows bulk-update --file PATH [--namespace NS] [--delete]".
type BulkUpdate struct {
	File                string `required:"" placeholder:"PATH" completer:"file" help:"A flow file (one or more documents), a directory of .yaml/.yml files, or - for stdin."`
	Namespace           string `short:"n" completer:"namespace" help:"Every flow must be of this namespace (or of its children with --allow-namespace-child); --delete then applies to it."`
	Delete              bool   `help:"Also delete the flows the files do not define: of --namespace, or of the whole tenant with --all-namespaces (asks, listing them)."`
	AllNamespaces       bool   `name:"all-namespaces" help:"With --delete and no --namespace: delete every flow of the tenant whose id the files do not define."`
	AllowNamespaceChild bool   `name:"allow-namespace-child" help:"Accept flows of the namespace's children."`
}

// Examples implements manifest.Exampler.
func (*BulkUpdate) Examples() []string {
	return []string{
		"kestractl flows bulk-update --file flows.yaml --namespace company.team",
		"kestractl flows bulk-update --file flows/ --namespace company --allow-namespace-child --delete",
	}
}

// Help implements kong.HelpProvider.
func (*BulkUpdate) Help() string {
	return `Creates or updates the flows in one request (POST /flows/bulk); the server validates them all first.
Beware: Kestra's bulk update deletes by default, and without a namespace it deletes every other flow of the tenant.
kestractl never asks it to delete unless --delete is given; --delete without --namespace also needs
--all-namespaces, and the flows to delete are listed and confirmed first (--yes in scripts). Kestra matches the
flows to keep by id only. The report has one result per flow: status (created, updated, unchanged or deleted),
namespace, id, revision.`
}

// Run sends the flows.
func (b *BulkUpdate) Run(c *plugin.Context) error {
	switch {
	case b.Namespace != "":
		if err := plugin.ValidateNamespace(b.Namespace); err != nil {
			return err
		}
		if b.AllNamespaces {
			return cmderr.Usagef("--all-namespaces and --namespace cannot be used together")
		}
	case b.Delete && !b.AllNamespaces:
		return cmderr.Usagef("--delete without --namespace would delete every other flow of the tenant").
			WithHint("give --namespace NS, or --all-namespaces if that is what you mean")
	case b.AllNamespaces && !b.Delete:
		return cmderr.Usagef("--all-namespaces only applies with --delete")
	case b.AllowNamespaceChild:
		return cmderr.Usagef("--allow-namespace-child needs --namespace")
	}
	docs, err := loadDocuments(c, []string{b.File}, true)
	if err != nil {
		return err
	}
	if err := checkDocuments(docs, "nothing was sent"); err != nil {
		return err
	}
	ids := map[string]string{}
	srcs := make([][]byte, 0, len(docs))
	for _, d := range docs {
		if prev, dup := ids[d.ID]; dup {
			return cmderr.Usagef("flow '%s' is defined twice: in %s and in %s", d.ID, prev, d.Label())
		}
		ids[d.ID] = d.Label()
		srcs = append(srcs, d.Source)
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	// What the server holds before, in the scope of a delete (the
	// namespace exactly, or the tenant), and where the flows go.
	scope := map[string]bool{b.Namespace: true}
	for _, d := range docs {
		scope[d.Namespace] = true
	}
	var before []serverFlow
	if b.Namespace == "" && b.Delete {
		if before, err = listServerFlows(c, cl, ""); err != nil {
			return err
		}
	} else {
		for ns := range scope {
			if ns == "" {
				continue
			}
			fs, err := listServerFlows(c, cl, ns)
			if err != nil {
				return err
			}
			before = append(before, fs...)
		}
	}
	if b.Delete {
		var doomed []serverFlow
		for _, f := range before {
			// Kestra keeps a flow whose id the files define, whatever its
			// namespace (FlowController.bulkUpdateOrCreate).
			if _, kept := ids[f.ID]; !kept && (b.Namespace == "" || f.Namespace == b.Namespace) {
				doomed = append(doomed, f)
			}
		}
		where := "of namespace " + b.Namespace + " not defined in " + b.File
		if b.Namespace == "" {
			where = "of the tenant (every namespace) whose id " + b.File + " does not define"
		}
		if err := confirmDeletions(c, doomed, where); err != nil {
			return err
		}
	}
	after, err := cl.BulkUpdate(c, joinDocuments(srcs), b.Namespace, b.Delete, b.AllowNamespaceChild)
	if err != nil {
		return err
	}
	return reportSync(c, before, after)
}
