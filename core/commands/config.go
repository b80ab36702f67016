package commands

import (
	"fmt"
	"io"
	"strings"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/config"
	"github.com/kestractl/kestractl/core/contexts"
	"github.com/kestractl/kestractl/core/settings"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
)

// ConfigCmd manages contexts in the config file.
type ConfigCmd struct {
	Add    ConfigAddCmd    `cmd:"" help:"Add a context (or replace one of the same name)."`
	Show   ConfigShowCmd   `cmd:"" aliases:"list,ls" help:"Show the contexts; secrets are never shown."`
	Use    ConfigUseCmd    `cmd:"" help:"Set the default context."`
	Remove ConfigRemoveCmd `cmd:"" aliases:"rm,delete" help:"Remove a context."`
}

// ConfigAddCmd is "config add <name> <host> <tenant>".
type ConfigAddCmd struct {
	Name          string `arg:"" help:"Context name."`
	URL           string `arg:"" name:"host" help:"Kestra URL with its scheme, e.g. https://kestra.example.com."`
	TenantID      string `arg:"" name:"tenant" help:"Tenant, e.g. main."`
	Default       bool   `help:"Make it the default context."`
	PasswordStdin bool   `name:"password-stdin" help:"Read the password (or, with --token-stdin, the token) from stdin instead of the command line."`
	TokenStdin    bool   `name:"token-stdin" help:"Read the API token from stdin instead of the command line."`
}

// Help explains where credentials come from.
func (c *ConfigAddCmd) Help() string {
	return "Credentials: --token TOKEN (auth_method token) or --username USER --password PASS (auth_method basicAuth).\n" +
		"Extra headers: --header Key:Value (repeatable). The file is written atomically with mode 0600."
}

// Run adds the context.
func (c *ConfigAddCmd) Run(rt *Runtime, g *cli.Globals) error {
	name := strings.TrimSpace(c.Name)
	ctx, err := c.context(rt, g)
	if err != nil {
		return err
	}
	var existed, makeDefault bool
	_, err = rt.Contexts.Update(rt.ctx(), g.Config, func(f *config.File) error {
		_, existed = f.Contexts[name]
		if err := f.Set(name, ctx); err != nil {
			return err
		}
		makeDefault = c.Default || f.DefaultContext == "" || len(f.Contexts) == 1
		if makeDefault {
			f.SetDefault(name)
		}
		return nil
	})
	if err != nil {
		return err
	}
	verb := "added"
	if existed {
		verb = "replaced"
	}
	w := rt.IO.Stderr
	if makeDefault {
		fmt.Fprintf(w, "Context '%s' %s and set as default.\n", name, verb)
	} else {
		fmt.Fprintf(w, "Context '%s' %s.\n", name, verb)
	}
	fmt.Fprintf(w, "Host: %s\nTenant: %s\nAuth: %s\n", ctx.Host, ctx.Tenant, ctx.AuthMethod)
	return nil
}

// context validates the arguments and flags into the context to store.
func (c *ConfigAddCmd) context(rt *Runtime, g *cli.Globals) (*config.Context, error) {
	name := strings.TrimSpace(c.Name)
	if name == "" || strings.ContainsAny(name, " \t\r\n/\\") || strings.HasPrefix(name, "-") {
		return nil, cmderr.Usagef("invalid context name %q: use letters, digits, '-', '_' or '.'", c.Name)
	}
	host := settings.TrimHost(c.URL)
	if err := settings.ValidateHost(host); err != nil {
		return nil, cmderr.Usagef("%v", err)
	}
	tenant := strings.TrimSpace(c.TenantID)
	if tenant == "" {
		return nil, cmderr.Usagef("the tenant must not be empty (Kestra OSS uses main)")
	}
	ctx := &config.Context{Host: host, Tenant: tenant}
	if err := c.auth(rt, g, ctx); err != nil {
		return nil, err
	}
	for _, h := range g.Header {
		if _, err := settings.ParseHeader(h); err != nil {
			return nil, cmderr.Usagef("%v", err)
		}
		ctx.Headers = append(ctx.Headers, strings.TrimSpace(h))
	}
	return ctx, nil
}

// auth sets the context's credentials: a token, or a username and a
// password (either secret may come from stdin).
func (c *ConfigAddCmd) auth(rt *Runtime, g *cli.Globals, ctx *config.Context) error {
	token, user, pass := strings.TrimSpace(g.Token), strings.TrimSpace(g.Username), g.Password
	if c.TokenStdin || c.PasswordStdin {
		secret, err := readSecretLine(rt.IO.Stdin)
		if err != nil {
			return cmderr.Usagef("read the secret from stdin: %v", err)
		}
		if c.TokenStdin {
			token = secret
		} else {
			pass = secret
		}
	}
	switch {
	case token != "" && (user != "" || pass != ""):
		return cmderr.Usagef("give either --token or --username/--password, not both")
	case token != "":
		ctx.AuthMethod, ctx.Token = config.AuthToken, token
	case user != "" && pass != "":
		ctx.AuthMethod, ctx.Username, ctx.Password = config.AuthBasic, user, pass
	case user != "" || pass != "":
		missing := "--password"
		if user == "" {
			missing = "--username"
		}
		return cmderr.Usagef("basic auth needs both --username and --password: %s is missing", missing)
	default:
		return cmderr.Usagef("at least token or username+password is required (use --token or --username and --password)")
	}
	return nil
}

// maxSecret bounds a token or password read from stdin.
const maxSecret = 16 << 10

