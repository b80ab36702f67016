package dispatch

import (
	"os"

	"github.com/kestractl/kestractl/core/hostsvc"
	"github.com/kestractl/kestractl/core/settings"
	"github.com/kestractl/kestractl/sdk/wire"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// invocation builds what the plugin is told: resolved, non-secret.
func (d *Dispatcher) invocation(c *call) *pb.Invocation {
	s := c.settings
	srv := &pb.Server{
		Url:                   s.Host,
		Tenant:                s.Tenant,
		CaPem:                 c.caPEM,
		InsecureSkipTlsVerify: s.Insecure,
		RequestTimeoutMs:      s.Timeout.Milliseconds(),
		Sources:               s.Sources,
	}
	for _, h := range s.Headers {
		srv.Headers = append(srv.Headers, &pb.Header{Name: h.Name, Value: h.Value})
	}
	cwd, _ := os.Getwd()
	return &pb.Invocation{
		HostVersion: d.Version,
		Context:     c.loaded.Name,
		Server:      srv,
		Terminal: &pb.Terminal{
			StdinTty: d.IO.StdinTTY, StdoutTty: d.IO.StdoutTTY, StderrTty: d.IO.StderrTTY,
			Color: c.color, Width: int32(d.IO.Width),
		},
		Output:           &pb.Output{Format: s.Output, NoHeaders: c.globals.NoHeaders, Jq: c.globals.JQ != ""},
		LogLevel:         d.LogLevel,
		Cwd:              cwd,
		AssumeYes:        c.globals.Yes,
		Verbose:          c.globals.Verbose,
		HostCapabilities: wire.HostCapabilities(),
		HasSecretFlags:   len(c.secrets) > 0,
		Protected:        c.loaded.Context != nil && c.loaded.Context.Protected,
	}
}

// credentials answers GetCredentials for the command; without a context
// or a host it says so (the plugin reports it as an authentication error;
// the core turns it into the usage error).
func (c *call) credentials() hostsvc.Credentials {
	creds := credentials(c.settings, c.secrets)
	if c.noContext == nil {
		return creds
	}
	return func(refresh bool) (*pb.Credentials, error) {
		cr, err := creds(refresh)
		if err == nil && cr.GetAuthError() == "" {
			c.noContextHit.Store(true)
			cr.AuthError = c.noContext.Error()
		}
		return cr, err
	}
}

// credentials answers GetCredentials from the resolved settings and the
// values of the command's secret flags.
func credentials(s *settings.Settings, secrets map[string]string) hostsvc.Credentials {
	return func(bool) (*pb.Credentials, error) {
		c := &pb.Credentials{SecretFlags: secrets}
		switch s.Auth.Method {
		case settings.AuthToken:
			c.Auth = &pb.Credentials_Token{Token: s.Auth.Token}
		case settings.AuthBasic:
			c.Auth = &pb.Credentials_Basic{Basic: &pb.BasicAuth{Username: s.Auth.Username, Password: s.Auth.Password}}
		}
		if s.Auth.Err != nil {
			c.AuthError = s.Auth.Err.Error()
		}
		for _, h := range s.SensitiveHeaders {
			c.SensitiveHeaders = append(c.SensitiveHeaders, &pb.Header{Name: h.Name, Value: h.Value})
		}
		return c, nil
	}
}
