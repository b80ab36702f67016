package plugin

import (
	"context"
	"fmt"

	"github.com/alecthomas/kong"
	"github.com/hashicorp/go-hclog"
)

// Complete serves one dynamic-completion request of p against h, as the
// plugin's Complete RPC does: completer is the name from the grammar's
// completer:"..." tag, argv the words before the one being completed
// (starting with the group name), partial its beginning.
func Complete(ctx context.Context, p Plugin, inv Invocation, h Host, completer string, argv []string, partial string) ([]string, error) {
	if p.Complete == nil {
		return nil, fmt.Errorf("plugin %s serves no dynamic completion", p.Name)
	}
	c := &Context{Context: ctx, inv: inv, host: h, logger: hclog.NewNullLogger(), name: p.Name, ver: p.Version,
		grammar: func() (*kong.Kong, error) { return p.parser(nil) }}
	return p.Complete(c, completer, argv, partial)
}
