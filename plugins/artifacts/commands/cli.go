// Package commands is the kong grammar and the commands of the artifacts
// plugin: the `plugins` group, which lists the Kestra plugins compatible
// with a Kestra version and downloads their JARs for standalone workers.
// Every command is offline: none needs a Kestra server or a config context.
package commands

import (
	"time"

	"github.com/alecthomas/kong"

	"github.com/kestractl/kestractl/plugins/artifacts/catalog"
	"github.com/kestractl/kestractl/plugins/artifacts/maven"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// CLI is the plugin's grammar.
type CLI struct {
	Plugins Plugins `cmd:"" help:"List and download Kestra plugin JARs for standalone workers (not kestractl's own extensions)."`
}

// Plugins is the plugins group.
type Plugins struct {
	List     List     `cmd:"" offline:"" aliases:"ls" help:"List the plugins compatible with a Kestra version."`
	Download Download `cmd:"" offline:"" help:"Download plugin JARs into a directory, verified against the repository's checksums."`
	Get      Get      `cmd:"" offline:"" help:"Download one plugin JAR (never removes other versions)."`
}

// Build identifies the plugin binary (for the User-Agent).
type Build struct{ Version string }

// Plugin is the artifacts plugin.
func Plugin(version string) plugin.Plugin {
	return plugin.Plugin{
		Name:    "artifacts",
		Version: version,
		New:     func() any { return &CLI{} },
		Options: []kong.Option{
			kong.Bind(Build{Version: version}),
			kong.Vars{"plugins_api": catalog.DefaultBaseURL, "maven_central": maven.DefaultURL},
		},
	}
}

// catalogFlags locate the compatibility catalog.
type catalogFlags struct {
	PluginsAPI string `name:"plugins-api" env:"KESTRACTL_PLUGINS_API" default:"${plugins_api}" help:"Base URL of the plugin compatibility catalog." placeholder:"URL"`
}

// mavenFlags locate the Maven repository and its credentials. The global
// --header values are sent to it as well (e.g. Authorization:Bearer ...).
type mavenFlags struct {
	MavenRepository string `name:"maven-repository" env:"KESTRACTL_MAVEN_REPOSITORY" default:"${maven_central}" help:"Maven repository base URL." placeholder:"URL"`
	MavenUsername   string `name:"maven-username" env:"KESTRACTL_MAVEN_USERNAME" help:"Username for Maven basic authentication." placeholder:"USER"`
	MavenPassword   string `name:"maven-password" secret:"" env:"KESTRACTL_MAVEN_PASSWORD" help:"Password for Maven basic authentication (better in the environment variable: a flag stays in the shell's history)." placeholder:"PASSWORD"`
}

// fetchFlags are shared by download and get.
type fetchFlags struct {
	PluginsDir       string        `name:"plugins-dir" default:"./plugins" help:"Directory to write the JARs into (created if needed)." placeholder:"DIR"`
	ForceRedownload  bool          `name:"force-redownload" help:"Download again even the JARs already present and verified."`
	Verify           bool          `name:"verify" help:"Re-hash every JAR already present (instead of trusting its record: same size and modification time as when verified) and download again any that does not match."`
	Sync             bool          `name:"sync" help:"Force each JAR to disk (fsync) before it is renamed into place, so that not even a power loss leaves an incomplete JAR; slower. Without it, a rerun finds and repairs such a JAR."`
	GlobalTimeout    time.Duration `name:"global-timeout" default:"5m" help:"Maximum total time for all downloads (0: none); a re-run resumes." placeholder:"DURATION"`
	RequireChecksums bool          `name:"require-checksums" help:"Refuse JARs that cannot be verified: the repository publishes no .sha256, .sha512 or .sha1 checksum (MD5 alone does not count)."`
	DryRun           bool          `name:"dry-run" help:"Show what would be downloaded, found in place and removed, changing nothing (the Maven repository is not asked)."`
	mavenFlags       `embed:""`
	catalogFlags     `embed:""`
}
