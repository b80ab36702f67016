package plugintest

import (
	"testing"

	"github.com/kestractl/kestractl/sdk/plugin"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Complete asks p for the dynamic completion values of completer (argv
// are the words before the one being completed, partial its beginning),
// against the same fake Host as Run.
func Complete(t testing.TB, p plugin.Plugin, opts Options, completer, partial string, argv ...string) ([]string, error) {
	t.Helper()
	client, stop := serveFake(t, &fakeHost{opts: opts, res: &Result{}})
	defer stop()
	ctx, cancel := opts.context()
	defer cancel()
	inv := opts.invocation()
	inv.Output = &pb.Output{Format: plugin.FormatTable}
	return plugin.RunComplete(ctx, p, inv, client, nil, completer, argv, partial)
}
