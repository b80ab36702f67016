package commands_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/plugins/iam/commands"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

// id creates something with argv and returns the id of the answer.
// sim runs the plugin against a kestrasim of its own.
type sim struct{ *plugintest.Sim }

func newSim(t *testing.T, args ...string) *sim {
	return &sim{plugintest.NewSim(t, iamPlugin(), args...)}
}

func (s *sim) id(argv ...string) string {
	s.T.Helper()
	r := s.OK(argv...)
	var v struct{ ID string }
	if err := json.Unmarshal(r.Objects[0], &v); err != nil || v.ID == "" {
		s.T.Fatalf("%v answered %s", argv, r.Objects[0])
	}
	return v.ID
}

func TestResolveByEmailAndName(t *testing.T) {
	s := newSim(t)
	alice := s.id("users", "create", "--email", "alice@example.com", "--first-name", "Alice", "--last-name", "Lee")
	s.id("users", "create", "--email", "ann1@example.com", "--first-name", "Ann", "--last-name", "Lee")
	s.id("users", "create", "--email", "ann2@example.com", "--first-name", "Ann", "--last-name", "Lee")
	ops := s.id("groups", "create", "--name", "ops", "--member", "alice@example.com")
	role := s.id("roles", "create", "--name", "operator", "--permission", "FLOW:VIEW,LIST")
	bot := s.id("service-accounts", "create", "--name", "ci-bot")

	for _, tc := range []struct {
		argv []string
		id   string
	}{
		{[]string{"users", "get", "alice@example.com"}, alice},
		{[]string{"users", "get", "ALICE@example.com"}, alice},
		{[]string{"users", "get", "Alice Lee"}, alice},
		{[]string{"users", "get", alice}, alice},
		{[]string{"groups", "get", "ops"}, ops},
		{[]string{"roles", "get", "operator"}, role},
		{[]string{"service-accounts", "get", "ci-bot"}, bot},
	} {
		r := s.OK(tc.argv...)
		var v struct{ ID string }
		if json.Unmarshal(r.Objects[0], &v); v.ID != tc.id {
			t.Errorf("%v: got %s, want id %s", tc.argv, r.Objects[0], tc.id)
		}
	}
	// Several matches: an error listing them; none: not found.
	r := s.Run(s.Options("json"), "users", "get", "Ann Lee")
	if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), `"Ann Lee" names 2 users: 'ann1@example.com' (id `) ||
		!strings.Contains(r.Err.Error(), "'ann2@example.com' (id ") || r.Err.Hint != "give the id of the one you mean" {
		t.Errorf("ambiguous: %v %v (hint %q)", r.Code(), r.Err, r.Err.Hint)
	}
	r = s.Run(s.Options("json"), "groups", "delete", "nope")
	if r.Code() != cmderr.NotFound || r.Err.Error() != `no group has the id, e-mail or name "nope"` {
		t.Errorf("missing group: %v %v", r.Code(), r.Err)
	}

	// Messages name both the name and the id.
	r = s.OK("bindings", "create", "--type", "USER", "--external-id", "alice@example.com", "--role", "operator", "-n", "company")
	want := "Role 'operator' (id " + role + ") bound to USER 'alice@example.com' (id " + alice + ") in namespace 'company' of tenant 'main'."
	if !strings.Contains(r.MessageText(), want) {
		t.Errorf("messages %q, want %q", r.MessageText(), want)
	}
	r = s.OK("bindings", "list", "--type", "GROUP", "--external-id", "ops")
	if len(r.Records) != 0 {
		t.Errorf("group bindings %v", r.Records)
	}
	s.OK("bindings", "create", "--type", "GROUP", "--external-id", "ops", "--role", role)
	if r := s.OK("bindings", "list", "--type", "GROUP", "--external-id", "ops"); len(r.Records) != 1 {
		t.Errorf("group bindings %v", r.Records)
	}
	r = s.OK("groups", "members", "add", "ops", "ann1@example.com")
	if !strings.Contains(r.MessageText(), "User 'ann1@example.com' (id ") || !strings.Contains(r.MessageText(), "added to group 'ops' (id "+ops+")") {
		t.Errorf("messages %q", r.MessageText())
	}
	r = s.OK("users", "set-groups", "alice@example.com", "--group", "ops")
	if m := r.Object(t); m["id"] != alice || jsonOf(m["groups"]) != `["`+ops+`"]` {
		t.Errorf("set-groups %v", m)
	}
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestUserAdministration(t *testing.T) {
	s := newSim(t)
	alice := s.id("users", "create", "--email", "alice@example.com", "--first-name", "Alice", "--last-name", "Lee", "--tenant-grant", "main")
	o := s.Options("json")
	o.Secrets = map[string]string{"user-password": "Old-Passw0rd!"}
	if r := s.Run(o, "users", "set-password", "alice@example.com"); r.Err != nil {
		t.Fatal(r.Err)
	}

	r := s.OK("users", "autocomplete", "-q", "alice")
	if len(r.Records) != 1 || r.Records[0]["id"] != alice {
		t.Fatalf("autocomplete %v", r.Records)
	}

	// Impersonation: the token acts as alice until her refresh token is
	// revoked.
	r = s.OK("users", "impersonate", "alice@example.com")
	var tok struct {
		AccessToken string `json:"access_token"`
		Username    string `json:"username"`
	}
	if err := json.Unmarshal(r.Objects[0], &tok); err != nil || tok.AccessToken == "" || tok.Username != "alice@example.com" {
		t.Fatalf("impersonate %s", r.Objects[0])
	}
	if strings.Contains(r.MessageText(), tok.AccessToken) {
		t.Fatal("the token is in a message")
	}
	asAlice := plugintest.Options{Server: s.URL, Token: tok.AccessToken, Format: "json"}
	if r := s.Run(asAlice, "server", "license"); r.Err != nil {
		t.Fatalf("the impersonation token does not authenticate: %v", r.Err)
	}
	r = s.OK("users", "revoke-refresh-token", "alice@example.com")
	if m := r.Object(t); m["status"] != "revoked" || m["id"] != alice {
		t.Errorf("revoke %v", m)
	}
	if r := s.Run(asAlice, "server", "license"); r.Code() != cmderr.Unauthenticated {
		t.Fatalf("the token outlived the revocation: %v", r.Err)
	}

	// Targeted changes.
	r = s.OK("users", "set-super-admin", "alice@example.com", "--super-admin=true")
	if m := r.Object(t); m["superAdmin"] != true || m["status"] != "granted" {
		t.Errorf("%v", m)
	}
	r = s.OK("users", "set-super-admin", "alice@example.com", "--super-admin=false")
	if m := r.Object(t); m["status"] != "revoked" || !strings.Contains(r.MessageText(), "revokes the super-admin rights of user 'alice@example.com'") {
		t.Errorf("%v %q", m, r.MessageText())
	}
	s.OK("users", "set-restricted", alice, "--restricted=true")
	r = s.OK("users", "get", alice)
	if m := r.Object(t); m["restricted"] != true || m["superAdmin"] != false || m["firstName"] != "Alice" {
		t.Errorf("after the targeted changes: %v", m)
	}
	if r := s.Run(s.Options("json"), "users", "set-restricted", alice); r.Code() != cmderr.Usage {
		t.Errorf("no --restricted: %v", r.Err)
	}
	s.OK("users", "set-restricted", alice, "--restricted=false")

	// change-my-password: as alice, both passwords from stdin.
	asAliceBasic := plugintest.Options{Server: s.URL, Username: "alice@example.com", Password: "Old-Passw0rd!", Format: "json",
		Stdin: strings.NewReader("Old-Passw0rd!\nNew-Passw0rd!\n")}
	if r := s.Run(asAliceBasic, "users", "change-my-password"); r.Err != nil {
		t.Fatalf("change-my-password: %v", r.Err)
	}
	if r := s.Run(plugintest.Options{Server: s.URL, Username: "alice@example.com", Password: "Old-Passw0rd!", Format: "json"}, "server", "license"); r.Code() != cmderr.Unauthenticated {
		t.Errorf("the old password still works: %v", r.Err)
	}
	// On a terminal: prompted, the new one twice.
	answers := []string{"New-Passw0rd!", "Third-Passw0rd!", "Third-Passw0rd!"}
	var prompts []string
	term := plugintest.Options{Server: s.URL, Username: "alice@example.com", Password: "New-Passw0rd!", Format: "json",
		Terminal: &plugin.Terminal{StdinTTY: true, StderrTTY: true},
		Prompt: func(p plugin.Prompt) (string, error) {
			prompts = append(prompts, p.Text)
			if !p.Secret {
				t.Errorf("prompt %q echoes", p.Text)
			}
			a := answers[0]
			answers = answers[1:]
			return a, nil
		}}
	if r := s.Run(term, "users", "change-my-password"); r.Err != nil || strings.Join(prompts, "|") != "Current password|New password|New password again" {
		t.Fatalf("prompted: %v %q", r.Err, prompts)
	}
	for _, in := range []string{"only-one-line", "same\nsame", "a\nb\nc"} {
		o := plugintest.Options{Server: s.URL, Username: "alice@example.com", Password: "Third-Passw0rd!", Format: "json", Stdin: strings.NewReader(in)}
		if r := s.Run(o, "users", "change-my-password"); r.Code() != cmderr.Usage {
			t.Errorf("stdin %q: %v", in, r.Err)
		}
	}
	wrong := plugintest.Options{Server: s.URL, Username: "alice@example.com", Password: "Third-Passw0rd!", Format: "json", Stdin: strings.NewReader("wrong\nFourth-Passw0rd!")}
	if r := s.Run(wrong, "users", "change-my-password"); r.Err == nil || !strings.Contains(r.Err.Error(), "old password is incorrect") {
		t.Errorf("wrong old password: %v", r.Err)
	}

	// delete-auth-method asks; afterwards alice has no password.
	o = s.Options("json")
	o.AssumeYes = false
	if r := s.Run(o, "users", "delete-auth-method", "alice@example.com", "BASIC_AUTH"); r.Code() != cmderr.Usage ||
		r.Confirmations[0] != "Remove authentication method 'BASIC_AUTH' of user 'alice@example.com' (id "+alice+")? They can no longer sign in with it." {
		t.Fatalf("no --yes: %v %q", r.Err, r.Confirmations)
	}
	p := iamPlugin()
	p.Complete = commands.Complete
	got, err := plugintest.Complete(t, p, s.Options("json"), "auth-method", "B", "users", "delete-auth-method", alice)
	if err != nil || strings.Join(got, ",") != "BASIC_AUTH" {
		t.Errorf("completion %v %v", got, err)
	}
	r = s.OK("users", "delete-auth-method", "alice@example.com", "BASIC_AUTH")
	if m := r.Object(t); jsonOf(m["auths"]) != "[]" {
		t.Errorf("auths left: %v", m["auths"])
	}
}

