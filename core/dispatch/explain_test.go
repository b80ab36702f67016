package dispatch

import (
	"strings"
	"testing"

	"github.com/kestractl/kestractl/core/cli"
	"github.com/kestractl/kestractl/core/cmdline"
	"github.com/kestractl/kestractl/core/config"
	"github.com/kestractl/kestractl/core/contexts"
	"github.com/kestractl/kestractl/core/settings"
	"github.com/kestractl/kestractl/sdk/cmderr"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

func TestExplainAuth(t *testing.T) {
	tests := []struct {
		name        string
		code        cmderr.Code
		hint        string
		ctx         string
		auth        settings.Auth
		offline     bool
		wantDetail  string
		wantHint    string
		wantChanged bool
	}{
		{name: "401, token from the context", code: cmderr.Unauthenticated, ctx: "prod", auth: settings.Auth{Method: settings.AuthToken, Source: "context"},
			wantDetail: "kestractl used context prod (https://k.example) with token auth from the context",
			wantHint:   "set a valid token with 'kestractl config set prod --token-stdin'", wantChanged: true},
		{name: "401, basic from the environment, no context", code: cmderr.Unauthenticated, auth: settings.Auth{Method: settings.AuthBasic, Username: "ada", Source: "env"},
			wantDetail: "kestractl used https://k.example with basic auth as ada from the environment",
			wantHint:   "check KESTRACTL_USERNAME and KESTRACTL_PASSWORD", wantChanged: true},
		{name: "401 without credentials", code: cmderr.Unauthenticated, ctx: "dev", auth: settings.Auth{Method: settings.AuthNone},
			wantDetail: "kestractl used context dev (https://k.example) with no credentials",
			wantHint:   "the server wants credentials: add them with 'kestractl config set dev --token-stdin' or 'kestractl config set dev --username USER --password-stdin'", wantChanged: true},
		{name: "403 keeps the plugin's hint", code: cmderr.PermissionDenied, hint: "ask for ROLE:LIST", ctx: "prod", auth: settings.Auth{Method: settings.AuthToken, Source: "flag"},
			wantDetail: "kestractl used context prod (https://k.example) with token auth from the flags", wantHint: "ask for ROLE:LIST", wantChanged: true},
		{name: "403 without a hint", code: cmderr.PermissionDenied, auth: settings.Auth{Method: settings.AuthToken, Source: "flag"},
			wantDetail: "kestractl used https://k.example with token auth from the flags", wantHint: "the credentials are valid but lack a permission in tenant main", wantChanged: true},
		{name: "an offline command talked to another server", code: cmderr.Unauthenticated, offline: true, auth: settings.Auth{Method: settings.AuthNone}},
		{name: "another error", code: cmderr.NotFound, auth: settings.Auth{Method: settings.AuthNone}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &call{offline: tt.offline, settings: &settings.Settings{Host: "https://k.example", Tenant: "main", Auth: tt.auth},
				loaded: &contexts.Loaded{Name: tt.ctx}}
			in := cmderr.New(tt.code, "refused").WithHint("%s", tt.hint)
			got := c.explainAuth(in)
			if !tt.wantChanged {
				if got != in {
					t.Fatalf("changed: %+v", got)
				}
				return
			}
			if got.Message != "refused" || len(got.Details) != 1 || got.Details[0] != tt.wantDetail || !strings.HasPrefix(got.Hint, tt.wantHint) {
				t.Fatalf("explainAuth = %q (hint %q, details %q)", got.Message, got.Hint, got.Details)
			}
		})
	}
}

