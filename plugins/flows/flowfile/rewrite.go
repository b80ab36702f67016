package flowfile

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kestractl/kestractl/sdk/yamldoc"
	"gopkg.in/yaml.v3"
)

// SetNamespace returns src with the top-level namespace scalar replaced by
// ns. Only that scalar's bytes change: comments, key order, indentation,
// line endings and nested namespace keys (subflow tasks...) are kept.
func SetNamespace(src []byte, ns string) ([]byte, error) {
	if err := ValidateNamespace(ns); err != nil {
		return nil, err
	}
	root, err := parseMapping(src)
	if err != nil {
		return nil, err
	}
	node := yamldoc.Value(root, "namespace")
	if node == nil {
		return nil, errors.New("the flow has no top-level 'namespace' field to rewrite")
	}
	start, end, err := scalarSpan(src, node)
	if err != nil {
		return nil, fmt.Errorf("cannot rewrite the 'namespace' field: %w", err)
	}
	var out []byte
	if node.Style == yaml.SingleQuotedStyle || node.Style == yaml.DoubleQuotedStyle {
		// Keep the quotes; a namespace needs no escaping inside them.
		out = splice(src, start+1, end-1, []byte(ns))
	} else {
		out = splice(src, start, end, []byte(plainOrQuoted(ns)))
	}
	if err := verify(src, out, func(v map[string]any) { v["namespace"] = ns }); err != nil {
		return nil, fmt.Errorf("cannot rewrite the 'namespace' field safely: %w", err)
	}
	return out, nil
}

// PrefixNamespace prepends prefix and a dot to the flow's namespace.
func PrefixNamespace(src []byte, current, prefix string) ([]byte, error) {
	return SetNamespace(src, prefix+"."+current)
}

// ValidatePrefix checks a --namespace-prefix value and returns it trimmed.
func ValidatePrefix(p string) (string, error) {
	t := strings.Trim(strings.TrimSpace(p), ".")
	if t == "" || strings.Contains(t, "..") || strings.ContainsAny(t, " \t") || ValidateNamespace(t) != nil {
		return "", fmt.Errorf("--namespace-prefix must be a dot-separated namespace such as 'staging.pr42', got %q", p)
	}
	return t, nil
}

// DisableTriggers returns src with `disabled: true` on every entry of the
// top-level triggers list: an existing disabled value is replaced, otherwise
// the key is inserted before the entry's first key. Everything else is
// kept byte for byte.
func DisableTriggers(src []byte) ([]byte, error) {
	root, err := parseMapping(src)
	if err != nil {
		return nil, err
	}
	triggers := yamldoc.Value(root, "triggers")
	if triggers == nil || (triggers.Kind == yaml.ScalarNode && triggers.Tag == "!!null") {
		return src, nil
	}
	if triggers.Kind != yaml.SequenceNode {
		return nil, errors.New("cannot disable triggers: 'triggers' is not a list")
	}
	if triggers.Style&yaml.FlowStyle != 0 {
		return nil, errors.New("cannot disable triggers written in flow style ([...]); use a block list")
	}
	type edit struct {
		start, end int
		text       []byte
	}
	var edits []edit
	for i, t := range triggers.Content {
		if t.Kind != yaml.MappingNode || t.Style&yaml.FlowStyle != 0 || len(t.Content) == 0 {
			return nil, fmt.Errorf("cannot disable trigger %d: it is not a block mapping", i+1)
		}
		if v := yamldoc.Value(t, "disabled"); v != nil {
			start, end, err := scalarSpan(src, v)
			if err != nil {
				return nil, fmt.Errorf("cannot disable trigger %d: %w", i+1, err)
			}
			edits = append(edits, edit{start, end, []byte("true")})
			continue
		}
		first := t.Content[0]
		off, err := offset(src, first.Line, first.Column)
		if err != nil {
			return nil, fmt.Errorf("cannot disable trigger %d: %w", i+1, err)
		}
		edits = append(edits, edit{off, off, []byte("disabled: true" + lineBreak(src) + strings.Repeat(" ", first.Column-1))})
	}
	out := src
	for i := len(edits) - 1; i >= 0; i-- {
		out = splice(out, edits[i].start, edits[i].end, edits[i].text)
	}
	err = verify(src, out, func(v map[string]any) {
		if list, ok := v["triggers"].([]any); ok {
			for _, t := range list {
				if m, ok := t.(map[string]any); ok {
					m["disabled"] = true
				}
			}
		}
	})
	if err != nil {
		return nil, fmt.Errorf("cannot disable triggers safely: %w", err)
	}
	return out, nil
}

