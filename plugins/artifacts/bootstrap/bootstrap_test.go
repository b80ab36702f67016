package bootstrap

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/plugins/artifacts/catalog"
)

func settings(kv ...string) Settings {
	s := Settings{}
	for i := 0; i+1 < len(kv); i += 2 {
		s[kv[i]] = Value{Value: kv[i+1]}
	}
	return s
}

func TestRequired(t *testing.T) {
	tests := []struct {
		name string
		s    Settings
		want []string
	}{
		{"storage and secret", settings("kestra.storage.type", "s3", "kestra.secret.type", "vault"), []string{"storage-s3", "secret-vault"}},
		{"all bundled", settings("kestra.storage.type", "local", "kestra.secret.type", "jdbc", "kestra.queue.type", "postgres", "kestra.repository.type", "postgres"), nil},
		{"kafka queue bundled, elasticsearch repository", settings("kestra.queue.type", "kafka", "kestra.repository.type", "elasticsearch"), []string{"plugin-ee-elasticsearch"}},
		{"multi-word secret", settings("kestra.secret.type", "aws-secret-manager"), []string{"secret-aws"}},
		{"case-insensitive", settings("kestra.storage.type", "GCS"), []string{"storage-gcs"}},
		{"all four", settings("kestra.storage.type", "azure", "kestra.secret.type", "azure-key-vault", "kestra.queue.type", "h2", "kestra.repository.type", "opensearch"), []string{"storage-azure", "secret-azure", "plugin-ee-opensearch"}},
		{"nothing set", Settings{}, nil},
	}
	for _, tc := range tests {
		got, err := Required(tc.s)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Required = %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
}

func TestRequiredUnknownType(t *testing.T) {
	_, err := Required(settings("kestra.storage.type", "unknownbackend"))
	want := `unknown kestra.storage.type "unknownbackend" — no known core plugin mapping (supported: azure, cloudflare, gcs, local, minio, s3, seaweedfs)`
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v\nwant  %s", err, want)
	}
	_, err = Required(settings("kestra.queue.type", "Redis"))
	if err == nil || err.Error() != `unknown kestra.queue.type "Redis" — no known core plugin mapping (supported: h2, kafka, memory, mysql, postgres)` {
		t.Fatalf("queue: %v", err)
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       map[string]string
		err        string
	}{
		{"nested", "kestra:\n  storage:\n    type: s3\n  secret:\n    type: vault\n", map[string]string{"kestra.storage.type": "s3", "kestra.secret.type": "vault"}, ""},
		{"flattened", "kestra.storage.type: gcs\nkestra.queue.type: postgres\n", map[string]string{"kestra.storage.type": "gcs", "kestra.queue.type": "postgres"}, ""},
		{"mixed", "kestra:\n  storage.type: minio\n  repository:\n    type: elasticsearch\n", map[string]string{"kestra.storage.type": "minio", "kestra.repository.type": "elasticsearch"}, ""},
		{"other keys ignored", "datasources:\n  postgres:\n    url: jdbc:x\nkestra:\n  url: http://x\n  storage:\n    type: local\n    local:\n      base-path: /app\n", map[string]string{"kestra.storage.type": "local"}, ""},
		{"empty and null values", "kestra:\n  storage:\n    type: \"\"\n  secret:\n    type: ~\n", map[string]string{}, ""},
		{"documents", "kestra.storage.type: s3\n---\nkestra.storage.type: gcs\n", map[string]string{"kestra.storage.type": "gcs"}, ""},
		{"alias", "base: &b s3\nkestra:\n  storage:\n    type: *b\n", map[string]string{"kestra.storage.type": "s3"}, ""},
		{"empty file", "", map[string]string{}, ""},
		{"placeholder", "kestra:\n  storage:\n    type: ${STORAGE_TYPE:local}\n", nil, "placeholder"},
		{"invalid", "kestra: [unclosed\n", nil, "did not find"},
	}
	for _, tc := range tests {
		got, err := Parse([]byte(tc.yaml))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: err = %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: Parse = %v, %v; want %v", tc.name, got, err, tc.want)
		}
	}
}

