// Package bootstrap works out which core plugins a standalone Kestra worker
// needs from its application configuration: the storage, secret, queue and
// repository backends that do not ship inside Kestra.
package bootstrap

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Category is one configuration key and how its values map to plugins.
type Category struct {
	// Key is the property, e.g. kestra.storage.type.
	Key string
	// Bundled values need no plugin.
	Bundled []string
	// Plugins maps a value to the artifactId of its plugin.
	Plugins map[string]string
}

// Categories are the keys read, in the order their plugins are listed.
var Categories = []Category{
	{
		Key:     "kestra.storage.type",
		Bundled: []string{"local"},
		Plugins: map[string]string{
			"s3": "storage-s3", "gcs": "storage-gcs", "azure": "storage-azure", "minio": "storage-minio",
			"seaweedfs": "storage-seaweedfs", "cloudflare": "storage-cloudflare",
		},
	},
	{
		Key:     "kestra.secret.type",
		Bundled: []string{"jdbc", "elasticsearch"},
		Plugins: map[string]string{
			"vault": "secret-vault", "aws-secret-manager": "secret-aws", "azure-key-vault": "secret-azure",
			"google-secret-manager": "secret-googlecloud", "cyberark": "secret-cyberark", "doppler": "secret-doppler",
			"1password": "secret-1password", "beyondtrust": "secret-beyondtrust", "delinea": "secret-delinea",
		},
	},
	{
		Key:     "kestra.queue.type",
		Bundled: []string{"memory", "h2", "postgres", "mysql", "kafka"},
	},
	{
		Key:     "kestra.repository.type",
		Bundled: []string{"memory", "h2", "postgres", "mysql"},
		Plugins: map[string]string{"elasticsearch": "plugin-ee-elasticsearch", "opensearch": "plugin-ee-opensearch"},
	},
}

// Supported lists every value the category knows, sorted.
func (c Category) Supported() []string {
	out := append(slices.Collect(maps.Keys(c.Plugins)), c.Bundled...)
	slices.Sort(out)
	return out
}

// Plugin returns the artifactId a value needs ("" when the backend is
// bundled). The lookup ignores case; an unknown value is an error that
// lists the supported ones.
func (c Category) Plugin(value string) (string, error) {
	v := strings.ToLower(strings.TrimSpace(value))
	if a, ok := c.Plugins[v]; ok {
		return a, nil
	}
	if slices.Contains(c.Bundled, v) {
		return "", nil
	}
	return "", fmt.Errorf("unknown %s %q — no known core plugin mapping (supported: %s)", c.Key, value, strings.Join(c.Supported(), ", "))
}

// Required returns the artifactIds the settings need, in category order,
// without repeats.
func Required(s Settings) ([]string, error) {
	var out []string
	for _, c := range Categories {
		v, ok := s[c.Key]
		if !ok {
			continue
		}
		a, err := c.Plugin(v.Value)
		if err != nil {
			return nil, err
		}
		if a != "" && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out, nil
}
