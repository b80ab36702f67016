package bootstrap

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// Value is a setting and the file it came from.
type Value struct {
	Value string
	File  string
}

// Settings are the category keys found, by key.
type Settings map[string]Value

// maxNodes bounds how many YAML nodes one file may expand to (aliases can
// make a small file huge).
const maxNodes = 1 << 20

// Load reads the files in order; for each key the last file giving a
// non-empty value wins (Micronaut's "later source overrides"). An empty or
// missing value never clears an earlier one.
func Load(files []string, read func(string) ([]byte, error)) (Settings, error) {
	out := Settings{}
	for _, f := range files {
		b, err := read(f)
		if err != nil {
			return nil, fmt.Errorf("cannot read config file %q: %w", f, unwrapPath(err))
		}
		found, err := Parse(b)
		if err != nil {
			return nil, fmt.Errorf("cannot parse config file %q: %w", f, err)
		}
		for k, v := range found {
			out[k] = Value{Value: v, File: f}
		}
	}
	return out, nil
}

// unwrapPath drops the path an *fs.PathError repeats.
func unwrapPath(err error) error {
	var pe interface{ Unwrap() error }
	if errors.As(err, &pe) && pe.Unwrap() != nil {
		return pe.Unwrap()
	}
	return err
}

// Parse finds the category keys in one YAML file (every document of it),
// written nested (kestra: {storage: {type: s3}}), flattened
// (kestra.storage.type: s3) or anything in between. Only non-empty values
// are returned; a value that is an unresolved ${...} placeholder is an
// error, since kestractl cannot know what it resolves to.
func Parse(data []byte) (map[string]string, error) {
	found := map[string]string{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	budget := maxNodes
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := walk(&doc, "", found, &budget, 0); err != nil {
			return nil, err
		}
	}
	return found, nil
}

func wanted(key string) bool {
	for _, c := range Categories {
		if c.Key == key {
			return true
		}
	}
	return false
}

// prefixOfWanted reports whether key could still lead to a wanted key.
func prefixOfWanted(key string) bool {
	if key == "" {
		return true
	}
	for _, c := range Categories {
		if strings.HasPrefix(c.Key, key+".") {
			return true
		}
	}
	return false
}

func walk(n *yaml.Node, path string, found map[string]string, budget *int, depth int) error {
	*budget--
	if *budget < 0 || depth > 100 {
		return errors.New("the document is too large or too deeply nested")
	}
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			if err := walk(c, path, found, budget, depth+1); err != nil {
				return err
			}
		}
	case yaml.AliasNode:
		if n.Alias != nil {
			return walk(n.Alias, path, found, budget, depth+1)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				continue
			}
			key := strings.ToLower(strings.TrimSpace(k.Value))
			if path != "" {
				key = path + "." + key
			}
			if !wanted(key) && !prefixOfWanted(key) {
				continue
			}
			if err := walk(v, key, found, budget, depth+1); err != nil {
				return err
			}
		}
	case yaml.ScalarNode:
		if !wanted(path) || n.Tag == "!!null" {
			return nil
		}
		v := strings.TrimSpace(n.Value)
		if v == "" {
			return nil
		}
		if strings.Contains(v, "${") {
			return fmt.Errorf("%s is the placeholder %q, which kestractl cannot resolve: pass a file with the resolved value", path, v)
		}
		found[path] = v
	}
	return nil
}
