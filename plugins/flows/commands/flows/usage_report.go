package flows

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// UsageReport is "flows usage-report [--namespace NS] [--anonymize] [--detailed]".
type UsageReport struct {
	Namespace string `short:"n" completer:"namespace" help:"Only flows of this namespace and its children."`
	Anonymize bool   `help:"Replace tenant, namespace, flow and task ids with stable hashes (task types are kept), to share the report."`
	Detailed  bool   `help:"Also list every flow with its task and trigger types."`
}

// Examples implements manifest.Exampler.
func (*UsageReport) Examples() []string {
	return []string{
		"# before moving to Kestra 2.0: what do the flows use, and what is deprecated?\nkestractl flows usage-report > usage.md",
		"kestractl flows usage-report --namespace company --detailed --anonymize -o json",
	}
}

// Help implements kong.HelpProvider.
func (*UsageReport) Help() string {
	return `Reads every flow of every tenant the user can see (all tenants for a super-admin, else the current one):
their sources (one export per tenant) and the server's deprecated tasks (GET /flows/deprecated). It counts task and
trigger types and lists, per flow, the deprecated tasks (with their replacement) and the deprecated flow features
kestractl finds in the source: taskDefaults (now pluginDefaults), listeners (now afterExecution), inputs named
with "name" (now "id"), and Flow triggers with "conditions" (now "preconditions"). The table output is Markdown;
-o json prints one document: generatedAt, totals, tenants (each with its counts, types, deprecated flows and, with
--detailed, flowDetails).`
}

// Usage report documents.
type (
	typeCount struct {
		Type  string `json:"type"`
		Count int    `json:"count"`
	}
	deprecatedTask struct {
		TaskID      string `json:"taskId"`
		TaskType    string `json:"taskType"`
		Replacement string `json:"replacement,omitempty"`
	}
	deprecatedFeature struct {
		Path        string `json:"path"`
		Feature     string `json:"feature"`
		Replacement string `json:"replacement,omitempty"`
	}
	flowDeprecations struct {
		Namespace string              `json:"namespace"`
		FlowID    string              `json:"flowId"`
		Tasks     []deprecatedTask    `json:"deprecatedTasks,omitempty"`
		Features  []deprecatedFeature `json:"deprecatedFeatures,omitempty"`
	}
	flowUsage struct {
		Namespace    string      `json:"namespace"`
		FlowID       string      `json:"flowId"`
		Tasks        int         `json:"tasks"`
		TaskTypes    []typeCount `json:"taskTypes"`
		TriggerTypes []typeCount `json:"triggerTypes"`
	}
	tenantUsage struct {
		Tenant       string             `json:"tenant"`
		Namespaces   int                `json:"namespaces"`
		Flows        int                `json:"flows"`
		Tasks        int                `json:"tasks"`
		Triggers     int                `json:"triggers"`
		TaskTypes    []typeCount        `json:"taskTypes"`
		TriggerTypes []typeCount        `json:"triggerTypes"`
		Deprecated   []flowDeprecations `json:"deprecated"`
		FlowList     []flowUsage        `json:"flowDetails,omitempty"`
	}
	usageTotals struct {
		Tenants               int `json:"tenants"`
		Namespaces            int `json:"namespaces"`
		Flows                 int `json:"flows"`
		Tasks                 int `json:"tasks"`
		Triggers              int `json:"triggers"`
		FlowsWithDeprecations int `json:"flowsWithDeprecations"`
	}
	usageDocument struct {
		GeneratedAt string        `json:"generatedAt"`
		Namespace   string        `json:"namespace,omitempty"`
		Anonymized  bool          `json:"anonymized"`
		Totals      usageTotals   `json:"totals"`
		Tenants     []tenantUsage `json:"tenants"`
	}
)

