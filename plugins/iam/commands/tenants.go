package commands

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kestractl/kestractl/plugins/iam/validate"
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
	Name                     *string  `placeholder:"NAME" help:"Display name (create: default the id)."`
	ConcurrencyLimit         *int     `name:"concurrency-limit" placeholder:"N" help:"At most N executions of the tenant run at once."`
	ConcurrencyBehavior      string   `name:"concurrency-behavior" values:"QUEUE,CANCEL,FAIL" placeholder:"QUEUE|CANCEL|FAIL" help:"What happens to an execution over the concurrency limit (default QUEUE)."`
	Quota                    []string `sep:"none" placeholder:"duration=D,limit=N,behavior=B" help:"Execution quota, repeatable: at most limit executions per duration (ISO-8601, at least PT1M); over it they end FAILED or CANCELLED (behavior, default FAIL). On update it replaces the quota of the same duration."`
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
	NoConcurrencyLimit bool     `name:"no-concurrency-limit" help:"Remove the concurrency limit."`
	RemoveQuota        []string `name:"remove-quota" sep:"none" placeholder:"DURATION" help:"Remove the quota of this duration (e.g. PT1H), repeatable."`
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
	if err := f.applyConcurrency(doc, u.NoConcurrencyLimit); err != nil {
		return err
	}
	if err := applyQuotas(doc, f.Quota, u.RemoveQuota); err != nil {
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

func (f tenantFlags) applyConcurrency(doc map[string]any, remove bool) error {
	if remove {
		if f.ConcurrencyLimit != nil || f.ConcurrencyBehavior != "" {
			return cmderr.Usagef("--no-concurrency-limit removes the limit: do not give --concurrency-limit or --concurrency-behavior with it")
		}
		delete(doc, "concurrency")
		return nil
	}
	if f.ConcurrencyLimit == nil && f.ConcurrencyBehavior == "" {
		return nil
	}
	next := validate.Concurrency{Behavior: "QUEUE"}
	if cur, ok := doc["concurrency"]; ok && cur != nil {
		if err := remarshal(cur, &next); err != nil {
			return fmt.Errorf("read the tenant's concurrency limit: %w", err)
		}
	}
	if f.ConcurrencyLimit != nil {
		if *f.ConcurrencyLimit < 1 {
			return cmderr.Usagef("invalid --concurrency-limit %d: it must be at least 1", *f.ConcurrencyLimit)
		}
		next.Limit = *f.ConcurrencyLimit
	}
	if f.ConcurrencyBehavior != "" {
		b, err := validate.ConcurrencyBehavior(f.ConcurrencyBehavior)
		if err != nil {
			return cmderr.Usagef("%v", err)
		}
		next.Behavior = b
	}
	if next.Limit == 0 {
		return cmderr.Usagef("--concurrency-behavior needs a limit: give --concurrency-limit N too")
	}
	doc["concurrency"] = next
	return nil
}

// applyQuotas adds or replaces the quotas given (by duration) and removes
// the durations named.
func applyQuotas(doc map[string]any, add, remove []string) error {
	if add == nil && remove == nil {
		return nil
	}
	var quotas []validate.Quota
	if cur, ok := doc["quotas"]; ok && cur != nil {
		if err := remarshal(cur, &quotas); err != nil {
			return fmt.Errorf("read the tenant's quotas: %w", err)
		}
	}
	var given []validate.Quota
	for _, s := range add {
		q, err := validate.ParseQuota(s)
		if err != nil {
			return cmderr.Usagef("%v", err)
		}
		if slices.ContainsFunc(given, func(o validate.Quota) bool { return o.Window() == q.Window() }) {
			return cmderr.Usagef("two --quota values for the duration %s: each duration may have one quota", q.Duration)
		}
		given = append(given, q)
	}
	for _, d := range remove {
		norm, w, err := validate.QuotaWindow(d)
		if err != nil {
			return cmderr.Usagef("invalid --remove-quota: %v", err)
		}
		i := slices.IndexFunc(quotas, func(q validate.Quota) bool { return q.Window() == w })
		if i < 0 {
			return cmderr.New(cmderr.NotFound, "the tenant has no quota of duration %s to remove", norm)
		}
		quotas = slices.Delete(quotas, i, i+1)
	}
	for _, q := range given {
		if i := slices.IndexFunc(quotas, func(o validate.Quota) bool { return o.Window() == q.Window() }); i >= 0 {
			quotas[i] = q
		} else {
			quotas = append(quotas, q)
		}
	}
	if len(quotas) == 0 {
		delete(doc, "quotas")
	} else {
		doc["quotas"] = quotas
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
	keys := map[string]bool{}
	for k := range before {
		keys[k] = true
	}
	for k := range after {
		keys[k] = true
	}
	var sorted []string
	for k := range keys {
		sorted = append(sorted, k)
	}
	slices.Sort(sorted)
	var out []string
	for _, k := range sorted {
		b, a := before[k], after[k]
		if sameJSON(b, a) {
			continue
		}
		switch k {
		case "concurrency":
			var cc validate.Concurrency
			if a == nil || remarshal(a, &cc) != nil {
				out = append(out, "concurrency limit removed")
			} else {
				out = append(out, fmt.Sprintf("concurrency limit %d (%s)", cc.Limit, cc.Behavior))
			}
		case "quotas":
			var bq, aq []validate.Quota
			_ = remarshal(b, &bq)
			_ = remarshal(a, &aq)
			for _, q := range aq {
				i := slices.IndexFunc(bq, func(o validate.Quota) bool { return o.Window() == q.Window() })
				if i < 0 || bq[i] != q {
					out = append(out, fmt.Sprintf("quota %s: %d, %s", q.Duration, q.Limit, q.Behavior))
				}
			}
			for _, q := range bq {
				if !slices.ContainsFunc(aq, func(o validate.Quota) bool { return o.Window() == q.Window() }) {
					out = append(out, fmt.Sprintf("quota %s removed", q.Duration))
				}
			}
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

func sameJSON(a, b any) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	var va, vb any
	_ = json.Unmarshal(ja, &va)
	_ = json.Unmarshal(jb, &vb)
	return reflect.DeepEqual(va, vb)
}

// remarshal converts a decoded JSON value into v.
func remarshal(in, v any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// decodeDoc reads a JSON object keeping every number's digits.
func decodeDoc(raw json.RawMessage) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil || doc == nil {
		return nil, fmt.Errorf("cannot read the server's tenant: %v", err)
	}
	return doc, nil
}

// tenantDetail is the table view of a tenant: backend configurations show
// their keys only (they may hold credentials; -o json has the server's
// document).
func tenantDetail(raw json.RawMessage) (fields, error) {
	doc, err := decodeDoc(raw)
	if err != nil {
		return nil, err
	}
	str := func(k string) string { s, _ := doc[k].(string); return s }
	flag := func(k string) string { b, _ := doc[k].(bool); return yesNo(b) }
	f := fields{{"id", str("id")}, {"name", str("name")}}
	conc := "none"
	var cc validate.Concurrency
	if v, ok := doc["concurrency"]; ok && v != nil && remarshal(v, &cc) == nil {
		conc = fmt.Sprintf("%d (%s)", cc.Limit, cc.Behavior)
	}
	f = append(f, field{"concurrency limit", conc})
	var quotas []validate.Quota
	_ = remarshal(doc["quotas"], &quotas)
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
