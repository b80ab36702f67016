package cli

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/alecthomas/kong"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

func TestParseGlobals(t *testing.T) {
	tests := []struct {
		name     string
		tokens   []string
		want     *Globals
		wantErr  string
		wantHint string
	}{
		{name: "none", want: &Globals{}},
		{
			name:   "every form",
			tokens: []string{"-o", "json", "--host=http://h", "-t", "tok", "--header", "A:1", "--header", "B:2", "-vy", "--no-headers"},
			want:   &Globals{Output: "json", Host: "http://h", Token: "tok", Header: []string{"A:1", "B:2"}, Verbose: true, Yes: true, NoHeaders: true},
		},
		{name: "a header value may hold commas", tokens: []string{"--header", "Accept:a,b"}, want: &Globals{Header: []string{"Accept:a,b"}}},
		{name: "unknown flag", tokens: []string{"--nope"}, wantErr: "unknown flag --nope", wantHint: "see 'kestractl --help'"},
		{name: "help is not a global", tokens: []string{"--help"}, wantErr: "unexpected help request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			g, err := ParseGlobals(tt.tokens, &out, &errOut)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("no error, want %q", tt.wantErr)
				}
				e := cmderr.From(err)
				if e.Code != cmderr.Usage || !strings.Contains(e.Message, tt.wantErr) || e.Hint != tt.wantHint {
					t.Fatalf("err = %v (hint %q), want usage %q (hint %q)", err, e.Hint, tt.wantErr, tt.wantHint)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(g, tt.want) {
				t.Fatalf("ParseGlobals = %+v, %v; want %+v", g, err, tt.want)
			}
		})
	}
}

func TestUsageError(t *testing.T) {
	type sub struct {
		Name string `arg:""`
	}
	var grammar struct {
		Config struct {
			Use sub `cmd:""`
		} `cmd:""`
	}
	k := MustParser(&grammar, Options(&bytes.Buffer{}, &bytes.Buffer{})...)
	_, code, err := Parse(k, []string{"config", "use"})
	if code != -1 || err == nil {
		t.Fatalf("Parse = %d, %v", code, err)
	}
	e := cmderr.From(UsageError(err, ""))
	if e.Code != cmderr.Usage || e.Hint != "see 'kestractl config use --help'" {
		t.Fatalf("UsageError = %q (hint %q)", e.Message, e.Hint)
	}
	if e := cmderr.From(UsageError(err, "flows list")); e.Hint != "see 'kestractl flows list --help'" {
		t.Fatalf("hint with a path = %q", e.Hint)
	}
	plain := errors.New("not kong's")
	if got := UsageError(plain, ""); got != plain {
		t.Fatalf("UsageError changed a non-parse error: %v", got)
	}
	// --help exits with kong's code instead of exiting the process.
	var out bytes.Buffer
	k = MustParser(&grammar, Options(&out, &bytes.Buffer{})...)
	if _, code, err := Parse(k, []string{"config", "--help"}); code != 0 || err != nil || !strings.Contains(out.String(), "Usage: kestractl config") {
		t.Fatalf("help: code %d err %v out %q", code, err, out.String())
	}
}

func TestMustParserPanicsOnABadGrammar(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	var bad struct {
		A string `short:"a"`
		B string `short:"a"`
	}
	MustParser(&bad, kong.Name("x"))
}

func TestRenderOptions(t *testing.T) {
	tests := []struct {
		name       string
		g          Globals
		format     string
		wantFormat string
		wantJQ     bool
		wantErr    string
	}{
		{name: "format as resolved", g: Globals{NoHeaders: true}, format: "yaml", wantFormat: "yaml"},
		{name: "--jq implies json", g: Globals{JQ: ".[]"}, format: "table", wantFormat: "json", wantJQ: true},
		{name: "--jq with -o json", g: Globals{JQ: ".a", Output: "JSON"}, format: "json", wantFormat: "json", wantJQ: true},
		{name: "--jq with -o yaml", g: Globals{JQ: ".a", Output: "yaml"}, format: "yaml", wantErr: "--jq filters JSON output; it cannot be combined with -o yaml"},
		{name: "a bad expression", g: Globals{JQ: ".["}, format: "table", wantErr: "jq"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := tt.g.RenderOptions(tt.format)
			if tt.wantErr != "" {
				if cmderr.CodeOf(err) != cmderr.Usage || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want usage %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || o.Format != tt.wantFormat || (o.JQ != nil) != tt.wantJQ || o.NoHeaders != tt.g.NoHeaders {
				t.Fatalf("RenderOptions = %+v, %v", o, err)
			}
		})
	}
}

func TestSettingsFlags(t *testing.T) {
	g := Globals{Host: "h", Tenant: "t", Token: "k", Username: "u", Password: "p", Output: "o", Timeout: "5s", CACert: "ca", Insecure: true, Header: []string{"A:1"}}
	f := g.SettingsFlags()
	if f.Host != "h" || f.Tenant != "t" || f.Token != "k" || f.Username != "u" || f.Password != "p" || f.Output != "o" ||
		f.Timeout != "5s" || f.CACert != "ca" || !f.Insecure || len(f.Headers) != 1 {
		t.Fatalf("SettingsFlags = %+v", f)
	}
}
