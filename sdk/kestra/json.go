package kestra

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// maxJSONBody bounds a JSON response read into memory.
const maxJSONBody = 256 << 20

// Get sends a GET and decodes the JSON answer into out (nil: discard).
func (c *Client) Get(ctx context.Context, path string, query url.Values, out any) error {
	return c.JSON(ctx, &Request{Method: http.MethodGet, Path: path, Query: query}, out)
}

// Send sends a JSON body with method (POST, PUT, PATCH, DELETE) and decodes
// the answer into out (nil: discard).
func (c *Client) Send(ctx context.Context, method, path string, in, out any) error {
	req := &Request{Method: method, Path: path}
	if in != nil {
		if err := req.JSONBody(in); err != nil {
			return err
		}
	}
	return c.JSON(ctx, req, out)
}

// JSON sends req and decodes its JSON answer into out (nil: discard).
// Numbers decoded into interface values keep every digit (json.Number).
func (c *Client) JSON(ctx context.Context, req *Request, out any) error {
	var body []byte
	var status int
	err := c.Call(ctx, req, func(resp *http.Response) error {
		status = resp.StatusCode
		limit := c.maxJSON
		if limit <= 0 {
			limit = maxJSONBody
		}
		b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
		if err != nil {
			return &bodyReadError{err}
		}
		if int64(len(b)) > limit {
			return &APIError{Method: req.Method, Path: req.Path, Status: status,
				Message: fmt.Sprintf("the server's answer is larger than %s, the most kestractl reads as one JSON document", humanSize(limit))}
		}
		body = b
		return nil
	})
	if err != nil {
		return err
	}
	if out != nil && looksLikeHTML(body) {
		// A login page or a proxy's error page, whatever its content type.
		return &APIError{Method: req.Method, Path: req.Path, Status: status, HTML: true}
	}
	if out == nil {
		return nil
	}
	if raw, ok := out.(*json.RawMessage); ok {
		*raw = append((*raw)[:0], body...)
		if !json.Valid(body) {
			return &APIError{Method: req.Method, Path: req.Path, Status: status, Message: "the server answered with something that is not JSON"}
		}
		return nil
	}
	if raw, ok := out.(*[]byte); ok {
		*raw = body
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		return &APIError{Method: req.Method, Path: req.Path, Status: status,
			Message: fmt.Sprintf("cannot decode the server's answer: %v", err)}
	}
	return nil
}

// looksLikeHTML reports whether a body is an HTML page rather than JSON.
func looksLikeHTML(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n\ufeff")
	if len(b) == 0 || b[0] != '<' {
		return false
	}
	head := strings.ToLower(string(b[:min(len(b), 64)]))
	return strings.HasPrefix(head, "<!doctype html") || strings.HasPrefix(head, "<html") || strings.HasPrefix(head, "<head") ||
		strings.HasPrefix(head, "<body") || strings.HasPrefix(head, "<!--") || strings.HasPrefix(head, "<title")
}

func humanSize(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
