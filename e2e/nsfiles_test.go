package e2e

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestNsfilesScripts runs the nsfiles scripts: the real kestractl and
// kestractl-nsfiles against kestrasim.
func TestNsfilesScripts(t *testing.T) {
	t.Parallel()
	p := params("testdata/nsfiles")
	testscript.Run(t, p)
}
