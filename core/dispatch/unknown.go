package dispatch

import (
	"fmt"

	"github.com/kestractl/kestractl/core/discovery"
	"github.com/kestractl/kestractl/core/suggest"
	"github.com/kestractl/kestractl/sdk/cmderr"
)

// UnknownCommand explains a first word no usable plugin serves: a broken
// plugin (of that name, or remembered to serve that group), a group whose
// plugin is not installed (remembered by the manifest cache), or an unknown
// command with the closest known name. userDir is the user plugin
// directory.
func UnknownCommand(word string, cat *discovery.Catalog, userDir string) error {
	if p := cat.Plugin(word); p != nil && p.Err != "" {
		return brokenPlugin(p)
	}
	if r := cat.Provider(word); r != nil {
		if p := cat.Plugin(r.Name); p != nil && p.Err != "" {
			return brokenPlugin(p)
		}
		return missingPlugin(word, r, userDir)
	}
	names := append(cat.Names(), "config", "version", "help")
	msg := fmt.Sprintf("unknown command %q for \"kestractl\"", word)
	if s := suggest.Closest(word, names); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return cmderr.Usagef("%s", msg).WithHint("Run 'kestractl --help' for usage.")
}

// brokenPlugin: the group is unknown because its plugin cannot be
// described.
func brokenPlugin(p *discovery.Plugin) error {
	return cmderr.New(cmderr.RequirementNotMet, "%s", p.Err).
		WithHint("'kestractl extensions list' shows every plugin and its state")
}

// missingPlugin names the plugin that serves group, which is not on the
// search path any more.
func missingPlugin(group string, r *discovery.Provider, userDir string) error {
	what := fmt.Sprintf("the kestractl-%s plugin", r.Name)
	if r.Edition == "ee" {
		what = fmt.Sprintf("the Enterprise kestractl-%s plugin (Kestra EE)", r.Name)
	}
	return cmderr.New(cmderr.Usage, "the %q command group comes from %s, which is not installed", group, what).
		WithHint("put kestractl-%s next to kestractl, in %s, or on KESTRACTL_PLUGIN_PATH (it was last seen at %s); 'kestractl version' lists installed plugins",
			r.Name, userDir, r.Path)
}
