package help

import (
	"bytes"
	"strings"
	"testing"

	"github.com/alecthomas/kong"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/sdk/cmderr"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

func kvTree() *pb.Command {
	return &pb.Command{
		Name: "kv", Help: "Key-value pairs.", Detail: "Values are typed.", Aliases: []string{"keyvalue"},
		Flags: []*pb.Flag{{Name: "namespace", Short: "n", Type: "string", Placeholder: "NS", Help: "Namespace.", Required: true, Env: []string{"KESTRACTL_NAMESPACE"}}},
		Children: []*pb.Command{
			{
				Name: "get", Help: "Get a value.",
				Args: []*pb.Arg{{Name: "key", Required: true, Help: "The key."}, {Name: "more", Variadic: true, Help: "More keys.", Enum: []string{"a", "b"}}},
				Flags: []*pb.Flag{
					{Name: "type", Type: "string", Placeholder: "TYPE", Help: "Value type.", Enum: []string{"string", "json"}, Default: "string"},
					{Name: "raw", Type: "bool", Help: "Raw | unquoted.", Default: "false"},
					{Name: "debug", Type: "bool", Hidden: true},
				},
			},
			{Name: "set", Help: "Set values.", Children: []*pb.Command{{Name: "one", Help: "One value."}, {Name: "many", Help: "Many.", Hidden: true}}},
			{Name: "secret", Hidden: true},
		},
	}
}

// globals are two global flags in kong's model.
func globals(t *testing.T) []*kong.Flag {
	var g struct {
		Output string `short:"o" help:"Output format." placeholder:"FORMAT"`
		Yes    bool   `short:"y" help:"Answer yes."`
		Hidden bool   `hidden:""`
	}
	return cli.MustParser(&g).Model.Flags
}

func TestCommandHelpOfAGroup(t *testing.T) {
	tr := kvTree()
	var b bytes.Buffer
	Command(&b, []*pb.Command{tr}, globals(t))
	want := `Usage: kestractl kv <command> [flags]

Key-value pairs.

Values are typed.

Aliases: keyvalue

Commands:
  get <key> [<more> ...]    Get a value.
  set one                   One value.

Flags:
  -n, --namespace=NS    Namespace. (required) ($KESTRACTL_NAMESPACE)
  -h, --help            Show help for this command.

Global flags:
  -o, --output=FORMAT    Output format.
  -y, --yes              Answer yes.

Run "kestractl kv <command> --help" for more information on a command.
`
	if b.String() != want {
		t.Fatalf("help =\n%s\nwant\n%s", b.String(), want)
	}
}

func TestCommandHelpOfALeaf(t *testing.T) {
	tr := kvTree()
	var b bytes.Buffer
	Command(&b, []*pb.Command{tr, tr.GetChildren()[0]}, globals(t))
	want := `Usage: kestractl kv get <key> [<more> ...] [flags]

Get a value.

Arguments:
  <key>           The key.
  [<more> ...]    More keys. (one of: a, b)

Flags:
      --type=TYPE       Value type. (one of: string, json) (default: string)
      --raw             Raw | unquoted.
  -n, --namespace=NS    Namespace. (required) ($KESTRACTL_NAMESPACE)
  -h, --help            Show help for this command.

Global flags:
  -o, --output=FORMAT    Output format.
  -y, --yes              Answer yes.
`
	if b.String() != want {
		t.Fatalf("help =\n%s\nwant\n%s", b.String(), want)
	}
}

func TestMarkdown(t *testing.T) {
	var b bytes.Buffer
	Markdown(&b, Group{Command: kvTree(), Source: "kestractl-kv"}, globals(t))
	page := b.String()
	for _, want := range []string{
		"# kestractl kv\n\nKey-value pairs.\n\nValues are typed.\n\nServed by: `kestractl-kv`.\n\n",
		"## kestractl kv get\n\nGet a value.\n\n```\nkestractl kv get <key> [<more> ...] [flags]\n```\n\n",
		"| `<key>` | The key. |\n",
		"| `--raw` | Raw \\| unquoted. |\n",
		"## kestractl kv set one\n",
		"## Global flags\n\n| flag | description |\n|---|---|\n| `-o, --output=FORMAT` | Output format. |\n| `-y, --yes` | Answer yes. |\n",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q:\n%s", want, page)
		}
	}
	for _, hidden := range []string{"many", "secret", "debug", "hidden"} {
		if strings.Contains(page, hidden) {
			t.Errorf("page shows the hidden %q", hidden)
		}
	}
}

func TestMan(t *testing.T) {
	var b bytes.Buffer
	Man(&b, Group{Command: kvTree(), Source: "kestractl-kv"}, globals(t))
	page := b.String()
	for _, want := range []string{
		".TH KESTRACTL-KV 1 \"\" \"kestractl\" \"kestractl manual\"\n.SH NAME\nkestractl-kv \\- Key\\-value pairs.\n",
		".SH SYNOPSIS\n.B kestractl kv get <key> [<more> ...]\n[flags]\n.br\n.B kestractl kv set one\n",
		".SS kestractl kv get\nGet a value.\n.TP\n.I <key>\nThe key.\n",
		".TP\n.B \\-\\-type=TYPE\n",
		".SH GLOBAL FLAGS\n.TP\n.B \\-o, \\-\\-output=FORMAT\nOutput format.\n",
		".SH SEE ALSO\nkestractl --help\n",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q:\n%s", want, page)
		}
	}
}

func TestRoff(t *testing.T) {
	tests := map[string]string{
		"a-b":          `a\-b`,
		`back\slash`:   `back\eslash`,
		".starts":      `\&.starts`,
		"'quote":       `\&'quote`,
		"two\nlines":   "two lines",
		"plain words.": "plain words.",
	}
	for in, want := range tests {
		if got := roff(in); got != want {
			t.Errorf("roff(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadme(t *testing.T) {
	groups := []Group{{Command: &pb.Command{Name: "version", Help: "Show versions."}, Source: "core"}, {Command: kvTree(), Source: "kestractl-kv"}}
	text := "# Title\n\n" + ReadmeBegin + "\nold\n" + ReadmeEnd + "\nafter\n"
	got, err := Readme("README.md", text, groups)
	if err != nil {
		t.Fatal(err)
	}
	want := "# Title\n\n" + ReadmeBegin + "\n\n| command | what it does | from |\n|---|---|---|\n" +
		"| `kestractl version` | Show versions. | core |\n" +
		"| `kestractl kv get <key> [<more> ...]` | Get a value. | kestractl-kv |\n" +
		"| `kestractl kv set one` | One value. | kestractl-kv |\n\n" + ReadmeEnd + "\nafter\n"
	if got != want {
		t.Fatalf("Readme =\n%s\nwant\n%s", got, want)
	}
	if again, _ := Readme("README.md", got, groups); again != got {
		t.Fatal("regenerating changed an up-to-date section")
	}
	for _, bad := range []string{"no markers", ReadmeEnd + ReadmeBegin, ReadmeBegin + " only"} {
		if _, err := Readme("README.md", bad, groups); cmderr.CodeOf(err) != cmderr.Usage || !strings.Contains(err.Error(), "README.md has no") {
			t.Errorf("Readme(%q) error = %v", bad, err)
		}
	}
}
