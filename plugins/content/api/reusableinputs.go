package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
)

// ReusableInputs is the part of a reusable inputs set the commands read.
type ReusableInputs struct {
	ID        string `json:"id"`
	Namespace string `json:"namespace"`
	Revision  int    `json:"revision"`
	Source    string `json:"source"`
}

// ReusableInputsPath is the list of the sets a namespace sees.
func (c *Client) ReusableInputsPath(ns string) string {
	return c.path("namespaces", ns, "reusable-inputs")
}

// GetReusableInputs reads a set (revision 0: the latest), resolving
// namespace inheritance.
func (c *Client) GetReusableInputs(ctx context.Context, ns, id string, revision int) (json.RawMessage, *ReusableInputs, error) {
	var q url.Values
	if revision > 0 {
		q = url.Values{"revision": {strconv.Itoa(revision)}}
	}
	raw, err := c.get(ctx, c.path("namespaces", ns, "reusable-inputs", id), q)
	if err != nil {
		return nil, nil, err
	}
	r, err := decode[ReusableInputs](raw)
	return raw, &r, err
}

// ReusableInputsRevisions lists the revisions of a set of exactly ns.
func (c *Client) ReusableInputsRevisions(ctx context.Context, ns, id string) ([]json.RawMessage, error) {
	raw, err := c.get(ctx, c.path("namespaces", ns, "reusable-inputs", id, "revisions"), nil)
	if err != nil {
		return nil, err
	}
	return decode[[]json.RawMessage](raw)
}

// PutReusableInputs saves a set's source (a new revision when it
// changed); failIfExists refuses to replace one.
func (c *Client) PutReusableInputs(ctx context.Context, ns, id string, src []byte, failIfExists bool) (json.RawMessage, *ReusableInputs, error) {
	q := url.Values{"failIfExists": {strconv.FormatBool(failIfExists)}}
	raw, err := c.sendYAML(ctx, http.MethodPut, c.path("namespaces", ns, "reusable-inputs", id), q, src)
	if err != nil {
		return nil, nil, err
	}
	r, err := decode[ReusableInputs](raw)
	return raw, &r, err
}

// DeleteReusableInputs deletes a set of exactly ns.
func (c *Client) DeleteReusableInputs(ctx context.Context, ns, id string) error {
	return c.del(ctx, c.path("namespaces", ns, "reusable-inputs", id))
}

// ReusableInputsNamespaces lists the namespaces that define sets.
func (c *Client) ReusableInputsNamespaces(ctx context.Context) (json.RawMessage, []string, error) {
	raw, err := c.get(ctx, c.path("reusable-inputs", "namespaces"), nil)
	if err != nil {
		return nil, nil, err
	}
	ns, err := decode[[]string](raw)
	return raw, ns, err
}
