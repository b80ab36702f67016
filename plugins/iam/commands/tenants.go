package commands

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Tenants is the tenants group (instance-level, super-admin).
type Tenants struct {
	List   TenantsList   `cmd:"" aliases:"ls" help:"List tenants."`
	Get    TenantsGet    `cmd:"" aliases:"show,describe" help:"Show a tenant with its limits and backends."`
	Create TenantsCreate `cmd:"" help:"Create a tenant with limits, quotas and storage and secret backends."`
	Update TenantsUpdate `cmd:"" help:"Change a tenant: only what you pass changes."`
	Delete TenantsDelete `cmd:"" aliases:"rm" help:"Delete a tenant and everything in it (asks for the tenant id; --yes to skip)."`
}

// tenantFlags are the settings create and update take.
type tenantFlags struct {
	Name                     *string `placeholder:"NAME" help:"Display name (create: default the id)."`
	plugin.LimitFlags        `embed:"" set:"limits=the tenant"`
	StorageType              *string  `name:"storage-type" placeholder:"TYPE" help:"Internal storage backend of the tenant (e.g. s3, gcs, azure)."`
	StorageConfig            []string `name:"storage-config" sep:"none" placeholder:"KEY=VALUE" help:"Storage backend setting, repeatable (KEY= removes one on update)."`
	StorageConfigFile        string   `name:"storage-config-file" placeholder:"FILE" help:"YAML or JSON mapping of storage settings (replaces them all)."`
	SecretType               *string  `name:"secret-type" placeholder:"TYPE" help:"Secret backend of the tenant (e.g. vault, aws-secret-manager)."`
	SecretConfig             []string `name:"secret-config" sep:"none" placeholder:"KEY=VALUE" help:"Secret backend setting, repeatable (KEY= removes one); credentials belong in --secret-config-file, not the command line."`
	SecretConfigFile         string   `name:"secret-config-file" placeholder:"FILE" help:"YAML or JSON mapping of secret backend settings (replaces them all)."`
	SecretReadOnly           *bool    `name:"secret-read-only" help:"Make the secret backend read-only (--secret-read-only=false to allow writes)."`
	RequireExistingNamespace *bool    `name:"require-existing-namespace" help:"Refuse flows in namespaces that were not created first."`
	OutputsInInternalStorage *bool    `name:"outputs-in-internal-storage" help:"Keep task outputs in the internal storage."`
}

// tenantUpdateFlags are what only update takes: what to remove.
type tenantUpdateFlags struct {
	plugin.LimitRemovalFlags `embed:""`
}

// maxConfigFile bounds a configuration file.
const maxConfigFile = 1 << 20

// empty reports whether nothing was asked.
func (f tenantFlags) empty(u tenantUpdateFlags) bool {
	return f.Name == nil && f.ConcurrencyLimit == nil && f.ConcurrencyBehavior == "" && f.Quota == nil && f.StorageType == nil &&
		f.StorageConfig == nil && f.StorageConfigFile == "" && f.SecretType == nil && f.SecretConfig == nil && f.SecretConfigFile == "" &&
		f.SecretReadOnly == nil && f.RequireExistingNamespace == nil && f.OutputsInInternalStorage == nil &&
		!u.NoConcurrencyLimit && u.RemoveQuota == nil
}

// apply checks the flags and writes them into a tenant document (the
// current one on update, a new one on create). Nothing is sent when a
// flag is wrong.
func (f tenantFlags) apply(c *plugin.Context, doc map[string]any, u tenantUpdateFlags) error {
	if f.Name != nil {
		if strings.TrimSpace(*f.Name) == "" {
			return cmderr.Usagef("--name must not be empty")
		}
		doc["name"] = *f.Name
	}
	limits, err := f.LimitFlags.Parse(u.LimitRemovalFlags)
	if err != nil {
		return err
	}
	if err := limits.Apply(doc, "tenant"); err != nil {
		return err
	}
	for _, s := range []struct {
		key  string
		val  *string
		flag string
	}{{"storageType", f.StorageType, "--storage-type"}, {"secretType", f.SecretType, "--secret-type"}} {
		if s.val == nil {
			continue
		}
		if strings.TrimSpace(*s.val) == "" {
			delete(doc, s.key)
		} else {
			doc[s.key] = *s.val
		}
	}
	if len(f.SecretConfig) > 0 {
		_ = c.Warn("secret backend settings typed on the command line stay in the shell's history; --secret-config-file FILE keeps credentials out of it")
	}
	for _, s := range []struct {
		key, flag, fileFlag string
		pairs               []string
		file                string
	}{{"storageConfiguration", "--storage-config", "--storage-config-file", f.StorageConfig, f.StorageConfigFile},
		{"secretConfiguration", "--secret-config", "--secret-config-file", f.SecretConfig, f.SecretConfigFile}} {
		if err := applyConfig(c, doc, s.key, s.flag, s.fileFlag, s.pairs, s.file); err != nil {
			return err
		}
	}
	for _, b := range []struct {
		key string
		val *bool
	}{{"secretReadOnly", f.SecretReadOnly}, {"requireExistingNamespace", f.RequireExistingNamespace}, {"outputsInInternalStorage", f.OutputsInInternalStorage}} {
		if b.val != nil {
			doc[b.key] = *b.val
		}
	}
	return nil
}