func lineBreak(src []byte) string {
	if bytes.Contains(src, []byte("\r\n")) {
		return "\r\n"
	}
	return "\n"
}

// scalarSpan returns the byte span of a single-line plain or quoted scalar.
func scalarSpan(src []byte, n *yaml.Node) (int, int, error) {
	if n.Kind == yaml.AliasNode {
		return 0, 0, errors.New("it is an alias")
	}
	if n.Kind != yaml.ScalarNode {
		return 0, 0, errors.New("it is not a single value")
	}
	if n.Anchor != "" || n.Tag != "" && n.Tag != "!!str" && n.Tag != "!!bool" && n.Tag != "!!int" {
		return 0, 0, errors.New("it carries an anchor or a tag")
	}
	start, err := offset(src, n.Line, n.Column)
	if err != nil {
		return 0, 0, err
	}
	lineEnd := bytes.IndexByte(src[start:], '\n')
	if lineEnd < 0 {
		lineEnd = len(src) - start
	}
	line := src[start : start+lineEnd]
	switch n.Style {
	case 0:
		if !bytes.HasPrefix(line, []byte(n.Value)) {
			return 0, 0, errors.New("it spans several lines")
		}
		return start, start + len(n.Value), nil
	case yaml.SingleQuotedStyle:
		for i := 1; i < len(line); i++ {
			if line[i] == '\'' {
				if i+1 < len(line) && line[i+1] == '\'' {
					i++
					continue
				}
				return start, start + i + 1, nil
			}
		}
	case yaml.DoubleQuotedStyle:
		for i := 1; i < len(line); i++ {
			switch line[i] {
			case '\\':
				i++
			case '"':
				return start, start + i + 1, nil
			}
		}
	default:
		return 0, 0, errors.New("block scalars (| or >) are not supported; write it on one line")
	}
	return 0, 0, errors.New("it spans several lines")
}

// offset converts a 1-based line and column (in characters) to a byte offset.
func offset(src []byte, line, col int) (int, error) {
	pos := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[pos:], '\n')
		if i < 0 {
			return 0, errors.New("position out of range")
		}
		pos += i + 1
	}
	for c := 1; c < col; c++ {
		if pos >= len(src) || src[pos] == '\n' {
			return 0, errors.New("position out of range")
		}
		_, size := utf8.DecodeRune(src[pos:])
		pos += size
	}
	return pos, nil
}

func splice(src []byte, start, end int, text []byte) []byte {
	out := make([]byte, 0, len(src)-(end-start)+len(text))
	out = append(out, src[:start]...)
	out = append(out, text...)
	return append(out, src[end:]...)
}

// verify parses both versions and checks that the edit changed exactly
// what change describes.
func verify(before, after []byte, change func(map[string]any)) error {
	var want, got map[string]any
	if err := yaml.Unmarshal(before, &want); err != nil {
		return err
	}
	if err := yaml.Unmarshal(after, &got); err != nil {
		return fmt.Errorf("the result is not valid YAML: %w", err)
	}
	change(want)
	if !reflect.DeepEqual(want, got) {
		return errors.New("the result differs from the intended change")
	}
	return nil
}

// plainOrQuoted writes s as a plain scalar unless YAML would read it as
// something else than a string (a number, a boolean, null).
func plainOrQuoted(s string) string {
	var v any
	if err := yaml.Unmarshal([]byte(s), &v); err == nil {
		if str, ok := v.(string); ok && str == s {
			return s
		}
	}
	return strconv.Quote(s)
}
