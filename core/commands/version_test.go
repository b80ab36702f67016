package commands

import "testing"

func TestVersionWarning(t *testing.T) {
	for v, warn := range map[string]bool{"2.0.0": false, "v2.1.3": false, "2.0.0-SNAPSHOT": false, "1.3.2": true, "3.0.0": true, "": true} {
		if got := versionWarning(v) != ""; got != warn {
			t.Errorf("versionWarning(%q) warns=%v, want %v", v, got, warn)
		}
	}
}
