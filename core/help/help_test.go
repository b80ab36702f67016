package help

import (
	"bytes"
	"strings"
	"testing"

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
					{Name: "output-file", Short: "O", Type: "string", Placeholder: "STRING", Help: "Write the value to a file rather than stdout, creating it and its directories when needed.", Default: "-", Env: []string{"KV_OUT"}},
				},
				Examples: []string{"kestractl kv get -n company.team key", "# as JSON\nkestractl kv get -n company.team key -o json"},
			},
			{Name: "set", Help: "Set values.", Children: []*pb.Command{{Name: "one", Help: "One value."}, {Name: "many", Help: "Many.", Hidden: true}}},
			{Name: "secret", Hidden: true},
		},
	}
}

func TestCommandHelpOfAGroup(t *testing.T) {
	tr := kvTree()
	var b bytes.Buffer
	Command(&b, []*pb.Command{tr}, 0)
	want := `Usage: kestractl kv <command> [flags]

Key-value pairs.

Values are typed.

Aliases: keyvalue

Commands:
  get <key> [<more> ...]    Get a value.
  set one                   One value.

Flags:
  -n, --namespace=NS    Namespace (required) ($KESTRACTL_NAMESPACE).
  -h, --help            Show help for this command.

Global flags (--output, --context, --yes...) work with every command: see
'kestractl options'.
Run "kestractl kv <command> --help" for more information on a command.
`
	if b.String() != want {
		t.Fatalf("help =\n%s\nwant\n%s", b.String(), want)
	}
}

func TestCommandHelpOfALeaf(t *testing.T) {
	tr := kvTree()
	var b bytes.Buffer
	Command(&b, []*pb.Command{tr, tr.GetChildren()[0]}, 60)
	want := `Usage: kestractl kv get <key> [<more> ...] [flags]

Get a value.

Arguments:
  <key>           The key.
  [<more> ...]    More keys (one of: a, b).

Flags:
      --type=TYPE       Value type (one of: string, json)
                        (default string).
      --raw             Raw | unquoted.
  -O, --output-file=OUTPUT_FILE
                        Write the value to a file rather
                        than stdout, creating it and its
                        directories when needed (default -;
                        $KV_OUT).
  -n, --namespace=NS    Namespace (required)
                        ($KESTRACTL_NAMESPACE).
  -h, --help            Show help for this command.

Examples:
  kestractl kv get -n company.team key

  # as JSON
  kestractl kv get -n company.team key -o json

Global flags (--output, --context, --yes...) work with every
command: see 'kestractl options'.
`
	if b.String() != want {
		t.Fatalf("help =\n%s\nwant\n%s", b.String(), want)
	}
}

