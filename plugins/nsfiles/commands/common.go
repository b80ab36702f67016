package commands

import (
	"fmt"
	"sort"
	"time"

	"github.com/kestractl/kestractl/plugins/nsfiles/nsapi"
	"github.com/kestractl/kestractl/plugins/nsfiles/remotepath"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// checkNamespace rejects a namespace id Kestra would refuse.
func checkNamespace(ns string) error { return plugin.ValidateNamespace(ns) }

// cleanRemote normalises a remote path, as a usage error when invalid.
func cleanRemote(p string) (string, error) {
	clean, err := remotepath.Clean(p)
	if err != nil {
		return "", cmderr.Usagef("%v", err)
	}
	return clean, nil
}

// localPath resolves p against the user's working directory.
func localPath(c *plugin.Context, p string) string {
	return c.Path(p)
}

// notFound is the error for a missing remote path, worded as Kestra does.
func notFound(ns, p string) error {
	return cmderr.New(cmderr.NotFound, "File '%s' was not found in namespace '%s'", p, ns)
}

// stat returns a remote path's attributes, a clear NotFound when absent.
func stat(c *plugin.Context, client *kestra.Client, ns, p string) (nsapi.Attributes, error) {
	if p == remotepath.Root {
		return nsapi.Attributes{Type: nsapi.TypeDirectory}, nil
	}
	a, err := nsapi.Stat(c, client, ns, p)
	if kestra.IsNotFound(err) {
		if exists, nerr := client.NamespaceExists(c, ns); nerr == nil && !exists {
			return a, cmderr.New(cmderr.NotFound, "namespace %q not found", ns)
		}
		return a, notFound(ns, p)
	}
	if err != nil {
		return a, fmt.Errorf("stat %s in namespace %s: %w", p, ns, err)
	}
	return a, nil
}

// modified is an entry's modification time (creation time when unset) in
// RFC 3339, UTC; empty when neither is known.
func modified(a nsapi.Attributes) string {
	ms := a.LastModifiedTime
	if ms <= 0 {
		ms = a.CreationTime
	}
	if ms <= 0 {
		return ""
	}
	return time.UnixMilli(ms).UTC().Format(time.RFC3339)
}

// sortAttributes sorts directory entries by name.
func sortAttributes(entries []nsapi.Attributes) {
	sort.Slice(entries, func(i, j int) bool { return entries[i].FileName < entries[j].FileName })
}
