package commands

import (
	"strings"

	"github.com/kestractl/kestractl/plugins/nsfiles/nsapi"
	"github.com/kestractl/kestractl/plugins/nsfiles/remotepath"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// maxCompletions bounds the values offered to the shell.
const maxCompletions = 500

// Complete serves dynamic completion: "namespace" (the server's
// namespaces) and "nsfile-path" (the entries of the directory typed so far,
// in the namespace given before it; directories end with /).
func Complete(c *plugin.Context, completer string, argv []string, partial string) ([]string, error) {
	k, err := c.Kestra()
	if err != nil {
		return nil, err
	}
	out := []string{}
	switch completer {
	case "namespace":
		return c.CompleteNamespaces(partial)
	case "nsfile-path":
		ns := c.CompletionLine(argv).Namespace()
		if ns == "" {
			return nil, nil
		}
		// The directory part of what is typed, kept as typed.
		typedDir := partial[:strings.LastIndexByte(partial, '/')+1]
		dir, err := remotepath.Clean(typedDir)
		if err != nil {
			return nil, nil
		}
		entries, err := nsapi.List(c, k, ns, dir)
		if err != nil {
			return nil, err
		}
		sortAttributes(entries)
		for _, a := range entries {
			// A name the server should not hold (control characters,
			// separators, white space around it) is not offered: it would
			// reach the shell and the terminal as it is.
			if clean, err := remotepath.FromLocal(a.FileName); err != nil || clean != "/"+a.FileName || strings.Contains(a.FileName, "/") {
				continue
			}
			v := typedDir + a.FileName
			if a.IsDir() {
				v += "/"
			}
			if strings.HasPrefix(v, partial) && len(out) < maxCompletions {
				out = append(out, v)
			}
		}
	}
	return out, nil
}
