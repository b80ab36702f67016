package plugin

import (
	"net/http"
	"time"

	"github.com/kestractl/kestractl/sdk/kestra"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// ClientConfig maps an invocation to the Kestra client configuration. Every
// plugin gets the same CA, TLS, timeout, retry and header behaviour from it.
func ClientConfig(inv *pb.Invocation, creds kestra.CredentialSource, plugin, version string, trace func(string)) kestra.Config {
	srv := inv.GetServer()
	headers := http.Header{}
	for _, h := range srv.GetHeaders() {
		headers.Set(h.GetName(), h.GetValue())
	}
	return kestra.Config{
		BaseURL:     srv.GetUrl(),
		Tenant:      srv.GetTenant(),
		Headers:     headers,
		CAPEM:       srv.GetCaPem(),
		Insecure:    srv.GetInsecureSkipTlsVerify(),
		Timeout:     time.Duration(srv.GetRequestTimeoutMs()) * time.Millisecond,
		MaxAttempts: int(srv.GetMaxAttempts()),
		UserAgent:   "kestractl/" + inv.GetHostVersion() + " kestractl-" + plugin + "/" + version,
		Credentials: creds,
		Trace:       trace,
	}
}
