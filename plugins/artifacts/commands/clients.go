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

// baseURL describes a base URL flag, for checkURL.
type baseURL struct {
	flag, example string
	// credentials says where credentials go instead of the URL.
	credentials string
}

var (
	mavenURL   = baseURL{"--maven-repository", "https://repo1.maven.org/maven2", "give them with --maven-username and --maven-password (or KESTRACTL_MAVEN_PASSWORD), or --header 'Authorization:Bearer <token>'"}
	catalogURL = baseURL{"--plugins-api", "https://api.kestra.io/v1", "the catalog is public, remove them"}
)

// checkURL validates a base URL flag: http or https, a host, no user or
// password, no query or fragment. Its errors never repeat a credential
// (see redactURL).
func checkURL(b baseURL, v string) (string, error) {
	v = strings.TrimRight(strings.TrimSpace(v), "/")
	shown := redactURL(v)
	u, err := url.Parse(v)
	invalid := err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == ""
	switch {
	case err == nil && u.User != nil, invalid && strings.Contains(v, "@"):
		return "", cmderr.Usagef("invalid %s %q: credentials do not go in the URL: %s", b.flag, shown, b.credentials)
	case invalid:
		return "", cmderr.Usagef("invalid %s %q: use a URL such as %s", b.flag, shown, b.example)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "", cmderr.Usagef("invalid %s %q: a base URL takes no query or fragment", b.flag, shown)
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
	base, err := checkURL(catalogURL, f.PluginsAPI)
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
	base, err := checkURL(mavenURL, f.MavenRepository)
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
