package dispatch

import (
	"fmt"

	"github.com/kestractl/kestractl/core/discovery"
	"github.com/kestractl/kestractl/core/suggest"
	"github.com/kestractl/kestractl/sdk/cmderr"
)

// knownGroups says which plugin serves a group, to explain a missing one.
func knownGroups() map[string]string {
	return map[string]string{
		"flows": "flows", "executions": "flows", "namespaces": "flows",
		"nsfiles": "nsfiles", "kv": "kv", "plugins": "artifacts", "workers": "workers",
		"users": "iam", "groups": "iam", "roles": "iam", "service-accounts": "iam", "service-account": "iam", "sa": "iam",
		"bindings": "iam", "invitations": "iam",
	}
}

// UnknownCommand explains a first word no plugin serves: a broken plugin of
// that name, a group whose plugin is not installed, or an unknown command
// (with the closest known name). userDir is the user plugin directory.
func UnknownCommand(word string, cat *discovery.Catalog, userDir string) error {
	for _, p := range cat.Plugins {
		if p.Name == word && p.Err != "" && p.ShadowedBy == "" {
			// Its group is unknown because the plugin cannot be described.
			return cmderr.New(cmderr.RequirementNotMet, "%s", p.Err).
				WithHint("'kestractl extensions list' shows every plugin and its state")
		}
	}
	if p, ok := knownGroups()[word]; ok {
		what := fmt.Sprintf("the kestractl-%s plugin", p)
		if p == "iam" {
			what = "the Enterprise kestractl-iam plugin (Kestra EE)"
		}
		return cmderr.New(cmderr.Usage, "the %q command group comes from %s, which is not installed", word, what).
			WithHint("put kestractl-%s next to kestractl, in %s, or on KESTRACTL_PLUGIN_PATH; 'kestractl version' lists installed plugins",
				p, userDir)
	}
	names := append(cat.Names(), "config", "version", "help")
	msg := fmt.Sprintf("unknown command %q for \"kestractl\"", word)
	if s := suggest.Closest(word, names); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return cmderr.Usagef("%s", msg).WithHint("Run 'kestractl --help' for usage.")
}
