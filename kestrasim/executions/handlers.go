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
	"github.com/kestractl/kestractl/kestrasim/ids"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// timeLayout is how dates appear in outputs and variables.
const timeLayout = time.RFC3339Nano

// Handlers serves the executions API.
type Handlers struct {
	Store *Store
}

func perm(action string) rest.Permission {
	return rest.Permission{Resource: "EXECUTION", Action: action}
}

// Routes lists the execution routes.
func (h *Handlers) Routes() []rest.Route {
	const p = "/api/v1/{tenant}/executions"
	const e = p + "/{executionId}"
	routes := []rest.Route{
		{Method: "POST", Path: p + "/{namespace}/{id}", Handler: h.create, Perm: rest.Permission{Resource: "FLOW", Action: "EXECUTE"}, NamespaceParam: "namespace"},
		{Method: "GET", Path: p + "/search", Handler: h.search, Perm: perm("LIST")},
		{Method: "GET", Path: p, Handler: h.searchByFlow, Perm: perm("LIST")},
		{Method: "POST", Path: p + "/latest", Handler: h.latest, Perm: perm("LIST")},
		{Method: "GET", Path: p + "/flows/{namespace}/{flowId}", Handler: h.flowInfo, Perm: perm("VIEW"), NamespaceParam: "namespace", Overlaps: true},
		{Method: "GET", Path: e, Handler: h.get, Perm: perm("VIEW")},
		{Method: "DELETE", Path: e, Handler: h.delete, Perm: perm("DELETE")},
		{Method: "GET", Path: e + "/follow", Handler: h.follow, Perm: perm("VIEW")},
		{Method: "GET", Path: e + "/graph", Handler: h.graph, Perm: perm("VIEW")},
		{Method: "GET", Path: e + "/flow", Handler: h.flowOfExecution, Perm: perm("VIEW")},
		{Method: "GET", Path: e + "/file", Handler: h.downloadFile, Perm: perm("ACCESS_FILES")},
		{Method: "GET", Path: e + "/file/metas", Handler: h.fileMetas, Perm: perm("ACCESS_FILES")},
		{Method: "DELETE", Path: e + "/actions/kill", Handler: h.kill, Perm: perm("KILL")},
		{Method: "POST", Path: e + "/actions/restart", Handler: h.restart, Perm: perm("RESTART")},
		{Method: "POST", Path: e + "/actions/resume", Handler: h.resume, Perm: perm("RESUME")},
		{Method: "POST", Path: e + "/actions/pause", Handler: h.pause, Perm: perm("PAUSE")},
		{Method: "POST", Path: e + "/actions/force-run", Handler: h.forceRun, Perm: perm("FORCE_RUN")},
		{Method: "POST", Path: e + "/actions/unqueue", Handler: h.unqueue, Perm: perm("UNQUEUE")},
		{Method: "POST", Path: e + "/actions/replay", Handler: h.replay, Perm: perm("REPLAY")},
		{Method: "POST", Path: e + "/actions/replay-with-inputs", Handler: h.replayWithInputs, Perm: perm("REPLAY")},
		{Method: "POST", Path: e + "/actions/change-status", Handler: h.changeStatus, Perm: perm("UPDATE")},
		{Method: "POST", Path: e + "/actions/state", Handler: h.taskRunState, Perm: perm("UPDATE")},
		{Method: "POST", Path: e + "/actions/labels", Handler: h.setLabels, Perm: perm("CHANGE_LABELS")},
		{Method: "POST", Path: e + "/actions/eval", Handler: h.eval, Perm: perm("VIEW")},
		{Method: "POST", Path: e + "/actions/eval/{taskRunId}", Handler: h.eval, Perm: perm("VIEW"), Overlaps: true},
	}
	routes = append(routes, h.bulkRoutes()...)
	routes = append(routes, h.webhookRoutes()...)
	return routes
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

// stateParam reads a State.Type query parameter.
func stateParam(r *http.Request, name string, required bool) (string, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		if required {
			return "", rest.BadRequest("Required QueryValue [%s] not specified", name)
		}
		return "", nil
	}
	if !slices.Contains(AllStates, v) {
		return "", rest.BadRequest("Failed to convert argument [%s] for value [%s] due to: No enum constant io.kestra.core.models.flows.State.Type.%s", name, v, v)
	}
	return v, nil
}

