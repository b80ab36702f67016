// Package config reads and writes kestractl's configuration file: named
// contexts (host, tenant, credentials, headers) and the default context.
//
// The file is edited as a YAML node tree, so comments, key order and keys
// this version does not know survive every change. It is written atomically
// (temporary file, fsync, rename) with mode 0600, and a file that cannot be
// parsed is an error naming it, never silently replaced.
package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/gofrs/flock"
	"github.com/kestractl/kestractl/core/atomicfile"
)

// Auth methods as stored in auth_method.
const (
	AuthToken = "token"
	AuthBasic = "basicAuth"
)

// Context is one named connection.
type Context struct {
	Host                  string   `yaml:"host,omitempty"`
	Tenant                string   `yaml:"tenant,omitempty"`
	AuthMethod            string   `yaml:"auth_method,omitempty"`
	Token                 string   `yaml:"token,omitempty"`
	Username              string   `yaml:"username,omitempty"`
	Password              string   `yaml:"password,omitempty"`
	Headers               []string `yaml:"headers,omitempty"`
	Output                string   `yaml:"output,omitempty"`
	CACert                string   `yaml:"ca_cert,omitempty"`
	InsecureSkipTLSVerify bool     `yaml:"insecure_skip_tls_verify,omitempty"`
	Timeout               string   `yaml:"timeout,omitempty"`
	// Protected marks a production server: plugins are told, and
	// destructive commands may take extra care there.
	Protected bool `yaml:"protected,omitempty"`
}

// HasSecret reports whether the context stores a credential.
func (c *Context) HasSecret() bool {
	return c.Token != "" || c.Password != ""
}

// File is a loaded configuration file.
type File struct {
	Path           string
	Exists         bool
	Contexts       map[string]*Context
	DefaultContext string
	// Mode of the file on disk (0 when it does not exist).
	Mode fs.FileMode

	doc *yaml.Node // the document, edited in place on changes
}

// Error is a problem with the configuration file; it names the file.
type Error struct {
	Path string
	Err  error
}

func (e *Error) Error() string { return fmt.Sprintf("config file %s: %v", e.Path, e.Err) }
func (e *Error) Unwrap() error { return e.Err }

// Load reads the file at path. A missing file is an empty configuration
// (Exists false); an unreadable or invalid one is an *Error.
func Load(path string) (*File, error) {
	f := &File{Path: path, Contexts: map[string]*Context{}}
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, &Error{path, err}
	}
	if st.IsDir() {
		return nil, &Error{path, errors.New("is a directory")}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{path, err}
	}
	f.Exists = true
	f.Mode = st.Mode().Perm()
	if len(bytes.TrimSpace(b)) == 0 {
		return f, nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, &Error{path, fmt.Errorf("invalid YAML: %w", err)}
	}
	if len(doc.Content) == 0 {
		return f, nil
	}
	if doc.Content[0].Kind != yaml.MappingNode {
		return nil, &Error{path, errors.New("invalid configuration: the top level must be a mapping with 'contexts' and 'default_context'")}
	}
	if err := f.decode(doc.Content[0]); err != nil {
		return nil, &Error{path, fmt.Errorf("invalid configuration: %w", err)}
	}
	f.doc = &doc
	return f, nil
}

// decode reads the top-level mapping. Contexts are decoded one by one, in
// time linear in their number (decoding the whole mapping at once checks
// for duplicate keys in quadratic time: 32,000 contexts took seconds).
func (f *File) decode(root *yaml.Node) error {
	for i := 0; i+1 < len(root.Content); i += 2 {
		key, value := root.Content[i], root.Content[i+1]
		switch key.Value {
		case "default_context":
			if err := value.Decode(&f.DefaultContext); err != nil {
				return fmt.Errorf("default_context: %w", err)
			}
		case "contexts":
			if value.Kind == yaml.ScalarNode && value.Tag == "!!null" {
				continue
			}
			if value.Kind != yaml.MappingNode {
				return fmt.Errorf("contexts: line %d: must be a mapping of context names", value.Line)
			}
			for j := 0; j+1 < len(value.Content); j += 2 {
				name := value.Content[j].Value
				if _, dup := f.Contexts[name]; dup {
					return fmt.Errorf("line %d: context %q is defined twice", value.Content[j].Line, name)
				}
				c := &Context{}
				if err := value.Content[j+1].Decode(c); err != nil {
					return fmt.Errorf("context %q: %w", name, err)
				}
				f.Contexts[name] = c
			}
		}
	}
	return nil
}

// Names returns the context names, sorted.
func (f *File) Names() []string {
	names := make([]string, 0, len(f.Contexts))
	for n := range f.Contexts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Set adds or replaces a context.
func (f *File) Set(name string, c *Context) error {
	node := &yaml.Node{}
	if err := node.Encode(c); err != nil {
		return fmt.Errorf("encode context %q: %w", name, err)
	}
	contexts := f.mapping("contexts", true)
	setKey(contexts, name, node)
	f.Contexts[name] = c
	return nil
}

// Remove deletes a context; removing the default clears default_context.
func (f *File) Remove(name string) {
	if contexts := f.mapping("contexts", false); contexts != nil {
		deleteKey(contexts, name)
	}
	delete(f.Contexts, name)
	if f.DefaultContext == name {
		f.SetDefault("")
	}
}

// SetDefault sets (or, with "", clears) default_context.
func (f *File) SetDefault(name string) {
	root := f.root()
	if name == "" {
		deleteKey(root, "default_context")
	} else {
		setKey(root, "default_context", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name})
	}
	f.DefaultContext = name
}