func TestNoContext(t *testing.T) {
	dflt := map[string]string{"host": "default"}
	tests := []struct {
		name    string
		sources map[string]string
		lc      *contexts.Loaded
		want    string
	}{
		{name: "no config file", sources: dflt, lc: &contexts.Loaded{File: &config.File{Path: "/h/c.yaml"}},
			want: "no context exists yet (no config file at /h/c.yaml) and no --host was given"},
		{name: "an empty file", sources: dflt, lc: &contexts.Loaded{File: &config.File{Path: "/h/c.yaml", Exists: true}},
			want: "no context exists yet (no context in /h/c.yaml)"},
		{name: "contexts but none selected", sources: dflt, lc: &contexts.Loaded{File: &config.File{Path: "/h/c.yaml", Exists: true, Contexts: map[string]*config.Context{"a": {}}}},
			want: "no context is selected in /h/c.yaml (available: a)"},
		{name: "a context", sources: dflt, lc: &contexts.Loaded{Name: "a"}},
		{name: "a host from the environment", sources: map[string]string{"host": "env"}, lc: &contexts.Loaded{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := noContext(&settings.Settings{Sources: tt.sources}, tt.lc)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if cmderr.CodeOf(err) != cmderr.Usage || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	err := noContext(&settings.Settings{Sources: dflt}, &contexts.Loaded{File: &config.File{Path: "/c"}})
	if h := cmderr.From(err).Hint; !strings.Contains(h, "kestractl config add local http://localhost:8080 main") {
		t.Fatalf("hint %q", h)
	}
}

func TestUnknownFlag(t *testing.T) {
	group := &pb.Command{Name: "flows", Children: []*pb.Command{{Name: "list", Flags: []*pb.Flag{{Name: "limit", Short: "L", Type: "int"}, {Name: "namespace", Aliases: []string{"ns"}, Type: "string"}}}}}
	flags := cmdline.NewGlobalFlags(cli.Model())
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"flows", "list", "--limt", "3"}, `unknown flag --limt, did you mean "--limit"?`},
		{[]string{"flows", "list", "--outptu=json"}, `unknown flag --outptu, did you mean "--output"?`},
		{[]string{"flows", "list", "--nss"}, `unknown flag --nss, did you mean "--ns"?`},
		{[]string{"flows", "list", "--zzzzzzzz"}, "unknown flag --zzzzzzzz"},
	}
	for _, tt := range tests {
		line, err := cmdline.Split(tt.args, flags, func(string) *pb.Command { return group })
		if err != nil || len(line.Unknown) == 0 {
			t.Fatalf("Split(%q) = %+v, %v", tt.args, line, err)
		}
		err = UnknownFlag(line, flags)
		if e := cmderr.From(err); e.Code != cmderr.Usage || e.Message != tt.want || e.Hint != "see 'kestractl flows list --help'" {
			t.Errorf("UnknownFlag(%q) = %q (hint %q), want %q", tt.args, e.Message, e.Hint, tt.want)
		}
	}
}

func TestUnknownSubcommand(t *testing.T) {
	group := &pb.Command{Name: "workers", Children: []*pb.Command{{Name: "registration-tokens", Children: []*pb.Command{{Name: "generate"}, {Name: "validate", Args: []*pb.Arg{{Name: "token"}}}}}}}
	flags := cmdline.NewGlobalFlags(cli.Model())
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"workers", "registration-tokens", "genrate"}, `unknown command "genrate" for "kestractl workers registration-tokens"; did you mean "generate"?`},
		{[]string{"workers", "nope"}, `unknown command "nope" for "kestractl workers"`},
		{[]string{"workers", "registration-tokens", "validate", "abc"}, ""},
		{[]string{"workers", "registration-tokens", "generate"}, ""},
	}
	for _, tt := range tests {
		line, err := cmdline.Split(tt.args, flags, func(string) *pb.Command { return group })
		if err != nil {
			t.Fatal(err)
		}
		err = UnknownSubcommand(line)
		if tt.want == "" {
			if err != nil {
				t.Errorf("%q: %v", tt.args, err)
			}
			continue
		}
		if e := cmderr.From(err); e.Code != cmderr.Usage || e.Message != tt.want || !strings.HasSuffix(e.Hint, " --help'") {
			t.Errorf("%q: %q (hint %q), want %q", tt.args, e.Message, e.Hint, tt.want)
		}
	}
}
