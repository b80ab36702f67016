// Package kv is the key-value store: typed values inferred from the request
// body, TTL and description taken from request headers, expiry honoured.
package kv

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/kestractl/kestractl/kestrasim/isoduration"
)

// Types of values (the KVType enum).
const (
	String   = "STRING"
	Number   = "NUMBER"
	Boolean  = "BOOLEAN"
	DateTime = "DATETIME"
	Date     = "DATE"
	Duration = "DURATION"
	JSON     = "JSON"
)

// Value is a typed value; Raw is its JSON form (numbers keep every digit).
type Value struct {
	Type string
	Raw  json.RawMessage
}

var (
	numberPattern = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
	datePattern   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// Infer reads a request body the way Kestra does: a quoted string is a
// STRING, true/false a BOOLEAN, a number a NUMBER, an object or array JSON,
// a bare ISO date a DATE, a bare ISO date-time a DATETIME, a bare ISO
// duration a DURATION, and any other text a STRING.
func Infer(body []byte) (Value, error) {
	s := strings.TrimSpace(string(body))
	switch {
	case s == "null":
		return Value{}, fmt.Errorf("the value must not be null")
	case strings.HasPrefix(s, `"`):
		var str string
		if err := json.Unmarshal([]byte(s), &str); err == nil {
			return stringValue(String, str), nil
		}
	case s == "true" || s == "false":
		return Value{Type: Boolean, Raw: json.RawMessage(s)}, nil
	case numberPattern.MatchString(s):
		return Value{Type: Number, Raw: json.RawMessage(s)}, nil
	case strings.HasPrefix(s, "{") || strings.HasPrefix(s, "["):
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(s)); err == nil {
			return Value{Type: JSON, Raw: json.RawMessage(buf.Bytes())}, nil
		}
	case datePattern.MatchString(s):
		if _, err := time.Parse(time.DateOnly, s); err == nil {
			return stringValue(Date, s), nil
		}
	}
	if _, err := time.Parse(time.RFC3339Nano, s); err == nil && strings.Contains(s, "T") {
		return stringValue(DateTime, s), nil
	}
	if strings.HasPrefix(strings.ToUpper(s), "P") || strings.HasPrefix(s, "-P") {
		if _, err := isoduration.Parse(s); err == nil {
			return stringValue(Duration, s), nil
		}
	}
	return stringValue(String, string(body)), nil
}

func stringValue(typ, s string) Value {
	raw, _ := json.Marshal(s)
	return Value{Type: typ, Raw: raw}
}
