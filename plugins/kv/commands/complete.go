package commands

import (
	"net/url"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// Complete serves dynamic completion: "namespace" (namespaces of the
// server), "kv-key" and "secret-key" (the keys, or the secret keys, of the
// namespace typed before the key, or given with -n).
func Complete(c *plugin.Context, completer string, argv []string, partial string) ([]string, error) {
	switch completer {
	case "namespace":
		return c.CompleteNamespaces(partial)
	case "kv-key", "secret-key":
		ns := c.CompletionLine(argv).Namespace()
		if ns == "" {
			return nil, nil
		}
		k, err := c.Kestra()
		if err != nil {
			return nil, err
		}
		if completer == "secret-key" {
			return c.CompleteFrom(k.TenantPath("secrets"), url.Values{"filters[namespace][EQUALS]": {ns}}, "key", partial)
		}
		q := url.Values{"filters[namespace][EQUALS]": {ns}, "sort": {"key:asc"}}
		if partial != "" {
			// The server narrows the keys to those containing what is
			// typed; the prefix is checked here.
			q.Set("filters[q][EQUALS]", partial)
		}
		return c.CompleteFrom(k.TenantPath("kv"), q, "key", partial)
	}
	return nil, nil
}
