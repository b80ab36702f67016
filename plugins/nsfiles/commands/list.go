package commands

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/kestractl/kestractl/plugins/nsfiles/nsapi"
	"github.com/kestractl/kestractl/plugins/nsfiles/remotepath"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// List lists a directory.
type List struct {
	NS        string `arg:"" optional:"" name:"namespace" completer:"namespace" help:"Namespace (for example company.team); or give it with -n."`
	Dir       string `arg:"" optional:"" name:"dir" completer:"nsfile-path" help:"Directory to list, as --path (default: the root)."`
	Namespace string `short:"n" completer:"namespace" help:"Namespace, instead of the first argument."`
	Path      string `help:"Directory to list (default: the root)." placeholder:"DIR" completer:"nsfile-path"`
	Recursive bool   `short:"r" help:"List subdirectories too (depth first)."`

	plugin.ListFlags `embed:""`
}

// Help is the detailed help of nsfiles list.
func (l *List) Help() string {
	return `Items are the server's FileAttributes, unchanged with -o json or -o yaml
(fileName, lastModifiedTime, creationTime, type File or Directory, size),
sorted by name. With --recursive, each directory is followed by its content
and fileName holds the path relative to the listed directory (sub/b.txt).
A path that names a file lists that file.`
}

// Examples implements the SDK's Exampler.
func (l *List) Examples() []string {
	return []string{
		"kestractl nsfiles list company.team",
		"kestractl nsfiles list company.team scripts/",
		"# Every file below a directory, as JSON\nkestractl nsfiles ls -n company.team --path resources --recursive --all -o json",
	}
}

func listColumns() []plugin.Column {
	return []plugin.Column{
		plugin.Col("NAME", "fileName"),
		plugin.Col("TYPE", "type"),
		{Header: "SIZE", Path: "size", Format: "bytes"},
		{Header: "MODIFIED", Path: "modified", Format: "age"},
	}
}

// target resolves the namespace and the directory from the arguments:
// `<namespace> [dir]`, or `-n <namespace> [dir]`; --path is the directory
// too.
func (l *List) target() (ns, dir string, err error) {
	ns, arg := l.NS, l.Dir
	if l.Namespace != "" {
		if l.Dir != "" {
			if l.NS != l.Namespace {
				return "", "", cmderr.Usagef("two namespaces: %q and -n %q; give one", l.NS, l.Namespace)
			}
		} else {
			// With -n, the one argument is the directory.
			arg = l.NS
		}
		ns = l.Namespace
	}
	if ns == "" {
		return "", "", cmderr.Usagef("a namespace is required: kestractl nsfiles list <namespace> [dir]")
	}
	if err := checkNamespace(ns); err != nil {
		return "", "", err
	}
	switch {
	case arg == "":
		arg = l.Path
	case l.Path != "" && l.Path != arg:
		return "", "", cmderr.Usagef("two directories: %q and --path %q; give one", arg, l.Path)
	}
	dir, err = cleanRemote(arg)
	return ns, dir, err
}

// Run lists the directory with the list grammar.
func (l *List) Run(c *plugin.Context) error {
	ns, dir, err := l.target()
	if err != nil {
		return err
	}
	client, err := c.Kestra()
	if err != nil {
		return err
	}
	return c.List(l.ListFlags, listing(c, client, ns, dir, l.Recursive))
}

// listing lists dir (GET .../files/directory, once per directory with
// recursive): the server's entries, sorted by name; a file lists itself.
func listing(c *plugin.Context, client *kestra.Client, ns, dir string, recursive bool) plugin.Listing {
	return plugin.Listing{
		Noun: "entry", Plural: "entries", Columns: listColumns(),
		Fetch: func(ctx context.Context) ([]json.RawMessage, error) {
			a, err := stat(c, client, ns, dir)
			if err != nil {
				return nil, err
			}
			var out []json.RawMessage
			if !a.IsDir() {
				raw, err := nsapi.StatRaw(ctx, client, ns, dir)
				if err != nil {
					return nil, fmt.Errorf("stat %s in namespace %s: %w", dir, ns, err)
				}
				out = []json.RawMessage{raw}
			} else if out, err = listDir(c, client, ns, dir, "", recursive); err != nil {
				return nil, err
			}
			if !c.Structured() {
				for i, raw := range out {
					out[i] = tableRow(raw)
				}
			}
			return out, nil
		},
		Namespace: ns,
	}
}

// listDir returns the entries of dir sorted by name, each directory
// followed by its content when recursive; below the listed directory,
// fileName is prefixed with rel.
func listDir(c *plugin.Context, client *kestra.Client, ns, dir, rel string, recursive bool) ([]json.RawMessage, error) {
	raws, err := nsapi.ListRaw(c, client, ns, dir)
	if kestra.IsNotFound(err) {
		return nil, notFound(ns, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("list %s in namespace %s: %w", dir, ns, err)
	}
	type entry struct {
		raw json.RawMessage
		a   nsapi.Attributes
	}
	entries := make([]entry, 0, len(raws))
	for _, raw := range raws {
		var a nsapi.Attributes
		if err := json.Unmarshal(raw, &a); err != nil {
			return nil, cmderr.New(cmderr.RemoteFailed, "list %s in namespace %s: an entry is not a file attribute: %v", dir, ns, err)
		}
		entries = append(entries, entry{raw, a})
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].a.FileName < entries[j].a.FileName })
	var out []json.RawMessage
	for _, e := range entries {
		p := remotepath.Join(dir, e.a.FileName)
		if clean, err := remotepath.Clean(p); err != nil || clean != p || strings.Contains(e.a.FileName, "/") {
			_ = c.Warn("skipped an entry of %s with an invalid name %q", dir, e.a.FileName)
			continue
		}
		raw := e.raw
		if rel != "" {
			if raw, err = setString(raw, "fileName", rel+e.a.FileName); err != nil {
				return nil, err
			}
		}
		out = append(out, raw)
		if recursive && e.a.IsDir() {
			below, err := listDir(c, client, ns, p, rel+e.a.FileName+"/", true)
			if err != nil {
				return nil, err
			}
			out = append(out, below...)
		}
	}
	return out, nil
}

// tableRow adds what the table shows and the server's item does not hold
// as the core reads it: "modified" (lastModifiedTime, else creationTime,
// epoch milliseconds) as an RFC 3339 time; a directory's size is left out.
// JSON and YAML never see it: they get the server's items.
func tableRow(raw json.RawMessage) json.RawMessage {
	var m map[string]any
	var a nsapi.Attributes
	if json.Unmarshal(raw, &m) != nil || json.Unmarshal(raw, &a) != nil {
		return raw
	}
	if t := modified(a); t != "" {
		m["modified"] = t
	}
	if a.IsDir() {
		delete(m, "size")
	}
	b, err := json.Marshal(m)
	if err != nil {
		return raw
	}
	return b
}

// setString replaces the value of key in a JSON object, keeping every key
// in its place.
func setString(raw json.RawMessage, key, value string) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, cmderr.New(cmderr.RemoteFailed, "the server's entry is not a JSON object: %s", raw)
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, cmderr.New(cmderr.RemoteFailed, "the server's entry is not a JSON object: %v", err)
		}
		k, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, cmderr.New(cmderr.RemoteFailed, "the server's entry is not a JSON object: %v", err)
		}
		if k == key {
			v, _ = json.Marshal(value)
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
