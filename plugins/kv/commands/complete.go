package commands

import (
	"net/url"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// valueFlags are the flags of the grammar that take a value as the next
// word (their value is no positional argument).
var valueFlags = []string{"--ttl", "--description", "-n", "--namespace", "-q", "--query", "--filter",
	"-L", "--limit", "--page", "--size", "--tag"}

// Complete serves dynamic completion: "namespace" (namespaces of the
// server), "kv-key" and "secret-key" (the keys, or the secret keys, of the
// namespace typed before the key).
func Complete(c *plugin.Context, completer string, argv []string, partial string) ([]string, error) {
	switch completer {
	case "namespace":
		return c.CompleteNamespaces(partial)
	case "kv-key":
		args := positionals(argv)
		if len(args) == 0 || checkNamespace(args[0]) != nil {
			return nil, nil
		}
		k, err := c.Kestra()
		if err != nil {
			return nil, err
		}
		q := url.Values{"filters[namespace][EQUALS]": {args[0]}, "sort": {"key:asc"}}
		if partial != "" {
			// The server narrows the keys to those containing what is
			// typed; the prefix is checked here.
			q.Set("filters[q][EQUALS]", partial)
		}
		return c.CompleteFrom(k.TenantPath("kv"), q, "key", partial)
	case "secret-key":
		args := positionals(argv)
		if len(args) == 0 || checkNamespace(args[0]) != nil {
			return nil, nil
		}
		k, err := c.Kestra()
		if err != nil {
			return nil, err
		}
		q := url.Values{"filters[namespace][EQUALS]": {args[0]}}
		return c.CompleteFrom(k.TenantPath("secrets"), q, "key", partial)
	}
	return nil, nil
}

// positionals are the positional words of argv (group and verb first),
// without flags and the values of flags that take one.
func positionals(argv []string) []string {
	if len(argv) < 2 {
		return nil
	}
	var out []string
	words := argv[2:]
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "--":
			return append(out, words[i+1:]...)
		case strings.HasPrefix(w, "-") && w != "-":
			if !strings.Contains(w, "=") && slices.Contains(valueFlags, w) {
				i++
			}
		default:
			out = append(out, w)
		}
	}
	return out
}
