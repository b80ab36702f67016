// Package plugin is what a kestractl plugin author needs: describe the
// command groups with a kong grammar, call Serve from main, and write each
// command as a Run(*plugin.Context) error method.
//
//	func main() {
//		plugin.Serve(plugin.Plugin{
//			Name:    "hello",
//			Version: "0.1.0",
//			New:     func() any { return &CLI{} },
//		})
//	}
//
// The core starts the plugin binary for one command line, passes it the
// arguments after its own global flags were removed, and serves the Host
// calls behind Context (output, prompts, progress, credentials).
package plugin

import (
	"fmt"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/kestractl/kestractl/sdk/wire"
	"github.com/kestractl/kestractl/sdk/wire/manifest"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// SDKVersion is the version of this SDK, reported in manifests.
const SDKVersion = "1.0.0"

// Plugin describes a plugin.
type Plugin struct {
	// Name of the plugin; its binary is kestractl-<Name>.
	Name string
	// Version of the plugin.
	Version string
	// Edition is "" for any Kestra server or "ee" when the plugin needs
	// Kestra Enterprise.
	Edition string
	// New returns a fresh kong grammar (a pointer to a struct whose
	// top-level commands are the groups the plugin serves). It is called
	// once per command line.
	New func() any
	// Options are extra kong options (e.g. kong.Vars).
	Options []kong.Option
	// Complete, when set, serves dynamic completion values for flags and
	// arguments tagged completer:"name".
	Complete func(c *Context, completer string, argv []string, partial string) ([]string, error)
	// Capabilities announced to the core.
	Capabilities []string
}

// Validate checks the plugin definition and its grammar.
func (p Plugin) Validate() error {
	if !validName(p.Name) {
		return fmt.Errorf("plugin name %q must match ^[a-z][a-z0-9]*(-[a-z0-9]+)*$", p.Name)
	}
	if p.New == nil {
		return fmt.Errorf("plugin %s: New is required", p.Name)
	}
	if _, err := p.parser(nil); err != nil {
		return fmt.Errorf("plugin %s: grammar: %w", p.Name, err)
	}
	return nil
}

// manifest is the plugin's protocol manifest, generated from its kong
// grammar.
func (p Plugin) manifest() (*pb.Manifest, error) {
	k, err := p.parser(nil)
	if err != nil {
		return nil, err
	}
	return &pb.Manifest{
		Name:            p.Name,
		Version:         p.Version,
		ProtocolVersion: wire.ProtocolVersion,
		SdkVersion:      SDKVersion,
		Capabilities:    p.Capabilities,
		Edition:         p.Edition,
		Root:            manifest.FromKong(k.Model),
	}, nil
}

// parser builds a kong parser over a fresh grammar. exit is kong's exit
// function (nil: panic if kong tries to exit).
func (p Plugin) parser(h *helpSink) (*kong.Kong, error) {
	return p.parserOf(p.New(), h)
}

// groupParser builds a kong parser for one command line over the command
// group it names only (see groupGrammar); pruned says whether it did.
func (p Plugin) groupParser(h *helpSink, argv []string) (k *kong.Kong, pruned bool, err error) {
	root := p.New()
	g := groupGrammar(root, argv)
	k, err = p.parserOf(g, h)
	return k, g != root, err
}

func (p Plugin) parserOf(grammar any, h *helpSink) (*kong.Kong, error) {
	opts := []kong.Option{
		kong.Name("kestractl"),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true, NoExpandSubcommands: true}),
	}
	if h != nil {
		opts = append(opts, kong.Writers(h, h), kong.Exit(h.exit))
	} else {
		opts = append(opts, kong.Exit(func(int) { panic(errExit) }))
	}
	opts = append(opts, p.Options...)
	return kong.New(grammar, opts...)
}

func validName(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' || strings.HasSuffix(s, "-") || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