func (h *Handlers) create(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	q := r.URL.Query()
	ns, flowID := r.PathValue("namespace"), r.PathValue("id")
	wait, err := rest.QueryBool(r, "wait", false)
	if err != nil {
		return err
	}
	revision, err := rest.QueryInt(r, "revision", 1)
	if err != nil {
		return err
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

	rev, err := h.Store.flows.Get(a.Tenant, ns, flowID, 0, false)
	if err != nil {
		return err
	}
	if revision > 0 {
		if rev, err = h.Store.flows.Get(a.Tenant, ns, flowID, revision, true); err != nil {
			return err
		}
	}
	if rev.Def.Disabled {
		return rest.Conflict("Cannot execute disabled flow '%s' in namespace '%s'", flowID, ns)
	}

	id := ids.New()
	dir := h.Store.dirOf(a.Tenant, id)
	values, err := readForm(r, filepath.Join(dir, "inputs"))
	if err != nil {
		return err
	}
	files := map[string]string{}
	inputs, vs := resolveDeclared(rev.Def.Inputs, values, func(input, name string) string {
		uri := storagePrefix(ns, flowID, id) + "/inputs/" + input + "/" + name
		files[uri] = values[input].file
		return uri
	})
	if len(vs) > 0 {
		os.RemoveAll(dir)
		return rest.Invalid(vs...)
	}
	e, snap, err := h.Store.create(CreateRequest{
		Tenant: a.Tenant, Flow: rev, Inputs: inputs, Labels: labels, ScheduleDate: scheduleDate,
		Kind: kind, ID: id, Files: files,
	})
	if err != nil {
		os.RemoveAll(dir)
		return err
	}
	// The response is the execution as created, unless the caller waits.
	if wait {
		snap = e.Wait(r.Context())
	}
	snap.URL = rest.BaseURL(r) + "/ui/" + a.Tenant + "/executions/" + ns + "/" + flowID + "/" + id
	rest.WriteJSON(w, http.StatusOK, snap)
	return nil
}

var labelKeyPattern = regexp.MustCompile(`^\p{Ll}[\p{L}0-9._-]*$`)

// parseLabels reads labels=key:value parameters; system labels are Kestra's
// own (ExecutionController.parseLabels).
func parseLabels(raw []string) ([]flows.Label, error) {
	var out []flows.Label
	for _, l := range raw {
		k, v, ok := strings.Cut(l, ":")
		if !ok || k == "" || v == "" {
			return nil, rest.BadRequest("Invalid label '%s': labels must be given as key:value", l)
		}
		if strings.HasPrefix(k, "system.") && k != labelCorrelationID {
			return nil, illegalArgument("System labels can only be set by Kestra itself, offending label: %s=%s", k, v)
		}
		out = append(out, flows.Label{Key: k, Value: v})
	}
	if vs := validateLabels(out); len(vs) > 0 {
		return nil, rest.Invalid(vs...)
	}
	return out, nil
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
	q := r.URL.Query()
	paging, err := rest.ParsePaging(q, 10)
	if err != nil {
		return err
	}
	query, err := parseQuery(q, h.Store.now(), true)
	if err != nil {
		return err
	}
	rows, _ := h.Store.find(auth.From(r.Context()), query, rest.ParseSort(q))
	rest.WriteJSON(w, http.StatusOK, rest.Page(rows, paging))
	return nil
}

// searchByFlow lists the executions of one flow, newest first
// (searchExecutionsByFlowId).
func (h *Handlers) searchByFlow(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	for _, name := range []string{"namespace", "flowId"} {
		if q.Get(name) == "" {
			return rest.BadRequest("Required QueryValue [%s] not specified", name)
		}
	}
	paging, err := rest.ParsePaging(q, 10)
	if err != nil {
		return err
	}
	query := query{filters: rest.Filters{
		{Field: "namespace", Op: "EQUALS", Values: []string{q.Get("namespace")}},
		{Field: "flowId", Op: "EQUALS", Values: []string{q.Get("flowId")}},
	}}
	rows, _ := h.Store.find(auth.From(r.Context()), query, nil)
	rest.WriteJSON(w, http.StatusOK, rest.Page(rows, paging))
	return nil
}

type flowFilter struct {
	Namespace string `json:"namespace"`
	ID        string `json:"id"`
}

type lastExecution struct {
	ID        string    `json:"id"`
	FlowID    string    `json:"flowId"`
	Namespace string    `json:"namespace"`
	StartDate time.Time `json:"startDate"`
	Status    string    `json:"status"`
}

// latest answers, for each given flow, its execution that ended last
// (ExecutionRepository.lastExecutions: end_date not null, newest end
// date), in the order of the request; flows with none are left out.
func (h *Handlers) latest(w http.ResponseWriter, r *http.Request) error {
	var filters []flowFilter
	if err := rest.DecodeJSON(r, &filters); err != nil {
		return err
	}
	var vs []rest.Violation
	for i, f := range filters {
		if f.Namespace == "" {
			vs = append(vs, rest.Violation{Path: "flowFilters[" + strconv.Itoa(i) + "].namespace", Message: "must not be null"})
		}
		if f.ID == "" {
			vs = append(vs, rest.Violation{Path: "flowFilters[" + strconv.Itoa(i) + "].id", Message: "must not be null"})
		}
	}
	if len(vs) > 0 {
		return rest.Invalid(vs...)
	}
	a := auth.From(r.Context())
	all := h.Store.All(a.Tenant)
	out := []lastExecution{}
	for _, f := range filters {
		var best *lastExecution
		var bestEnd time.Time
		for _, e := range all {
			if e.namespace != f.Namespace || e.flowID != f.ID || !a.Allowed("EXECUTION", "LIST", e.namespace) {
				continue
			}
			l := e.light()
			if l.State.EndDate == nil || (best != nil && !l.State.EndDate.After(bestEnd)) {
				continue
			}
			best = &lastExecution{ID: l.ID, FlowID: l.FlowID, Namespace: l.Namespace, StartDate: l.State.StartDate, Status: l.State.Current}
			bestEnd = *l.State.EndDate
		}
		if best != nil {
			out = append(out, *best)
		}
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

// delete removes an execution (204); its logs, metrics and files go too
// unless deleteLogs, deleteMetrics or deleteStorage is false.
func (h *Handlers) delete(w http.ResponseWriter, r *http.Request) error {
	opts, err := parseDeleteOptions(r)
	if err != nil {
		return err
	}
	e, err := h.execution(r, "DELETE")
	if err != nil {
		return err
	}
	h.Store.Delete(e, opts.logs, opts.storage)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type deleteOptions struct {
	logs, metrics, storage, nonTerminated bool
}

func parseDeleteOptions(r *http.Request) (deleteOptions, error) {
	var o deleteOptions
	var err error
	if o.logs, err = rest.QueryBool(r, "deleteLogs", true); err != nil {
		return o, err
	}
	if o.metrics, err = rest.QueryBool(r, "deleteMetrics", true); err != nil {
		return o, err
	}
	if o.storage, err = rest.QueryBool(r, "deleteStorage", true); err != nil {
		return o, err
	}
	if o.nonTerminated, err = rest.QueryBool(r, "includeNonTerminated", false); err != nil {
		return o, err
	}
	return o, nil
}

// respond answers an action with the execution as it is after it.
func respond(w http.ResponseWriter, e *Execution) error {
	rest.WriteJSON(w, http.StatusOK, e.Snapshot())
	return nil
}

// act serves an action route: it loads the execution of the path, checks
// the caller may perform action on it, applies do and answers with the
// execution do returns (the same one, or the new one of a restart or a
// replay).
func (h *Handlers) act(w http.ResponseWriter, r *http.Request, action string, do func(*Execution) (*Execution, error)) error {
	e, err := h.execution(r, action)
	if err != nil {
		return err
	}
	n, err := do(e)
	if err != nil {
		return err
	}
	return respond(w, n)
}

// kill answers the execution (text/json, as Kestra does).
func (h *Handlers) kill(w http.ResponseWriter, r *http.Request) error {
	cascade, err := rest.QueryBool(r, "isOnKillCascade", true)
	if err != nil {
		return err
	}
	e, err := h.execution(r, "KILL")
	if err != nil {
		return err
	}
	if err := h.Store.Kill(e, cascade); err != nil {
		return err
	}
	rest.WriteJSONAs(w, "text/json", http.StatusOK, e.Snapshot())
	return nil
}

func (h *Handlers) restart(w http.ResponseWriter, r *http.Request) error {
	revision, err := rest.QueryInt(r, "revision", 1)
	if err != nil {
		return err
	}
	return h.act(w, r, "RESTART", func(e *Execution) (*Execution, error) { return h.Store.Restart(e, revision) })
}

// resume reads the resume inputs (multipart, as the create route) and
// resumes.
func (h *Handlers) resume(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "RESUME", func(e *Execution) (*Execution, error) {
		if e.State() != Paused {
			return nil, rest.Conflict("Illegal state: Execution '%s' is not paused, can't resume it", e.id)
		}
		values, err := readForm(r, filepath.Join(e.fileDir, "resume"))
		if err != nil {
			return nil, err
		}
		return e, h.Store.Resume(e, values)
	})
}

func (h *Handlers) pause(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "PAUSE", func(e *Execution) (*Execution, error) { return e, h.Store.Pause(e) })
}

func (h *Handlers) forceRun(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "FORCE_RUN", func(e *Execution) (*Execution, error) { return e, h.Store.ForceRun(e) })
}

func (h *Handlers) unqueue(w http.ResponseWriter, r *http.Request) error {
	// The document makes state required (Kestra's controller defaults
	// it to RUNNING); the simulator follows the document.
	target, err := stateParam(r, "state", true)
	if err != nil {
		return err
	}
	return h.act(w, r, "UNQUEUE", func(e *Execution) (*Execution, error) { return e, h.Store.Unqueue(e, target) })
}

func (h *Handlers) replay(w http.ResponseWriter, r *http.Request) error {
	revision, err := rest.QueryInt(r, "revision", 1)
	if err != nil {
		return err
	}
	return h.act(w, r, "REPLAY", func(e *Execution) (*Execution, error) {
		return h.Store.Replay(e, r.URL.Query().Get("taskRunId"), revision, nil)
	})
}

// replayWithInputs replays with new inputs, read and validated like the
// create route's against the replayed revision.
func (h *Handlers) replayWithInputs(w http.ResponseWriter, r *http.Request) error {
	revision, err := rest.QueryInt(r, "revision", 1)
	if err != nil {
		return err
	}
	e, err := h.execution(r, "REPLAY")
	if err != nil {
		return err
	}
	if st := e.State(); !Terminal(st) {
		return conflict("Cannot replay execution: current state is '%s', expected terminated.", st)
	}
	rv := revision
	if rv == 0 {
		rv = e.flowRevision
	}
	rev, err := h.Store.flows.Get(e.tenant, e.namespace, e.flowID, rv, true)
	if err != nil {
		return rest.NotFound("Not Found: Unable to find revision %d on flow %s.%s", rv, e.namespace, e.flowID)
	}
	dir := filepath.Join(e.fileDir, "replay-"+ids.New())
	values, err := readForm(r, dir)
	if err != nil {
		return err
	}
	uploads := map[string]string{}
	inputs, vs := resolveDeclared(rev.Def.Inputs, values, func(input, name string) string {
		uri := e.storagePrefix() + "/inputs/" + input + "/" + name
		uploads[uri] = values[input].file
		return uri
	})
	if len(vs) > 0 {
		os.RemoveAll(dir)
		return rest.Invalid(vs...)
	}
	n, err := h.Store.Replay(e, r.URL.Query().Get("taskRunId"), revision, inputs)
	if err != nil {
		os.RemoveAll(dir)
		return err
	}
	// The uploads are files of the replayed execution's storage; the new
	// execution's downloads of them redirect there.
	e.mu.Lock()
	for uri, path := range uploads {
		e.files[uri] = &outputFile{path: path}
	}
	e.mu.Unlock()
	return respond(w, n)
}

func (h *Handlers) changeStatus(w http.ResponseWriter, r *http.Request) error {
	status, err := stateParam(r, "status", true)
	if err != nil {
		return err
	}
	return h.act(w, r, "UPDATE", func(e *Execution) (*Execution, error) { return e, h.Store.ChangeStatus(e, status) })
}

// taskRunState changes a task run's state (ExecutionController.StateRequest).
func (h *Handlers) taskRunState(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		TaskRunID string `json:"taskRunId"`
		State     string `json:"state"`
	}
	if err := rest.DecodeJSON(r, &body); err != nil {
		return err
	}
	var vs []rest.Violation
	if body.TaskRunID == "" {
		vs = append(vs, rest.Violation{Path: "stateRequest.taskRunId", Message: "must not be null"})
	}
	if body.State == "" {
		vs = append(vs, rest.Violation{Path: "stateRequest.state", Message: "must not be null"})
	}
	if len(vs) > 0 {
		return rest.Invalid(vs...)
	}
	return h.act(w, r, "UPDATE", func(e *Execution) (*Execution, error) {
		return e, h.Store.SetTaskRunState(e, body.TaskRunID, body.State)
	})
}

