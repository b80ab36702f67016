package cli

import (
	"strings"

	"github.com/alecthomas/kong"

	"github.com/kestractl/kestractl/sdk/wire/manifest"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Tags of the global flags read here. The settings resolver, not kong,
// reads the environment and applies the defaults (flag > env > context >
// default), so kong's own env and default tags stay unused; these say
// what help shows.
const (
	tagEnv      = "envvar"
	tagFallback = "fallback"
)

// GlobalFlags are the global flags of model in the manifest's shape, as
// help, the docs and completion show them: placeholders, values, the
// default and the environment variable of each.
func GlobalFlags(model *kong.Application) []*pb.Flag {
	var out []*pb.Flag
	for _, f := range model.Flags {
		if f.Name == "help" {
			continue
		}
		pf := &pb.Flag{
			Name:        f.Name,
			Help:        f.Help,
			Type:        "string",
			Hidden:      f.Hidden,
			Aliases:     append([]string(nil), f.Aliases...),
			Repeatable:  f.IsCumulative(),
			Placeholder: f.FormatPlaceHolder(),
		}
		switch {
		case f.IsBool():
			pf.Type, pf.Placeholder = "bool", ""
		case f.IsCumulative():
			pf.Type = "[]string"
		}
		if f.Short != 0 {
			pf.Short = string(f.Short)
		}
		if f.Tag != nil {
			pf.Completer = f.Tag.Get(manifest.TagCompleter)
			pf.Default = f.Tag.Get(tagFallback)
			if e := f.Tag.Get(tagEnv); e != "" {
				pf.Env = []string{e}
			}
			if v := f.Tag.Get(manifest.TagValues); v != "" {
				for _, s := range strings.Split(v, ",") {
					pf.Enum = append(pf.Enum, strings.TrimSpace(s))
				}
			}
		}
		out = append(out, pf)
	}
	return out
}
