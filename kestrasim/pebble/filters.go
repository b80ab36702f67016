package pebble

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"math"
	"slices"
	"strings"
)

// Filter applies the filter name, with its arguments, to v. The default
// filter is the parser's (it catches a missing value); an unknown name is an
// *UnsupportedError.
func Filter(name string, v any, args []any) (any, error) {
	switch name {
	case "upper":
		return strings.ToUpper(String(v)), nil
	case "lower":
		return strings.ToLower(String(v)), nil
	case "trim":
		return strings.TrimSpace(String(v)), nil
	case "capitalize":
		s := String(v)
		if s == "" {
			return s, nil
		}
		return strings.ToUpper(s[:1]) + s[1:], nil
	case "length":
		return length(v), nil
	case "toJson", "json":
		data, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		return string(data), nil
	case "join":
		list, _ := v.([]any)
		sep := ""
		if len(args) > 0 {
			sep = String(args[0])
		}
		parts := make([]string, len(list))
		for i, x := range list {
			parts[i] = String(x)
		}
		return strings.Join(parts, sep), nil
	case "first", "last":
		return firstOrLast(name == "first", v), nil
	case "keys":
		return keys(v), nil
	case "abs":
		return abs(v)
	case "md5", "sha1", "sha256", "sha512":
		return digest(name, String(v)), nil
	}
	return nil, &UnsupportedError{Kind: "filter", Name: name}
}

func length(v any) int64 {
	switch x := v.(type) {
	case map[string]any:
		return int64(len(x))
	case []any:
		return int64(len(x))
	case nil:
		return 0
	}
	return int64(len([]rune(String(v))))
}

func firstOrLast(first bool, v any) any {
	if x, ok := v.([]any); ok {
		switch {
		case len(x) == 0:
			return nil
		case first:
			return x[0]
		}
		return x[len(x)-1]
	}
	r := []rune(String(v))
	switch {
	case len(r) == 0:
		return ""
	case first:
		return string(r[0])
	}
	return string(r[len(r)-1])
}

func keys(v any) []any {
	m, _ := v.(map[string]any)
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	out := make([]any, len(names))
	for i, k := range names {
		out[i] = k
	}
	return out
}

func abs(v any) (any, error) {
	f, ok := toFloat(v)
	if !ok {
		return nil, fmt.Errorf("abs needs a number")
	}
	if n, isInt := v.(int64); isInt {
		if n < 0 {
			return -n, nil
		}
		return n, nil
	}
	return math.Abs(f), nil
}

// digest is Kestra's Md5Filter and Sha*Filter: the lower-case hex digest
// of the text's bytes.
func digest(name, s string) string {
	var h hash.Hash
	switch name {
	case "md5":
		h = md5.New()
	case "sha1":
		h = sha1.New()
	case "sha256":
		h = sha256.New()
	default:
		h = sha512.New()
	}
	h.Write([]byte(s))
	return hex.EncodeToString(h.Sum(nil))
}
