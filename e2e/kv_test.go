package e2e

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestKvScripts runs the kv scripts: the real kestractl and kestractl-kv
// against kestrasim.
func TestKvScripts(t *testing.T) {
	t.Parallel()
	p := params("testdata/kv")
	testscript.Run(t, p)
}
