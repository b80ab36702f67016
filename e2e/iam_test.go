package e2e

import (
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestIamScripts runs the iam plugin's scripts (users, groups, roles,
// service accounts, bindings, invitations, RBAC, the open-source edition)
// against a real kestrasim.
func TestIamScripts(t *testing.T) {
	t.Parallel()
	p := params("testdata/iam")
	testscript.Run(t, p)
}
