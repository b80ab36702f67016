// Package settings resolves every connection and output setting of one
// command from its sources, with the precedence
//
//	flag > KESTRACTL_* environment variable > config context > default
//
// and picks the authentication method: the highest source that sets any
// auth field (token, username or password) decides; inside one source a
// token wins over basic auth; each value of the chosen method then resolves
// through the same precedence, and an incomplete pair is an error naming
// what is missing and where to set it.
package settings

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kestractl/kestractl/core/config"
	"github.com/kestractl/kestractl/sdk/kestra"
)

// Defaults.
const (
	DefaultHost   = "http://localhost:8080"
	DefaultTenant = "main"
	DefaultOutput = "table"
)

// Environment variable names.
const (
	EnvHost     = "KESTRACTL_HOST"
	EnvTenant   = "KESTRACTL_TENANT"
	EnvToken    = "KESTRACTL_TOKEN"
	EnvUsername = "KESTRACTL_USERNAME"
	EnvPassword = "KESTRACTL_PASSWORD"
	EnvOutput   = "KESTRACTL_OUTPUT"
	EnvConfig   = "KESTRACTL_CONFIG"
	EnvContext  = "KESTRACTL_CONTEXT"
	EnvTimeout  = "KESTRACTL_TIMEOUT"
	EnvCACert   = "KESTRACTL_CA_CERT"
	EnvLog      = "KESTRACTL_LOG"
)

// Flags are the values given on the command line; "" means not given.
type Flags struct {
	Host, Tenant, Token, Username, Password, Output, Timeout, CACert string
	Insecure                                                         bool
	Headers                                                          []string
}

// Input is everything a resolution reads.
type Input struct {
	Flags Flags
	// Env looks up an environment variable ("" when unset).
	Env func(string) string
	// Context is the selected config context (nil when none).
	Context     *config.Context
	ContextName string
	ConfigPath  string
}

// Auth methods.
const (
	AuthNone  = "none"
	AuthToken = "token"
	AuthBasic = "basic"
)

// Auth is the resolved authentication.
type Auth struct {
	Method   string
	Token    string
	Username string
	Password string
	// Err says why the configured authentication is unusable (incomplete
	// pair); it is reported when a command needs the API.
	Err error
	// Source of the method choice ("flag", "env", "context").
	Source string
}

// Settings are the resolved values.
type Settings struct {
	Host    string
	Tenant  string
	Output  string
	Timeout time.Duration
	CACert  string
	// Insecure skips TLS verification.
	Insecure bool
	// Headers carry no credential; SensitiveHeaders do (Authorization,
	// Cookie, *token*...) and reach plugins only through GetCredentials.
	Headers          []kestra.Header
	SensitiveHeaders []kestra.Header
	Auth             Auth
	// Sources says where each value came from: "flag", "env", "context" or
	// "default".
	Sources map[string]string
	// HostErr is set when the host is not a usable URL; it is reported for
	// commands that talk to a server.
	HostErr error
}

// source kinds, highest first.
const (
	srcFlag    = "flag"
	srcEnv     = "env"
	srcContext = "context"
	srcDefault = "default"
)

// field is one setting's value in each source.
type field struct {
	name     string // config key, e.g. "password"
	flag     string
	env      string
	envName  string
	context  string
	fallback string
}

func (f field) resolve() (value, source string) {
	switch {
	case strings.TrimSpace(f.flag) != "":
		return strings.TrimSpace(f.flag), srcFlag
	case strings.TrimSpace(f.env) != "":
		return strings.TrimSpace(f.env), srcEnv
	case strings.TrimSpace(f.context) != "":
		return strings.TrimSpace(f.context), srcContext
	case f.fallback != "":
		return f.fallback, srcDefault
	}
	return "", ""
}