func (h *Handlers) setLabels(w http.ResponseWriter, r *http.Request) error {
	var labels []flows.Label
	if err := rest.DecodeJSON(r, &labels); err != nil {
		return err
	}
	return h.act(w, r, "CHANGE_LABELS", func(e *Execution) (*Execution, error) { return e, h.Store.SetLabels(e, labels) })
}

// evalResult is ExecutionController.EvalResult.
type evalResult struct {
	Result     *string `json:"result,omitempty"`
	Error      string  `json:"error,omitempty"`
	StackTrace string  `json:"stackTrace,omitempty"`
}

// eval renders a Pebble expression against the execution (and a task run
// of it): 200 with the result, or with Kestra's error and a stack trace.
func (h *Handlers) eval(w http.ResponseWriter, r *http.Request) error {
	body, err := rest.ReadBody(r, 1<<20)
	if err != nil {
		return err
	}
	e, err := h.execution(r, "VIEW")
	if err != nil {
		return err
	}
	var tr *taskRun
	if id := r.PathValue("taskRunId"); id != "" {
		e.mu.Lock()
		tr = e.taskRunByID(id)
		e.mu.Unlock()
		if tr == nil {
			return rest.Errorf(http.StatusInternalServerError, "Internal server error: Can't find taskrun with taskrunId '%s' on execution '%s'", id, e.id)
		}
	}
	out, err := renderStrict(string(body), e.vars(tr))
	if err != nil {
		msg := err.Error()
		rest.WriteJSON(w, http.StatusOK, evalResult{
			Error:      msg,
			StackTrace: "io.kestra.core.exceptions.IllegalVariableEvaluationException: " + msg + "\n\tat io.kestra.core.runners.VariableRenderer.render(kestrasim)\n",
		})
		return nil
	}
	rest.WriteJSON(w, http.StatusOK, evalResult{Result: &out})
	return nil
}
