// Package reusableinputs is the "reusable-inputs" command group (alias
// "ri", Kestra Enterprise): named sets of flow inputs that flows reference
// through a REUSABLE_INPUTS input, kept per namespace with revisions.
package reusableinputs

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Group is "kestractl reusable-inputs".
type Group struct {
	List       List       `cmd:"" aliases:"ls" help:"List the sets a namespace sees (its own and its parents')."`
	Get        Get        `cmd:"" aliases:"show" help:"Print a set: its YAML source (table) or the set object (json, yaml)."`
	Revisions  Revisions  `cmd:"" help:"List the revisions of a set of a namespace."`
	Create     Create     `cmd:"" help:"Create a set from a YAML file (fails if it exists in the namespace)."`
	Update     Update     `cmd:"" help:"Save a new revision of a set from a YAML file (fails if it does not exist)."`
	Delete     Delete     `cmd:"" aliases:"rm" help:"Delete a set of a namespace (asks first; --yes to skip)."`
	Namespaces Namespaces `cmd:"" help:"List the namespaces that define sets."`
}

const what = "reusable inputs"

func fail(c *plugin.Context, err error, notFound string, args ...any) error {
	return cmdutil.Fail(c, err, what, notFound, args...)
}

// ref is the namespace and id of a set.
type ref struct {
	Namespace string `arg:"" completer:"namespace" help:"The namespace."`
	ID        string `arg:"" help:"The set's id."`
}

func (r ref) check() error {
	if err := plugin.ValidateNamespace(r.Namespace); err != nil {
		return err
	}
	return plugin.ValidateID("reusable inputs id", r.ID, 100)
}

func (r ref) notFound() string {
	return fmt.Sprintf("reusable inputs %q not found in namespace %q", r.ID, r.Namespace)
}

// set is the set a delete names: the checks and calls cmdutil.Delete makes.
type set ref

// Check refuses a namespace or an id that cannot name a set.
func (s set) Check() error { return ref(s).check() }

// Fail explains an error of a call about the set.
func (s set) Fail(c *plugin.Context, err error) error { return fail(c, err, "%s", ref(s).notFound()) }

// Find reads the revisions of the set in this exact namespace (writes are
// not inheritance-resolved: a parent's set is not found).
func (s set) Find(ctx context.Context, cl *api.Client) ([]json.RawMessage, error) {
	return cl.ReusableInputsRevisions(ctx, s.Namespace, s.ID)
}

// Delete deletes every revision of the set.
func (s set) Delete(ctx context.Context, cl *api.Client) error {
	return cl.DeleteReusableInputs(ctx, s.Namespace, s.ID)
}
