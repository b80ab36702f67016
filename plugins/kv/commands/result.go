package commands

import (
	"encoding/json"

	"github.com/kestractl/kestractl/plugins/kv/value"
)

// result is what set, update and delete print with -o json or -o yaml: what
// was done ("status": set, updated, deleted) to which key. Absent values
// are absent.
type result struct {
	Status      string          `json:"status"`
	Namespace   string          `json:"namespace"`
	Key         string          `json:"key"`
	Type        value.Type      `json:"type,omitempty"`
	Value       json.RawMessage `json:"value,omitempty"`
	TTL         string          `json:"ttl,omitempty"`
	Description string          `json:"description,omitempty"`
}
