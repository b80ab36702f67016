package plugin_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

type eeCLI struct {
	Secrets struct {
		List    eeList    `cmd:""`
		Require eeRequire `cmd:""`
	} `cmd:""`
}

type eeRequire struct{}

func (eeRequire) Run(c *plugin.Context) error { return c.RequireEnterprise("secrets") }

type eeList struct{}

func (eeList) Run(c *plugin.Context) error {
	k, err := c.Kestra()
	if err != nil {
		return err
	}
	return c.EnterpriseOnly(k.Get(c, k.TenantPath("secrets"), nil, nil), "secrets")
}

func TestEnterpriseOnly(t *testing.T) {
	for _, edition := range []string{"OSS", "EE"} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/api/v1/configs" {
				fmt.Fprintf(w, `{"version":"2.0.0","edition":%q}`, edition)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(404)
			fmt.Fprint(w, `{"message":"Page Not Found"}`)
		}))
		r := plugintest.Run(t, plugin.Plugin{Name: "ee", New: func() any { return &eeCLI{} }}, plugintest.Options{Server: srv.URL}, "secrets", "list")
		req := plugintest.Run(t, plugin.Plugin{Name: "ee", New: func() any { return &eeCLI{} }}, plugintest.Options{Server: srv.URL}, "secrets", "require")
		srv.Close()
		if oss := edition == "OSS"; (req.Err != nil) != oss || oss && (req.Code() != cmderr.PermissionDenied || req.Err.Error() != r.Err.Error()) {
			t.Errorf("%s: RequireEnterprise: %v %v", edition, req.Code(), req.Err)
		}
		switch edition {
		case "OSS":
			if r.Code() != cmderr.PermissionDenied || !strings.Contains(r.Err.Error(), "secrets: a Kestra Enterprise feature") {
				t.Errorf("OSS: %v %v", r.Code(), r.Err)
			}
		default:
			if r.Code() != cmderr.NotFound {
				t.Errorf("EE: %v %v", r.Code(), r.Err)
			}
		}
	}
}
