package commands

import (
	"bytes"
	"encoding/json"
)

// addField appends a field to a JSON object, keeping the object's own
// bytes (key order, number precision).
func addField(obj json.RawMessage, key string, value any) json.RawMessage {
	trimmed := bytes.TrimSpace(obj)
	if len(trimmed) < 2 || trimmed[0] != '{' {
		return obj
	}
	k, _ := json.Marshal(key)
	v, err := json.Marshal(value)
	if err != nil {
		return obj
	}
	var b bytes.Buffer
	b.Write(trimmed[:len(trimmed)-1])
	if len(bytes.TrimSpace(trimmed[1:len(trimmed)-1])) > 0 {
		b.WriteByte(',')
	}
	b.Write(k)
	b.WriteByte(':')
	b.Write(v)
	b.WriteByte('}')
	return b.Bytes()
}
