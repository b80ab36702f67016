package plugin

import (
	"strings"
	"testing"
)

func TestUnifiedDiff(t *testing.T) {
	if d := UnifiedDiff("a", "b", "x: 1\n", "x: 1\n"); d != "" {
		t.Fatalf("equal texts differ: %q", d)
	}
	d := UnifiedDiff("server", "local", "id: hello\nnamespace: a\ntasks: []", "id: hello\nnamespace: b\ntasks: []\n")
	for _, want := range []string{"--- server", "+++ local", "-namespace: a", "+namespace: b", " id: hello"} {
		if !strings.Contains(d, want) {
			t.Errorf("diff lacks %q:\n%s", want, d)
		}
	}
}
