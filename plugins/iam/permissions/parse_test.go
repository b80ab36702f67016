package permissions

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   []string
		want Set
	}{
		{[]string{"FLOW:VIEW,LIST,CREATE,UPDATE,DELETE,EXECUTE,DISABLE,ENABLE", "EXECUTION:VIEW,LIST,ACCESS_LOGS,ACCESS_FILES,FOLLOW"},
			Set{"FLOW": {"VIEW", "LIST", "CREATE", "UPDATE", "DELETE", "EXECUTE", "DISABLE", "ENABLE"},
				"EXECUTION": {"VIEW", "LIST", "ACCESS_LOGS", "ACCESS_FILES", "FOLLOW"}}},
		{[]string{" flow : view , list "}, Set{"FLOW": {"VIEW", "LIST"}}},
		{[]string{"FLOW:VIEW", "flow:LIST,VIEW"}, Set{"FLOW": {"VIEW", "LIST"}}},
		{[]string{"NAMESPACE:VIEW,"}, Set{"NAMESPACE": {"VIEW"}}},
		{[]string{"service-account:access-logs"}, Set{"SERVICE_ACCOUNT": {"ACCESS_LOGS"}}},
		{nil, Set{}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in, msg, details string
	}{
		{"FLOW", `invalid --permission "FLOW": expected TYPE:ACTION[,ACTION]`, ""},
		{":VIEW", "empty permission type", ""},
		{"FLOW:", `no action after "FLOW:"`, ""},
		{"FLOW:,", "no action", ""},
		{"FLOWS:VIEW", `unknown permission type "FLOWS" (did you mean FLOW?)`, "valid permission types: FLOW, EXECUTION,"},
		{"FLOW:VEIW", `unknown action "VEIW" (did you mean VIEW?)`, "valid actions: VIEW, LIST, CREATE"},
		{"FLOW:READ", `unknown action "READ"`, "IMPERSONATE"},
		{"UNKNOWN:VIEW", "UNKNOWN is a placeholder", ""},
		{"FLOW:UNKNOWN", "UNKNOWN is a placeholder", ""},
		{"FLOW:VIEW:LIST", `unknown action "VIEW:LIST"`, ""},
	}
	for _, tt := range tests {
		_, err := Parse([]string{tt.in})
		var e *cmderr.Error
		if !errorsAs(err, &e) || e.Code != cmderr.Usage {
			t.Errorf("Parse(%q): %v, want a usage error", tt.in, err)
			continue
		}
		if !strings.Contains(e.Message, tt.msg) {
			t.Errorf("Parse(%q): %q, want %q", tt.in, e.Message, tt.msg)
		}
		if tt.details != "" && !strings.Contains(strings.Join(e.Details, "\n"), tt.details) {
			t.Errorf("Parse(%q): details %q, want %q", tt.in, e.Details, tt.details)
		}
	}
}

func errorsAs(err error, e **cmderr.Error) bool {
	if err == nil {
		return false
	}
	ce, ok := err.(*cmderr.Error)
	*e = ce
	return ok
}

func TestParseFile(t *testing.T) {
	tests := []struct {
		name, data string
		want       Set
	}{
		{"perms.yaml", "FLOW:\n- VIEW\n- LIST\nEXECUTION:\n- VIEW\n- LIST\n- ACCESS_LOGS\n- FOLLOW\n",
			Set{"FLOW": {"VIEW", "LIST"}, "EXECUTION": {"VIEW", "LIST", "ACCESS_LOGS", "FOLLOW"}}},
		{"perms.json", `{"FLOW": ["VIEW", "LIST"], "namespace": ["view"]}`, Set{"FLOW": {"VIEW", "LIST"}, "NAMESPACE": {"VIEW"}}},
		{"inline.yaml", "FLOW: VIEW, LIST\n", Set{"FLOW": {"VIEW", "LIST"}}},
		{"role.yaml", "permissions:\n  FLOW: [VIEW]\n", Set{"FLOW": {"VIEW"}}},
		{"merge.yaml", "FLOW: [VIEW]\nflow: [LIST, VIEW]\n", Set{"FLOW": {"VIEW", "LIST"}}},
	}
	for _, tt := range tests {
		got, err := ParseFile(tt.name, []byte(tt.data))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestParseFileErrors(t *testing.T) {
	tests := []struct{ data, msg string }{
		{"", "is empty"},
		{"   \n", "is empty"},
		{"[FLOW]", "expected a map of resource to actions"},
		{"FLOW: [VIEW\n", "is not valid YAML or JSON"},
		{"FLOW: []\n", "no actions for FLOW"},
		{"FLOW:\n", "no actions for FLOW"},
		{"FLOW: {a: b}\n", "must be a list of actions"},
		{"FLOW:\n- [VIEW]\n", "must be names"},
		{"FLOW: [VIEW]\nFLOWZ: [VIEW]\n", `perms.yaml (line 2): unknown permission type "FLOWZ"`},
		{"FLOW:\n- VIEW\n- NOPE\n", `perms.yaml (line 3): unknown action "NOPE"`},
		{"{}", "grants nothing"},
	}
	for _, tt := range tests {
		_, err := ParseFile("perms.yaml", []byte(tt.data))
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("ParseFile(%q): %v, want %q", tt.data, err, tt.msg)
		}
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "perms.yaml")
	if err := os.WriteFile(p, []byte("FLOW: [VIEW]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := ReadFile(p); err != nil || s.String() != "FLOW:VIEW" {
		t.Errorf("ReadFile: %v %v", s, err)
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("missing: %v", err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, make([]byte, maxFileSize+1), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(big); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("big: %v", err)
	}
}

func TestSetRemoved(t *testing.T) {
	old := Set{"FLOW": {"VIEW", "LIST", "DELETE"}, "EXECUTION": {"VIEW"}}
	now := Set{"FLOW": {"VIEW", "LIST", "CREATE"}}
	if got := now.Removed(old); !reflect.DeepEqual(got, []string{"EXECUTION:VIEW", "FLOW:DELETE"}) {
		t.Errorf("Removed = %v", got)
	}
	if got := old.Removed(Set{}); got != nil {
		t.Errorf("Removed from empty = %v", got)
	}
	if now.Count() != 3 || now.String() != "FLOW:VIEW,LIST,CREATE" {
		t.Errorf("Count %d String %q", now.Count(), now.String())
	}
}
