package executions

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// FlowSource gives the flow an execution runs.
type FlowSource interface {
	Get(tenant, ns, id string, revision int, allowDeleted bool) (*flows.Revision, error)
}

// Handlers serves the executions and logs API.
type Handlers struct {
	Store *Store
	Flows FlowSource
	// Dir receives file inputs.
	Dir string
}

// Routes lists the execution and log routes.
func (h *Handlers) Routes() []rest.Route {
	const p = "/api/v1/{tenant}/executions"
	return []rest.Route{
		{Method: "POST", Path: p + "/{namespace}/{id}", Handler: h.create, Perm: rest.Permission{Resource: "FLOW", Action: "EXECUTE"}, NamespaceParam: "namespace"},
		{Method: "GET", Path: p + "/search", Handler: h.search, Perm: rest.Permission{Resource: "EXECUTION", Action: "LIST"}},
		{Method: "GET", Path: p + "/{executionId}", Handler: h.get, Perm: rest.Permission{Resource: "EXECUTION", Action: "VIEW"}},
		{Method: "DELETE", Path: p + "/{executionId}/actions/kill", Handler: h.kill, Perm: rest.Permission{Resource: "EXECUTION", Action: "KILL"}},
		{Method: "GET", Path: p + "/{executionId}/follow", Handler: h.follow, Perm: rest.Permission{Resource: "EXECUTION", Action: "VIEW"}},
		{Method: "GET", Path: "/api/v1/{tenant}/logs/{executionId}", Handler: h.logs, Perm: rest.Permission{Resource: "EXECUTION", Action: "ACCESS_LOGS"}},
		{Method: "GET", Path: "/api/v1/{tenant}/logs/{executionId}/follow", Handler: h.followLogs, Perm: rest.Permission{Resource: "EXECUTION", Action: "ACCESS_LOGS"}},
	}
}

// execution loads the execution of the path and checks the caller may
// perform action on its namespace.
func (h *Handlers) execution(r *http.Request, action string) (*Execution, error) {
	a := auth.From(r.Context())
	e, err := h.Store.Get(a.Tenant, r.PathValue("executionId"))
	if err != nil {
		return nil, err
	}
	if err := a.Require("EXECUTION", action, e.namespace); err != nil {
		return nil, err
	}
	return e, nil
}

func (h *Handlers) create(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	q := r.URL.Query()
	ns, flowID := r.PathValue("namespace"), r.PathValue("id")
	wait, err := boolParam(q.Get("wait"), "wait")
	if err != nil {
		return err
	}
	revision := 0
	if v := q.Get("revision"); v != "" {
		if revision, err = strconv.Atoi(v); err != nil || revision < 1 {
			return rest.BadRequest("Failed to convert argument [revision] for value [%s]", v)
		}
	}
	var scheduleDate *time.Time
	if v := q.Get("scheduleDate"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return rest.BadRequest("Failed to convert argument [scheduleDate] for value [%s]", v)
		}
		scheduleDate = &t
	}
	kind := q.Get("kind")
	if kind != "" && !slices.Contains([]string{"NORMAL", "TEST", "PLAYGROUND", "LOOP"}, kind) {
		return rest.BadRequest("Failed to convert argument [kind] for value [%s]", kind)
	}
	labels, err := parseLabels(q["labels"])
	if err != nil {
		return err
	}

	latest, err := h.Flows.Get(a.Tenant, ns, flowID, 0, false)
	if err != nil {
		return err
	}
	rev := latest
	if revision > 0 {
		if rev, err = h.Flows.Get(a.Tenant, ns, flowID, revision, true); err != nil {
			return err
		}
	}
	if rev.Def.Disabled {
		return rest.Conflict("Cannot execute disabled flow '%s' in namespace '%s'", flowID, ns)
	}

	id := newID()
	dir := filepath.Join(h.Dir, a.Tenant, id)
	values, err := readForm(r, dir)
	if err != nil {
		return err
	}
	inputs, vs := resolveInputs(rev.Def, values, func(input, name string) string {
		return "kestra:///" + strings.ReplaceAll(ns, ".", "/") + "/" + flowID + "/executions/" + id + "/inputs/" + input + "/" + name
	})
	if len(vs) > 0 {
		os.RemoveAll(dir)
		return rest.Invalid(vs...)
	}

	now := h.Store.now().UTC()
	e := &Execution{
		tenant: a.Tenant, id: id, namespace: ns, flowID: flowID, flowRevision: rev.Revision,
		def: rev.Def, inputs: inputs, labels: mergeLabels(rev.Def.Labels, labels),
		state: newState(now), created: now, scheduleDate: scheduleDate, kind: kind,
		changed: make(chan struct{}), now: h.Store.now, files: inputFiles(values, ns, flowID, id),
	}
	if outs, ok := rev.Def.Doc["outputs"].([]any); ok {
		e.flowOutputs = outs
	}
	// The response is the execution as created, unless the caller waits.
	snap := e.snapshot()
	h.Store.add(e)
	if wait {
		snap = waitTerminal(r, h.Store, e)
	}
	snap.URL = baseURL(r) + "/ui/" + a.Tenant + "/executions/" + ns + "/" + flowID + "/" + id
	rest.WriteJSON(w, http.StatusOK, snap)
	return nil
}

