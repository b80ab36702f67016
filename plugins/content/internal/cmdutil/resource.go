package cmdutil

import (
	"context"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Open returns the API client of a command once what the user typed is
// valid: invalid are the checks of its arguments (CheckID,
// plugin.ValidateNamespace...), the first error among them is returned.
func Open(c *plugin.Context, invalid ...error) (*api.Client, error) {
	for _, err := range invalid {
		if err != nil {
			return nil, err
		}
	}
	return Client(c)
}

// OpenSource is Open for a command that sends a source given with --file
// (file, named what in errors): the arguments are checked, then the source
// is read, then the client is made.
func OpenSource(c *plugin.Context, file, what string, invalid ...error) (*api.Client, []byte, error) {
	for _, err := range invalid {
		if err != nil {
			return nil, nil, err
		}
	}
	src, err := ReadSource(c, file, what)
	if err != nil {
		return nil, nil, err
	}
	cl, err := Client(c)
	return cl, src, err
}

// Deletable is one resource a delete command names; T is what Find reads
// of it.
type Deletable[T any] interface {
	// Check refuses a name that cannot be one (nil when it can).
	Check() error
	// Fail explains an error of a call about the resource: the group's
	// Enterprise wording and the resource's not-found error.
	Fail(c *plugin.Context, err error) error
	// Find reads the resource before it is deleted.
	Find(ctx context.Context, cl *api.Client) (T, error)
	Delete(ctx context.Context, cl *api.Client) error
}

// Deletion words the deletion of one resource.
type Deletion struct {
	// Question is the confirmation asked (the core adds the context and
	// the host; --yes answers it).
	Question string
	// Fields are the -o json/yaml result, besides "status": "deleted".
	Fields map[string]string
	// Done is the success message.
	Done string
}

// Delete deletes one resource after confirmation: its name is checked, it
// is read (a missing one fails before any question; word makes the
// deletion's words from what was read), the question is asked, the
// resource deleted and the deletion reported (see Deleted).
func Delete[T any](c *plugin.Context, r Deletable[T], word func(T) Deletion) error {
	cl, err := Open(c, r.Check())
	if err != nil {
		return err
	}
	cur, err := r.Find(c, cl)
	if err != nil {
		return r.Fail(c, err)
	}
	d := word(cur)
	if err := c.ConfirmOrCancel(d.Question); err != nil {
		return err
	}
	if err := r.Delete(c, cl); err != nil {
		return r.Fail(c, err)
	}
	return Deleted(c, d.Fields, "%s", d.Done)
}
