// Package iamapi is the Kestra Enterprise IAM API as the iam plugin uses it:
// users and service accounts (instance-level), groups, roles, bindings and
// invitations (tenant-scoped), with request shapes from the Kestra 2.0
// OpenAPI document. Answers are kept as raw JSON, so that -o json shows
// every field the server sent; the few fields a command needs to read are
// decoded with the types of types.go.
package iamapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
)

// Client calls the IAM API of one server and tenant.
type Client struct {
	k *kestra.Client
	// enterprise explains a 404 from an open-source server (the SDK's
	// Context.EnterpriseOnly); nil leaves 404s as they are.
	enterprise func(err error, what string) error
}

// New returns a client over k.
func New(k *kestra.Client) *Client { return &Client{k: k} }

// WithEnterprise sets how a 404 from a server that may run the
// open-source edition is explained (the SDK's Context.EnterpriseOnly: one
// line naming the feature, exit 4).
func (c *Client) WithEnterprise(f func(err error, what string) error) *Client {
	c.enterprise = f
	return c
}

// Kestra is the underlying SDK client.
func (c *Client) Kestra() *kestra.Client { return c.k }

// Tenant is the tenant of the tenant-scoped routes.
func (c *Client) Tenant() string { return c.k.Tenant() }

// scope says where a route lives, for error hints.
type scope int

const (
	instance scope = iota // /api/v1/users..., /api/v1/service-accounts...
	tenant                // /api/v1/{tenant}/...
)

// call is one request.
type call struct {
	op         string // what is being done, for messages ("get user \"x\"")
	scope      scope
	method     string
	path       string
	query      url.Values
	body       any // JSON request body, nil for none
	idempotent bool
	// permissions marks a request carrying role permissions: when a Kestra
	// 1.x server refuses it, the error says why.
	permissions bool
}

// do sends c and decodes the answer into out (nil: discard).
func (c *Client) do(ctx context.Context, r call, out any) error {
	req := &kestra.Request{Method: r.method, Path: r.path, Query: r.query, Idempotent: r.idempotent}
	if r.body != nil {
		if err := req.JSONBody(r.body); err != nil {
			return cmderr.Wrap(cmderr.Internal, fmt.Errorf("%s: %w", r.op, err))
		}
	}
	if err := c.k.JSON(ctx, req, out); err != nil {
		return c.fail(ctx, r, err)
	}
	return nil
}

// raw sends r and returns the answer's status and body (for routes that
// answer either with a document or with 204 No Content).
func (c *Client) raw(ctx context.Context, r call) (int, json.RawMessage, error) {
	req := &kestra.Request{Method: r.method, Path: r.path, Query: r.query, Idempotent: r.idempotent}
	if r.body != nil {
		if err := req.JSONBody(r.body); err != nil {
			return 0, nil, cmderr.Wrap(cmderr.Internal, fmt.Errorf("%s: %w", r.op, err))
		}
	}
	resp, err := c.k.Do(ctx, req)
	if err != nil {
		return 0, nil, c.fail(ctx, r, err)
	}
	defer resp.Body.Close()
	var body json.RawMessage
	dec := json.NewDecoder(resp.Body)
	if err := dec.Decode(&body); err != nil {
		if errors.Is(err, io.EOF) {
			return resp.StatusCode, nil, nil
		}
		return 0, nil, c.fail(ctx, r, &kestra.APIError{Method: r.method, Path: r.path, Status: resp.StatusCode,
			Message: fmt.Sprintf("cannot decode the server's answer: %v", err)})
	}
	return resp.StatusCode, body, nil
}

// fail explains an API error: a 404 from a server that is not Kestra
// Enterprise says so (exit 4), a 403 says who may do it, validation errors
// list their violations.
func (c *Client) fail(ctx context.Context, r call, err error) error {
	var apiErr *kestra.APIError
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("%s: %w", r.op, err)
	}
	switch apiErr.Status {
	case http.StatusNotFound:
		if c.enterprise != nil {
			if e := c.enterprise(err, feature(r.path)); e != err {
				return e
			}
		}
	case http.StatusForbidden:
		e := cmderr.New(cmderr.PermissionDenied, "%s: permission denied: %s", r.op, apiErr.Error())
		e.Err = err
		if r.scope == instance {
			return e.WithHint("users and service accounts are managed at instance level: only a super-admin may do this")
		}
		return e.WithHint("ask an administrator for a role that grants it in tenant %q", c.k.Tenant())
	}
	e := cmderr.From(fmt.Errorf("%s: %w", r.op, err))
	if len(apiErr.Violations) > 0 {
		e = e.WithDetails(apiErr.Violations...)
	}
	if r.permissions && apiErr.Status/100 == 4 {
		if v := c.k.Server(ctx).Version; majorBelow2(v) {
			e = e.WithHint("the server runs Kestra %s, whose roles take the 1.x actions READ, CREATE, UPDATE and DELETE; "+
				"this kestractl speaks the Kestra 2.0 permissions (VIEW, LIST, EXECUTE...)", v)
		}
	}
	return e
}

