package settings

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kestractl/kestractl/core/config"
)

// setter writes a value for one field into one source.
type setter func(in *Input, env map[string]string, v string)

type fieldCase struct {
	name     string
	flag     setter
	envName  string
	context  setter
	fallback string
	// value makes a valid value for the field from a source tag.
	value func(tag string) string
	// get reads the resolved value.
	get func(s *Settings) string
}

func fields() []fieldCase {
	str := func(tag string) string { return tag + "-value" }
	return []fieldCase{
		{
			name: "host", envName: EnvHost, fallback: DefaultHost,
			flag:    func(in *Input, _ map[string]string, v string) { in.Flags.Host = v },
			context: func(in *Input, _ map[string]string, v string) { in.Context.Host = v },
			value:   func(tag string) string { return "https://" + tag + ".example.com" },
			get:     func(s *Settings) string { return s.Host },
		},
		{
			name: "tenant", envName: EnvTenant, fallback: DefaultTenant,
			flag:    func(in *Input, _ map[string]string, v string) { in.Flags.Tenant = v },
			context: func(in *Input, _ map[string]string, v string) { in.Context.Tenant = v },
			value:   str, get: func(s *Settings) string { return s.Tenant },
		},
		{
			name: "output", envName: EnvOutput, fallback: DefaultOutput,
			flag:    func(in *Input, _ map[string]string, v string) { in.Flags.Output = v },
			context: func(in *Input, _ map[string]string, v string) { in.Context.Output = v },
			value: func(tag string) string {
				return map[string]string{"flag": "json", "env": "yaml", "context": "JSON"}[tag]
			},
			get: func(s *Settings) string { return s.Output },
		},
		{
			name: "timeout", envName: EnvTimeout,
			flag:    func(in *Input, _ map[string]string, v string) { in.Flags.Timeout = v },
			context: func(in *Input, _ map[string]string, v string) { in.Context.Timeout = v },
			value: func(tag string) string {
				return map[string]string{"flag": "11s", "env": "22s", "context": "33s"}[tag]
			},
			get: func(s *Settings) string {
				if s.Timeout == 0 {
					return ""
				}
				return s.Timeout.String()
			},
		},
		{
			name: "ca_cert", envName: EnvCACert,
			flag:    func(in *Input, _ map[string]string, v string) { in.Flags.CACert = v },
			context: func(in *Input, _ map[string]string, v string) { in.Context.CACert = v },
			value:   str, get: func(s *Settings) string { return s.CACert },
		},
		{
			name: "token", envName: EnvToken,
			flag:    func(in *Input, _ map[string]string, v string) { in.Flags.Token = v },
			context: func(in *Input, _ map[string]string, v string) { in.Context.Token = v },
			value:   str, get: func(s *Settings) string { return s.Auth.Token },
		},
		{
			name: "username", envName: EnvUsername,
			flag:    func(in *Input, _ map[string]string, v string) { in.Flags.Username = v },
			context: func(in *Input, _ map[string]string, v string) { in.Context.Username = v },
			value:   str, get: func(s *Settings) string { return s.Auth.Username },
		},
		{
			name: "password", envName: EnvPassword,
			flag:    func(in *Input, _ map[string]string, v string) { in.Flags.Password = v },
			context: func(in *Input, _ map[string]string, v string) { in.Context.Password = v },
			value:   str, get: func(s *Settings) string { return s.Auth.Password },
		},
	}
}

func normalise(field, v string) string {
	switch field {
	case "output":
		return strings.ToLower(v)
	case "timeout":
		d, _ := time.ParseDuration(v)
		return d.String()
	}
	return v
}