func TestGroupsRolesAndServiceAccounts(t *testing.T) {
	s := newSim(t)
	alice := s.id("users", "create", "--email", "alice@example.com")
	ops := s.id("groups", "create", "--name", "ops")
	dev := s.id("groups", "create", "--name", "dev")
	admin := s.id("roles", "create", "--name", "admin", "--permission", "FLOW:VIEW")
	s.id("roles", "create", "--name", "viewer", "--permission", "FLOW:LIST")

	tr := s.Run(s.Options("table"), "groups", "autocomplete", "-q", "o")
	if tr.Err != nil || len(tr.Records) != 1 || tr.Records[0]["name"] != "ops" {
		t.Fatalf("groups autocomplete %v %v", tr.Err, tr.Records)
	}
	r := s.Run(s.Options("json"), "groups", "list-by-ids", dev, "ops", "nope")
	if r.Err != nil || len(r.Records) != 2 || r.Records[0]["id"] != dev || r.Records[1]["id"] != ops ||
		!strings.Contains(r.MessageText(), `no group has the id or name "nope": left out`) {
		t.Fatalf("list-by-ids %v %v %q", r.Err, r.Records, r.MessageText())
	}
	r = s.OK("groups", "set-membership", "ops", "alice@example.com", "--membership", "owner")
	if m := r.Object(t); !strings.Contains(jsonOf(m["groups"]), `"membership":"OWNER"`) ||
		!strings.Contains(r.MessageText(), "User 'alice@example.com' (id "+alice+") is now OWNER of group 'ops' (id "+ops+").") {
		t.Errorf("set-membership %v %q", m, r.MessageText())
	}
	if r := s.Run(s.Options("json"), "groups", "set-membership", "ops", alice, "--membership", "ADMIN"); r.Code() != cmderr.Usage {
		t.Errorf("bad membership: %v", r.Err)
	}

	r = s.OK("roles", "autocomplete", "-q", "view")
	if len(r.Records) != 1 || r.Records[0]["name"] != "viewer" {
		t.Fatalf("roles autocomplete %v", r.Records)
	}
	r = s.OK("roles", "list-from-ids", "viewer", admin)
	if len(r.Records) != 2 || r.Records[1]["id"] != admin || r.Records[0]["permissions"] == nil {
		t.Fatalf("list-from-ids %v", r.Records)
	}

	s.id("service-accounts", "create", "--name", "ci-bot")
	r = s.OK("service-accounts", "set-super-admin", "ci-bot", "--super-admin=true")
	if m := r.Object(t); m["superAdmin"] != true {
		t.Errorf("%v", m)
	}
	if m := s.OK("sa", "get", "ci-bot").Object(t); m["superAdmin"] != true {
		t.Errorf("not a super-admin: %v", m)
	}
}