// readSecretLine reads one secret from stdin: one line (a final newline is
// dropped), at most maxSecret bytes; more lines or more bytes are refused
// rather than silently cut.
func readSecretLine(r io.Reader) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxSecret+2))
	if err != nil {
		return "", err
	}
	s := strings.TrimSuffix(strings.TrimSuffix(string(b), "\n"), "\r")
	switch {
	case len(b) > maxSecret+1 || len(s) > maxSecret:
		return "", fmt.Errorf("the secret on stdin is longer than %d KiB: is it the right input?", maxSecret>>10)
	case s == "":
		return "", fmt.Errorf("nothing on stdin")
	case strings.ContainsAny(s, "\r\n"):
		return "", fmt.Errorf("stdin holds several lines: give the secret alone, on one line")
	}
	return s, nil
}

// ConfigShowCmd is "config show".
type ConfigShowCmd struct{}

type contextView struct {
	Name       string   `json:"name"`
	Default    bool     `json:"default"`
	Host       string   `json:"host"`
	Tenant     string   `json:"tenant"`
	AuthMethod string   `json:"auth_method"`
	Username   string   `json:"username,omitempty"`
	Headers    []string `json:"headers"`
}

// Run prints the contexts without any secret.
func (c *ConfigShowCmd) Run(rt *Runtime, g *cli.Globals) error {
	path, _, err := rt.Contexts.Path(g.Config)
	if err != nil {
		return cmderr.Usagef("%v", err)
	}
	// Unlike the commands that write the file, show has no hint.
	f, err := config.Load(path)
	if err != nil {
		return cmderr.Usagef("%v", err)
	}
	out, err := newOutput(rt, g)
	if err != nil {
		return err
	}
	views := []contextView{}
	for _, name := range f.Names() {
		ctx := f.Contexts[name]
		v := contextView{Name: name, Default: name == f.DefaultContext, Host: settings.RedactHost(ctx.Host), Tenant: ctx.Tenant,
			AuthMethod: authMethodOf(ctx), Username: ctx.Username, Headers: []string{}}
		for _, h := range ctx.Headers {
			k, val, _ := strings.Cut(h, ":")
			if kestra.IsSensitiveHeader(strings.TrimSpace(k)) {
				val = kestra.Redacted
			}
			v.Headers = append(v.Headers, strings.TrimSpace(k)+":"+strings.TrimSpace(val))
		}
		views = append(views, v)
	}
	if out.format == "table" {
		if len(views) == 0 {
			fmt.Fprintln(rt.IO.Stderr, "No contexts configured. Use 'kestractl config add' to add one.")
			return nil
		}
		fmt.Fprintf(rt.IO.Stderr, "Config file: %s\n", f.Path)
		rows := make([]any, len(views))
		for i, v := range views {
			mark := ""
			if v.Default {
				mark = "*"
			}
			rows[i] = map[string]any{"current": mark, "name": v.Name, "host": v.Host, "tenant": v.Tenant, "auth": v.AuthMethod, "headers": len(v.Headers)}
		}
		return out.list([]column{{"DEFAULT", "current"}, {"NAME", "name"}, {"HOST", "host"}, {"TENANT", "tenant"}, {"AUTH", "auth"}, {"HEADERS", "headers"}}, rows)
	}
	return out.object(struct {
		Config         string        `json:"config"`
		DefaultContext string        `json:"default_context"`
		Contexts       []contextView `json:"contexts"`
	}{f.Path, f.DefaultContext, views})
}

func authMethodOf(c *config.Context) string {
	switch {
	case c.Token != "":
		return config.AuthToken
	case c.Username != "" || c.Password != "":
		return config.AuthBasic
	case c.AuthMethod != "":
		return c.AuthMethod
	}
	return "none"
}

// ConfigUseCmd is "config use <name>".
type ConfigUseCmd struct {
	Name string `arg:"" completer:"context" help:"Context to make the default."`
}

// Run sets the default context.
func (c *ConfigUseCmd) Run(rt *Runtime, g *cli.Globals) error {
	_, err := editConfig(rt, g, c.Name, func(f *config.File) error {
		f.SetDefault(c.Name)
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(rt.IO.Stderr, "Default context set to '%s'.\n", c.Name)
	return nil
}

// ConfigRemoveCmd is "config remove <name>".
type ConfigRemoveCmd struct {
	Name string `arg:"" completer:"context" help:"Context to remove."`
}

// Run removes the context.
func (c *ConfigRemoveCmd) Run(rt *Runtime, g *cli.Globals) error {
	var wasDefault bool
	_, err := editConfig(rt, g, c.Name, func(f *config.File) error {
		wasDefault = f.DefaultContext == c.Name
		f.Remove(c.Name)
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(rt.IO.Stderr, "Context '%s' removed.\n", c.Name)
	if wasDefault {
		fmt.Fprintln(rt.IO.Stderr, "It was the default context; pick another with 'kestractl config use <name>'.")
	}
	return nil
}

// editConfig changes an existing context of the file, under its lock.
func editConfig(rt *Runtime, g *cli.Globals, name string, change func(*config.File) error) (*config.File, error) {
	return rt.Contexts.Update(rt.ctx(), g.Config, func(f *config.File) error {
		if _, ok := f.Contexts[name]; !ok {
			return cmderr.Usagef("context '%s' does not exist in %s (available: %s)", name, f.Path, contexts.Available(f))
		}
		return change(f)
	})
}
