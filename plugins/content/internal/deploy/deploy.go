// Package deploy creates or updates resources from YAML files, as "flows
// deploy" does for flows: every document of every file is one result of a
// report (created, updated, unchanged, would create, would update, failed,
// skipped), --dry-run shows the plan and a unified diff of what would
// change, --fail-fast stops at the first failure. Deploy never deletes.
package deploy

import (
	"context"
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/yamldoc"
)

// Flags are the flags of a deploy command.
type Flags struct {
	DryRun    bool `name:"dry-run" help:"Print the plan (create, update, unchanged) and a unified diff of each change; write nothing."`
	FailFast  bool `name:"fail-fast" help:"Stop at the first failure (documents not started are reported as skipped)."`
	Recursive bool `default:"true" negatable:"" help:"Descend into subdirectories (--no-recursive for the top level only)."`
}

// Current is what the server holds for a resource.
type Current struct {
	// Handle identifies it for Update (e.g. an app's uid).
	Handle string
	Source string
}

// Kind tells the engine how to deploy one kind of resource.
type Kind struct {
	// Plural names the resources in the report ("test suites").
	Plural string
	// Key reads the resource's identity from a document: its namespace
	// (may be "") and id.
	Key func(doc *yamldoc.Document) (ns, id string, err error)
	// Find returns the resource the server holds (nil: none).
	Find   func(ctx context.Context, ns, id string) (*Current, error)
	Create func(ctx context.Context, src []byte) error
	Update func(ctx context.Context, cur *Current, src []byte) error
	// Explain rewords an error of the server (e.g. an Enterprise feature
	// on an open-source server); nil keeps it.
	Explain func(err error) error
}

// KeyOf is a Kind's Key for resources identified by their top-level
// namespace and id (noun names them in errors: "test suite"); check
// validates the two.
func KeyOf(noun string, check func(ns, id string) error) func(*yamldoc.Document) (string, string, error) {
	return func(doc *yamldoc.Document) (string, string, error) {
		v, err := doc.Require(noun, "namespace", "id")
		if err != nil {
			return "", "", err
		}
		if err := check(v[0], v[1]); err != nil {
			return "", "", err
		}
		return v[0], v[1], nil
	}
}

// Statuses of a result.
const (
	Created     = "created"
	Updated     = "updated"
	Unchanged   = "unchanged"
	WouldCreate = "would create"
	WouldUpdate = "would update"
	Failed      = "failed"
	Skipped     = "skipped"
)

// Result is one document of the report.
type Result struct {
	Status    string `json:"status"`
	File      string `json:"file"`
	Document  int    `json:"document,omitempty"`
	Namespace string `json:"namespace,omitempty"`
	ID        string `json:"id,omitempty"`
	Error     string `json:"error,omitempty"`
	Diff      string `json:"diff,omitempty"`

	code cmderr.Code
}

// Run deploys the documents of paths.
func Run(c *plugin.Context, f Flags, paths []string, k Kind) error {
	docs, err := Load(c, paths, f.Recursive)
	if err != nil {
		return err
	}
	type keyed struct{ ns, id string }
	keys := make([]keyed, len(docs))
	keyErrs := make([]error, len(docs))
	seen := map[keyed]string{}
	for i, d := range docs {
		ns, id, err := k.Key(d)
		if err != nil {
			keyErrs[i] = err
			continue
		}
		key := keyed{ns, id}
		if prev, ok := seen[key]; ok {
			return cmderr.Usagef("%s is defined twice: in %s and in %s", name(ns, id), prev, d.Label()).
				WithHint("keep one definition of each; nothing was deployed")
		}
		seen[key] = d.Label()
		keys[i] = key
	}
	r := c.Report(k.Plural, plugin.Col("FILE", "file"), plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"),
		plugin.Column{Header: "STATUS", Path: "status", Format: "status"}, plugin.Col("ERROR", "error"))
	codes := cmderr.Tally{}
	stopped := false
	for i, d := range docs {
		res := Result{File: d.Label(), Document: d.Number(), Namespace: keys[i].ns, ID: keys[i].id}
		switch {
		case c.Err() != nil:
			return c.Err()
		case stopped:
			res.Status, res.Error = Skipped, "not attempted: stopped at an earlier failure"
		case keyErrs[i] != nil:
			res.Status, res.Error, res.code = Failed, keyErrs[i].Error(), cmderr.Generic
		default:
			res = deployOne(c, f, k, d, res)
		}
		if res.Status == Failed {
			codes.Add(res.code)
			stopped = f.FailFast
		}
		r.Diff(&res.Diff)
		if err := r.Add(res.Status, res); err != nil {
			return err
		}
		if err := r.Flush(); err != nil {
			return err
		}
	}
	if err := r.Close(); err != nil {
		return err
	}
	if n := r.Count(Failed); n > 0 {
		return cmderr.New(codes.Common(), "deployment completed with %d error(s)", n).WithHint("see the ERROR column above")
	}
	if f.DryRun {
		_ = c.Info("Dry run: nothing was written.")
	}
	return nil
}

func name(ns, id string) string {
	if ns == "" {
		return fmt.Sprintf("%q", id)
	}
	return fmt.Sprintf("%q of namespace %q", id, ns)
}

func deployOne(ctx context.Context, f Flags, k Kind, d *yamldoc.Document, res Result) Result {
	fail := func(err error) Result {
		if k.Explain != nil {
			err = k.Explain(err)
		}
		res.Status, res.Error, res.code = Failed, err.Error(), kestra.WriteErrorCode(err)
		return res
	}
	cur, err := k.Find(ctx, res.Namespace, res.ID)
	if err != nil {
		return fail(fmt.Errorf("cannot check whether it exists: %w", err))
	}
	if cur != nil && yamldoc.SameSource(cur.Source, d.Source) {
		res.Status = Unchanged
		return res
	}
	if f.DryRun {
		if cur == nil {
			res.Status = WouldCreate
			return res
		}
		res.Status = WouldUpdate
		res.Diff = plugin.UnifiedDiff(strings.TrimPrefix(res.Namespace+"/"+res.ID, "/")+" (server)", d.Label(), cur.Source, string(d.Source))
		return res
	}
	if cur == nil {
		if err := k.Create(ctx, d.Source); err != nil {
			return fail(err)
		}
		res.Status = Created
		return res
	}
	if err := k.Update(ctx, cur, d.Source); err != nil {
		return fail(err)
	}
	res.Status = Updated
	return res
}

// maxFile bounds a file read for deployment.
const maxFile = 16 << 20

// Load collects the YAML files of paths and splits them into documents; a
// file that cannot be read becomes a document carrying the error.
func Load(c *plugin.Context, paths []string, recursive bool) ([]*yamldoc.Document, error) {
	files, err := yamldoc.ReadFiles(c, paths, yamldoc.ReadOptions{Recursive: recursive, Limit: maxFile})
	if err != nil {
		return nil, err
	}
	var docs []*yamldoc.Document
	for _, f := range files {
		if f.Err != nil {
			docs = append(docs, &yamldoc.Document{File: f.Name, Count: 1, Err: f.Err})
			continue
		}
		docs = append(docs, yamldoc.Parse(f.Name, f.Data)...)
	}
	return docs, nil
}