// applyConfig merges a backend configuration: a file replaces it, KEY=VALUE
// pairs set keys on top (KEY= removes one).
func applyConfig(c *plugin.Context, doc map[string]any, key, flag, fileFlag string, pairs []string, file string) error {
	if pairs == nil && file == "" {
		return nil
	}
	conf := map[string]any{}
	if cur, ok := doc[key].(map[string]any); ok {
		conf = cur
	}
	if file != "" {
		m, err := readMapping(c, fileFlag, file)
		if err != nil {
			return err
		}
		conf = m
	}
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return cmderr.Usagef("invalid %s %q: expected KEY=VALUE", flag, p)
		}
		if v == "" {
			delete(conf, k)
			continue
		}
		conf[k] = scalar(v)
	}
	if len(conf) == 0 {
		delete(doc, key)
	} else {
		doc[key] = conf
	}
	return nil
}

// scalar types a KEY=VALUE value: true, false and integers as such, the
// rest as text.
func scalar(v string) any {
	switch v {
	case "true":
		return true
	case "false":
		return false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil && strconv.FormatInt(n, 10) == v {
		return n
	}
	return v
}

// readMapping reads a YAML or JSON mapping from a file.
func readMapping(c *plugin.Context, flag, name string) (map[string]any, error) {
	f, err := os.Open(c.Path(name))
	if err != nil {
		return nil, cmderr.Usagef("%s: %v", flag, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxConfigFile+1))
	if err != nil {
		return nil, cmderr.Usagef("%s %s: %v", flag, name, err)
	}
	if len(b) > maxConfigFile {
		return nil, cmderr.Usagef("%s %s is larger than 1 MiB", flag, name)
	}
	m := map[string]any{}
	if err := yaml.Unmarshal(b, &m); err != nil {
		return nil, cmderr.Usagef("%s %s is not a YAML or JSON mapping: %s", flag, name, strings.SplitN(err.Error(), "\n", 2)[0])
	}
	if _, err := json.Marshal(m); err != nil {
		return nil, cmderr.Usagef("%s %s: %v", flag, name, err)
	}
	return m, nil
}

// tenantChanges says what differs between two tenant documents, naming
// only the keys of backend configurations (they may hold credentials).
func tenantChanges(before, after map[string]any) []string {
	var out []string
	for _, k := range plugin.ChangedKeys(before, after) {
		b, a := before[k], after[k]
		if limits, ok := plugin.LimitChanges(k, b, a); ok {
			out = append(out, limits...)
			continue
		}
		switch k {
		case "storageConfiguration", "secretConfiguration":
			out = append(out, k+" changed (keys: "+strings.Join(mapKeys(a), ", ")+")")
		default:
			if a == nil {
				out = append(out, k+" removed")
			} else {
				v, _ := json.Marshal(a)
				out = append(out, fmt.Sprintf("%s %s", k, v))
			}
		}
	}
	return out
}

func mapKeys(v any) []string {
	m, _ := v.(map[string]any)
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// tenantDetail is the table view of a tenant: backend configurations show
// their keys only (they may hold credentials; -o json has the server's
// document).
func tenantDetail(raw json.RawMessage) (fields, error) {
	doc, err := plugin.DecodeDocument(raw, "tenant")
	if err != nil {
		return nil, err
	}
	str := func(k string) string { s, _ := doc[k].(string); return s }
	flag := func(k string) string { b, _ := doc[k].(bool); return yesNo(b) }
	f := fields{{"id", str("id")}, {"name", str("name")}}
	conc := "none"
	cc, quotas, _ := plugin.ReadLimits(doc)
	if cc != nil {
		conc = fmt.Sprintf("%d (%s)", cc.Limit, cc.Behavior)
	}
	f = append(f, field{"concurrency limit", conc})
	qs := make([]string, 0, len(quotas))
	for _, q := range quotas {
		qs = append(qs, fmt.Sprintf("%s: %d, %s", q.Duration, q.Limit, q.Behavior))
	}
	if len(qs) == 0 {
		qs = []string{"none"}
	}
	f = append(f, field{"quotas", strings.Join(qs, "; ")},
		field{"storage type", str("storageType")}, field{"storage settings", strings.Join(mapKeys(doc["storageConfiguration"]), ", ")},
		field{"secret type", str("secretType")}, field{"secret settings", strings.Join(mapKeys(doc["secretConfiguration"]), ", ")},
		field{"secret read-only", flag("secretReadOnly")}, field{"require existing namespace", flag("requireExistingNamespace")},
		field{"outputs in internal storage", flag("outputsInInternalStorage")})
	return f, nil
}