// Save writes the file atomically with mode 0600, creating its directory
// (0700) when needed.
func (f *File) Save() error {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(4)
	if err := enc.Encode(f.document()); err != nil {
		return &Error{f.Path, fmt.Errorf("encode: %w", err)}
	}
	if err := enc.Close(); err != nil {
		return &Error{f.Path, fmt.Errorf("encode: %w", err)}
	}
	if err := atomicfile.WriteFile(f.Path, buf.Bytes(), 0o600); err != nil {
		return &Error{f.Path, err}
	}
	f.Exists = true
	f.Mode = 0o600
	return nil
}

func (f *File) document() *yaml.Node {
	if f.doc == nil {
		f.doc = &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map"}}}
	}
	return f.doc
}

func (f *File) root() *yaml.Node { return f.document().Content[0] }

// mapping returns the mapping under key in the root, creating it if asked.
func (f *File) mapping(key string, create bool) *yaml.Node {
	root := f.root()
	if v := getKey(root, key); v != nil {
		if v.Kind == yaml.MappingNode {
			return v
		}
		if !create {
			return nil
		}
		// contexts: null (or empty) becomes a mapping.
		*v = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		return v
	}
	if !create {
		return nil
	}
	m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	// Keep 'contexts' first, as the file format shows it.
	root.Content = append([]*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, m}, root.Content...)
	return m
}

func getKey(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func setKey(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			// Keep the comments attached to the old value.
			v.HeadComment, v.LineComment, v.FootComment = m.Content[i+1].HeadComment, m.Content[i+1].LineComment, m.Content[i+1].FootComment
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

func deleteKey(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)
			return
		}
	}
}

// ErrNoHome says that the default config file has no place: HOME is not
// set.
var ErrNoHome = errors.New("HOME is not set, so the config file has no default place (set --config or KESTRACTL_CONFIG)")

// DefaultPath is $HOME/.kestractl/config.yaml.
func DefaultPath(home string) (string, error) {
	if home == "" {
		return "", ErrNoHome
	}
	return filepath.Join(home, ".kestractl", "config.yaml"), nil
}

// Amend replaces the known fields of a context (adding it when it does
// not exist), keeping the keys of that context this version does not know
// and the comments of the keys it keeps.
func (f *File) Amend(name string, c *Context) error {
	node := &yaml.Node{}
	if err := node.Encode(c); err != nil {
		return fmt.Errorf("encode context %q: %w", name, err)
	}
	contexts := f.mapping("contexts", true)
	if old := getKey(contexts, name); old != nil && old.Kind == yaml.MappingNode {
		known := knownKeys()
		for i := 0; i+1 < len(old.Content); i += 2 {
			k := old.Content[i]
			if !known[k.Value] {
				node.Content = append(node.Content, k, old.Content[i+1])
				continue
			}
			for j := 0; j+1 < len(node.Content); j += 2 {
				if node.Content[j].Value == k.Value {
					node.Content[j].HeadComment, node.Content[j].LineComment = k.HeadComment, k.LineComment
					node.Content[j+1].LineComment = old.Content[i+1].LineComment
				}
			}
		}
	}
	setKey(contexts, name, node)
	f.Contexts[name] = c
	return nil
}

// knownKeys are the keys of a context this version reads.
func knownKeys() map[string]bool {
	keys := map[string]bool{}
	t := reflect.TypeOf(Context{})
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		keys[name] = true
	}
	return keys
}

// lockWait is how often a writer waiting for the lock tries again.
const lockWait = 20 * time.Millisecond

// Update changes the file at path under an exclusive lock held beside it
// (path + ".lock"): it waits for the lock (until ctx is done: Ctrl-C or
// SIGTERM stop the wait), reads the file again, applies change and writes
// it atomically. Concurrent writers thus never lose each other's changes,
// and an interrupted write either happened whole or not at all.
func Update(ctx context.Context, path string, change func(*File) error) (*File, error) {
	target, err := atomicfile.Target(path)
	if err != nil {
		return nil, &Error{path, err}
	}
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		return nil, &Error{path, fmt.Errorf("create directory: %w", err)}
	}
	lock := flock.New(target + ".lock")
	locked, err := lock.TryLockContext(ctx, lockWait)
	if err != nil || !locked {
		if err == nil {
			err = ctx.Err()
		}
		return nil, &Error{path, fmt.Errorf("lock %s: %w", lock.Path(), err)}
	}
	defer lock.Unlock()
	f, err := Load(path)
	if err != nil {
		return nil, err
	}
	if err := change(f); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := f.Save(); err != nil {
		return nil, err
	}
	return f, nil
}
