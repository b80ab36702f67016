package commands

import (
	"context"
	"net/url"
	"strings"

	"github.com/kestractl/kestractl/plugins/artifacts/catalog"
	"github.com/kestractl/kestractl/plugins/artifacts/maven"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// checkURL validates a base URL flag.
func checkURL(flag, v string) (string, error) {
	v = strings.TrimRight(strings.TrimSpace(v), "/")
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return "", cmderr.Usagef("invalid %s %q: use a URL such as https://repo1.maven.org/maven2 (credentials go in --maven-username/--maven-password or --header, not in the URL)", flag, v)
	}
	return v, nil
}

func trace(c *plugin.Context) func(string) {
	if !c.Verbose() {
		return nil
	}
	return func(line string) { _ = c.Debug("%s", line) }
}

// catalogClient reaches the compatibility catalog anonymously: neither the
// Kestra credentials nor the --header values (meant for the Maven
// repository) are sent to it.
func catalogClient(c *plugin.Context, b Build, f catalogFlags) (*catalog.Client, error) {
	base, err := checkURL("--plugins-api", f.PluginsAPI)
	if err != nil {
		return nil, err
	}
	cfg := plugin.ClientConfig(c.Invocation(), nil, "artifacts", b.Version, trace(c))
	cfg.BaseURL, cfg.Tenant, cfg.Headers, cfg.Credentials = base, "", nil, nil
	hc, err := kestra.New(cfg)
	if err != nil {
		return nil, cmderr.Usagef("%v", err)
	}
	return &catalog.Client{HTTP: hc}, nil
}

// mavenRepository reaches the Maven repository with --maven-username and
// --maven-password (Basic auth) and the global --header values; an
// Authorization header given with --header wins over Basic auth.
func mavenRepository(c *plugin.Context, b Build, f mavenFlags) (*maven.Repository, error) {
	base, err := checkURL("--maven-repository", f.MavenRepository)
	if err != nil {
		return nil, err
	}
	creds := mavenCredentials{host: c, username: f.MavenUsername, password: f.MavenPassword}
	cfg := plugin.ClientConfig(c.Invocation(), creds, "artifacts", b.Version, trace(c))
	cfg.BaseURL, cfg.Tenant = base, ""
	hc, err := kestra.New(cfg)
	if err != nil {
		return nil, cmderr.Usagef("%v", err)
	}
	return maven.New(hc), nil
}

// mavenCredentials are the Maven repository's: its own username and
// password, plus the credential-bearing --header values the core hands
// over. The Kestra token or password is never sent to the repository.
type mavenCredentials struct {
	host               kestra.CredentialSource
	username, password string
}

func (m mavenCredentials) Credentials(ctx context.Context, refresh bool) (kestra.Credentials, error) {
	out := kestra.Credentials{Username: m.username, Password: m.password}
	hc, err := m.host.Credentials(ctx, refresh)
	if err != nil {
		return kestra.Credentials{}, err
	}
	out.Headers = hc.Headers
	return out, nil
}

// localPath resolves p against the user's working directory.
func localPath(c *plugin.Context, p string) string {
	return c.Path(p)
}
