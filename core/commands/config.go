package commands

import (
	"fmt"
	"io"
	"strings"

	"github.com/kestractl/kestractl/core/atomicfile"
	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/config"
	"github.com/kestractl/kestractl/core/contexts"
	"github.com/kestractl/kestractl/core/settings"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
)

// ConfigCmd manages contexts in the config file.
type ConfigCmd struct {
	Add     ConfigAddCmd     `cmd:"" help:"Add a context (or replace one of the same name, after asking)."`
	Set     ConfigSetCmd     `cmd:"" help:"Change fields of a context (host, tenant, credentials, headers, protection)."`
	Show    ConfigShowCmd    `cmd:"" aliases:"list,ls" help:"Show the contexts; secrets are never shown."`
	Current ConfigCurrentCmd `cmd:"" help:"Print the name of the context commands use."`
	Use     ConfigUseCmd     `cmd:"" help:"Set the default context."`
	Remove  ConfigRemoveCmd  `cmd:"" aliases:"rm,delete" help:"Remove a context (asks first)."`
}

// ConfigAddCmd is "config add <name> <host> <tenant>".
type ConfigAddCmd struct {
	Name          string `arg:"" help:"Context name."`
	URL           string `arg:"" name:"host" help:"Kestra URL with its scheme, e.g. https://kestra.example.com."`
	TenantID      string `arg:"" name:"tenant" help:"Tenant, e.g. main."`
	Default       bool   `help:"Make it the default context."`
	Protected     bool   `help:"Mark it protected: a production server where destructive commands take extra care."`
	PasswordStdin bool   `name:"password-stdin" help:"Read the password (or, with --token-stdin, the token) from stdin instead of the command line."`
	TokenStdin    bool   `name:"token-stdin" help:"Read the API token from stdin instead of the command line."`
}

// Help explains where credentials come from.
func (c *ConfigAddCmd) Help() string {
	return "Credentials: --token TOKEN (auth_method token), --username USER --password PASS (auth_method basicAuth), " +
		"or none for a Kestra server without authentication. Extra headers: --header Key:Value (repeatable). " +
		"Replacing a context asks first (--yes in scripts). The file is written atomically with mode 0600."
}

// Examples implements manifest.Exampler.
func (*ConfigAddCmd) Examples() []string {
	return []string{
		"# Kestra OSS with basic auth, the password read from stdin\n" +
			"kestractl config add local http://localhost:8080 main --username admin@kestra.io --password-stdin < password.txt",
		"# Kestra Enterprise with an API token, marked protected\n" +
			"kestractl config add prod https://kestra.example.com production --token-stdin --protected < token.txt",
		"# a server without authentication\nkestractl config add dev http://localhost:8080 main",
	}
}

