package commands

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/kestractl/kestractl/plugins/artifacts/bootstrap"
	"github.com/kestractl/kestractl/plugins/artifacts/catalog"
	"github.com/kestractl/kestractl/plugins/artifacts/coord"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// noCorePlugins is said when every configured backend is bundled.
const noCorePlugins = "No core plugins required by the provided configuration (all configured backends are bundled in Kestra)."

// requiredArtifacts reads the --from-config files and returns the
// artifactIds of the core plugins they need (none when every backend is
// bundled).
func requiredArtifacts(c *plugin.Context, files []string) ([]string, error) {
	read := func(name string) ([]byte, error) { return bootstrap.ReadFile(localPath(c, name)) }
	s, err := bootstrap.Load(files, read)
	if err != nil {
		code := cmderr.Usage
		if errors.Is(err, fs.ErrNotExist) {
			code = cmderr.NotFound
		}
		return nil, cmderr.New(code, "%v", err)
	}
	ids, err := bootstrap.Required(s)
	if err != nil {
		return nil, cmderr.Usagef("%v", err)
	}
	return ids, nil
}

// coreEntries resolves artifactIds against the full catalog of a Kestra
// version (no license filter: an EE worker mixes OSS and EE plugins).
func coreEntries(ctx context.Context, cat *catalog.Client, ids []string, version string) ([]catalog.Entry, error) {
	entries, err := cat.Fetch(ctx, version, "")
	if err != nil {
		return nil, err
	}
	out, err := bootstrap.Resolve(ids, entries, version)
	if err != nil {
		return nil, cmderr.New(cmderr.NotFound, "%v", err)
	}
	return out, nil
}

// validEntries splits catalog entries into valid ones and the errors of
// the others (remote input is checked before it names a file or a URL).
func validEntries(entries []catalog.Entry) ([]catalog.Entry, []error) {
	var ok []catalog.Entry
	var bad []error
	for _, e := range entries {
		if err := e.Validate(); err != nil {
			bad = append(bad, err)
			continue
		}
		ok = append(ok, e)
	}
	return ok, bad
}

// pinVersions gives unversioned coordinates the version the catalog of
// kestraVersion has for them. explicit says the Kestra version came from
// --compatible-for (pinned coordinates are then worth a warning).
func pinVersions(ctx context.Context, c *plugin.Context, cat *catalog.Client, cs []coord.Coordinate, kestraVersion, license string, explicit bool) ([]coord.Coordinate, error) {
	var unversioned []coord.Coordinate
	for _, x := range cs {
		if x.Version == "" {
			unversioned = append(unversioned, x)
		} else if explicit {
			_ = c.Warn("%s pins version %s explicitly — --compatible-for %s is not applied to it", x.Key(), x.Version, kestraVersion)
		}
	}
	if len(unversioned) == 0 {
		return cs, nil
	}
	if kestraVersion == "" {
		x := unversioned[0]
		return nil, cmderr.Usagef("plugin coordinate %s has no version — pass --compatible-for <kestra-version> to resolve it from the compatibility catalog, or give the full groupId:artifactId:version", x.Key())
	}
	entries, err := cat.Fetch(ctx, kestraVersion, license)
	if err != nil {
		return nil, err
	}
	idx := catalog.ByKey(entries)
	out := make([]coord.Coordinate, 0, len(cs))
	for _, x := range cs {
		if x.Version == "" {
			e, ok := idx[x.Key()]
			if !ok {
				return nil, cmderr.New(cmderr.NotFound, "plugin %s is not in the compatibility set for Kestra %s — check the artifact name with \"kestractl plugins list %s\"", x.Key(), kestraVersion, kestraVersion)
			}
			if err := e.Validate(); err != nil {
				return nil, cmderr.New(cmderr.Unavailable, "%v", err)
			}
			x.Version = e.Version
		}
		out = append(out, x)
	}
	return out, nil
}

// kestraVersion picks the Kestra version that resolves unversioned
// coordinates: --compatible-for or the version argument (not both,
// unless they agree).
func kestraVersion(compatibleFor, arg string) (string, bool, error) {
	cf, v := catalog.ResolveVersion(compatibleFor), catalog.ResolveVersion(arg)
	if cf != "" && v != "" && cf != v {
		return "", false, cmderr.Usagef("conflicting Kestra versions: --compatible-for %s and version argument %s — pass only one", compatibleFor, arg)
	}
	if cf != "" {
		return cf, true, nil
	}
	return v, false, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
