package executions

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

// keepAlive is the interval of SSE comment lines on an idle stream.
const keepAlive = 10 * time.Second

// eventStream writes server-sent events.
type eventStream struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

func newEventStream(w http.ResponseWriter) *eventStream {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("Connection", "keep-alive")
	w.WriteHeader(http.StatusOK)
	s := &eventStream{w: w, rc: http.NewResponseController(w)}
	_ = s.rc.Flush()
	return s
}

// send writes one event ("data:" then "id:", as Micronaut does).
func (s *eventStream) send(id string, data any) error {
	payload, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("encode event: %w", err)
	}
	if _, err := fmt.Fprintf(s.w, "data:%s\nid:%s\n\n", payload, id); err != nil {
		return err
	}
	return s.rc.Flush()
}

func (s *eventStream) ping() error {
	if _, err := fmt.Fprint(s.w, ":keepalive\n\n"); err != nil {
		return err
	}
	return s.rc.Flush()
}

// follow streams the execution: a "start" event with the current state,
// "progress" events on every change, and an "end" event with the
// terminated execution, after which the stream closes.
func (h *Handlers) follow(w http.ResponseWriter, r *http.Request) error {
	e, err := h.execution(r, "VIEW")
	if err != nil {
		return err
	}
	s := newEventStream(w)
	snap, ch := e.watch()
	if err := s.send("start", snap); err != nil {
		return nil
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		if Terminal(snap.State.Current) {
			_ = s.send("end", snap)
			return nil
		}
		select {
		case <-ch:
			snap, ch = e.watch()
			if !Terminal(snap.State.Current) {
				if err := s.send("progress", snap); err != nil {
					return nil
				}
			}
		case <-tick.C:
			if err := s.ping(); err != nil {
				return nil
			}
		case <-r.Context().Done():
			return nil
		case <-h.Store.ctx.Done():
			return nil
		}
	}
}

// logFilter selects log lines.
type logFilter struct {
	minLevel          int
	taskID, taskRunID string
	attempt           int
}

func parseLogFilter(r *http.Request) (logFilter, error) {
	q := r.URL.Query()
	f := logFilter{attempt: -1}
	filters, err := rest.ParseFilters(q)
	if err != nil {
		return f, err
	}
	level := q.Get("minLevel")
	if lf := filters.On("level"); len(lf) > 0 && len(lf[0].Values) > 0 {
		level = lf[0].Values[0]
	}
	if level != "" {
		n, ok := levels[level]
		if !ok {
			return f, rest.BadRequest("Failed to convert argument [minLevel] for value [%s]", level)
		}
		f.minLevel = n
	}
	f.taskID = q.Get("taskId")
	if v, ok := filters.Equals("taskId"); ok {
		f.taskID = v
	}
	f.taskRunID = q.Get("taskRunId")
	if v, ok := filters.Equals("taskRunId"); ok {
		f.taskRunID = v
	}
	if v := q.Get("attempt"); v != "" {
		if f.attempt, err = strconv.Atoi(v); err != nil {
			return f, rest.BadRequest("Failed to convert argument [attempt] for value [%s]", v)
		}
	}
	return f, nil
}

func (f logFilter) keep(l LogEntry) bool {
	return levels[l.Level] >= f.minLevel &&
		(f.taskID == "" || l.TaskID == f.taskID) &&
		(f.taskRunID == "" || l.TaskRunID == f.taskRunID) &&
		(f.attempt < 0 || l.AttemptNumber == f.attempt)
}

func (h *Handlers) logs(w http.ResponseWriter, r *http.Request) error {
	f, err := parseLogFilter(r)
	if err != nil {
		return err
	}
	e, err := h.execution(r, "ACCESS_LOGS")
	if err != nil {
		return err
	}
	all, _, _ := e.logsFrom(0)
	out := slices.DeleteFunc(all, func(l LogEntry) bool { return !f.keep(l) })
	if out == nil {
		out = []LogEntry{}
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

// followLogs streams the log lines of an execution: a "start" event, every
// existing and new line as "progress", and it closes once the execution has
// ended and every line was sent.
func (h *Handlers) followLogs(w http.ResponseWriter, r *http.Request) error {
	f, err := parseLogFilter(r)
	if err != nil {
		return err
	}
	e, err := h.execution(r, "ACCESS_LOGS")
	if err != nil {
		return err
	}
	s := newEventStream(w)
	if err := s.send("start", struct{}{}); err != nil {
		return nil
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	next := 0
	for {
		lines, done, ch := e.logsFrom(next)
		next += len(lines)
		for _, l := range lines {
			if f.keep(l) {
				if err := s.send("progress", l); err != nil {
					return nil
				}
			}
		}
		if done {
			return nil
		}
		select {
		case <-ch:
		case <-tick.C:
			if err := s.ping(); err != nil {
				return nil
			}
		case <-r.Context().Done():
			return nil
		case <-h.Store.ctx.Done():
			return nil
		}
	}
}
