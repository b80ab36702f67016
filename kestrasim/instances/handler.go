package instances

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// maxBody bounds a create request.
const maxBody = 1 << 20

// CreateRequest is the body of POST /instances.
type CreateRequest struct {
	// Args are the flags of a single kestrasim process.
	Args []string `json:"args"`
}

// Handler is the control API:
//
//	POST   /instances       {"args": [...]} -> 201 {"id", "url", "args"}
//	GET    /instances       -> 200 [{"id", "url", "args"}, ...]
//	GET    /instances/{id}  -> 200 {"id", "url", "args"}
//	DELETE /instances/{id}  -> 204 once the instance has stopped
//
// Errors are {"message": ...}: 400 for a bad body or bad flags (the line a
// standalone process prints before exiting 2), 404 for an unknown id, 503
// while shutting down, 500 when an instance cannot start (e.g. its
// --listen address is taken).
func (m *Manager) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /instances", m.create)
	mux.HandleFunc("GET /instances", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, m.List())
	})
	mux.HandleFunc("GET /instances/{id}", func(w http.ResponseWriter, r *http.Request) {
		info, err := m.Get(r.PathValue("id"))
		if err != nil {
			writeError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, info)
	})
	mux.HandleFunc("DELETE /instances/{id}", func(w http.ResponseWriter, r *http.Request) {
		if err := m.Delete(r.PathValue("id")); err != nil {
			writeError(w, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, message{fmt.Sprintf("no route %s %s: the control API serves /instances", r.Method, r.URL.Path)})
	})
	return mux
}

func (m *Manager) create(w http.ResponseWriter, r *http.Request) {
	var req CreateRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, message{fmt.Sprintf(`invalid body: %v (want {"args": ["--flag", "value", ...]})`, err)})
		return
	}
	if dec.More() {
		writeJSON(w, http.StatusBadRequest, message{"invalid body: more than one JSON document"})
		return
	}
	info, err := m.Create(req.Args)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, info)
}

type message struct {
	Message string `json:"message"`
}

func writeError(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	var args *ArgsError
	switch {
	case errors.As(err, &args):
		status = http.StatusBadRequest
	case errors.Is(err, ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, ErrClosed):
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, message{err.Error()})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
