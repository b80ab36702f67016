package e2e

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestAPIScripts runs the api plugin's scripts: the real kestractl and
// kestractl-api against kestrasim.
func TestAPIScripts(t *testing.T) {
	p := params("testdata/api")
	p.Cmds["genflows"] = cmdGenFlows
	p.Cmds["genfile"] = cmdGenFile
	testscript.Run(t, p)
}

// genflows N NAMESPACE FILE writes N flows (f00000, f00001...) of
// NAMESPACE as one multi-document YAML file.
func cmdGenFlows(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: genflows N NAMESPACE FILE")
	}
	n, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("genflows: %v", err)
	}
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString("---\n")
		}
		fmt.Fprintf(&b, "id: f%05d\nnamespace: %s\ntasks:\n  - id: log\n    type: io.kestra.plugin.core.log.Log\n    message: flow %d\n", i, args[1], i)
	}
	if err := os.WriteFile(ts.MkAbs(args[2]), []byte(b.String()), 0o644); err != nil {
		ts.Fatalf("genflows: %v", err)
	}
}

// genfile SIZE FILE writes SIZE bytes of every byte value (binary, with
// NUL bytes) to FILE.
func cmdGenFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: genfile SIZE FILE")
	}
	n, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("genfile: %v", err)
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i * 31)
	}
	if err := os.WriteFile(ts.MkAbs(args[1]), b, 0o644); err != nil {
		ts.Fatalf("genfile: %v", err)
	}
}
