// Package cli holds the core's kong grammar pieces: the global flags, the
// options every core parser uses, and the parse helpers that turn kong's
// exits and errors into exit codes and one-line usage errors.
package cli

import (
	"strings"

	"github.com/kestractl/kestractl/core/render"
	"github.com/kestractl/kestractl/core/settings"
	"github.com/kestractl/kestractl/sdk/cmderr"
)

// Description opens the root help.
const Description = "kestractl is a command-line tool for managing Kestra workflows: flows, executions, " +
	"namespaces, namespace files, key-value pairs, Enterprise IAM, plugin JARs and worker tokens."

// Globals are the flags accepted anywhere on the command line, for every
// command. Their environment variables are read by the settings resolver
// (not by kong), so that the precedence is flag > env > context > default.
type Globals struct {
	Host      string   `help:"Kestra server URL." placeholder:"URL" envvar:"KESTRACTL_HOST" fallback:"http://localhost:8080" group:"global"`
	Tenant    string   `help:"Tenant." placeholder:"TENANT" envvar:"KESTRACTL_TENANT" fallback:"main" group:"global"`
	Token     string   `short:"t" help:"API token for Bearer auth." placeholder:"TOKEN" envvar:"KESTRACTL_TOKEN" group:"global"`
	Username  string   `help:"Username for basic auth." placeholder:"USER" envvar:"KESTRACTL_USERNAME" group:"global"`
	Password  string   `help:"Password for basic auth." placeholder:"PASSWORD" envvar:"KESTRACTL_PASSWORD" group:"global"`
	Output    string   `short:"o" help:"Output format." placeholder:"FORMAT" values:"table,json,yaml" envvar:"KESTRACTL_OUTPUT" fallback:"table" group:"global"`
	JQ        string   `name:"jq" help:"Filter the JSON output with a jq expression (implies -o json)." placeholder:"EXPR" group:"global"`
	NoHeaders bool     `name:"no-headers" help:"Print tables without their header line." group:"global"`
	Config    string   `help:"Config file." placeholder:"PATH" envvar:"KESTRACTL_CONFIG" fallback:"~/.kestractl/config.yaml" group:"global"`
	Context   string   `help:"Config context to use for this command." placeholder:"NAME" completer:"context" envvar:"KESTRACTL_CONTEXT" group:"global"`
	Header    []string `sep:"none" help:"Extra HTTP header Key:Value (repeatable; also $KESTRACTL_HEADER: entries one per line or comma-separated)." placeholder:"KEY:VALUE" group:"global"`
	Timeout   string   `help:"Per-request timeout, e.g. 30s." placeholder:"DURATION" envvar:"KESTRACTL_TIMEOUT" fallback:"30s" group:"global"`
	CACert    string   `name:"ca-cert" help:"PEM file of CA certificates to trust." placeholder:"FILE" completer:"file" envvar:"KESTRACTL_CA_CERT" group:"global"`
	Insecure  bool     `name:"insecure-skip-tls-verify" help:"Do not verify the server's TLS certificate (unsafe)." group:"global"`
	Yes       bool     `short:"y" help:"Answer yes to confirmations (needed for destructive commands without a terminal)." group:"global"`
	Verbose   bool     `short:"v" help:"Print resolved settings and HTTP requests to stderr (credentials masked)." group:"global"`
	LogLevel  string   `name:"log-level" help:"Log level of the core and its plugins." placeholder:"LEVEL" values:"off,error,warn,info,debug,trace" envvar:"KESTRACTL_LOG" fallback:"off" group:"global"`
}

// SettingsFlags are the flags the settings resolver reads.
func (g *Globals) SettingsFlags() settings.Flags {
	return settings.Flags{
		Host: g.Host, Tenant: g.Tenant, Token: g.Token, Username: g.Username, Password: g.Password,
		Output: g.Output, Timeout: g.Timeout, CACert: g.CACert, Insecure: g.Insecure, Headers: g.Header,
	}
}

// RenderOptions applies --jq and --no-headers to the resolved format.
func (g *Globals) RenderOptions(format string) (render.Options, error) {
	o := render.Options{Format: format, NoHeaders: g.NoHeaders}
	if g.JQ != "" {
		if g.Output != "" && strings.ToLower(g.Output) != "json" {
			return o, cmderr.Usagef("--jq filters JSON output; it cannot be combined with -o %s", g.Output)
		}
		code, err := render.CompileJQ(g.JQ)
		if err != nil {
			return o, cmderr.Usagef("%v", err)
		}
		o.JQ, o.Format = code, "json"
	}
	return o, nil
}
