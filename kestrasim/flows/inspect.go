package flows

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/namespaces"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// searchResult is Kestra's SearchResult<Flow>.
type searchResult struct {
	Model     map[string]any `json:"model"`
	Fragments []string       `json:"fragments"`
}

// sourceSearch serves GET /flows/source?q=&namespace=: flows whose source
// contains q (case-insensitive), with the matching source lines as
// fragments.
func (h *Handlers) sourceSearch(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	paging, err := rest.ParsePaging(q, 10)
	if err != nil {
		return err
	}
	text, prefix := q.Get("q"), q.Get("namespace")
	var hits []searchResult
	for _, rev := range h.find(r, query{}) {
		if prefix != "" && !namespaces.IsWithin(rev.Def.Namespace, prefix) {
			continue
		}
		fragments := []string{}
		if text != "" {
			for _, line := range strings.Split(rev.Source, "\n") {
				if containsFold(line, text) {
					fragments = append(fragments, strings.TrimRight(line, "\r"))
				}
			}
			if len(fragments) == 0 {
				continue
			}
		}
		hits = append(hits, searchResult{Model: rev.JSON(false), Fragments: fragments})
	}
	rest.WriteJSON(w, http.StatusOK, rest.Page(hits, paging))
	return nil
}

// resolver looks subflows up in the caller's tenant.
func (h *Handlers) resolver(tenant string) SubflowResolver {
	return func(ns, id string) *Definition {
		rev, err := h.Store.Get(tenant, ns, id, 0, false)
		if err != nil {
			return nil
		}
		return rev.Def
	}
}

// subflowsParam reads subflows, repeated or comma-separated.
func subflowsParam(r *http.Request) []string {
	var out []string
	for _, v := range r.URL.Query()["subflows"] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// graph serves GET /flows/{namespace}/{id}/graph?revision=&subflows=.
func (h *Handlers) graph(w http.ResponseWriter, r *http.Request) error {
	revision, err := revisionParam(r)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	ns, id := r.PathValue("namespace"), r.PathValue("id")
	rev, err := h.Store.Get(a.Tenant, ns, id, revision, false)
	if err != nil {
		uid := a.Tenant + "_" + ns + "_" + id
		if revision > 0 {
			uid = fmt.Sprintf("%s_%d", uid, revision)
		}
		return rest.NotFound("Unable to find flow %s", uid)
	}
	rest.WriteJSON(w, http.StatusOK, BuildGraph(rev.Def, subflowsParam(r), h.resolver(a.Tenant)))
	return nil
}

// graphFromSource serves POST /flows/graph: the graph of a posted source,
// which must be a valid flow.
func (h *Handlers) graphFromSource(w http.ResponseWriter, r *http.Request) error {
	def, _, err := readFlow(r)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	rest.WriteJSON(w, http.StatusOK, BuildGraph(def, subflowsParam(r), h.resolver(a.Tenant)))
	return nil
}

// topologies computes the dependencies between the live flows of the
// caller's tenant.
func (h *Handlers) topologies(tenant string) []Topology {
	revs := h.Store.Latest(tenant, nil)
	defs := make([]*Definition, len(revs))
	for i, rev := range revs {
		defs[i] = rev.Def
	}
	return allTopologies(defs)
}

// dependencies serves GET /flows/{namespace}/{id}/dependencies.
func (h *Handlers) dependencies(w http.ResponseWriter, r *http.Request) error {
	dq, err := ReadDependencyQuery(r)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	ns, id := r.PathValue("namespace"), r.PathValue("id")
	if _, err := h.Store.Get(a.Tenant, ns, id, 0, false); err != nil {
		return err
	}
	deps := FlowDependencies(h.topologies(a.Tenant), FlowRef{Namespace: ns, ID: id}, dq.DestinationOnly, dq.ExpandAll)
	rest.WriteJSON(w, http.StatusOK, TopologyGraph(a.Tenant, deps))
	return nil
}

// namespaceDependencies serves GET /namespaces/{namespace}/dependencies.
func (h *Handlers) namespaceDependencies(w http.ResponseWriter, r *http.Request) error {
	destinationOnly, err := rest.QueryBool(r, "destinationOnly", false)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	deps := NamespaceDependencies(h.topologies(a.Tenant), r.PathValue("namespace"), destinationOnly)
	rest.WriteJSON(w, http.StatusOK, TopologyGraph(a.Tenant, deps))
	return nil
}

// componentViolation is the ValidateConstraintViolation of one task or
// trigger.
func componentViolation(vs []string) rest.Validation {
	v := rest.NewValidation(0)
	v.Constraints = strings.Join(vs, "\n")
	return v
}

// validateComponent checks a task or trigger mapping the way the flow
// parser checks the ones of a flow.
func validateComponent(body []byte, trigger bool) []string {
	v, err := parseDocument(body)
	if err != nil {
		return []string{"Unable to parse: " + err.Error()}
	}
	var out []string
	add := func(path, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		if path != "" {
			msg = path + ": " + msg
		}
		out = append(out, msg)
	}
	if trigger {
		parseTriggers([]any{v}, func(path, format string, args ...any) {
			add(strings.TrimPrefix(strings.TrimPrefix(path, "triggers[0]"), "."), format, args...)
		})
	} else {
		parseTasks("tasks", []any{v}, false, func(path, format string, args ...any) {
			add(strings.TrimPrefix(strings.TrimPrefix(path, "tasks[0]"), "."), format, args...)
		})
	}
	return out
}

// validateTask serves POST /flows/validate/task?section=TASKS|TRIGGERS.
func (h *Handlers) validateTask(w http.ResponseWriter, r *http.Request) error {
	section := r.URL.Query().Get("section")
	if section != "TASKS" && section != "TRIGGERS" {
		return rest.BadRequest("Failed to convert argument [section] for value [%s]: want TASKS or TRIGGERS", section)
	}
	body, err := rest.ReadBody(r, maxSource)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, componentViolation(validateComponent(body, section == "TRIGGERS")))
	return nil
}

