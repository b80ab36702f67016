// Package secretsapi calls the secrets endpoints of the Kestra API
// (Enterprise's secret backend): list, set, patch and delete the secrets of
// a namespace. A secret's value goes to the server once, in the body of one
// request, and is never read back: the API has no route that answers it.
package secretsapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"unicode/utf8"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// Tag is ApiSecretTag.
type Tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Meta is ApiSecretMetaEE: what the API shows of a secret.
type Meta struct {
	Key         string `json:"key"`
	Namespace   string `json:"namespace,omitempty"`
	Description string `json:"description,omitempty"`
	Tags        []Tag  `json:"tags"`
}

// ListPath is the tenant-wide secrets search (GET /api/v1/{tenant}/secrets).
func ListPath(k *kestra.Client) string { return k.TenantPath("secrets") }

// Find returns the metadata of one secret of a namespace (nil when there
// is none): the search filtered by namespace and key.
func Find(ctx context.Context, k *kestra.Client, namespace, key string) (*Meta, error) {
	q := url.Values{"filters[namespace][EQUALS]": {namespace}, "filters[q][EQUALS]": {key}}
	var found *Meta
	err := kestra.Paginate(ctx, k, ListPath(k), q, 200, func(page []json.RawMessage, _ int64) error {
		for _, raw := range page {
			var m Meta
			if err := json.Unmarshal(raw, &m); err != nil {
				return err
			}
			if m.Key == key && (m.Namespace == "" || m.Namespace == namespace) {
				found = &m
			}
		}
		return nil
	})
	return found, err
}

// Put creates or replaces a secret (PUT .../namespaces/{ns}/secrets with
// ApiSecretValue) and returns the server's answer. The request body holding
// the value is built in one buffer, handed to the client without a copy
// kept here, and wiped once the request is over (the SDK never traces
// request bodies).
func Put(ctx context.Context, k *kestra.Client, namespace, key string, value []byte, description *string, tags []Tag) (json.RawMessage, error) {
	body := make([]byte, 0, 64+len(key)+2*len(value))
	body = append(body, `{"key":`...)
	body = appendString(body, []byte(key))
	body = append(body, `,"value":`...)
	body = appendString(body, value)
	if description != nil {
		body = append(body, `,"description":`...)
		body = appendString(body, []byte(*description))
	}
	t, err := json.Marshal(nonNil(tags))
	if err != nil {
		return nil, err
	}
	body = append(body, `,"tags":`...)
	body = append(body, t...)
	body = append(body, '}')
	defer clear(body)
	req := &kestra.Request{Method: http.MethodPut, Path: k.TenantPath("namespaces", namespace, "secrets")}
	req.SetBody(body, "application/json")
	var out json.RawMessage
	if err := k.JSON(ctx, req, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Patch changes a secret's description and tags (PATCH
// .../namespaces/{ns}/secrets/{key} with ApiSecretMetaEE), never its value.
func Patch(ctx context.Context, k *kestra.Client, namespace, key string, description *string, tags []Tag) (json.RawMessage, error) {
	body := map[string]any{"key": key, "namespace": namespace, "tags": nonNil(tags)}
	if description != nil {
		body["description"] = *description
	}
	req := &kestra.Request{Method: http.MethodPatch, Path: k.TenantPath("namespaces", namespace, "secrets", key), Idempotent: true}
	if err := req.JSONBody(body); err != nil {
		return nil, err
	}
	var out json.RawMessage
	if err := k.JSON(ctx, req, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Delete removes a secret (DELETE .../namespaces/{ns}/secrets/{key}).
func Delete(ctx context.Context, k *kestra.Client, namespace, key string) error {
	return k.JSON(ctx, &kestra.Request{Method: http.MethodDelete, Path: k.TenantPath("namespaces", namespace, "secrets", key)}, nil)
}

func nonNil(tags []Tag) []Tag {
	if tags == nil {
		return []Tag{}
	}
	return tags
}

// appendString appends s as a JSON string, escaping what JSON requires
// (and <, >, & and the line separators, as encoding/json does). Invalid
// UTF-8 becomes U+FFFD, as encoding/json does.
func appendString(dst, s []byte) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			switch {
			case b == '"' || b == '\\':
				dst = append(dst, '\\', b)
			case b == '\n':
				dst = append(dst, '\\', 'n')
			case b == '\r':
				dst = append(dst, '\\', 'r')
			case b == '\t':
				dst = append(dst, '\\', 't')
			case b == '\b':
				dst = append(dst, '\\', 'b')
			case b == '\f':
				dst = append(dst, '\\', 'f')
			case b < 0x20 || b == '<' || b == '>' || b == '&':
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xf])
			default:
				dst = append(dst, b)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			dst = append(dst, s[i:i+size]...)
		}
		i += size
	}
	return append(dst, '"')
}
