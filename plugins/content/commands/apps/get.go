package apps

import (
	"fmt"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Get is "apps get <uid>".
type Get struct {
	UID string `arg:"" completer:"app" help:"The app's uid."`
}

// Examples implements manifest.Exampler.
func (*Get) Examples() []string {
	return []string{"kestractl apps get 3yWvBqv1L3o7c7xq2kD9aF > apps/report.yaml", "kestractl apps get 3yWvBqv1L3o7c7xq2kD9aF -o json"}
}

// Run prints the app.
func (g *Get) Run(c *plugin.Context) error {
	cl, err := cmdutil.Open(c, app(g.UID).Check())
	if err != nil {
		return err
	}
	raw, a, err := cl.GetApp(c, g.UID)
	if err != nil {
		return app(g.UID).Fail(c, err)
	}
	return cmdutil.SourceOf(c, raw, a.Source, "app")
}

// Update is "apps update <uid> --file FILE".
type Update struct {
	UID  string `arg:"" completer:"app" help:"The app's uid."`
	File string `short:"f" required:"" completer:"file" help:"The app's new YAML source (- reads stdin)."`
}

// Examples implements manifest.Exampler.
func (*Update) Examples() []string {
	return []string{"kestractl apps update 3yWvBqv1L3o7c7xq2kD9aF --file apps/report.yaml"}
}

// Run replaces the app's source.
func (u *Update) Run(c *plugin.Context) error {
	cl, src, err := cmdutil.OpenSource(c, u.File, "app", app(u.UID).Check())
	if err != nil {
		return err
	}
	raw, a, err := cl.UpdateApp(c, u.UID, src)
	if err != nil {
		return app(u.UID).Fail(c, err)
	}
	return cmdutil.Saved(c, raw, "App '%s' (%s) updated in namespace '%s'.", a.Name, a.UID, a.Namespace)
}

// Delete is "apps delete <uid>".
type Delete struct {
	UID string `arg:"" completer:"app" help:"The app's uid."`
}

// Examples implements manifest.Exampler.
func (*Delete) Examples() []string {
	return []string{"kestractl apps delete 3yWvBqv1L3o7c7xq2kD9aF", "kestractl apps delete 3yWvBqv1L3o7c7xq2kD9aF --yes"}
}

// Run deletes the app after confirmation.
func (d *Delete) Run(c *plugin.Context) error {
	return cmdutil.Delete(c, app(d.UID), func(a *api.App) cmdutil.Deletion {
		return cmdutil.Deletion{Question: fmt.Sprintf("Delete app '%s' (%s) in %s?", a.Name, d.UID, a.Namespace),
			Fields: map[string]string{"uid": d.UID, "namespace": a.Namespace}, Done: fmt.Sprintf("App '%s' (%s) deleted.", a.Name, d.UID)}
	})
}

// Enable is "apps enable <uid>".
type Enable struct {
	UID string `arg:"" completer:"app" help:"The app's uid."`
}

// Disable is "apps disable <uid>".
type Disable struct {
	UID string `arg:"" completer:"app" help:"The app's uid."`
}

// Examples implements manifest.Exampler.
func (*Enable) Examples() []string { return []string{"kestractl apps enable 3yWvBqv1L3o7c7xq2kD9aF"} }

// Examples implements manifest.Exampler.
func (*Disable) Examples() []string {
	return []string{"kestractl apps disable 3yWvBqv1L3o7c7xq2kD9aF -o json"}
}

// Run enables the app.
func (e *Enable) Run(c *plugin.Context) error { return toggle(c, e.UID, true) }

// Run disables the app.
func (d *Disable) Run(c *plugin.Context) error { return toggle(c, d.UID, false) }

func toggle(c *plugin.Context, uid string, enabled bool) error {
	cl, err := cmdutil.Open(c, app(uid).Check())
	if err != nil {
		return err
	}
	raw, err := cl.SetAppEnabled(c, uid, enabled)
	if err != nil {
		return app(uid).Fail(c, err)
	}
	word := "disabled"
	if enabled {
		word = "enabled"
	}
	return cmdutil.Saved(c, raw, "App %s %s.", uid, word)
}
