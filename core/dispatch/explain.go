package dispatch

import (
	"fmt"
	"strings"

	"github.com/kestractl/kestractl/core/cmdline"
	"github.com/kestractl/kestractl/core/cmdtree"
	"github.com/kestractl/kestractl/core/contexts"
	"github.com/kestractl/kestractl/core/prompt"
	"github.com/kestractl/kestractl/core/settings"
	"github.com/kestractl/kestractl/core/suggest"
	"github.com/kestractl/kestractl/sdk/cmderr"
)

// explainAuth completes an HTTP 401 or 403 from the Kestra server with what
// the core alone knows: one line naming the context, the host and the
// authentication method that were used, and, when the plugin gave no hint,
// how to fix them. Other errors, and those of offline commands (which talk
// to other servers, e.g. a Maven repository), pass unchanged.
func (c *call) explainAuth(e *cmderr.Error) *cmderr.Error {
	if (e.Code != cmderr.Unauthenticated && e.Code != cmderr.PermissionDenied) || c.offline || c.settings == nil || c.settings.Auth.Err != nil {
		return e
	}
	s, name := c.settings, ""
	if c.loaded != nil {
		name = c.loaded.Name
	}
	out := *e
	where := "context " + prompt.Where(name, s.Host)
	if name == "" {
		where = s.Host
	}
	out.Details = append([]string{fmt.Sprintf("kestractl used %s with %s", where, authUsed(s.Auth))}, e.Details...)
	if out.Hint != "" {
		return &out
	}
	if e.Code == cmderr.PermissionDenied {
		out.Hint = fmt.Sprintf("the credentials are valid but lack a permission in tenant %s: ask an administrator for a role binding, or use other credentials", s.Tenant)
		return &out
	}
	out.Hint = authFix(s.Auth, name)
	return &out
}

// authUsed names the authentication method and where it came from.
func authUsed(a settings.Auth) string {
	from := map[string]string{"flag": "flags", "env": "environment", "context": "context"}[a.Source]
	switch a.Method {
	case settings.AuthToken:
		return "token auth from the " + from
	case settings.AuthBasic:
		return fmt.Sprintf("basic auth as %s from the %s", a.Username, from)
	}
	return "no credentials"
}

// authFix says how to give valid credentials.
func authFix(a settings.Auth, ctx string) string {
	switch {
	case a.Source == "flag" && a.Method == settings.AuthToken:
		return "check the --token value"
	case a.Source == "flag":
		return "check the --username and --password values"
	case a.Source == "env" && a.Method == settings.AuthToken:
		return "check KESTRACTL_TOKEN"
	case a.Source == "env":
		return "check KESTRACTL_USERNAME and KESTRACTL_PASSWORD"
	case ctx == "":
		return "give credentials with --token or --username and --password, or save them in a context with 'kestractl config add'"
	case a.Method == settings.AuthToken:
		return fmt.Sprintf("set a valid token with 'kestractl config set %s --token-stdin'", ctx)
	case a.Method == settings.AuthBasic:
		return fmt.Sprintf("set valid credentials with 'kestractl config set %s --username USER --password-stdin'", ctx)
	}
	return fmt.Sprintf("the server wants credentials: add them with 'kestractl config set %s --token-stdin' or 'kestractl config set %s --username USER --password-stdin'", ctx, ctx)
}

// noContext stops a command that talks to a server when nothing says
// which server: no context, no --host nor KESTRACTL_HOST. It says what to
// run.
func noContext(s *settings.Settings, lc *contexts.Loaded) error {
	if lc.Name != "" || s.Sources["host"] != "default" {
		return nil
	}
	if lc.File != nil && len(lc.File.Contexts) > 0 {
		return cmderr.Usagef("no context is selected in %s (available: %s)", lc.File.Path, contexts.Available(lc.File)).
			WithHint("pick one with 'kestractl config use <name>', or --context NAME")
	}
	file := "no config file"
	if lc.File != nil && lc.File.Exists {
		file = "no context in " + lc.File.Path
	} else if lc.File != nil {
		file = "no config file at " + lc.File.Path
	}
	return cmderr.Usagef("no context exists yet (%s) and no --host was given: kestractl does not know which Kestra server to use", file).
		WithHint("add one: kestractl config add local %s %s [--token-stdin | --username USER --password-stdin]", settings.DefaultHost, settings.DefaultTenant)
}

// UnknownFlag reports the first long flag of line that neither the command
// nor the core declares, with the closest known flag.
func UnknownFlag(line *cmdline.Line, globals cmdline.GlobalFlags) error {
	name := line.Unknown[0]
	var known []string
	for _, n := range line.Path {
		for _, f := range cmdtree.VisibleFlags(n) {
			known = append(known, "--"+f.GetName())
			for _, a := range f.GetAliases() {
				known = append(known, "--"+a)
			}
		}
	}
	known = append(known, globals.Names()...)
	msg := "unknown flag " + name
	if s := suggest.Closest(name, known); s != "" {
		msg += fmt.Sprintf(", did you mean %q?", s)
	}
	names := make([]string, len(line.Path))
	for i, n := range line.Path {
		names[i] = n.GetName()
	}
	return cmderr.Usagef("%s", msg).WithHint("see 'kestractl %s --help'", strings.Join(names, " "))
}

// UnknownSubcommand reports a word that names no subcommand of a command
// that has subcommands and takes no argument, with the closest one.
func UnknownSubcommand(line *cmdline.Line) error {
	node := line.Node()
	kids := cmdtree.Visible(node.GetChildren())
	if len(kids) == 0 || len(node.GetArgs()) > 0 || len(line.Args) == 0 {
		return nil
	}
	names := make([]string, len(line.Path))
	for i, n := range line.Path {
		names[i] = n.GetName()
	}
	full := "kestractl " + strings.Join(names, " ")
	var known []string
	for _, k := range kids {
		known = append(known, k.GetName())
	}
	word := line.Args[0]
	msg := fmt.Sprintf("unknown command %q for %q", word, full)
	if s := suggest.Closest(word, known); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return cmderr.Usagef("%s", msg).WithHint("see '%s --help'", full)
}
