package plugintest

import (
	"testing"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// Complete asks p for the dynamic completion values of completer (argv
// are the words before the one being completed, partial its beginning),
// against the same fake Host as Run.
func Complete(t testing.TB, p plugin.Plugin, opts Options, completer, partial string, argv ...string) ([]string, error) {
	t.Helper()
	ctx, cancel := opts.context()
	defer cancel()
	inv := opts.invocation()
	inv.Output = plugin.Output{Format: plugin.FormatTable}
	return plugin.Complete(ctx, p, inv, newFakeHost(opts), completer, argv, partial)
}
