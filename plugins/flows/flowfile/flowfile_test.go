package flowfile

import (
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/yamldoc"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, src, wantID, wantNS, wantErr string
	}{
		{"ok", "id: hello\nnamespace: company.team\ntasks: []\n", "hello", "company.team", ""},
		{"quoted", "id: 'hello'\nnamespace: \"a.b\"\n", "hello", "a.b", ""},
		{"no namespace", "id: hello\n", "", "", "no top-level 'namespace'"},
		{"no id", "namespace: a\n", "", "", "no top-level 'id'"},
		{"empty id", "id: ''\nnamespace: a\n", "", "", "'id' must be a non-empty string"},
		{"list", "- a\n- b\n", "", "", "must be a YAML mapping"},
		{"scalar", "hello\n", "", "", "must be a YAML mapping"},
		{"bad yaml", "id: [a\n", "", "", "invalid YAML"},
		{"nested namespace ignored", "id: x\ntasks:\n  - namespace: other\nnamespace: top\n", "x", "top", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs := Parse("f.yaml", []byte(tt.src))
			if len(docs) != 1 {
				t.Fatalf("%d docs", len(docs))
			}
			d := docs[0]
			if tt.wantErr != "" {
				if d.Err == nil || !strings.Contains(d.Err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", d.Err, tt.wantErr)
				}
				return
			}
			if d.Err != nil || d.ID != tt.wantID || d.Namespace != tt.wantNS || d.Label() != "f.yaml" {
				t.Fatalf("doc = %+v", d)
			}
		})
	}
	docs := Parse("m.yaml", []byte("id: a\nnamespace: n\n---\nid: b\nnamespace: n\n"))
	if len(docs) != 2 || docs[1].Label() != "m.yaml#2" || docs[1].ID != "b" {
		t.Fatalf("multi = %+v", docs)
	}
	if docs := Parse("e.yaml", []byte("# nothing\n")); len(docs) != 0 {
		t.Fatalf("empty = %+v", docs)
	}
}

func TestSetNamespace(t *testing.T) {
	tests := []struct {
		name, src, ns, want, wantErr string
	}{
		{
			name: "keeps comments, order and nested namespaces",
			src:  "# my flow\nid: hello # the id\nnamespace: dev.team   # where\ntasks:\n  - id: sub\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: dev.other\n",
			ns:   "prod.team",
			want: "# my flow\nid: hello # the id\nnamespace: prod.team   # where\ntasks:\n  - id: sub\n    type: io.kestra.plugin.core.flow.Subflow\n    namespace: dev.other\n",
		},
		{name: "single quoted", src: "namespace: 'dev'\nid: a\n", ns: "prod", want: "namespace: 'prod'\nid: a\n"},
		{name: "double quoted", src: "id: a\nnamespace: \"dev\"\n", ns: "prod", want: "id: a\nnamespace: \"prod\"\n"},
		{name: "crlf", src: "id: a\r\nnamespace: dev\r\n", ns: "prod", want: "id: a\r\nnamespace: prod\r\n"},
		{name: "numeric namespace gets quoted", src: "id: a\nnamespace: dev\n", ns: "123", want: "id: a\nnamespace: \"123\"\n"},
		{name: "block scalar refused", src: "id: a\nnamespace: |\n  dev\n", ns: "prod", wantErr: "block scalars"},
		{name: "alias refused", src: "x: &n dev\nid: a\nnamespace: *n\n", ns: "prod", wantErr: "alias"},
		{name: "invalid target", src: "id: a\nnamespace: dev\n", ns: "Bad NS", wantErr: "invalid namespace"},
		{name: "no namespace", src: "id: a\n", ns: "prod", wantErr: "no top-level 'namespace'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SetNamespace([]byte(tt.src), tt.ns)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("got:\n%q\nwant:\n%q", got, tt.want)
			}
		})
	}
}

func TestPrefix(t *testing.T) {
	p, err := ValidatePrefix(" staging.pr42. ")
	if err != nil || p != "staging.pr42" {
		t.Fatalf("ValidatePrefix = %q, %v", p, err)
	}
	for _, bad := range []string{"", "..", "a..b", "a b", "UPPER"} {
		if _, err := ValidatePrefix(bad); err == nil {
			t.Errorf("ValidatePrefix(%q) accepted", bad)
		}
	}
	got, err := PrefixNamespace([]byte("id: a\nnamespace: team\n"), "team", "staging")
	if err != nil || string(got) != "id: a\nnamespace: staging.team\n" {
		t.Fatalf("PrefixNamespace = %q, %v", got, err)
	}
}

func TestDisableTriggers(t *testing.T) {
	tests := []struct {
		name, src, want, wantErr string
	}{
		{
			name: "insert and replace",
			src: "id: a\nnamespace: n\ntriggers:\n  - id: daily # every day\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"0 9 * * *\"\n" +
				"  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    disabled: false\n",
			want: "id: a\nnamespace: n\ntriggers:\n  - disabled: true\n    id: daily # every day\n    type: io.kestra.plugin.core.trigger.Schedule\n    cron: \"0 9 * * *\"\n" +
				"  - id: hook\n    type: io.kestra.plugin.core.trigger.Webhook\n    disabled: true\n",
		},
		{name: "no triggers", src: "id: a\nnamespace: n\n", want: "id: a\nnamespace: n\n"},
		{name: "flow style refused", src: "id: a\ntriggers: [{id: x}]\n", wantErr: "flow style"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DisableTriggers([]byte(tt.src))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Fatalf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func FuzzSetNamespace(f *testing.F) {
	f.Add("id: a\nnamespace: dev # c\ntasks: []\n", "prod")
	f.Add("namespace: 'x'\n", "a.b")
	f.Fuzz(func(t *testing.T, src, ns string) {
		out, err := SetNamespace([]byte(src), ns)
		if err != nil {
			return
		}
		root, err := parseMapping(out)
		if err != nil {
			t.Fatalf("rewrite of %q gave invalid YAML %q: %v", src, out, err)
		}
		if v := yamldoc.Value(root, "namespace"); v == nil || v.Value != ns {
			t.Fatalf("rewrite of %q to %q gave %q", src, ns, out)
		}
	})
}

func FuzzDisableTriggers(f *testing.F) {
	f.Add("id: a\ntriggers:\n  - id: t\n    type: x\n")
	f.Fuzz(func(t *testing.T, src string) {
		out, err := DisableTriggers([]byte(src))
		if err != nil {
			return
		}
		if _, err := DisableTriggers(out); err != nil {
			t.Fatalf("second pass failed on %q: %v", out, err)
		}
	})
}
