package rest

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// EventStream writes server-sent events the way Micronaut does: "data:"
// then "id:" lines, a blank line between events, comment lines as keep-alive.
type EventStream struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

// NewEventStream answers 200 text/event-stream and flushes the headers.
func NewEventStream(w http.ResponseWriter) *EventStream {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("Connection", "keep-alive")
	w.WriteHeader(http.StatusOK)
	s := &EventStream{w: w, rc: http.NewResponseController(w)}
	_ = s.rc.Flush()
	return s
}

// Send writes one event with its JSON data and id.
func (s *EventStream) Send(id string, data any) error {
	payload, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("encode event: %w", err)
	}
	if _, err := fmt.Fprintf(s.w, "data:%s\nid:%s\n\n", payload, id); err != nil {
		return err
	}
	return s.rc.Flush()
}

// Ping writes a keep-alive comment.
func (s *EventStream) Ping() error {
	if _, err := fmt.Fprint(s.w, ":keepalive\n\n"); err != nil {
		return err
	}
	return s.rc.Flush()
}