// Run adds the context.
func (c *ConfigAddCmd) Run(rt *Runtime, g *cli.Globals) error {
	name := strings.TrimSpace(c.Name)
	ctx, err := c.context(rt, g)
	if err != nil {
		return err
	}
	// Ask before taking the file's lock: nobody waits on a prompt.
	f, err := peekConfig(rt, g)
	if err != nil {
		return err
	}
	if old, ok := f.Contexts[name]; ok && !sameContext(old, ctx) {
		q := fmt.Sprintf("Replace context '%s' (%s) in %s?", name, settings.RedactHost(old.Host), f.Path)
		if err := confirm(rt, g, q); err != nil {
			return err
		}
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
	describeContext(w, ctx)
	return nil
}

// describeContext prints a context's settings, never a secret.
func describeContext(w io.Writer, ctx *config.Context) {
	fmt.Fprintf(w, "Host: %s\nTenant: %s\nAuth: %s\n", settings.RedactHost(ctx.Host), ctx.Tenant, authMethodOf(ctx))
	if authMethodOf(ctx) == "none" {
		fmt.Fprintln(w, "Requests go out without credentials (a Kestra server without authentication).")
	}
	if ctx.Protected {
		fmt.Fprintln(w, "Protected: yes")
	}
}

// sameContext reports whether replacing old with c changes nothing.
func sameContext(old, c *config.Context) bool {
	return old.Host == c.Host && old.Tenant == c.Tenant && old.Token == c.Token && old.Username == c.Username &&
		old.Password == c.Password && authMethodOf(old) == authMethodOf(c) && strings.Join(old.Headers, "\n") == strings.Join(c.Headers, "\n") &&
		old.Protected == c.Protected && old.Output == "" && old.CACert == "" && !old.InsecureSkipTLSVerify && old.Timeout == ""
}

// context validates the arguments and flags into the context to store.
func (c *ConfigAddCmd) context(rt *Runtime, g *cli.Globals) (*config.Context, error) {
	if err := validName(c.Name); err != nil {
		return nil, err
	}
	host, err := validHost(c.URL)
	if err != nil {
		return nil, err
	}
	tenant, err := validTenant(c.TenantID)
	if err != nil {
		return nil, err
	}
	ctx := &config.Context{Host: host, Tenant: tenant, Protected: c.Protected}
	token, user, pass, err := credentialFlags(rt, g, c.TokenStdin, c.PasswordStdin)
	if err != nil {
		return nil, err
	}
	switch {
	case token != "" && (user != "" || pass != ""):
		return nil, cmderr.Usagef("give either --token or --username/--password, not both")
	case token != "":
		ctx.AuthMethod, ctx.Token = config.AuthToken, token
	case user != "" && pass != "":
		ctx.AuthMethod, ctx.Username, ctx.Password = config.AuthBasic, user, pass
	case user != "" || pass != "":
		missing := "--password"
		if user == "" {
			missing = "--username"
		}
		return nil, cmderr.Usagef("basic auth needs both --username and --password: %s is missing", missing)
	}
	if ctx.Headers, err = mergeHeaders(nil, g.Header); err != nil {
		return nil, err
	}
	return ctx, nil
}

func validName(name string) error {
	n := strings.TrimSpace(name)
	if n == "" || strings.ContainsAny(n, " \t\r\n/\\") || strings.HasPrefix(n, "-") {
		return cmderr.Usagef("invalid context name %q: use letters, digits, '-', '_' or '.'", name)
	}
	return nil
}

func validHost(h string) (string, error) {
	host := settings.TrimHost(h)
	if err := settings.ValidateHost(host); err != nil {
		return "", cmderr.Usagef("%v", err)
	}
	return host, nil
}

func validTenant(t string) (string, error) {
	tenant := strings.TrimSpace(t)
	if tenant == "" {
		return "", cmderr.Usagef("the tenant must not be empty (Kestra OSS uses main)")
	}
	return tenant, nil
}

// credentialFlags are the credentials given on the line: --token,
// --username, --password, or a secret read from stdin.
func credentialFlags(rt *Runtime, g *cli.Globals, tokenStdin, passwordStdin bool) (token, user, pass string, err error) {
	token, user, pass = strings.TrimSpace(g.Token), strings.TrimSpace(g.Username), g.Password
	if tokenStdin || passwordStdin {
		secret, err := readSecretLine(rt.IO.Stdin)
		if err != nil {
			return "", "", "", cmderr.Usagef("read the secret from stdin: %v", err)
		}
		if tokenStdin {
			token = secret
		} else {
			pass = secret
		}
	}
	return token, user, pass, nil
}

// mergeHeaders adds --header values to a context's headers: a header of
// the same name is replaced.
func mergeHeaders(headers, flags []string) ([]string, error) {
	out := append([]string(nil), headers...)
	for _, raw := range flags {
		h, err := settings.ParseHeader(raw)
		if err != nil {
			return nil, cmderr.Usagef("%v", err)
		}
		replaced := false
		for i, old := range out {
			if o, err := settings.ParseHeader(old); err == nil && o.Name == h.Name {
				out[i], replaced = strings.TrimSpace(raw), true
			}
		}
		if !replaced {
			out = append(out, strings.TrimSpace(raw))
		}
	}
	return out, nil
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

// ConfigSetCmd is "config set <name>": it changes the fields given and
// keeps the others, secrets included.
type ConfigSetCmd struct {
	Name          string `arg:"" completer:"context" help:"Context to change."`
	PasswordStdin bool   `name:"password-stdin" help:"Read the new password from stdin."`
	TokenStdin    bool   `name:"token-stdin" help:"Read the new API token from stdin."`
	NoAuth        bool   `name:"no-auth" help:"Remove the credentials: requests go out without them."`
	ClearHeaders  bool   `name:"clear-headers" help:"Remove the context's extra headers (before adding any --header)."`
	Protected     *bool  `negatable:"" help:"Mark the context protected (--no-protected removes the mark)."`
}

// Help lists the fields.
func (c *ConfigSetCmd) Help() string {
	return "Fields come from the usual flags: --host URL, --tenant T, --token T (or --token-stdin), " +
		"--username U and --password P (or --password-stdin), --header Key:Value (repeatable; replaces a header of the same name). " +
		"What is not given is kept: a new tenant keeps the stored token, a new password keeps the stored username."
}

// Examples implements manifest.Exampler.
func (*ConfigSetCmd) Examples() []string {
	return []string{
		"kestractl config set prod --tenant staging",
		"# a new token, read from stdin\nkestractl config set prod --token-stdin < token.txt",
		"kestractl config set prod --protected",
	}
}

// Run changes the context.
func (c *ConfigSetCmd) Run(rt *Runtime, g *cli.Globals) error {
	// Secrets from stdin are read before the file's lock is taken.
	token, user, pass, err := credentialFlags(rt, g, c.TokenStdin, c.PasswordStdin)
	if err != nil {
		return err
	}
	var ctx config.Context
	var changed []string
	_, err = editConfig(rt, g, c.Name, func(f *config.File) error {
		ctx = *f.Contexts[c.Name]
		if changed, err = c.apply(g, token, user, pass, &ctx); err != nil {
			return err
		}
		if len(changed) == 0 {
			return cmderr.Usagef("nothing to change: give --host, --tenant, --token, --username, --password, --header, --clear-headers, --no-auth or --[no-]protected")
		}
		return f.Amend(c.Name, &ctx)
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(rt.IO.Stderr, "Context '%s' updated (%s).\n", c.Name, strings.Join(changed, ", "))
	describeContext(rt.IO.Stderr, &ctx)
	return nil
}

// apply changes ctx as the flags say and names the fields it changed.
func (c *ConfigSetCmd) apply(g *cli.Globals, token, user, pass string, ctx *config.Context) ([]string, error) {
	var changed []string
	if g.Host != "" {
		host, err := validHost(g.Host)
		if err != nil {
			return nil, err
		}
		ctx.Host, changed = host, append(changed, "host")
	}
	if g.Tenant != "" {
		tenant, err := validTenant(g.Tenant)
		if err != nil {
			return nil, err
		}
		ctx.Tenant, changed = tenant, append(changed, "tenant")
	}
	auth, err := c.auth(token, user, pass, ctx)
	if err != nil {
		return nil, err
	}
	if auth {
		changed = append(changed, "auth")
	}
	if c.ClearHeaders || len(g.Header) > 0 {
		base := ctx.Headers
		if c.ClearHeaders {
			base = nil
		}
		if ctx.Headers, err = mergeHeaders(base, g.Header); err != nil {
			return nil, err
		}
		changed = append(changed, "headers")
	}
	if c.Protected != nil {
		ctx.Protected, changed = *c.Protected, append(changed, "protected")
	}
	return changed, nil
}

// auth changes the credentials: --no-auth removes them, a token replaces
// them, a username or a password changes basic auth (keeping the other
// half when the context already used basic auth).
func (c *ConfigSetCmd) auth(token, user, pass string, ctx *config.Context) (bool, error) {
	given := token != "" || user != "" || pass != ""
	switch {
	case c.NoAuth && given:
		return false, cmderr.Usagef("--no-auth removes the credentials: give no --token, --username or --password with it")
	case c.NoAuth:
		ctx.AuthMethod, ctx.Token, ctx.Username, ctx.Password = "", "", "", ""
	case token != "" && (user != "" || pass != ""):
		return false, cmderr.Usagef("give either --token or --username/--password, not both")
	case token != "":
		ctx.AuthMethod, ctx.Token, ctx.Username, ctx.Password = config.AuthToken, token, "", ""
	case given:
		if authMethodOf(ctx) != config.AuthBasic {
			ctx.Username, ctx.Password = "", ""
		}
		if user != "" {
			ctx.Username = user
		}
		if pass != "" {
			ctx.Password = pass
		}
		if ctx.Username == "" || ctx.Password == "" {
			missing := "--password (or --password-stdin)"
			if ctx.Username == "" {
				missing = "--username"
			}
			return false, cmderr.Usagef("basic auth needs a username and a password: add %s", missing)
		}
		ctx.AuthMethod, ctx.Token = config.AuthBasic, ""
	default:
		return false, nil
	}
	return true, nil
}

// ConfigShowCmd is "config show".
type ConfigShowCmd struct{}

// Examples implements manifest.Exampler.
func (*ConfigShowCmd) Examples() []string {
	return []string{"kestractl config show", "kestractl config show -o json"}
}

type contextView struct {
	Name       string   `json:"name"`
	Default    bool     `json:"default"`
	Host       string   `json:"host"`
	Tenant     string   `json:"tenant"`
	AuthMethod string   `json:"auth_method"`
	Username   string   `json:"username,omitempty"`
	Headers    []string `json:"headers"`
	Protected  bool     `json:"protected"`
}

// view is a context as show prints it: no secret, sensitive headers masked.
func view(name string, f *config.File) contextView {
	ctx := f.Contexts[name]
	v := contextView{Name: name, Default: name == f.DefaultContext, Host: settings.RedactHost(ctx.Host), Tenant: ctx.Tenant,
		AuthMethod: authMethodOf(ctx), Username: ctx.Username, Headers: []string{}, Protected: ctx.Protected}
	for _, h := range ctx.Headers {
		k, val, _ := strings.Cut(h, ":")
		if kestra.IsSensitiveHeader(strings.TrimSpace(k)) {
			val = kestra.Redacted
		}
		v.Headers = append(v.Headers, strings.TrimSpace(k)+":"+strings.TrimSpace(val))
	}
	return v
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
		views = append(views, view(name, f))
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
			rows[i] = map[string]any{"current": mark, "name": v.Name, "host": v.Host, "tenant": v.Tenant, "auth": v.AuthMethod,
				"headers": len(v.Headers), "protected": v.Protected}
		}
		return out.list([]column{{"DEFAULT", "current"}, {"NAME", "name"}, {"HOST", "host"}, {"TENANT", "tenant"}, {"AUTH", "auth"},
			{"HEADERS", "headers"}, {"PROTECTED", "protected"}}, rows)
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

// ConfigCurrentCmd is "config current".
type ConfigCurrentCmd struct{}

// Help says how the context is chosen.
func (*ConfigCurrentCmd) Help() string {
	return "The context is --context, else $KESTRACTL_CONTEXT, else the file's default_context. " +
		"The table output is the name alone, for scripts; -o json adds where it comes from and its settings (no secret)."
}

// Examples implements manifest.Exampler.
func (*ConfigCurrentCmd) Examples() []string {
	return []string{"kestractl config current", "kestractl config current -o json"}
}

// Run prints the current context.
func (c *ConfigCurrentCmd) Run(rt *Runtime, g *cli.Globals) error {
	out, err := newOutput(rt, g)
	if err != nil {
		return err
	}
	lc, err := rt.Contexts.Load(contexts.Selection{Config: g.Config, Context: g.Context})
	if err != nil {
		return err
	}
	if lc.Name == "" {
		if len(lc.File.Contexts) == 0 {
			return cmderr.Usagef("no context exists yet in %s", lc.File.Path).
				WithHint("add one with 'kestractl config add <name> <host> <tenant>'")
		}
		return cmderr.Usagef("no context is selected in %s (available: %s)", lc.File.Path, contexts.Available(lc.File)).
			WithHint("pick one with 'kestractl config use <name>'")
	}
	source := "default_context"
	switch {
	case g.Context != "":
		source = "--context"
	case rt.Env(settings.EnvContext) != "":
		source = settings.EnvContext
	}
	if out.format == "table" {
		_, err := fmt.Fprintln(rt.IO.Stdout, lc.Name)
		return err
	}
	return out.object(struct {
		contextView
		Source string `json:"source"`
		Config string `json:"config"`
	}{view(lc.Name, lc.File), source, lc.File.Path})
}

// ConfigUseCmd is "config use <name>".
type ConfigUseCmd struct {
	Name string `arg:"" completer:"context" help:"Context to make the default."`
}

// Examples implements manifest.Exampler.
func (*ConfigUseCmd) Examples() []string {
	return []string{"kestractl config use prod"}
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

// Examples implements manifest.Exampler.
func (*ConfigRemoveCmd) Examples() []string {
	return []string{"kestractl config remove dev", "# in a script\nkestractl config remove dev --yes"}
}

// Run removes the context after confirmation.
func (c *ConfigRemoveCmd) Run(rt *Runtime, g *cli.Globals) error {
	// Ask before taking the file's lock: nobody waits on a prompt.
	f, err := peekConfig(rt, g)
	if err != nil {
		return err
	}
	old, ok := f.Contexts[c.Name]
	if !ok {
		return missingContext(f, c.Name)
	}
	q := fmt.Sprintf("Remove context '%s' (%s) from %s?", c.Name, settings.RedactHost(old.Host), f.Path)
	if err := confirm(rt, g, q); err != nil {
		return err
	}
	var wasDefault bool
	_, err = editConfig(rt, g, c.Name, func(f *config.File) error {
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
			return missingContext(f, name)
		}
		return change(f)
	})
}

// peekConfig reads the file to ask a question before a change: a special
// file (a FIFO, a device) is refused, never read (the write would refuse it
// too).
func peekConfig(rt *Runtime, g *cli.Globals) (*config.File, error) {
	path, _, err := rt.Contexts.Path(g.Config)
	if err != nil {
		return nil, cmderr.Usagef("%v", err)
	}
	if _, err := atomicfile.Target(path); err != nil {
		return nil, cmderr.Usagef("%v", &config.Error{Path: path, Err: err})
	}
	return rt.Contexts.Open(g.Config)
}

func missingContext(f *config.File, name string) error {
	return cmderr.Usagef("context '%s' does not exist in %s (available: %s)", name, f.Path, contexts.Available(f))
}