// majorBelow2 reports whether a version such as "1.3.2" is older than 2.
func majorBelow2(v string) bool {
	major, _, _ := strings.Cut(strings.TrimPrefix(v, "v"), ".")
	n, err := strconv.Atoi(major)
	return err == nil && n < 2
}

// feature names the Enterprise feature a route belongs to, for the
// open-source edition's error: "users", "groups", "tenants"...
func feature(path string) string {
	rest := strings.TrimPrefix(path, "/api/v1/")
	segs := strings.Split(rest, "/")
	names := map[string]string{
		"users": "users", "me": "users", "tenant-access": "users", "service-accounts": "service accounts",
		"groups": "groups", "roles": "roles", "bindings": "bindings", "invitations": "invitations",
		"tenants": "tenants", "license-info": "license information", "acls": "permission actions",
		"stats": "usage reports",
	}
	// Instance-level routes start with their resource; tenant-scoped ones
	// with the tenant.
	for _, s := range segs[:min(2, len(segs))] {
		if n, ok := names[s]; ok {
			return n
		}
	}
	return "IAM"
}

// Filter is one Kestra query filter, sent as filters[field][op]=value.
type Filter struct {
	Field, Op, Value string
}

// Query is a list request.
type Query struct {
	// Page is the page to fetch (1-based); 0 fetches every page.
	Page int
	// Size is the page size (0: kestra.DefaultPageSize).
	Size int
	// Sort keys, sent comma-joined ("name:asc,email:desc").
	Sort []string
	// Filters are sent as filters[field][op]=value.
	Filters []Filter
	// Params are other query parameters.
	Params url.Values
}

// Equals is a shorthand for an EQUALS filter.
func Equals(field, value string) Filter { return Filter{Field: field, Op: "EQUALS", Value: value} }

func (q Query) values() url.Values {
	v := url.Values{}
	for k, vals := range q.Params {
		v[k] = append([]string(nil), vals...)
	}
	if len(q.Sort) > 0 {
		v.Set("sort", strings.Join(q.Sort, ","))
	}
	for _, f := range q.Filters {
		v.Add("filters["+f.Field+"]["+f.Op+"]", f.Value)
	}
	return v
}

// PageFunc receives each page of a list and the server's total.
type PageFunc func(items []json.RawMessage, total int64) error

// callbackError marks an error of the PageFunc, returned as is.
type callbackError struct{ err error }

func (e callbackError) Error() string { return e.err.Error() }
func (e callbackError) Unwrap() error { return e.err }

// list fetches one page (q.Page > 0) or every page of a search route.
func (c *Client) list(ctx context.Context, r call, q Query, fn PageFunc) error {
	wrapped := func(items []json.RawMessage, total int64) error {
		if items == nil {
			items = []json.RawMessage{}
		}
		if err := fn(items, total); err != nil {
			return callbackError{err}
		}
		return nil
	}
	var err error
	if q.Page > 0 {
		size := q.Size
		if size <= 0 {
			size = kestra.DefaultPageSize
		}
		v := q.values()
		v.Set("page", strconv.Itoa(q.Page))
		v.Set("size", strconv.Itoa(size))
		var res kestra.PagedResults[json.RawMessage]
		if err = c.k.Get(ctx, r.path, v, &res); err == nil {
			err = wrapped(res.Results, res.Total)
		}
	} else {
		err = kestra.Paginate(ctx, c.k, r.path, q.values(), q.Size, wrapped)
	}
	var cb callbackError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &cb):
		return cb.err
	}
	return c.fail(ctx, r, err)
}

// quote quotes a name for messages ("x").
func quote(s string) string { return strconv.Quote(s) }

// isStatus reports whether err is an API error with one of the statuses.
func isStatus(err error, statuses ...int) bool { return kestra.IsStatus(err, statuses...) }
