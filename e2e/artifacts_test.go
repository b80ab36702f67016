package e2e

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestArtifactsScripts runs the plugins scripts: the real kestractl and
// kestractl-artifacts against kestrasim's catalog and Maven repository.
func TestArtifactsScripts(t *testing.T) {
	t.Parallel()
	p := params("testdata/artifacts")
	testscript.Run(t, p)
}
