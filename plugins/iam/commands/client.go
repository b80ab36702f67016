package commands

import (
	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// api returns the IAM client of the command's server and tenant; on an
// open-source server its errors say the feature is Enterprise-only (exit 4).
func api(c *plugin.Context) (*iamapi.Client, error) {
	k, err := c.Kestra()
	if err != nil {
		return nil, cmderr.Wrap(cmderr.Usage, err)
	}
	return iamapi.New(k).WithEnterprise(c.EnterpriseOnly), nil
}