// validateTrigger serves POST /flows/validate/trigger (a JSON trigger).
func (h *Handlers) validateTrigger(w http.ResponseWriter, r *http.Request) error {
	body, err := rest.ReadBody(r, maxSource)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, componentViolation(validateComponent(body, true)))
	return nil
}

// Pebble filters and functions the No-Code editor offers.
var (
	pebbleFilters = []string{
		"abs", "append", "capitalize", "chunk", "className", "date", "dateAdd", "default", "distinct",
		"endsWith", "escapeChar", "first", "flatten", "join", "json", "jq", "keys", "last", "length",
		"lower", "number", "replace", "reverse", "slice", "sort", "split", "startsWith", "substringAfter",
		"substringBefore", "timestamp", "title", "toIon", "toJson", "trim", "upper", "urldecode",
		"urlencode", "values", "yaml",
	}
	pebbleFunctions = []string{
		"block", "currentEachOutput", "decrypt", "encrypt", "errorLogs", "fetchContext", "fileExists",
		"fileSize", "fromIon", "fromJson", "isFileEmpty", "kv", "max", "min", "now", "parent", "printContext",
		"randomInt", "randomPort", "range", "read", "render", "renderOnce", "secret", "uuid", "yaml",
	}
)

// expressions serves POST /flows/expressions?taskId=: the Pebble
// expressions a flow offers, the outputs being those of the tasks before
// taskId (all of them without taskId).
func (h *Handlers) expressions(w http.ResponseWriter, r *http.Request) error {
	src, err := rest.ReadBody(r, maxSource)
	if err != nil {
		return err
	}
	doc, err := parseDocument(src)
	if err != nil {
		return rest.Invalid(rest.Violation{Message: "Unable to parse flow: " + err.Error()})
	}
	taskID := r.URL.Query().Get("taskId")
	outputs := []string{}
	reached := false
	walkTasks(doc, func(t map[string]any) {
		id, _ := t["id"].(string)
		if id == "" || reached {
			return
		}
		if taskID != "" && id == taskID {
			reached = true
			return
		}
		outputs = append(outputs, "{{ outputs."+id+" }}")
	})
	inputs := []string{}
	for _, in := range taskMaps(doc["inputs"]) {
		if id, _ := in["id"].(string); id != "" {
			inputs = append(inputs, "{{ inputs."+id+" }}")
		}
	}
	vars := []string{}
	if m, ok := doc["variables"].(map[string]any); ok {
		for _, k := range slices.Sorted(maps.Keys(m)) {
			vars = append(vars, "{{ vars."+k+" }}")
		}
	}
	execution := []string{
		"{{ execution.id }}", "{{ execution.startDate }}", "{{ execution.originalId }}", "{{ execution.state }}",
		"{{ flow.id }}", "{{ flow.namespace }}", "{{ flow.revision }}", "{{ flow.tenantId }}", "{{ labels }}",
	}
	if len(triggersOf(doc)) > 0 {
		execution = append(execution, "{{ trigger.date }}", "{{ trigger.next }}", "{{ trigger.previous }}")
	}
	out := map[string]any{"categories": map[string]any{
		"taskOutputs": outputs, "executionContext": execution, "inputs": inputs, "variables": vars,
		"secrets": []string{}, "kvPairs": []string{}, "namespaceFiles": []string{},
		"filters": pebbleFilters, "functions": pebbleFunctions, "appContext": []string{},
	}}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}
