package kestra

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
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
		b, err := io.ReadAll(io.LimitReader(resp.Body, maxJSONBody))
		if err != nil {
			return &bodyReadError{err}
		}
		body = b
		return nil
	})
	if err != nil {
		return err
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
