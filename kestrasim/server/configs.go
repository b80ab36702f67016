package server

import (
	"net/http"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Version is the Kestra version the simulator reports.
const Version = "2.0.0"

type configuration struct {
	UUID                   string       `json:"uuid"`
	Version                string       `json:"version"`
	Edition                string       `json:"edition"`
	CommitID               string       `json:"commitId"`
	URL                    string       `json:"url"`
	SystemNamespace        string       `json:"systemNamespace"`
	IsBasicAuthInitialized bool         `json:"isBasicAuthInitialized"`
	HiddenLabelsPrefixes   []string     `json:"hiddenLabelsPrefixes"`
	Tenants                *tenantsInfo `json:"tenants,omitempty"`
	SecretsEnabled         bool         `json:"secretsEnabled"`
	PluginManagement       bool         `json:"pluginManagementEnabled"`
}

type tenantsInfo struct {
	StorageByTenant bool `json:"storageByTenant"`
	SecretByTenant  bool `json:"secretByTenant"`
}

func (s *Server) configRoutes() []rest.Route {
	return []rest.Route{{
		Method: http.MethodGet, Path: "/api/v1/configs", Public: true,
		Handler: func(w http.ResponseWriter, r *http.Request) error {
			c := configuration{
				UUID:                   s.uuid,
				Version:                Version,
				Edition:                strings.ToUpper(s.opts.Edition),
				CommitID:               "kestrasim",
				URL:                    rest.BaseURL(r),
				SystemNamespace:        "system",
				IsBasicAuthInitialized: true,
				HiddenLabelsPrefixes:   []string{"system."},
			}
			if s.ee() {
				c.Tenants = &tenantsInfo{}
				c.SecretsEnabled = true
				c.PluginManagement = true
			}
			rest.WriteJSON(w, http.StatusOK, c)
			return nil
		},
	}}
}
