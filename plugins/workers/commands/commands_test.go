package commands_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/plugins/workers/commands"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

func workers() plugin.Plugin { return commands.Plugin("test") }

var tokenRe = regexp.MustCompile(`^kwreg_[a-z2-7]{51}[aq]_[0-9a-f]{6}$`)

func TestGenerate(t *testing.T) {
	r := plugintest.Run(t, workers(), plugintest.Options{}, "workers", "registration-tokens", "generate", "--count", "3")
	lines := strings.Split(strings.TrimSuffix(r.Stdout, "\n"), "\n")
	if r.Err != nil || len(lines) != 3 || len(r.Messages) != 0 {
		t.Fatalf("generate: %v %q %v", r.Err, r.Stdout, r.Messages)
	}
	for _, l := range lines {
		if !tokenRe.MatchString(l) {
			t.Errorf("token %q", l)
		}
	}
	r = plugintest.Run(t, workers(), plugintest.Options{Format: "json"}, "workers", "registration-tokens", "generate")
	var one struct{ Token string }
	if r.Err != nil || len(r.Objects) != 1 || json.Unmarshal(r.Objects[0], &one) != nil || !tokenRe.MatchString(one.Token) {
		t.Fatalf("generate -o json: %v %s", r.Err, r.Objects)
	}
	if r := plugintest.Run(t, workers(), plugintest.Options{}, "workers", "tokens", "generate", "--count", "0"); r.Code() != cmderr.Usage {
		t.Errorf("--count 0: %v", r.Err)
	}
}

func TestValidate(t *testing.T) {
	const valid = "kwreg_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_52268f"
	r := plugintest.Run(t, workers(), plugintest.Options{}, "workers", "registration-tokens", "validate", valid)
	if r.Err != nil || r.Stdout != "" || len(r.Objects) != 0 || r.MessageText() != "valid worker registration token\n" {
		t.Fatalf("valid (table): %v %q %s %q", r.Err, r.Stdout, r.Objects, r.MessageText())
	}
	r = plugintest.Run(t, workers(), plugintest.Options{Format: "json"}, "workers", "registration-tokens", "validate", valid)
	if r.Err != nil || len(r.Objects) != 1 || string(r.Objects[0]) != `{"token":"`+valid+`","valid":true}` {
		t.Fatalf("valid (json): %v %s", r.Err, r.Objects)
	}
	r = plugintest.Run(t, workers(), plugintest.Options{}, "workers", "registration-tokens", "validate", strings.TrimSuffix(valid, "f")+"e")
	if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "checksum mismatch") {
		t.Fatalf("bad checksum: %v", r.Err)
	}
}

// TestEveryCommandHasAnExample: every command shows at least one example
// in its help.
func TestEveryCommandHasAnExample(t *testing.T) { plugintest.RequireExamples(t, workers()) }

func TestEveryGroupHasItsOwnGrammar(t *testing.T) { plugintest.RequireGroupGrammars(t, workers()) }