func TestLoadMerge(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "application.yaml")
	b := filepath.Join(dir, "application-prod.yaml")
	os.WriteFile(a, []byte("kestra:\n  storage:\n    type: s3\n  secret:\n    type: vault\n"), 0o600)
	os.WriteFile(b, []byte("kestra:\n  storage:\n    type: gcs\n  secret:\n    type: \"\"\n"), 0o600)
	s, err := Load([]string{a, b}, os.ReadFile)
	if err != nil {
		t.Fatal(err)
	}
	if s["kestra.storage.type"].Value != "gcs" || s["kestra.storage.type"].File != b || s["kestra.secret.type"].Value != "vault" {
		t.Fatalf("merged = %+v", s)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := Load([]string{filepath.Join(dir, "missing.yaml")}, os.ReadFile)
	if err == nil || !strings.HasPrefix(err.Error(), `cannot read config file "`) || !strings.HasSuffix(err.Error(), "no such file or directory") || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing: %v", err)
	}
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("kestra: [\n"), 0o600)
	if _, err := Load([]string{bad}, os.ReadFile); err == nil || !strings.HasPrefix(err.Error(), `cannot parse config file "`) {
		t.Fatalf("invalid: %v", err)
	}
}

func TestResolve(t *testing.T) {
	entries := []catalog.Entry{
		{GroupID: "io.kestra.storage", ArtifactID: "storage-s3", Version: "2.0.1", License: catalog.OpenSource},
		{GroupID: "io.kestra.ee.secret", ArtifactID: "secret-vault", Version: "2.0.3", License: catalog.Enterprise},
		{GroupID: "io.other", ArtifactID: "storage-s3", Version: "9.9.9"},
	}
	got, err := Resolve([]string{"secret-vault", "storage-s3"}, entries, "2.0.0")
	if err != nil || len(got) != 2 || got[0].Version != "2.0.3" || got[1].GroupID != "io.kestra.storage" {
		t.Fatalf("Resolve = %+v, %v", got, err)
	}
	_, err = Resolve([]string{"storage-s3", "storage-gcs", "secret-x"}, entries, "2.0.0")
	if err == nil || err.Error() != "core plugin(s) not available for Kestra 2.0.0: storage-gcs, secret-x — check the version exists and the configured backend is correct" {
		t.Fatalf("missing: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("kestra:\n  storage:\n    type: s3\n")
	f.Add("kestra.secret.type: vault\n---\nkestra: {queue: {type: kafka}}\n")
	f.Add("a: &a [*a, *a]\n")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Parse([]byte(s))
		if err != nil {
			return
		}
		for k, v := range got {
			if !wanted(k) || v == "" || strings.Contains(v, "${") {
				t.Fatalf("Parse(%q) found %q = %q", s, k, v)
			}
		}
	})
}

// Issue 20 #26: a configuration file is read up to a bound, with an error
// naming it: --from-config /dev/zero used to grow the plugin to 9.7 GB.
func TestReadFileIsBounded(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte(strings.Repeat("# comment\n", 2<<10)), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := readLimited(big, 20<<10); err != nil || len(b) != 20<<10 {
		t.Fatalf("at the limit: %d bytes, %v", len(b), err)
	}
	if _, err := readLimited(big, 20<<10-1); err == nil {
		t.Fatal("over the limit: read")
	}
	if _, err := Load([]string{filepath.Join(dir, "missing.yaml")}, ReadFile); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing: %v", err)
	}
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	_, err := Load([]string{"/dev/zero"}, ReadFile)
	if err == nil || err.Error() != `cannot read config file "/dev/zero": larger than 8 MiB, the limit for a Kestra configuration file` {
		t.Fatalf("/dev/zero: %v", err)
	}
}