func TestBindingsBulkCreate(t *testing.T) {
	s := newSim(t)
	alice := s.id("users", "create", "--email", "alice@example.com")
	s.id("groups", "create", "--name", "ops")
	s.id("roles", "create", "--name", "operator", "--permission", "FLOW:VIEW")
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.yaml", "- type: user\n  externalId: alice@example.com\n  roleId: operator\n  namespaceId: company.team\n- type: GROUP\n  externalId: ops\n  roleId: operator\n")
	r := s.OK("bindings", "bulk-create", "--file", good)
	var rep struct {
		Summary map[string]int
		Results []map[string]string
	}
	if err := json.Unmarshal(r.Objects[0], &rep); err != nil || rep.Summary["created"] != 2 || rep.Results[0]["subjectId"] != alice ||
		rep.Results[0]["namespace"] != "company.team" || rep.Results[1]["subject"] != "ops" || rep.Results[0]["id"] == "" {
		t.Fatalf("report %s", r.Objects[0])
	}
	if r := s.OK("bindings", "list", "-n", "company.team"); len(r.Records) != 1 {
		t.Fatalf("bindings %v", r.Records)
	}
	// Checked locally: every problem listed, nothing sent.
	bad := write("bad.json", `[{"type":"ROBOT","externalId":"","roleId":"operator"},{"type":"USER","externalId":"x","roleId":"r","namespaceId":"Bad NS"},`+
		`{"type":"USER","externalId":"x","roleId":"r","extra":1}]`)
	r = s.Run(s.Options("json"), "bindings", "bulk-create", "-f", bad)
	if r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "nothing was sent") {
		t.Fatalf("bad file: %v %v", r.Code(), r.Err)
	}
	r = s.Run(s.Options("json"), "bindings", "bulk-create", "-f", write("bad2.json", `[{"type":"ROBOT","externalId":"","roleId":"operator"},{"type":"USER","externalId":"x","roleId":"r","namespaceId":"Bad NS"},{"type":"USER","externalId":"x","roleId":"r","namespaceId":"Bad NS"}]`))
	if r.Code() != cmderr.Usage || len(r.Err.Details) != 5 {
		t.Fatalf("problems: %v %q", r.Err, r.Err.Details)
	}
	// An unknown role is found before anything is sent.
	r = s.Run(s.Options("json"), "bindings", "bulk-create", "-f", write("unknown.yaml", "- type: USER\n  externalId: alice@example.com\n  roleId: nope\n"))
	if r.Code() != cmderr.NotFound || !strings.Contains(r.Err.Error(), "binding 1: no role has the id, e-mail or name \"nope\"") {
		t.Fatalf("unknown role: %v %v", r.Code(), r.Err)
	}
}

