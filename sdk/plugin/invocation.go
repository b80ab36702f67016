package plugin

import (
	"time"

	"github.com/kestractl/kestractl/sdk/kestra"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Output formats, as found in Invocation.Output.Format.
const (
	FormatTable = "table"
	FormatJSON  = "json"
	FormatYAML  = "yaml"
)

// Invocation is what the core resolved for one command line: the server,
// the terminal, the output format and the user's flags that every command
// shares. It never holds a credential (see Host.Credentials).
type Invocation struct {
	// HostVersion is the version of the kestractl core.
	HostVersion string
	// ContextName is the config context in use, empty when none.
	ContextName string
	Server      Server
	Terminal    Terminal
	Output      Output
	// LogLevel is the go-hclog level of the plugin's logger ("off" by default).
	LogLevel string
	// Cwd is the user's working directory: relative paths on the command
	// line are relative to it (see Context.Path).
	Cwd string
	// AssumeYes: --yes was given, confirmations are answered yes.
	AssumeYes bool
	// Verbose: --verbose was given.
	Verbose bool
	// HostCapabilities are the protocol capabilities of the core.
	HostCapabilities []string
	// SecretFlags: the core removed secret flags from argv; their values
	// come from Host.Credentials.
	SecretFlags bool
	// Protected: the context in use is marked protected (a production
	// server; config add/set --protected).
	Protected bool
}

// Server is the Kestra server a command talks to.
type Server struct {
	// URL is the base URL without trailing slash.
	URL    string
	Tenant string
	// Headers are extra headers that carry no credential.
	Headers []kestra.Header
	// CAPEM is a PEM bundle of extra trusted CAs (nil: the system pool).
	CAPEM                 []byte
	InsecureSkipTLSVerify bool
	// RequestTimeout bounds each request (0: the SDK default).
	RequestTimeout time.Duration
	// MaxAttempts bounds retries of retryable requests (0: the SDK default).
	MaxAttempts int
	// Sources says where each setting came from ("flag", "env", "context",
	// "default"), for diagnostics.
	Sources map[string]string
}

// Terminal holds the facts about the user's terminal.
type Terminal struct {
	StdinTTY, StdoutTTY, StderrTTY bool
	// Color: the core colours output (terminal, NO_COLOR, FORCE_COLOR).
	Color bool
	// Width in columns, 0 when unknown.
	Width int
}

// Output is the requested output.
type Output struct {
	// Format is FormatTable, FormatJSON or FormatYAML.
	Format    string
	NoHeaders bool
	// JQ: --jq was given (Format is then FormatJSON); the core filters
	// the JSON documents the command sends.
	JQ bool
}

func invocationFromPB(inv *pb.Invocation) Invocation {
	srv := inv.GetServer()
	var headers []kestra.Header
	for _, h := range srv.GetHeaders() {
		headers = append(headers, kestra.Header{Name: h.GetName(), Value: h.GetValue()})
	}
	t := inv.GetTerminal()
	return Invocation{
		HostVersion: inv.GetHostVersion(),
		ContextName: inv.GetContext(),
		Server: Server{
			URL:                   srv.GetUrl(),
			Tenant:                srv.GetTenant(),
			Headers:               headers,
			CAPEM:                 srv.GetCaPem(),
			InsecureSkipTLSVerify: srv.GetInsecureSkipTlsVerify(),
			RequestTimeout:        time.Duration(srv.GetRequestTimeoutMs()) * time.Millisecond,
			MaxAttempts:           int(srv.GetMaxAttempts()),
			Sources:               srv.GetSources(),
		},
		Terminal: Terminal{
			StdinTTY: t.GetStdinTty(), StdoutTTY: t.GetStdoutTty(), StderrTTY: t.GetStderrTty(),
			Color: t.GetColor(), Width: int(t.GetWidth()),
		},
		Output:           Output{Format: inv.GetOutput().GetFormat(), NoHeaders: inv.GetOutput().GetNoHeaders(), JQ: inv.GetOutput().GetJq()},
		LogLevel:         inv.GetLogLevel(),
		Cwd:              inv.GetCwd(),
		AssumeYes:        inv.GetAssumeYes(),
		Verbose:          inv.GetVerbose(),
		HostCapabilities: inv.GetHostCapabilities(),
		SecretFlags:      inv.GetHasSecretFlags(),
		Protected:        inv.GetProtected(),
	}
}