// Resolve computes the settings. It fails only on values that are wrong
// whatever the command (a malformed header, an unknown output format, a bad
// timeout); a bad host and incomplete credentials are kept in HostErr and
// Auth.Err for the commands that need them.
func Resolve(in Input) (*Settings, error) {
	env := in.Env
	if env == nil {
		env = func(string) string { return "" }
	}
	ctx := in.Context
	if ctx == nil {
		ctx = &config.Context{}
	}
	s := &Settings{Sources: map[string]string{}}
	mk := func(name, flag, envName, context, fallback string) field {
		return field{name: name, flag: flag, env: env(envName), envName: envName, context: context, fallback: fallback}
	}

	var src string
	host := mk("host", in.Flags.Host, EnvHost, ctx.Host, DefaultHost)
	s.Host, src = host.resolve()
	s.Sources["host"] = src
	s.Host = TrimHost(s.Host)
	if err := ValidateHost(s.Host); err != nil {
		s.HostErr = fmt.Errorf("%w (from %s)", err, describe(host, src, in))
		// Never keep a password given in the URL where it could be shown.
		s.Host = RedactHost(s.Host)
	}

	s.Tenant, s.Sources["tenant"] = mk("tenant", in.Flags.Tenant, EnvTenant, ctx.Tenant, DefaultTenant).resolve()

	out := mk("output", in.Flags.Output, EnvOutput, ctx.Output, DefaultOutput)
	s.Output, src = out.resolve()
	s.Sources["output"] = src
	s.Output = strings.ToLower(s.Output)
	switch s.Output {
	case "table", "json", "yaml":
	default:
		return nil, fmt.Errorf("unsupported output format %q (from %s): use table, json or yaml", s.Output, describe(out, src, in))
	}

	tmo := mk("timeout", in.Flags.Timeout, EnvTimeout, ctx.Timeout, "")
	if v, src := tmo.resolve(); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Millisecond {
			return nil, fmt.Errorf("invalid timeout %q (from %s): use a duration of at least 1ms, such as 30s or 2m", v, describe(tmo, src, in))
		}
		s.Timeout = d
		s.Sources["timeout"] = src
	}

	s.CACert, s.Sources["ca_cert"] = mk("ca_cert", in.Flags.CACert, EnvCACert, ctx.CACert, "").resolve()
	s.Insecure = in.Flags.Insecure || ctx.InsecureSkipTLSVerify

	headers, err := resolveHeaders(ctx.Headers, splitEnvHeaders(env(EnvHeader)), in.Flags.Headers)
	if err != nil {
		return nil, err
	}
	for _, h := range headers {
		if kestra.IsSensitiveHeader(h.Name) {
			s.SensitiveHeaders = append(s.SensitiveHeaders, h)
		} else {
			s.Headers = append(s.Headers, h)
		}
	}

	s.Auth = resolveAuth(in, ctx, env)
	s.Sources["auth"] = s.Auth.Source
	return s, nil
}

// ValidateHost checks that a host is an http(s) URL with a host name and a
// valid port, and without credentials in it. Its errors never repeat a
// password.
func ValidateHost(h string) error {
	if h == "" {
		return fmt.Errorf("no host set")
	}
	shown := RedactHost(h)
	u, err := url.Parse(h)
	if !strings.Contains(h, "://") {
		return fmt.Errorf("host %q has no scheme: write http://%s or https://%s", shown, shown, shown)
	}
	if err != nil {
		return fmt.Errorf("host %q is not a URL: write it as https://kestra.example.com[:port]", shown)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("host %q: the scheme must be http or https", shown)
	}
	if u.User != nil {
		return fmt.Errorf("host %q holds credentials: give them with --username and --password (or --token), never in the URL", shown)
	}
	if u.Hostname() == "" {
		return fmt.Errorf("host %q has no host name: write it as %s://kestra.example.com[:port]", shown, u.Scheme)
	}
	if p := u.Port(); p != "" || strings.HasSuffix(u.Host, ":") {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("host %q: invalid port %q (use 1 to 65535)", shown, p)
		}
	}
	return nil
}

