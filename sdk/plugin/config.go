package plugin

import (
	"net/http"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// ClientConfig maps an invocation to the Kestra client configuration. Every
// plugin gets the same CA, TLS, timeout, retry and header behaviour from it.
func ClientConfig(inv Invocation, creds kestra.CredentialSource, plugin, version string, trace func(string)) kestra.Config {
	srv := inv.Server
	headers := http.Header{}
	for _, h := range srv.Headers {
		headers.Set(h.Name, h.Value)
	}
	return kestra.Config{
		BaseURL:     srv.URL,
		Tenant:      srv.Tenant,
		Headers:     headers,
		CAPEM:       srv.CAPEM,
		Insecure:    srv.InsecureSkipTLSVerify,
		Timeout:     srv.RequestTimeout,
		MaxAttempts: srv.MaxAttempts,
		UserAgent:   "kestractl/" + inv.HostVersion + " kestractl-" + plugin + "/" + version,
		Credentials: creds,
		Trace:       trace,
	}
}
