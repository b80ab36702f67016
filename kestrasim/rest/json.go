package rest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// maxJSONBody bounds JSON request bodies; the API never needs more.
const maxJSONBody = 8 << 20

// WriteJSON writes v as a JSON response with the given status; null struct
// fields are left out (see Marshal).
func WriteJSON(w http.ResponseWriter, status int, v any) {
	writeJSONAs(w, "application/json", status, v)
}

// WriteJSONAs writes v as JSON under another media type (Kestra answers some
// routes with text/json).
func WriteJSONAs(w http.ResponseWriter, contentType string, status int, v any) {
	writeJSONAs(w, contentType, status, v)
}

func writeJSONAs(w http.ResponseWriter, contentType string, status int, v any) {
	data, err := Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		data = []byte(`{"message":"Internal Server Error: cannot encode response"}`)
		contentType = "application/json"
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// DecodeJSON reads a JSON request body into v. Unknown fields are accepted,
// as Kestra (Jackson with FAIL_ON_UNKNOWN_PROPERTIES off) does.
func DecodeJSON(r *http.Request, v any) error {
	if r.Body == nil {
		return BadRequest("Required Body is not specified")
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, maxJSONBody))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		if err == io.EOF {
			return BadRequest("Required Body is not specified")
		}
		return BadRequest("Invalid JSON: %v", err)
	}
	return nil
}

// ReadBody reads a small (bounded) request body, such as a YAML flow source.
func ReadBody(r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, BadRequest("cannot read request body: %v", err)
	}
	if int64(len(data)) > limit {
		return nil, Errorf(http.StatusRequestEntityTooLarge, "Request body is larger than %d bytes", limit)
	}
	return data, nil
}