// TestPrecedenceMatrix checks every field against every pair of sources:
// flag > env > context > default.
func TestPrecedenceMatrix(t *testing.T) {
	sources := []string{"flag", "env", "context", "default"}
	for _, f := range fields() {
		for i, hi := range sources {
			for _, lo := range sources[i+1:] {
				name := fmt.Sprintf("%s/%s_over_%s", f.name, hi, lo)
				t.Run(name, func(t *testing.T) {
					if (hi == "default" || lo == "default") && f.fallback == "" {
						// No default: the lower source alone must still win over nothing.
						if lo != "default" {
							t.Skip("field has no default")
						}
					}
					env := map[string]string{}
					in := Input{Context: &config.Context{}, ContextName: "ctx", ConfigPath: "/cfg.yaml",
						Env: func(k string) string { return env[k] }}
					// The password/username pair must be complete for basic auth to resolve.
					if f.name == "username" {
						in.Context.Password = "context-pw"
					}
					if f.name == "password" {
						in.Context.Username = "context-user"
					}
					put := func(src string) {
						v := f.value(src)
						switch src {
						case "flag":
							f.flag(&in, env, v)
						case "env":
							env[f.envName] = v
						case "context":
							f.context(&in, env, v)
						}
					}
					put(hi)
					put(lo)
					s, err := Resolve(in)
					if err != nil {
						t.Fatalf("Resolve: %v", err)
					}
					want := f.fallback
					if hi != "default" {
						want = normalise(f.name, f.value(hi))
					}
					if got := f.get(s); got != want {
						t.Fatalf("%s = %q, want %q (from %s)", f.name, got, want, hi)
					}
				})
			}
		}
	}
}

func TestAuthMethodSelection(t *testing.T) {
	tests := []struct {
		name                   string
		flags                  Flags
		env                    map[string]string
		ctx                    config.Context
		wantMethod, wantSource string
		wantToken              string
		wantUser, wantPass     string
		wantErr                string
	}{
		{name: "nothing", wantMethod: AuthNone},
		{name: "context token", ctx: config.Context{Token: "ct"}, wantMethod: AuthToken, wantSource: "context", wantToken: "ct"},
		{name: "flag basic beats context token (#120)", flags: Flags{Username: "u", Password: "p"}, ctx: config.Context{Token: "ct"},
			wantMethod: AuthBasic, wantSource: "flag", wantUser: "u", wantPass: "p"},
		{name: "env basic beats context token", env: map[string]string{EnvUsername: "eu", EnvPassword: "ep"}, ctx: config.Context{Token: "ct"},
			wantMethod: AuthBasic, wantSource: "env", wantUser: "eu", wantPass: "ep"},
		{name: "flag token beats env basic", flags: Flags{Token: "ft"}, env: map[string]string{EnvUsername: "eu", EnvPassword: "ep"},
			wantMethod: AuthToken, wantSource: "flag", wantToken: "ft"},
		{name: "token wins inside one source", flags: Flags{Token: "ft", Username: "u", Password: "p"},
			wantMethod: AuthToken, wantSource: "flag", wantToken: "ft"},
		{name: "token wins inside env", env: map[string]string{EnvToken: "et", EnvUsername: "eu"},
			wantMethod: AuthToken, wantSource: "env", wantToken: "et"},
		{name: "flag password pairs with context username", flags: Flags{Password: "fp"}, ctx: config.Context{Username: "cu", Token: "ct"},
			wantMethod: AuthBasic, wantSource: "flag", wantUser: "cu", wantPass: "fp"},
		{name: "explicit empty token does not select token", flags: Flags{Token: "  "}, ctx: config.Context{Username: "cu", Password: "cp"},
			wantMethod: AuthBasic, wantSource: "context", wantUser: "cu", wantPass: "cp"},
		{name: "missing password", flags: Flags{Username: "u"}, wantMethod: AuthBasic, wantSource: "flag", wantUser: "u",
			wantErr: `incomplete authentication: missing password (set --password, KESTRACTL_PASSWORD, or "password" in context "ctx" of /cfg.yaml)`},
		{name: "missing username", env: map[string]string{EnvPassword: "p"}, wantMethod: AuthBasic, wantSource: "env", wantPass: "p",
			wantErr: "missing username"},
		{name: "missing both from context", ctx: config.Context{Username: " "}, wantMethod: AuthNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := tt.ctx
			s, err := Resolve(Input{Flags: tt.flags, Context: &ctx, ContextName: "ctx", ConfigPath: "/cfg.yaml",
				Env: func(k string) string { return tt.env[k] }})
			if err != nil {
				t.Fatal(err)
			}
			a := s.Auth
			if a.Method != tt.wantMethod || a.Source != tt.wantSource || a.Token != tt.wantToken || a.Username != tt.wantUser || a.Password != tt.wantPass {
				t.Fatalf("auth = %+v", a)
			}
			if tt.wantErr == "" && a.Err != nil {
				t.Fatalf("unexpected error %v", a.Err)
			}
			if tt.wantErr != "" && (a.Err == nil || !strings.Contains(a.Err.Error(), tt.wantErr)) {
				t.Fatalf("error = %v, want %q", a.Err, tt.wantErr)
			}
		})
	}
}