// waitTerminal blocks until the execution ends, the client goes away or the
// server stops, and returns the latest snapshot.
func waitTerminal(r *http.Request, s *Store, e *Execution) executionJSON {
	for {
		snap, ch := e.watch()
		if Terminal(snap.State.Current) {
			return snap
		}
		select {
		case <-ch:
		case <-r.Context().Done():
			return snap
		case <-s.ctx.Done():
			return snap
		}
	}
}

func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func boolParam(v, name string) (bool, error) {
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, rest.BadRequest("Failed to convert argument [%s] for value [%s]", name, v)
	}
	return b, nil
}

var labelKeyPattern = regexp.MustCompile(`^\p{Ll}[\p{L}0-9._-]*$`)

// parseLabels reads labels=key:value parameters.
func parseLabels(raw []string) ([]flows.Label, error) {
	var out []flows.Label
	var vs []rest.Violation
	for _, l := range raw {
		k, v, ok := strings.Cut(l, ":")
		if !ok || k == "" || v == "" {
			return nil, rest.BadRequest("Invalid label '%s': labels must be given as key:value", l)
		}
		if !labelKeyPattern.MatchString(k) {
			vs = append(vs, rest.Violation{Path: "labels", Message: "Invalid label key '" + k + "'. A valid key contains only lowercase letters numbers hyphens (-) underscores (_) or periods (.) and must begin with a lowercase letter."})
		}
		out = append(out, flows.Label{Key: k, Value: v})
	}
	if len(vs) > 0 {
		return nil, rest.Invalid(vs...)
	}
	return out, nil
}

// mergeLabels adds the request's labels to the flow's; a request label
// replaces a flow label with the same key.
func mergeLabels(flow, req []flows.Label) []flows.Label {
	out := slices.Clone(flow)
	for _, l := range req {
		i := slices.IndexFunc(out, func(x flows.Label) bool { return x.Key == l.Key })
		if i >= 0 {
			out[i] = l
		} else {
			out = append(out, l)
		}
	}
	return out
}

func (h *Handlers) get(w http.ResponseWriter, r *http.Request) error {
	e, err := h.execution(r, "VIEW")
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, e.Snapshot())
	return nil
}

func (h *Handlers) search(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	q := r.URL.Query()
	paging, err := rest.ParsePaging(q, 10)
	if err != nil {
		return err
	}
	filters, err := rest.ParseFilters(q)
	if err != nil {
		return err
	}
	for _, name := range []string{"namespace", "flowId"} {
		if v := q.Get(name); v != "" {
			filters = append(filters, rest.Filter{Field: name, Op: "EQUALS", Values: []string{v}})
		}
	}
	if states := q["state"]; len(states) > 0 {
		filters = append(filters, rest.Filter{Field: "state", Op: "IN", Values: states})
	}
	var rows []lightJSON
	for _, e := range h.Store.All(a.Tenant) {
		if !a.Allowed("EXECUTION", "LIST", e.namespace) && !a.Allowed("EXECUTION", "VIEW", e.namespace) {
			continue
		}
		l := e.light()
		labels := map[string]string{}
		for _, lb := range l.Labels {
			labels[lb.Key] = lb.Value
		}
		text, _ := filters.Equals("q")
		end := ""
		if l.State.EndDate != nil {
			end = l.State.EndDate.Format(time.RFC3339Nano)
		}
		if !filters.Match("namespace", l.Namespace) || !filters.Match("flowId", l.FlowID) ||
			!filters.Match("state", l.State.Current) || !filters.Match("id", l.ID) ||
			!filters.Match("kind", kindOf(l.Kind)) || !filters.MatchLabels(labels) ||
			!filters.Match("startDate", l.State.StartDate.Format(time.RFC3339Nano)) ||
			(len(filters.On("endDate")) > 0 && (end == "" || !filters.Match("endDate", end))) {
			continue
		}
		if text != "" && !strings.Contains(strings.ToLower(l.ID+" "+l.FlowID+" "+l.Namespace), strings.ToLower(text)) {
			continue
		}
		rows = append(rows, l)
	}
	sortLight(rows, rest.ParseSort(q))
	rest.WriteJSON(w, http.StatusOK, rest.Page(rows, paging))
	return nil
}

func kindOf(k string) string {
	if k == "" {
		return "NORMAL"
	}
	return k
}

// sortLight orders search results: newest first unless sort says otherwise.
func sortLight(rows []lightJSON, keys []rest.SortKey) {
	if len(keys) == 0 {
		keys = []rest.SortKey{{Field: "state.startDate", Desc: true}}
	}
	slices.SortStableFunc(rows, func(a, b lightJSON) int {
		for _, k := range keys {
			var c int
			switch k.Field {
			case "state.startDate", "startDate":
				c = a.State.StartDate.Compare(b.State.StartDate)
			case "namespace":
				c = strings.Compare(a.Namespace, b.Namespace)
			case "flowId":
				c = strings.Compare(a.FlowID, b.FlowID)
			case "id":
				c = strings.Compare(a.ID, b.ID)
			case "state.current", "state":
				c = strings.Compare(a.State.Current, b.State.Current)
			}
			if k.Desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
}

func (h *Handlers) kill(w http.ResponseWriter, r *http.Request) error {
	if _, err := boolParam(r.URL.Query().Get("isOnKillCascade"), "isOnKillCascade"); err != nil {
		return err
	}
	e, err := h.execution(r, "KILL")
	if err != nil {
		return err
	}
	snap, err := h.Store.Kill(e)
	if err != nil {
		return err
	}
	rest.WriteJSONAs(w, "text/json", http.StatusOK, snap)
	return nil
}
