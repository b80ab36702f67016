package commands

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// confirm asks before a destructive change, unless --yes was given. The
// question is built by describe, which may read the resource to name it (it
// is not called with --yes); an empty question means nothing destructive
// is about to happen. The core adds the context and the host to the
// question; without a terminal and without --yes it refuses (usage error,
// exit 2) and nothing is changed; a "no" cancels (exit 3).
func confirm(c *plugin.Context, describe func() (string, error)) error {
	if c.AssumeYes() {
		return nil
	}
	question, err := describe()
	if err != nil || question == "" {
		return err
	}
	return c.ConfirmOrCancel(question)
}

// announce says on stderr what access an explicitly requested change takes
// away. Updates do exactly what their flags say, as documented, so they do
// not stop to ask (scripts run them as typed); deletes ask (see confirm).
// A failure to describe the change (e.g. no right to read the resource)
// does not stop it.
func announce(c *plugin.Context, describe func() (string, error)) error {
	text, err := describe()
	if err != nil || text == "" {
		return nil
	}
	return c.Warn("%s", text)
}