// Run builds the report.
func (u *UsageReport) Run(c *plugin.Context) error {
	if u.Namespace != "" {
		if err := plugin.ValidateNamespace(u.Namespace); err != nil {
			return err
		}
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	k := cl.Kestra()
	tenants, err := visibleTenants(c, k)
	if err != nil {
		return err
	}
	doc := usageDocument{GeneratedAt: time.Now().UTC().Format(time.RFC3339), Namespace: u.Namespace, Anonymized: u.Anonymize, Tenants: []tenantUsage{}}
	for _, t := range tenants {
		tu, err := u.tenant(c, k, t)
		if err != nil {
			return fmt.Errorf("tenant %s: %w", t, err)
		}
		doc.Totals.Tenants++
		doc.Totals.Namespaces += tu.Namespaces
		doc.Totals.Flows += tu.Flows
		doc.Totals.Tasks += tu.Tasks
		doc.Totals.Triggers += tu.Triggers
		doc.Totals.FlowsWithDeprecations += len(tu.Deprecated)
		if u.Anonymize {
			anonymize(&tu)
		}
		doc.Tenants = append(doc.Tenants, tu)
	}
	if c.Structured() {
		return c.Object(doc)
	}
	_, err = io.WriteString(c.Stdout(), usageMarkdown(doc, u.Detailed))
	return err
}

// visibleTenants lists every tenant (a super-admin's view); when the user
// may not list them, the report covers the current tenant.
func visibleTenants(c *plugin.Context, k *kestra.Client) ([]string, error) {
	var out []string
	err := kestra.Paginate(c, k, kestra.APIPath("tenants", "search"), url.Values{"sort": {"id:asc"}}, 100, func(items []json.RawMessage, _ int64) error {
		for _, raw := range items {
			var t struct {
				ID string `json:"id"`
			}
			if json.Unmarshal(raw, &t) == nil && t.ID != "" {
				out = append(out, t.ID)
			}
		}
		return nil
	})
	if kestra.IsStatus(err, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusMethodNotAllowed) || err == nil && len(out) == 0 {
		_ = c.Info("The report covers tenant %s (listing every tenant needs a Kestra Enterprise super-admin).", k.Tenant())
		return []string{k.Tenant()}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list the tenants: %w", err)
	}
	return out, nil
}

// tenant gathers one tenant's usage.
func (u *UsageReport) tenant(ctx context.Context, k *kestra.Client, tenant string) (tenantUsage, error) {
	tu := tenantUsage{Tenant: tenant, TaskTypes: []typeCount{}, TriggerTypes: []typeCount{}, Deprecated: []flowDeprecations{}}
	q := url.Values{}
	if u.Namespace != "" {
		q.Set("filters[namespace][PREFIX]", u.Namespace)
	}
	var data []byte
	req := &kestra.Request{Method: http.MethodGet, Path: kestra.APIPath(tenant, "flows", "export", "by-query"), Query: q, Stream: true, Accept: "application/octet-stream"}
	err := k.Call(ctx, req, func(resp *http.Response) error {
		b, err := cmdutil.ReadAll(resp, maxExport, "the export (use --namespace)")
		data = b
		return err
	})
	if err != nil {
		return tu, err
	}
	entries, err := readZip(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return tu, fmt.Errorf("the server's export is %v", err)
	}
	deps := map[api.FlowRef]*flowDeprecations{}
	dq := url.Values{}
	if u.Namespace != "" {
		dq.Set("namespace", u.Namespace)
	}
	var deprecated []struct {
		Namespace       string `json:"namespace"`
		FlowID          string `json:"flowId"`
		DeprecatedTasks []struct {
			TaskID      string  `json:"taskId"`
			TaskType    string  `json:"taskType"`
			Replacement *string `json:"replacement"`
		} `json:"deprecatedTasks"`
	}
	if err := k.Get(ctx, kestra.APIPath(tenant, "flows", "deprecated"), dq, &deprecated); err != nil {
		return tu, fmt.Errorf("list the deprecated tasks: %w", err)
	}
	for _, d := range deprecated {
		fd := &flowDeprecations{Namespace: d.Namespace, FlowID: d.FlowID}
		for _, t := range d.DeprecatedTasks {
			dt := deprecatedTask{TaskID: t.TaskID, TaskType: t.TaskType}
			if t.Replacement != nil {
				dt.Replacement = *t.Replacement
			}
			fd.Tasks = append(fd.Tasks, dt)
		}
		deps[api.FlowRef{Namespace: d.Namespace, ID: d.FlowID}] = fd
	}
	taskTypes, triggerTypes := map[string]int{}, map[string]int{}
	namespaces := map[string]bool{}
	for _, e := range entries {
		if e.Err != nil {
			continue
		}
		var flow map[string]any
		if err := yaml.Unmarshal(e.Source, &flow); err != nil {
			continue
		}
		tu.Flows++
		namespaces[e.NS] = true
		fu := flowUsage{Namespace: e.NS, FlowID: e.ID}
		ft, ftr := map[string]int{}, map[string]int{}
		for _, t := range flowTasks(flow) {
			ft[t]++
			taskTypes[t]++
			fu.Tasks++
		}
		for _, t := range flowTriggerTypes(flow) {
			ftr[t]++
			triggerTypes[t]++
		}
		tu.Tasks += fu.Tasks
		tu.Triggers += len(flowTriggerTypes(flow))
		fu.TaskTypes, fu.TriggerTypes = counted(ft), counted(ftr)
		if features := deprecatedFeatures(flow); len(features) > 0 {
			ref := api.FlowRef{Namespace: e.NS, ID: e.ID}
			if deps[ref] == nil {
				deps[ref] = &flowDeprecations{Namespace: e.NS, FlowID: e.ID}
			}
			deps[ref].Features = features
		}
		if u.Detailed {
			tu.FlowList = append(tu.FlowList, fu)
		}
	}
	tu.Namespaces = len(namespaces)
	tu.TaskTypes, tu.TriggerTypes = counted(taskTypes), counted(triggerTypes)
	for _, d := range deps {
		tu.Deprecated = append(tu.Deprecated, *d)
	}
	slices.SortFunc(tu.Deprecated, func(a, b flowDeprecations) int {
		return cmp.Or(strings.Compare(a.Namespace, b.Namespace), strings.Compare(a.FlowID, b.FlowID))
	})
	slices.SortFunc(tu.FlowList, func(a, b flowUsage) int {
		return cmp.Or(strings.Compare(a.Namespace, b.Namespace), strings.Compare(a.FlowID, b.FlowID))
	})
	return tu, nil
}

// counted sorts counts, most used first.
func counted(m map[string]int) []typeCount {
	out := make([]typeCount, 0, len(m))
	for t, n := range m {
		out = append(out, typeCount{Type: t, Count: n})
	}
	slices.SortFunc(out, func(a, b typeCount) int { return cmp.Or(b.Count-a.Count, strings.Compare(a.Type, b.Type)) })
	return out
}

// flowTasks returns the types of every task of a flow, nested ones
// included: every mapping with a string id and type outside the flow's
// triggers, inputs, outputs, plugin defaults, variables and labels.
func flowTasks(flow map[string]any) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			id, okID := x["id"].(string)
			typ, okType := x["type"].(string)
			if okID && okType && id != "" && typ != "" {
				out = append(out, typ)
			}
			for _, k := range sortedKeys(x) {
				walk(x[k])
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	for _, k := range sortedKeys(flow) {
		switch k {
		case "triggers", "inputs", "outputs", "pluginDefaults", "taskDefaults", "variables", "labels", "concurrency", "retry", "sla":
			continue
		}
		walk(flow[k])
	}
	return out
}

func flowTriggerTypes(flow map[string]any) []string {
	var out []string
	list, _ := flow["triggers"].([]any)
	for _, t := range list {
		if m, ok := t.(map[string]any); ok {
			if typ, ok := m["type"].(string); ok && typ != "" {
				out = append(out, typ)
			}
		}
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// deprecatedFeatures finds the flow properties Kestra deprecated in favour
// of others (see UsageReport.Help).
func deprecatedFeatures(flow map[string]any) []deprecatedFeature {
	var out []deprecatedFeature
	if _, ok := flow["taskDefaults"]; ok {
		out = append(out, deprecatedFeature{Path: "taskDefaults", Feature: "taskDefaults", Replacement: "pluginDefaults"})
	}
	if _, ok := flow["listeners"]; ok {
		out = append(out, deprecatedFeature{Path: "listeners", Feature: "listeners", Replacement: "afterExecution"})
	}
	inputs, _ := flow["inputs"].([]any)
	for i, in := range inputs {
		if m, ok := in.(map[string]any); ok {
			if _, hasName := m["name"]; hasName {
				if _, hasID := m["id"]; !hasID {
					out = append(out, deprecatedFeature{Path: fmt.Sprintf("inputs[%d].name", i), Feature: "input name", Replacement: "id"})
				}
			}
		}
	}
	triggers, _ := flow["triggers"].([]any)
	for i, t := range triggers {
		m, ok := t.(map[string]any)
		if !ok {
			continue
		}
		typ, _ := m["type"].(string)
		if _, has := m["conditions"]; has && (typ == "io.kestra.plugin.core.trigger.Flow" || typ == "io.kestra.core.models.triggers.types.Flow") {
			out = append(out, deprecatedFeature{Path: fmt.Sprintf("triggers[%d].conditions", i), Feature: "Flow trigger conditions", Replacement: "preconditions"})
		}
	}
	return out
}

// anonymize replaces the ids of a tenant's usage with stable hashes.
func anonymize(tu *tenantUsage) {
	tu.Tenant = hashName("tenant", tu.Tenant)
	for i := range tu.Deprecated {
		d := &tu.Deprecated[i]
		d.Namespace, d.FlowID = hashName("ns", d.Namespace), hashName("flow", d.FlowID)
		for j := range d.Tasks {
			d.Tasks[j].TaskID = hashName("task", d.Tasks[j].TaskID)
		}
	}
	for i := range tu.FlowList {
		tu.FlowList[i].Namespace, tu.FlowList[i].FlowID = hashName("ns", tu.FlowList[i].Namespace), hashName("flow", tu.FlowList[i].FlowID)
	}
}

func hashName(kind, s string) string {
	sum := sha256.Sum256([]byte(kind + "\x00" + s))
	return kind + "-" + hex.EncodeToString(sum[:])[:10]
}

// usageMarkdown renders the report as Markdown.
func usageMarkdown(doc usageDocument, detailed bool) string {
	var b strings.Builder
	b.WriteString("# Kestra usage report\n\n")
	fmt.Fprintf(&b, "Generated %s", doc.GeneratedAt)
	if doc.Namespace != "" {
		fmt.Fprintf(&b, " for namespace `%s` and its children", doc.Namespace)
	}
	if doc.Anonymized {
		b.WriteString(" (anonymized)")
	}
	b.WriteString(".\n\n## Totals\n\n| tenants | namespaces | flows | tasks | triggers | flows with deprecations |\n|---:|---:|---:|---:|---:|---:|\n")
	t := doc.Totals
	fmt.Fprintf(&b, "| %d | %d | %d | %d | %d | %d |\n", t.Tenants, t.Namespaces, t.Flows, t.Tasks, t.Triggers, t.FlowsWithDeprecations)
	for _, tu := range doc.Tenants {
		fmt.Fprintf(&b, "\n## Tenant `%s`\n\n%s in %s: %s, %s.\n", tu.Tenant, plural(tu.Flows, "flow"), plural(tu.Namespaces, "namespace"), plural(tu.Tasks, "task"), plural(tu.Triggers, "trigger"))
		typeTable(&b, "Task types", tu.TaskTypes)
		typeTable(&b, "Trigger types", tu.TriggerTypes)
		b.WriteString("\n### Deprecated\n\n")
		if len(tu.Deprecated) == 0 {
			b.WriteString("Nothing deprecated.\n")
		} else {
			b.WriteString("| namespace | flow | what | replacement |\n|---|---|---|---|\n")
			for _, d := range tu.Deprecated {
				for _, x := range d.Tasks {
					fmt.Fprintf(&b, "| %s | %s | task `%s` (`%s`) | %s |\n", md(d.Namespace), md(d.FlowID), md(x.TaskID), md(x.TaskType), mdOr(x.Replacement))
				}
				for _, f := range d.Features {
					fmt.Fprintf(&b, "| %s | %s | %s (`%s`) | %s |\n", md(d.Namespace), md(d.FlowID), md(f.Feature), md(f.Path), mdOr(f.Replacement))
				}
			}
		}
		if detailed {
			b.WriteString("\n### Flows\n\n| namespace | flow | tasks | task types | trigger types |\n|---|---|---:|---|---|\n")
			for _, f := range tu.FlowList {
				fmt.Fprintf(&b, "| %s | %s | %d | %s | %s |\n", md(f.Namespace), md(f.FlowID), f.Tasks, typeList(f.TaskTypes), typeList(f.TriggerTypes))
			}
		}
	}
	return b.String()
}

func typeTable(b *strings.Builder, title string, types []typeCount) {
	fmt.Fprintf(b, "\n### %s\n\n", title)
	if len(types) == 0 {
		b.WriteString("None.\n")
		return
	}
	b.WriteString("| type | count |\n|---|---:|\n")
	for _, t := range types {
		fmt.Fprintf(b, "| `%s` | %d |\n", md(t.Type), t.Count)
	}
}

func typeList(types []typeCount) string {
	if len(types) == 0 {
		return "-"
	}
	parts := make([]string, len(types))
	for i, t := range types {
		parts[i] = fmt.Sprintf("`%s` ×%d", md(t.Type), t.Count)
	}
	return strings.Join(parts, ", ")
}

// md escapes a cell's pipes.
func md(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func mdOr(s string) string {
	if s == "" {
		return "none"
	}
	return "`" + md(s) + "`"
}
