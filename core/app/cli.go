package app

import (
	"github.com/alecthomas/kong"
)

// Description opens the root help.
const Description = "kestractl is a command-line tool for managing Kestra workflows: flows, executions, " +
	"namespaces, namespace files, key-value pairs, Enterprise IAM, plugin JARs and worker tokens."

// Globals are the flags accepted anywhere on the command line, for every
// command. Their environment variables are read by the settings resolver
// (not by kong), so that the precedence is flag > env > context > default.
type Globals struct {
	Host      string   `help:"Kestra server URL (env KESTRACTL_HOST; default http://localhost:8080)." placeholder:"URL" group:"global"`
	Tenant    string   `help:"Tenant (env KESTRACTL_TENANT; default main)." placeholder:"TENANT" group:"global"`
	Token     string   `short:"t" help:"API token for Bearer auth (env KESTRACTL_TOKEN)." placeholder:"TOKEN" group:"global"`
	Username  string   `help:"Username for basic auth (env KESTRACTL_USERNAME)." placeholder:"USER" group:"global"`
	Password  string   `help:"Password for basic auth (env KESTRACTL_PASSWORD)." placeholder:"PASSWORD" group:"global"`
	Output    string   `short:"o" help:"Output format: table, json or yaml (env KESTRACTL_OUTPUT; default table)." placeholder:"FORMAT" group:"global"`
	JQ        string   `name:"jq" help:"Filter the JSON output with a jq expression (implies -o json)." placeholder:"EXPR" group:"global"`
	NoHeaders bool     `name:"no-headers" help:"Print tables without their header line." group:"global"`
	Config    string   `help:"Config file (env KESTRACTL_CONFIG; default ~/.kestractl/config.yaml)." placeholder:"PATH" group:"global"`
	Context   string   `help:"Config context to use for this command (env KESTRACTL_CONTEXT)." placeholder:"NAME" completer:"context" group:"global"`
	Header    []string `sep:"none" help:"Extra HTTP header Key:Value, repeatable." placeholder:"KEY:VALUE" group:"global"`
	Timeout   string   `help:"Per-request timeout, e.g. 30s (env KESTRACTL_TIMEOUT)." placeholder:"DURATION" group:"global"`
	CACert    string   `name:"ca-cert" help:"PEM file of CA certificates to trust (env KESTRACTL_CA_CERT)." placeholder:"FILE" group:"global"`
	Insecure  bool     `name:"insecure-skip-tls-verify" help:"Do not verify the server's TLS certificate (unsafe)." group:"global"`
	Yes       bool     `short:"y" help:"Answer yes to confirmations (needed for destructive commands without a terminal)." group:"global"`
	Verbose   bool     `short:"v" help:"Print resolved settings and HTTP requests to stderr (credentials masked)." group:"global"`
	LogLevel  string   `name:"log-level" help:"Log level: off, error, warn, info, debug, trace (env KESTRACTL_LOG)." placeholder:"LEVEL" group:"global"`
}

// CLI is the core's grammar. Plugin groups are added at run time from the
// manifest cache.
type CLI struct {
	Globals `embed:""`

	Config     ConfigCmd     `cmd:"" group:"core" help:"Manage connection contexts."`
	Version    VersionCmd    `cmd:"" group:"core" help:"Show the versions of kestractl, its plugins and the server."`
	Completion CompletionCmd `cmd:"" group:"core" help:"Print a shell completion script (bash, zsh or fish)."`
	Docs       DocsCmd       `cmd:"" group:"core" help:"Generate the command reference (markdown or man pages) from the manifests."`
	Extensions ExtensionsCmd `cmd:"" group:"core" help:"List, install and remove plugins (third-party and Enterprise command groups)."`
}

// coreCommands may not be taken by a plugin.
func coreCommands() map[string]bool {
	return map[string]bool{"config": true, "version": true, "help": true, "completion": true, "extensions": true, "docs": true}
}

// pluginGroup stands for a plugin's group in the root help.
type pluginGroup struct {
	Args []string `arg:"" optional:""`
}

func groups() []kong.Group {
	return []kong.Group{
		{Key: "core", Title: "Core commands:"},
		{Key: "plugins", Title: "Plugin commands:"},
		{Key: "global", Title: "Global flags (accepted anywhere on the line):"},
	}
}
