package plugin

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/alecthomas/kong"
	"github.com/hashicorp/go-hclog"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// errExit is the panic value kong's exit function raises after it printed
// help, so that parsing stops there.
var errExit = errors.New("kong exit")

// helpSink collects what kong prints (help) and stops parsing on exit.
type helpSink struct{ bytes.Buffer }

func (h *helpSink) exit(int) { panic(errExit) }

// Execute runs one command line of p (argv starts with the group name)
// against h, as the plugin does for the core. It is the in-process entry
// point that sdk/plugintest and other test harnesses use. The error is a
// coded error (see sdk/cmderr); a cancelled ctx is reported as an
// interruption.
func Execute(ctx context.Context, p Plugin, inv Invocation, h Host, argv []string) error {
	return execute(ctx, p, inv, h, nil, argv)
}

func execute(ctx context.Context, p Plugin, inv Invocation, h Host, logger hclog.Logger, argv []string) error {
	if logger == nil {
		logger = hclog.NewNullLogger()
	}
	c := &Context{Context: ctx, inv: inv, host: h, logger: logger, name: p.Name, ver: p.Version}
	var err error
	if inv.SecretFlags {
		argv, err = withSecretFlags(c, argv)
	}
	if err == nil {
		err = run(c, p, argv)
	}
	if err == nil {
		return nil
	}
	if ctx.Err() != nil && cmderr.CodeOf(err) != cmderr.Usage {
		// The core cancelled the command (Ctrl-C): report it as such,
		// whatever the command turned the cancellation into.
		return cmderr.Wrap(cmderr.Cancelled, fmt.Errorf("interrupted: %w", ctx.Err()))
	}
	return cmderr.From(err)
}

func run(c *Context, p Plugin, argv []string) (err error) {
	// The grammar of the group the line names is enough to run it; a
	// line it does not parse is parsed again with the whole grammar, so
	// that errors read the same either way.
	sink := &helpSink{}
	k, pruned, err := p.groupParser(sink, argv)
	var kctx *kong.Context
	helped := false
	if err == nil {
		kctx, helped, err = parse(k, argv)
	}
	if err != nil && pruned {
		sink.Reset()
		if k, err = p.parser(sink); err != nil {
			return cmderr.Wrap(cmderr.Internal, fmt.Errorf("plugin %s grammar: %w", p.Name, err))
		}
		kctx, helped, err = parse(k, argv)
	} else if err != nil && k == nil {
		return cmderr.Wrap(cmderr.Internal, fmt.Errorf("plugin %s grammar: %w", p.Name, err))
	}
	if helped {
		_, werr := c.Stdout().Write(sink.Bytes())
		return werr
	}
	if err != nil {
		return usageError(err, argv)
	}
	defer func() {
		if r := recover(); r != nil {
			err = cmderr.New(cmderr.Internal, "kestractl-%s crashed in %q: %v", p.Name, strings.Join(argv, " "), r)
		}
	}()
	return kctx.Run(c)
}

// parse parses argv; helped says that kong printed help (and stopped).
func parse(k *kong.Kong, argv []string) (kctx *kong.Context, helped bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			if r != errExit {
				panic(r)
			}
			helped = true
		}
	}()
	kctx, err = k.Parse(argv)
	return kctx, false, err
}

// usageError turns a kong parse error into a usage error with a hint to the
// help of the command that was being parsed.
func usageError(err error, argv []string) error {
	var pe *kong.ParseError
	if !errors.As(err, &pe) {
		return err
	}
	path := commandPath(pe.Context)
	if path == "" && len(argv) > 0 {
		path = argv[0]
	}
	msg := pe.Error()
	return cmderr.Usagef("%s", msg).WithHint("see 'kestractl %s --help'", path)
}

func commandPath(kctx *kong.Context) string {
	if kctx == nil {
		return ""
	}
	var names []string
	for n := kctx.Selected(); n != nil && n.Type != kong.ApplicationNode; n = n.Parent {
		names = append([]string{n.Name}, names...)
	}
	if len(names) == 0 {
		// Nothing selected yet: the group, when it was recognised.
		for _, p := range kctx.Path {
			if p.Command != nil {
				names = append(names, p.Command.Name)
				break
			}
		}
	}
	return strings.Join(names, " ")
}

// withSecretFlags puts back the secret flags the core kept out of argv (in
// this process's memory only), before a "--" terminator if there is one.
func withSecretFlags(c *Context, argv []string) ([]string, error) {
	cr, err := c.host.Credentials(c, false)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(cr.SecretFlags))
	for name := range cr.SecretFlags {
		names = append(names, name)
	}
	sort.Strings(names)
	extra := make([]string, 0, len(names))
	for _, name := range names {
		extra = append(extra, "--"+name+"="+cr.SecretFlags[name])
	}
	out := make([]string, 0, len(argv)+len(extra))
	for i, a := range argv {
		if a == "--" {
			out = append(out, extra...)
			return append(out, argv[i:]...), nil
		}
		out = append(out, a)
	}
	return append(out, extra...), nil
}