func TestTenants(t *testing.T) {
	s := newSim(t)
	r := s.OK("tenants", "create", "acme", "--name", "Acme", "--concurrency-limit", "4", "--quota", "duration=PT1H,limit=10,behavior=CANCEL",
		"--storage-type", "s3", "--storage-config", "bucket=acme", "--storage-config", "port=9000", "--secret-read-only")
	m := r.Object(t)
	if m["name"] != "Acme" || jsonOf(m["quotas"]) != `[{"behavior":"CANCEL","duration":"PT1H","limit":10}]` ||
		jsonOf(m["storageConfiguration"]) != `{"bucket":"acme","port":9000}` || m["secretReadOnly"] != true {
		t.Fatalf("created %v", m)
	}
	tr := s.Run(s.Options("table"), "tenants", "get", "acme")
	if tr.Err != nil || !strings.Contains(string(tr.Objects[0]), `"storage settings":"bucket, port"`) || strings.Contains(string(tr.Objects[0]), "9000") {
		t.Fatalf("table view %s %v", tr.Objects, tr.Err)
	}
	r = s.OK("tenants", "update", "acme", "--quota", "duration=P1D,limit=100", "--storage-config", "port=", "--no-concurrency-limit")
	m = r.Object(t)
	if m["concurrency"] != nil || m["name"] != "Acme" || jsonOf(m["storageConfiguration"]) != `{"bucket":"acme"}` || len(m["quotas"].([]any)) != 2 {
		t.Fatalf("updated %v", m)
	}
	if msg := r.MessageText(); !strings.Contains(msg, "Tenant 'acme' updated: concurrency limit removed; quota P1D: 100, FAIL; storageConfiguration changed (keys: bucket).") {
		t.Errorf("messages %q", msg)
	}
	r = s.OK("tenants", "list", "-q", "acm")
	if len(r.Records) != 1 || r.Records[0]["id"] != "acme" {
		t.Fatalf("list %v", r.Records)
	}
	for _, argv := range [][]string{
		{"tenants", "create", "Bad Id"},
		{"tenants", "create", "x", "--quota", "duration=PT30S,limit=1"},
		{"tenants", "update", "acme"},
		{"tenants", "update", "acme", "--storage-config", "novalue"},
	} {
		if r := s.Run(s.Options("json"), argv...); r.Code() != cmderr.Usage {
			t.Errorf("%v: %v %v", argv, r.Code(), r.Err)
		}
	}
	// delete: the id typed back on a terminal, --yes in scripts.
	o := s.Options("json")
	o.AssumeYes = false
	if r := s.Run(o, "tenants", "delete", "acme"); r.Code() != cmderr.Usage || !strings.Contains(r.Err.Error(), "pass --yes") {
		t.Fatalf("no terminal: %v", r.Err)
	}
	o.Terminal = &plugin.Terminal{StdinTTY: true, StderrTTY: true}
	var asked string
	o.Prompt = func(p plugin.Prompt) (string, error) { asked = p.Text; return "acm", nil }
	if r := s.Run(o, "tenants", "delete", "acme"); r.Code() != cmderr.Cancelled || !strings.Contains(asked, "Type the tenant id to confirm") ||
		!strings.Contains(asked, s.URL) {
		t.Fatalf("wrong id typed: %v %q", r.Err, asked)
	}
	o.Prompt = func(p plugin.Prompt) (string, error) { return "acme", nil }
	if r := s.Run(o, "tenants", "delete", "acme"); r.Err != nil {
		t.Fatalf("id typed: %v", r.Err)
	}
	if r := s.Run(s.Options("json"), "tenants", "get", "acme"); r.Code() != cmderr.NotFound {
		t.Fatalf("still there: %v", r.Err)
	}
}