// RedactHost hides the user information of a host that holds some:
// everything between the scheme (when there is one) and the last '@'. It
// does not parse the URL: "ada:pw@host" has no scheme, so url.Parse would
// read "ada" as one and keep the password; a password holding '/' or '?'
// would end the authority early. Hiding too much is harmless in a message.
func RedactHost(h string) string {
	start := 0
	if i := strings.Index(h, "://"); i >= 0 {
		start = i + 3
	}
	at := strings.LastIndex(h[start:], "@")
	if at < 0 {
		return h
	}
	return h[:start] + "REDACTED@" + h[start+at+1:]
}

// resolveAuth implements the auth method selection.
func resolveAuth(in Input, ctx *config.Context, env func(string) string) Auth {
	token := field{name: "token", flag: in.Flags.Token, env: env(EnvToken), envName: EnvToken, context: ctx.Token}
	user := field{name: "username", flag: in.Flags.Username, env: env(EnvUsername), envName: EnvUsername, context: ctx.Username}
	pass := field{name: "password", flag: in.Flags.Password, env: env(EnvPassword), envName: EnvPassword, context: ctx.Password}

	set := func(v string) bool { return strings.TrimSpace(v) != "" }
	a := Auth{Method: AuthNone}
	for _, src := range []struct {
		name            string
		token, user, pw string
	}{
		{srcFlag, token.flag, user.flag, pass.flag},
		{srcEnv, token.env, user.env, pass.env},
		{srcContext, token.context, user.context, pass.context},
	} {
		if set(src.token) {
			a.Method, a.Source = AuthToken, src.name
			break
		}
		if set(src.user) || set(src.pw) {
			a.Method, a.Source = AuthBasic, src.name
			break
		}
	}
	switch a.Method {
	case AuthToken:
		a.Token, _ = token.resolve()
	case AuthBasic:
		a.Username, _ = user.resolve()
		a.Password, _ = pass.resolve()
		var missing []string
		var hints []string
		if a.Username == "" {
			missing = append(missing, "username")
			hints = append(hints, where(user, in))
		}
		if a.Password == "" {
			missing = append(missing, "password")
			hints = append(hints, where(pass, in))
		}
		if len(missing) > 0 {
			a.Err = fmt.Errorf("incomplete authentication: missing %s (%s)", strings.Join(missing, " and "), strings.Join(hints, "; "))
		}
	}
	return a
}

// where tells the user where a value can be set.
func where(f field, in Input) string {
	s := fmt.Sprintf("set --%s, %s", f.name, f.envName)
	if in.ContextName != "" {
		s += fmt.Sprintf(", or %q in context %q of %s", f.name, in.ContextName, in.ConfigPath)
	} else {
		s += ", or a config context (kestractl config add)"
	}
	return s
}

// describe names the source a value came from, for error messages.
func describe(f field, src string, in Input) string {
	switch src {
	case srcFlag:
		return "--" + f.name
	case srcEnv:
		return f.envName
	case srcContext:
		return fmt.Sprintf("%q in context %q of %s", f.name, in.ContextName, in.ConfigPath)
	}
	return "the default"
}

// IsCoreEnv reports whether an environment variable is one of the core's
// settings (host, tenant, credentials, config...): plugins get those
// resolved, in their invocation, never from their environment.
func IsCoreEnv(name string) bool {
	switch name {
	case EnvHost, EnvTenant, EnvToken, EnvUsername, EnvPassword, EnvOutput, EnvConfig, EnvContext, EnvTimeout, EnvCACert, EnvHeader:
		return true
	}
	return false
}

// TrimHost removes the trailing slashes of a host URL, keeping "http://"
// whole (so that its error names what was typed).
func TrimHost(h string) string {
	h = strings.TrimSpace(h)
	if i := strings.Index(h, "://"); i >= 0 {
		return h[:i+3] + strings.TrimRight(h[i+3:], "/")
	}
	return strings.TrimRight(h, "/")
}
