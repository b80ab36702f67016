package logs

import (
	"bufio"
	"net/http"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// keepAlive is the interval of SSE comment lines on an idle stream.
const keepAlive = 10 * time.Second

// Executions tells the logs area about executions.
type Executions interface {
	// Lookup returns the namespace of an execution and whether it has
	// ended; ok is false when tenant has no such execution.
	Lookup(tenant, id string) (namespace string, ended, ok bool)
}

// Handlers serves the logs API.
type Handlers struct {
	Store      *Store
	Executions Executions
	Now        func() time.Time
	// Done stops open follow streams (the server is shutting down).
	Done <-chan struct{}
}

// Routes lists the log routes.
func (h *Handlers) Routes() []rest.Route {
	const p = "/api/v1/{tenant}/logs"
	view := rest.Permission{Resource: "EXECUTION", Action: "ACCESS_LOGS"}
	return []rest.Route{
		{Method: "GET", Path: p + "/search", Handler: h.search, Perm: view},
		{Method: "GET", Path: p + "/{executionId}", Handler: h.list, Perm: view},
		{Method: "DELETE", Path: p + "/{executionId}", Handler: h.deleteExecution, Perm: rest.Permission{Resource: "EXECUTION", Action: "DELETE"}},
		{Method: "GET", Path: p + "/{executionId}/download", Handler: h.download, Perm: view},
		{Method: "GET", Path: p + "/{executionId}/follow", Handler: h.follow, Perm: view},
		{Method: "DELETE", Path: p + "/{namespace}/{flowId}", Handler: h.deleteFlow, Perm: rest.Permission{Resource: "EXECUTION", Action: "DELETE"}, NamespaceParam: "namespace"},
	}
}

// namespaceOf returns the namespace an execution's lines are checked
// against: the execution's, or, once it was deleted, its remaining lines'.
// ok is false when neither exists.
func (h *Handlers) namespaceOf(tenant, id string) (ns string, ended, ok bool) {
	if ns, ended, ok := h.Executions.Lookup(tenant, id); ok {
		return ns, ended, true
	}
	if lines := h.Store.Execution(tenant, id, nil); len(lines) > 0 {
		return lines[0].Namespace, true, true
	}
	return "", true, false
}

// list answers the lines of an execution (LogController.listLogsFromExecution:
// a plain list, empty when the execution has none).
func (h *Handlers) list(w http.ResponseWriter, r *http.Request) error {
	sel, err := ParseSelection(r.URL.Query(), true)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	id := r.PathValue("executionId")
	if ns, _, ok := h.namespaceOf(a.Tenant, id); ok {
		if err := a.Require("EXECUTION", "ACCESS_LOGS", ns); err != nil {
			return err
		}
	}
	out := h.Store.Execution(a.Tenant, id, sel.Keep)
	if out == nil {
		out = []Entry{}
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

// download streams the selected lines as text, one "<instant> <LEVEL>
// <message>" line each (LogController.downloadLogsFromExecution); it answers
// 404 for an unknown execution and marks a running one's download
// no-cache.
func (h *Handlers) download(w http.ResponseWriter, r *http.Request) error {
	sel, err := ParseSelection(r.URL.Query(), true)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	id := r.PathValue("executionId")
	ns, ended, ok := h.Executions.Lookup(a.Tenant, id)
	if !ok {
		return rest.NotFound("Not Found: Execution '%s' not found.", id)
	}
	if err := a.Require("EXECUTION", "ACCESS_LOGS", ns); err != nil {
		return err
	}
	lines := h.Store.Execution(a.Tenant, id, sel.Keep)
	hdr := w.Header()
	hdr.Set("Content-Type", "text/plain")
	hdr.Set("Content-Disposition", `attachment; filename="`+id+`.log"`)
	if !ended {
		hdr.Set("Cache-Control", "no-cache")
	}
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 32<<10)
	for i, l := range lines {
		if i > 0 {
			if err := bw.WriteByte('\n'); err != nil {
				return nil
			}
		}
		if _, err := bw.WriteString(l.Pretty()); err != nil {
			return nil
		}
	}
	_ = bw.Flush()
	return nil
}

// follow streams the lines of an execution: a "start" event, every existing
// and new line as "progress", and it closes once the execution has ended and
// every line was sent.
func (h *Handlers) follow(w http.ResponseWriter, r *http.Request) error {
	sel, err := ParseSelection(r.URL.Query(), true)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	id := r.PathValue("executionId")
	ns, _, ok := h.Executions.Lookup(a.Tenant, id)
	if !ok {
		return rest.NotFound("Execution '%s' not found", id)
	}
	if err := a.Require("EXECUTION", "ACCESS_LOGS", ns); err != nil {
		return err
	}
	s := rest.NewEventStream(w)
	if err := s.Send("start", struct{}{}); err != nil {
		return nil
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	var next uint64
	for {
		// Read the state before the lines: every line written before the
		// execution ended is then sent before the stream closes.
		_, ended, _ := h.Executions.Lookup(a.Tenant, id)
		lines, n, ch := h.Store.Since(a.Tenant, id, next)
		next = n
		for _, l := range lines {
			if sel.Keep(l) {
				if err := s.Send("progress", l.follow()); err != nil {
					return nil
				}
			}
		}
		if ended {
			return nil
		}
		select {
		case <-ch:
		case <-tick.C:
			if err := s.Ping(); err != nil {
				return nil
			}
		case <-r.Context().Done():
			return nil
		case <-h.Done:
			return nil
		}
	}
}

// deleteExecution deletes the selected lines of an execution
// (LogController.deleteLogsFromExecution: minLevel, taskRunId, taskId,
// attempt); it answers 200 with no body.
func (h *Handlers) deleteExecution(w http.ResponseWriter, r *http.Request) error {
	sel, err := ParseSelection(r.URL.Query(), false)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	id := r.PathValue("executionId")
	if ns, _, ok := h.namespaceOf(a.Tenant, id); ok {
		if err := a.Require("EXECUTION", "DELETE", ns); err != nil {
			return err
		}
	}
	h.Store.Delete(a.Tenant, id, sel.Keep)
	w.WriteHeader(http.StatusOK)
	return nil
}

// deleteFlow deletes the lines of a flow's trigger (LogController.
// deleteLogsFromFlow); the document makes triggerId required.
func (h *Handlers) deleteFlow(w http.ResponseWriter, r *http.Request) error {
	trigger := r.URL.Query().Get("triggerId")
	if trigger == "" {
		return rest.BadRequest("Required QueryValue [triggerId] not specified")
	}
	a := auth.From(r.Context())
	h.Store.DeleteFlow(a.Tenant, r.PathValue("namespace"), r.PathValue("flowId"), trigger)
	w.WriteHeader(http.StatusOK)
	return nil
}

// cursorOrOffset is CursorOrOffsetPagedResults in offset mode.
type cursorOrOffset struct {
	Results []Entry `json:"results"`
	Total   int64   `json:"total"`
	Type    string  `json:"type"`
}

// search answers logs/search: the tenant's lines matching the filters the
// caller may see, one page of them (timestamp order unless sorted).
func (h *Handlers) search(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	paging, err := rest.ParsePaging(q, 10)
	if err != nil {
		return err
	}
	if q.Get("cursor") != "" {
		return rest.BadRequest("Invalid cursor: kestrasim answers offset pages only (type OFFSET), page with page and size")
	}
	sq, err := parseSearch(q, h.Now())
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	lines := h.Store.All(a.Tenant, func(e Entry) bool {
		return normalKind(e) && a.Allowed("EXECUTION", "ACCESS_LOGS", e.Namespace) && sq.keep(e)
	})
	rest.Sort(lines, rest.ParseSort(q), entryFields)
	page := rest.Page(lines, paging)
	rest.WriteJSON(w, http.StatusOK, cursorOrOffset{Results: page.Results, Total: page.Total, Type: "OFFSET"})
	return nil
}

// normalKind reports whether a line belongs in a search: the lines of
// TEST, PLAYGROUND and LOOP executions are read by execution id only
// (AbstractJdbcLogRepository's NORMAL_KIND_CONDITION, execution_kind null
// or NORMAL, in kestra-io/kestra jdbc).
func normalKind(e Entry) bool {
	return e.ExecutionKind == "" || e.ExecutionKind == "NORMAL"
}

// entryFields are the fields a list of log lines sorts on.
var entryFields = rest.Comparators[Entry]{
	"timestamp": rest.ByTime(func(e Entry) time.Time { return e.Timestamp }),
	"level":     rest.By(func(e Entry) int { rank, _ := LevelRank(e.Level); return rank }),
	"namespace": rest.By(func(e Entry) string { return e.Namespace }),
	"flowId":    rest.By(func(e Entry) string { return e.FlowID }),
}