func TestMarkdown(t *testing.T) {
	var b bytes.Buffer
	Markdown(&b, Group{Command: kvTree(), Source: "kestractl-kv"})
	page := b.String()
	for _, want := range []string{
		"# kestractl kv\n\nKey-value pairs.\n\nValues are typed.\n\nServed by: `kestractl-kv`.\n\n",
		"## kestractl kv get\n\nGet a value.\n\n```\nkestractl kv get <key> [<more> ...] [flags]\n```\n\n",
		"| `<key>` | The key. |\n",
		"| `--raw` | Raw \\| unquoted. |\n",
		"## kestractl kv set one\n",
		"Examples:\n\n```sh\nkestractl kv get -n company.team key\n\n# as JSON\nkestractl kv get -n company.team key -o json\n```\n",
		"| `-O, --output-file=OUTPUT_FILE` | Write the value to a file rather than stdout, creating it and its directories when needed (default -; $KV_OUT). |\n",
		"see [kestractl options](kestractl-options.md).\n",
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
	Man(&b, Group{Command: kvTree(), Source: "kestractl-kv"})
	page := b.String()
	for _, want := range []string{
		".TH KESTRACTL-KV 1 \"\" \"kestractl\" \"kestractl manual\"\n.SH NAME\nkestractl-kv \\- Key\\-value pairs.\n",
		".SH SYNOPSIS\n.B kestractl kv get <key> [<more> ...]\n[flags]\n.br\n.B kestractl kv set one\n",
		".SS kestractl kv get\nGet a value.\n.TP\n.I <key>\nThe key.\n",
		".TP\n.B \\-\\-type=TYPE\n",
		".PP\nExamples:\n.PP\n.nf\n.RS 4\nkestractl kv get \\-n company.team key\n\n# as JSON\n",
		".SH SEE ALSO\nkestractl\\-options(1) for the global flags, kestractl --help\n",
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
	want := "# Title\n\n" + ReadmeBegin + "\n\n| command | what it does | example | from |\n|---|---|---|---|\n" +
		"| `kestractl version` | Show versions. |  | core |\n" +
		"| `kestractl kv get <key> [<more> ...]` | Get a value. | `kestractl kv get -n company.team key` | kestractl-kv |\n" +
		"| `kestractl kv set one` | One value. |  | kestractl-kv |\n\n" + ReadmeEnd + "\nafter\n"
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

func TestWrap(t *testing.T) {
	tests := []struct {
		text  string
		width int
		want  []string
	}{
		{"one two three", 7, []string{"one two", "three"}},
		{"a-word-longer-than-the-width stays", 10, []string{"a-word-longer-than-the-width", "stays"}},
		{"two\nlines", 80, []string{"two", "lines"}},
		{"  an indented line   is kept as written", 16, []string{"  an indented line   is kept as written"}},
		// Display width: CJK characters count double.
		{"日本語 の テキスト", 8, []string{"日本語", "の", "テキスト"}},
		{"", 10, []string{""}},
	}
	for _, tt := range tests {
		if got := wrap(tt.text, tt.width); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wrap(%q, %d) = %q, want %q", tt.text, tt.width, got, tt.want)
		}
	}
}

func TestFlagHelp(t *testing.T) {
	tests := []struct {
		f    *pb.Flag
		want string
	}{
		{&pb.Flag{Name: "output", Type: "string", Help: "Output format.", Enum: []string{"table", "json"}, Default: "table", Env: []string{"KESTRACTL_OUTPUT"}},
			"Output format (one of: table, json) (default table; $KESTRACTL_OUTPUT)."},
		{&pb.Flag{Name: "limit", Type: "int", Help: "Show at most N items (default 30).", Default: "30"}, "Show at most N items (default 30)."},
		{&pb.Flag{Name: "all", Type: "bool", Help: "Everything", Default: "false"}, "Everything"},
		{&pb.Flag{Name: "ns", Type: "string", Help: "Namespace.", Required: true}, "Namespace (required)."},
		{&pb.Flag{Name: "state", Type: "[]string", Help: "A state: FAILED, SUCCESS.", Enum: []string{"FAILED", "SUCCESS"}}, "A state: FAILED, SUCCESS."},
		{&pb.Flag{Name: "x", Type: "string", Env: []string{"A", "B"}}, "($A, $B)"},
	}
	for _, tt := range tests {
		if got := flagHelp(tt.f); got != tt.want {
			t.Errorf("flagHelp(%s) = %q, want %q", tt.f.GetName(), got, tt.want)
		}
	}
	// Placeholders name the value, never the type.
	for f, want := range map[*pb.Flag]string{
		{Name: "namespace", Short: "n", Type: "string"}:                     "-n, --namespace=NAMESPACE",
		{Name: "flow-id", Type: "string", Placeholder: "STRING"}:            "    --flow-id=FLOW_ID",
		{Name: "filter", Type: "[]string", Placeholder: "FIELD:OP:VALUE"}:   "    --filter=FIELD:OP:VALUE",
		{Name: "yes", Short: "y", Type: "bool", Placeholder: "should-hide"}: "-y, --yes",
	} {
		if got := flagSummary(f); got != want {
			t.Errorf("flagSummary(%s) = %q, want %q", f.GetName(), got, want)
		}
	}
}

func TestOptionsPage(t *testing.T) {
	var b bytes.Buffer
	Options(&b, []*pb.Flag{
		{Name: "output", Short: "o", Type: "string", Placeholder: "FORMAT", Help: "Output format.", Enum: []string{"table", "json", "yaml"}, Default: "table", Env: []string{"KESTRACTL_OUTPUT"}},
		{Name: "secret-knob", Type: "bool", Hidden: true},
		{Name: "yes", Short: "y", Type: "bool", Help: "Answer yes."},
	}, 120)
	want := OptionsIntro[:40]
	if !strings.HasPrefix(b.String(), want) || !strings.Contains(b.String(), "\nGlobal flags:\n  -o, --output=FORMAT    Output format (one of: table, json, yaml) (default table; $KESTRACTL_OUTPUT).\n  -y, --yes              Answer yes.\n") {
		t.Fatalf("options page:\n%s", b.String())
	}
	if strings.Contains(b.String(), "secret-knob") {
		t.Fatal("a hidden flag is listed")
	}
}
