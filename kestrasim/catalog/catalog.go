// Package catalog is the plugin compatibility catalog
// (/v1/plugins/artifacts/core-compatibility/{version}/latest): a fixed,
// deterministic list of Kestra plugins with versions derived from the
// requested Kestra version.
package catalog

import (
	"fmt"
	"hash/fnv"
	"net/http"
	"regexp"
	"strconv"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Licenses.
const (
	OpenSource = "OPEN_SOURCE"
	Enterprise = "ENTERPRISE"
)

// Artifact is one catalog entry.
type Artifact struct {
	GroupID    string `json:"groupId"`
	ArtifactID string `json:"artifactId"`
	Version    string `json:"version"`
	License    string `json:"license"`
}

type plugin struct{ group, artifact, license string }

// plugins is the catalog, in the order it is answered: the storage, secret,
// queue and repository backends named in the kestractl documentation first,
// then common task plugins.
var plugins = func() []plugin {
	var ps []plugin
	for _, a := range []string{"storage-s3", "storage-gcs", "storage-azure", "storage-minio", "storage-seaweedfs", "storage-cloudflare"} {
		ps = append(ps, plugin{"io.kestra.storage", a, OpenSource})
	}
	for _, a := range []string{"secret-vault", "secret-aws", "secret-azure", "secret-googlecloud", "secret-cyberark", "secret-doppler", "secret-1password", "secret-beyondtrust", "secret-delinea"} {
		ps = append(ps, plugin{"io.kestra.ee.secret", a, Enterprise})
	}
	for _, a := range []string{"plugin-ee-elasticsearch", "plugin-ee-opensearch", "plugin-ee-kafka"} {
		ps = append(ps, plugin{"io.kestra.plugin.ee", a, Enterprise})
	}
	for _, a := range []string{
		"plugin-script-python", "plugin-script-shell", "plugin-script-node", "plugin-script-r", "plugin-script-powershell",
		"plugin-jdbc-postgres", "plugin-jdbc-mysql", "plugin-jdbc-duckdb", "plugin-jdbc-snowflake", "plugin-jdbc-clickhouse",
		"plugin-aws", "plugin-gcp", "plugin-azure", "plugin-kafka", "plugin-notifications", "plugin-git", "plugin-docker",
		"plugin-kubernetes", "plugin-fs", "plugin-serdes", "plugin-dbt", "plugin-mongodb", "plugin-elasticsearch",
		"plugin-redis", "plugin-ansible", "plugin-terraform", "plugin-airbyte", "plugin-fivetran", "plugin-spark",
		"plugin-databricks", "plugin-debezium-postgres", "plugin-mqtt", "plugin-nats", "plugin-amqp", "plugin-openai",
		"plugin-github", "plugin-jira", "plugin-crypto", "plugin-compress", "plugin-minio", "plugin-modal",
	} {
		ps = append(ps, plugin{"io.kestra.plugin", a, OpenSource})
	}
	return ps
}()

var versionPattern = regexp.MustCompile(`^(\d{1,9})\.(\d{1,9})\.(\d{1,9})(-[0-9A-Za-z.-]+)?$`)

// PluginVersion derives the version of a plugin compatible with a Kestra
// version: same major.minor, a patch derived from the artifact id. The
// 999.999.999 alias (latest/develop) maps to the 2.0 line.
func PluginVersion(kestraVersion, artifactID string) (string, error) {
	m := versionPattern.FindStringSubmatch(kestraVersion)
	if m == nil {
		return "", fmt.Errorf("invalid Kestra version %q", kestraVersion)
	}
	major, minor := m[1], m[2]
	if n, _ := strconv.Atoi(major); n >= 999 {
		major, minor = "2", "0"
	}
	h := fnv.New32a()
	h.Write([]byte(artifactID))
	return fmt.Sprintf("%s.%s.%d", major, minor, h.Sum32()%8), nil
}

// List returns the catalog for a Kestra version, filtered by license ("" for
// all).
func List(kestraVersion, license string) ([]Artifact, error) {
	out := []Artifact{}
	for _, p := range plugins {
		if license != "" && p.license != license {
			continue
		}
		v, err := PluginVersion(kestraVersion, p.artifact)
		if err != nil {
			return nil, err
		}
		out = append(out, Artifact{GroupID: p.group, ArtifactID: p.artifact, Version: v, License: p.license})
	}
	return out, nil
}

// Routes lists the catalog route (outside the Kestra API, no auth).
func Routes() []rest.Route {
	return []rest.Route{{
		Method: "GET", Path: "/v1/plugins/artifacts/core-compatibility/{version}/latest",
		Public: true, Outside: true,
		Handler: func(w http.ResponseWriter, r *http.Request) error {
			license := r.URL.Query().Get("license")
			if license != "" && license != OpenSource && license != Enterprise {
				return rest.BadRequest("Invalid license '%s': expected OPEN_SOURCE or ENTERPRISE", license)
			}
			list, err := List(r.PathValue("version"), license)
			if err != nil {
				return rest.NotFound("No plugins found for Kestra version '%s'", r.PathValue("version"))
			}
			rest.WriteJSON(w, http.StatusOK, list)
			return nil
		},
	}}
}
