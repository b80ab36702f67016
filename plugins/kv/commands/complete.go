package commands

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// completionSize is how many items one completion request asks for.
const completionSize = 500

// valueFlags are the flags of the grammar that take a value as the next
// word (their value is no positional argument).
var valueFlags = []string{"--ttl", "--description", "-n", "--namespace", "-q", "--query", "--filter",
	"-L", "--limit", "--page", "--size"}

// Complete serves dynamic completion: "namespace" (namespaces of the
// server) and "kv-key" (the keys of the namespace typed before the key).
func Complete(c *plugin.Context, completer string, argv []string, partial string) ([]string, error) {
	k, err := c.Kestra()
	if err != nil {
		return nil, err
	}
	var path string
	q := url.Values{}
	field := ""
	switch completer {
	case "namespace":
		path, field = k.TenantPath("namespaces", "search"), "id"
		q.Set("existing", "true")
		q.Set("sort", "id:asc")
	case "kv-key":
		args := positionals(argv)
		if len(args) == 0 || checkNamespace(args[0]) != nil {
			return nil, nil
		}
		path, field = k.TenantPath("kv"), "key"
		q.Set("filters[namespace][EQUALS]", args[0])
		q.Set("sort", "key:asc")
	default:
		return nil, nil
	}
	page, err := k.SearchPage(c, path, q, 1, completionSize)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, raw := range page.Results {
		var item map[string]json.RawMessage
		var v string
		if json.Unmarshal(raw, &item) != nil || json.Unmarshal(item[field], &v) != nil {
			continue
		}
		if strings.HasPrefix(v, partial) && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
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
