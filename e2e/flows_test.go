package e2e

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestFlowsScripts runs the flows plugin's scripts (flows, executions,
// namespaces, the demo) against a real kestrasim.
func TestFlowsScripts(t *testing.T) {
	t.Parallel()
	testscript.Run(t, params("testdata/flows"))
}
