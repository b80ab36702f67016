// Package request turns a `kestractl api` command line into the HTTP
// request it stands for: the target (a path, a {tenant}-less shorthand or an
// operationId, with its parameters filled), the fields (-f/-F) routed to the
// path, the query or the body, the body (JSON, multipart, form, or a raw
// input streamed from a file or stdin) and its content type.
package request

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// Field is one -f (raw string) or -F (typed) field.
type Field struct {
	// Key as typed: a name, or a nested key for JSON bodies (a[b], a[]).
	Key string
	// Value is a string, json.Number, bool or nil (null). For a file field
	// it is empty until the file is read.
	Value any
	// File is the path of a -F key=@file field ("-" for stdin).
	File string
}

// IsFile reports whether the field's value comes from a file.
func (f Field) IsFile() bool { return f.File != "" }

// Name is the key without any [..] suffix (filters[namespace][EQUALS] is a
// filters parameter).
func (f Field) Name() string {
	name, _, _ := strings.Cut(f.Key, "[")
	return name
}

// String is the value as it goes into a query string or a text part.
func (f Field) String() string {
	switch v := f.Value.(type) {
	case nil:
		return ""
	case string:
		return v
	default:
		return fmt.Sprint(v)
	}
}

// numberPattern is a JSON number.
var numberPattern = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// ParseRaw parses a -f key=value: the value is a string, as typed.
func ParseRaw(s string) (Field, error) {
	key, value, err := splitField(s, "-f")
	if err != nil {
		return Field{}, err
	}
	return Field{Key: key, Value: value}, nil
}

// ParseTyped parses a -F key=value: true, false and null are JSON's
// literals, a JSON number is a number, @FILE is the content of FILE (@- is
// standard input), anything else is a string.
func ParseTyped(s string) (Field, error) {
	key, value, err := splitField(s, "-F")
	if err != nil {
		return Field{}, err
	}
	f := Field{Key: key}
	switch {
	case strings.HasPrefix(value, "@"):
		if value == "@" {
			return Field{}, cmderr.Usagef("invalid field %q: @ needs a file name (@data.csv, or @- for standard input)", s)
		}
		f.File = value[1:]
	case value == "true":
		f.Value = true
	case value == "false":
		f.Value = false
	case value == "null":
		f.Value = nil
	case numberPattern.MatchString(value):
		f.Value = json.Number(value)
	default:
		f.Value = value
	}
	return f, nil
}

func splitField(s, flag string) (key, value string, err error) {
	key, value, ok := strings.Cut(s, "=")
	if !ok || key == "" {
		return "", "", cmderr.Usagef("invalid field %q: %s takes key=value", s, flag)
	}
	return key, value, nil
}

// ParseParam parses a positional name=value path parameter.
func ParseParam(s string) (name, value string, err error) {
	name, value, ok := strings.Cut(s, "=")
	if !ok || name == "" || strings.ContainsAny(name, "/{}[]") {
		return "", "", cmderr.Usagef("unexpected argument %q: after the path or operationId, arguments are path parameters as name=value (e.g. namespace=company.team)", s)
	}
	return name, value, nil
}

// nestedKey splits a JSON body key: "a[b][c]" is [a b c]; "a[]" appends
// to the array a ("" as last element).
func nestedKey(key string) ([]string, error) {
	name, rest, _ := strings.Cut(key, "[")
	if name == "" {
		return nil, cmderr.Usagef("invalid field name %q", key)
	}
	parts := []string{name}
	if rest == "" {
		return parts, nil
	}
	rest = "[" + rest
	for rest != "" {
		if rest[0] != '[' {
			return nil, cmderr.Usagef("invalid field name %q: use name, name[key] or name[] for an array", key)
		}
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return nil, cmderr.Usagef("invalid field name %q: missing ]", key)
		}
		parts = append(parts, rest[1:end])
		rest = rest[end+1:]
	}
	for i, p := range parts[1:] {
		if p == "" && i != len(parts)-2 {
			return nil, cmderr.Usagef("invalid field name %q: [] (append to an array) must come last", key)
		}
	}
	return parts, nil
}

// JSONObject builds the JSON body of fields: name=value, nested objects
// with name[key]=value, arrays with name[]=value (repeated).
func JSONObject(fields []Field) (map[string]any, error) {
	root := map[string]any{}
	for _, f := range fields {
		parts, err := nestedKey(f.Key)
		if err != nil {
			return nil, err
		}
		obj := root
		for i, p := range parts[:len(parts)-1] {
			next := parts[i+1]
			if next == "" { // p[] = value
				arr, ok := obj[p].([]any)
				if !ok && obj[p] != nil {
					return nil, cmderr.Usagef("field %s: %s is already a value, not an array", f.Key, strings.Join(parts[:i+1], "."))
				}
				obj[p] = append(arr, f.Value)
				obj = nil
				break
			}
			child, ok := obj[p].(map[string]any)
			if !ok {
				if obj[p] != nil {
					return nil, cmderr.Usagef("field %s: %s is already a value, not an object", f.Key, strings.Join(parts[:i+1], "."))
				}
				child = map[string]any{}
				obj[p] = child
			}
			obj = child
		}
		if obj == nil {
			continue
		}
		last := parts[len(parts)-1]
		if prev, ok := obj[last]; ok {
			if _, isObj := prev.(map[string]any); isObj {
				return nil, cmderr.Usagef("field %s: %s is already an object", f.Key, last)
			}
			return nil, cmderr.Usagef("field %s is given twice (use %s[]=value for an array)", f.Key, f.Key)
		}
		obj[last] = f.Value
	}
	return root, nil
}