func TestServer(t *testing.T) {
	s := newSim(t)
	r := s.OK("server", "license")
	if m := r.Object(t); m["type"] != "ENTERPRISE" {
		t.Fatalf("license %v", m)
	}
	tr := s.Run(s.Options("table"), "server", "actions", "--permission", "flow,execution")
	if tr.Err != nil || len(tr.Records) != 2 || tr.Records[1]["permission"] != "FLOW" || !strings.Contains(tr.Records[1]["actions"].(string), "EXECUTE") {
		t.Fatalf("actions %v %v", tr.Err, tr.Records)
	}
	if r := s.Run(s.Options("json"), "server", "actions", "--permission", "NOPE"); r.Code() != cmderr.NotFound {
		t.Fatalf("unknown permission: %v", r.Err)
	}
	out := filepath.Join(t.TempDir(), "usage.json")
	r = s.OK("server", "generate", "--from", "7d", "-O", out)
	b, err := os.ReadFile(out)
	var rep struct {
		Tenant string `json:"tenant"`
	}
	if err != nil || json.Unmarshal(b, &rep) != nil || rep.Tenant != "main" || !strings.Contains(r.MessageText(), "written to "+out) {
		t.Fatalf("report %s %v %q", b, err, r.MessageText())
	}
	r = s.OK("server", "generate", "--from", "2020-01-01")
	if !strings.Contains(r.Stdout, `"from":"2020-01-01"`) && !strings.Contains(r.Stdout, `"from": "2020-01-01"`) {
		t.Fatalf("stdout %q", r.Stdout)
	}
	if r := s.Run(s.Options("json"), "server", "generate", "--from", "2999-01-01"); r.Code() != cmderr.Usage {
		t.Fatalf("future: %v", r.Err)
	}
}

func TestOpenSourceServerSim(t *testing.T) {
	s := newSim(t, "--edition", "oss")
	for _, tc := range []struct {
		argv    []string
		feature string
	}{
		{[]string{"tenants", "list"}, "tenants"},
		{[]string{"tenants", "create", "x"}, "tenants"},
		{[]string{"server", "license"}, "license information"},
		{[]string{"server", "actions"}, "permission actions"},
		{[]string{"users", "get", "alice@example.com"}, "users"},
		{[]string{"groups", "list-by-ids", "g1"}, "groups"},
	} {
		r := s.Run(s.Options("json"), tc.argv...)
		want := tc.feature + ": a Kestra Enterprise feature, but the server at " + s.URL + " runs the open-source edition"
		if r.Code() != cmderr.PermissionDenied || r.Err.Error() != want {
			t.Errorf("%v: %v %v", tc.argv, r.Code(), r.Err)
		}
	}
}
