package plugin

import (
	"errors"
	"net/http"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
)

// EnterpriseOnly explains the error of an Enterprise-only feature (what,
// e.g. "secrets"): a 404 from a server that runs the open-source edition
// becomes one clear line, exit 4 ("secrets are a Kestra Enterprise
// feature, but the server at ... runs the open-source edition"), instead of
// a raw "not found". Other errors, and 404s from an Enterprise server (a
// missing resource), are returned as they are.
func (c *Context) EnterpriseOnly(err error, what string) error {
	var apiErr *kestra.APIError
	if err == nil || !errors.As(err, &apiErr) || apiErr.Status != http.StatusNotFound {
		return err
	}
	k, kerr := c.Kestra()
	if kerr != nil || !k.Server(c).OSS() {
		return err
	}
	return enterpriseOnly(k, what)
}

// RequireEnterprise fails, as EnterpriseOnly words it (exit 4), when the
// server runs the open-source edition; nil on an Enterprise server. For a
// command that would otherwise fail once per item, or whose 404 cannot
// tell a missing item from a missing feature.
func (c *Context) RequireEnterprise(what string) error {
	k, err := c.Kestra()
	if err != nil {
		return err
	}
	if !k.Server(c).OSS() {
		return nil
	}
	return enterpriseOnly(k, what)
}

func enterpriseOnly(k *kestra.Client, what string) error {
	return cmderr.New(cmderr.PermissionDenied, "%s: a Kestra Enterprise feature, but the server at %s runs the open-source edition", what, k.BaseURL()).
		WithHint("check --host or the context (kestractl config current)")
}
