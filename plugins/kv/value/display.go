package value

import (
	"bytes"
	"encoding/json"
)

// Text renders a stored value for a person: strings as they are, anything
// else as compact JSON (numbers keep every digit).
func Text(raw json.RawMessage) string {
	var s string
	if len(raw) > 0 && raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) == nil {
		return buf.String()
	}
	return string(raw)
}