func TestResolveErrors(t *testing.T) {
	tests := []struct {
		name    string
		flags   Flags
		ctx     config.Context
		wantErr string
		hostErr string
	}{
		{name: "bad output", flags: Flags{Output: "xml"}, wantErr: `unsupported output format "xml" (from --output): use table, json or yaml`},
		{name: "bad output in context", ctx: config.Context{Output: "csv"}, wantErr: `"output" in context "c"`},
		{name: "bad header", flags: Flags{Headers: []string{"NoColon"}}, wantErr: `invalid header "NoColon": expected Key:Value`},
		{name: "bad header name", flags: Flags{Headers: []string{"Bad Name:x"}}, wantErr: "invalid header"},
		{name: "bad timeout", flags: Flags{Timeout: "soon"}, wantErr: `invalid timeout "soon"`},
		{name: "host without scheme", flags: Flags{Host: "localhost:8080"}, hostErr: `host "localhost:8080" has no scheme: write http://localhost:8080`},
		{name: "host ftp", ctx: config.Context{Host: "ftp://x"}, hostErr: `scheme must be http or https (from "host" in context "c"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := tt.ctx
			s, err := Resolve(Input{Flags: tt.flags, Context: &ctx, ContextName: "c", ConfigPath: "/f"})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.HostErr == nil || !strings.Contains(s.HostErr.Error(), tt.hostErr) {
				t.Fatalf("HostErr = %v, want %q", s.HostErr, tt.hostErr)
			}
		})
	}
}

func TestHeaders(t *testing.T) {
	ctx := config.Context{Headers: []string{"X-Team: data", "Authorization: Bearer ctx"}}
	s, err := Resolve(Input{Context: &ctx, Flags: Flags{Headers: []string{"x-team:platform", "X-Api-Key:k", "X-Trace:1"}}})
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(s.Headers)
	if got != "[{X-Team platform} {X-Trace 1}]" {
		t.Fatalf("headers = %s", got)
	}
	if fmt.Sprint(s.SensitiveHeaders) != "[{Authorization Bearer ctx} {X-Api-Key k}]" {
		t.Fatalf("sensitive = %v", s.SensitiveHeaders)
	}
	if s.Host != DefaultHost || s.Sources["host"] != "default" {
		t.Fatalf("host %q from %q", s.Host, s.Sources["host"])
	}
}

func FuzzParseHeader(f *testing.F) {
	f.Add("X-Key:value")
	f.Add("Authorization: Bearer x:y")
	f.Add(":")
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHeader(s)
		if err != nil {
			return
		}
		if h.Name == "" || strings.ContainsAny(h.Name, ": \t\r\n") || strings.ContainsAny(h.Value, "\r\n\x00") {
			t.Fatalf("accepted bad header %q -> %+v", s, h)
		}
	})
}

func TestRedactHost(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"https://kestra.example.com", "https://kestra.example.com"},
		{"https://ada:S3cretPW@kestra.example.com:8080/x", "https://REDACTED@kestra.example.com:8080/x"},
		{"ada:S3cretPW@host", "REDACTED@host"},
		{"https://ada:pa/ss?w@host", "https://REDACTED@host"},
		{"https://ada:p%zzw@host", "https://REDACTED@host"},
		{"http://a@b@host", "http://REDACTED@host"},
		{"kestra.example.com:8080", "kestra.example.com:8080"},
	} {
		got := RedactHost(tt.in)
		if got != tt.want {
			t.Errorf("RedactHost(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if strings.Contains(got, "S3cret") || strings.Contains(got, "ss?w") {
			t.Errorf("RedactHost(%q) = %q shows the password", tt.in, got)
		}
	}
}

func TestValidateHostNeverShowsCredentials(t *testing.T) {
	for _, h := range []string{"ada:S3cretPW@host", "https://ada:S3cretPW@host", "ftp://ada:S3cretPW@host", "https://ada:S3cret%zzPW@host"} {
		err := ValidateHost(h)
		if err == nil {
			t.Fatalf("ValidateHost(%q) accepted credentials", h)
		}
		if strings.Contains(err.Error(), "S3cret") {
			t.Errorf("ValidateHost(%q) = %v", h, err)
		}
	}
}
