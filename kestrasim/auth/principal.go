// Package auth holds who is calling (the principal) and what they may do in
// the tenant of the request (the access checks handlers consult).
package auth

import (
	"context"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Kind tells what a principal is.
type Kind string

// Principal kinds.
const (
	// Static is a credential given on the command line (--basic-auth,
	// --token): a super-admin.
	Static         Kind = "STATIC"
	User           Kind = "USER"
	ServiceAccount Kind = "SERVICE_ACCOUNT"
)

// Principal is the authenticated caller.
type Principal struct {
	Kind       Kind
	ID         string
	Name       string
	SuperAdmin bool
	// Bearer is true when the request authenticated with a bearer token.
	Bearer bool
}

// Authorizer answers RBAC questions for a principal in a tenant.
type Authorizer interface {
	// TenantAccess reports whether p may use the tenant at all.
	TenantAccess(p Principal, tenant string) bool
	// Allowed reports whether p holds resource:action on namespace (""
	// means a tenant-wide grant is needed).
	Allowed(p Principal, tenant, resource, action, namespace string) bool
	// AllowedSomewhere reports whether p holds resource:action on at least
	// one namespace of the tenant (list routes then filter their results).
	AllowedSomewhere(p Principal, tenant, resource, action string) bool
}

// AllowAll is the authorizer of the OSS edition: any authenticated caller may
// do anything.
type AllowAll struct{}

// TenantAccess implements Authorizer.
func (AllowAll) TenantAccess(Principal, string) bool { return true }

// Allowed implements Authorizer.
func (AllowAll) Allowed(Principal, string, string, string, string) bool { return true }

// AllowedSomewhere implements Authorizer.
func (AllowAll) AllowedSomewhere(Principal, string, string, string) bool { return true }

// Request is the access context of one API request.
type Request struct {
	Principal Principal
	Tenant    string
	Authz     Authorizer
}

type ctxKey struct{}

// With stores the access context in ctx.
func With(ctx context.Context, r *Request) context.Context {
	return context.WithValue(ctx, ctxKey{}, r)
}

// From returns the access context of the request; a permissive one when none
// was set (unit tests of handlers).
func From(ctx context.Context) *Request {
	if r, ok := ctx.Value(ctxKey{}).(*Request); ok {
		return r
	}
	return &Request{Principal: Principal{Kind: Static, SuperAdmin: true}, Tenant: "main", Authz: AllowAll{}}
}

// Allowed reports whether the caller holds resource:action on namespace.
func (r *Request) Allowed(resource, action, namespace string) bool {
	if r.Principal.SuperAdmin {
		return true
	}
	return r.Authz.Allowed(r.Principal, r.Tenant, resource, action, namespace)
}

// Require is Allowed as an error: a 403 naming the missing permission.
func (r *Request) Require(resource, action, namespace string) error {
	if r.Allowed(resource, action, namespace) {
		return nil
	}
	where := "tenant '" + r.Tenant + "'"
	if namespace != "" {
		where = "namespace '" + namespace + "'"
	}
	return rest.Forbidden("Forbidden: %s '%s' is missing permission %s:%s on %s",
		principalNoun(r.Principal), r.Principal.Name, resource, action, where)
}

func principalNoun(p Principal) string {
	if p.Kind == ServiceAccount {
		return "service account"
	}
	return "user"
}

// AllowedSomewhere reports whether the caller holds resource:action on at
// least one namespace of the tenant.
func (r *Request) AllowedSomewhere(resource, action string) bool {
	if r.Principal.SuperAdmin {
		return true
	}
	return r.Authz.AllowedSomewhere(r.Principal, r.Tenant, resource, action)
}
