// Package secrets is the "secrets" command group of the kv plugin: the
// secrets of Kestra Enterprise namespaces, which flows read with
// secret('KEY'). Their values are written, never read: no command prints,
// logs or traces one.
package secrets

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/kestractl/kestractl/plugins/kv/secretsapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Group is "kestractl secrets".
type Group struct {
	List   List   `cmd:"" aliases:"ls" help:"List secrets: names, descriptions and tags, never values."`
	Set    Set    `cmd:"" help:"Create or replace a secret; the value comes from stdin or a prompt without echo."`
	Patch  Patch  `cmd:"" help:"Change a secret's description or tags (never its value)."`
	Delete Delete `cmd:"" aliases:"rm" help:"Delete a secret (asks first; --yes to skip)."`
}

// feature names secrets in the Enterprise-only error.
const feature = "secrets"

// keyPattern is what every Kestra secret backend accepts as a key.
var keyPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]*$`)

// checkTarget validates a namespace and a secret key.
func checkTarget(ns, key string) error {
	if err := plugin.ValidateNamespace(ns); err != nil {
		return err
	}
	if len(key) > 255 || !keyPattern.MatchString(key) {
		return cmderr.Usagef("invalid secret key %q: use letters, digits, '.', '_' and '-', starting with a letter or a digit", key)
	}
	return nil
}

// parseTags reads --tag KEY=VALUE values.
func parseTags(flags []string) ([]secretsapi.Tag, error) {
	tags := []secretsapi.Tag{}
	for _, f := range flags {
		k, v, ok := strings.Cut(f, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return nil, cmderr.Usagef("invalid --tag %q: expected KEY=VALUE", f)
		}
		tags = append(tags, secretsapi.Tag{Key: k, Value: v})
	}
	return tags, nil
}

// tagsText shows tags in a table: "env=prod, team=data".
func tagsText(tags []secretsapi.Tag) string {
	parts := make([]string, 0, len(tags))
	for _, t := range tags {
		parts = append(parts, t.Key+"="+t.Value)
	}
	return strings.Join(parts, ", ")
}

// explain turns an API error into the command's error: on an open-source
// server secrets are an Enterprise feature (exit 4); a 404 from an
// Enterprise server is a missing secret.
func explain(c *plugin.Context, err error, ns, key, op string) error {
	if e := c.EnterpriseOnly(err, feature); e != err {
		return e
	}
	if kestra.IsNotFound(err) {
		return notFound(ns, key)
	}
	if kestra.IsStatus(err, http.StatusConflict) {
		return cmderr.New(cmderr.Conflict, "%s secret %q in namespace %q: %v", op, key, ns, err).
			WithHint("the tenant's secret backend may be read-only")
	}
	return fmt.Errorf("%s secret %q in namespace %q: %w", op, key, ns, err)
}

func notFound(ns, key string) error {
	return cmderr.New(cmderr.NotFound, "secret %q not found in namespace %q", key, ns).
		WithHint("'kestractl secrets list %s' shows its secrets", ns)
}

// missing explains a secret the search did not find: on an open-source
// server, secrets are an Enterprise feature.
func missing(c *plugin.Context, ns, key string) error {
	if err := c.RequireEnterprise(feature); err != nil {
		return err
	}
	return notFound(ns, key)
}
