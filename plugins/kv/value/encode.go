package value

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Encoded is a checked value: Body is what goes to the server (PUT
// .../kv/{key}, text/plain), JSON its JSON form for the output.
type Encoded struct {
	Type Type
	Body []byte
	JSON json.RawMessage
}

var (
	numberRe   = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)
	durationRe = regexp.MustCompile(`(?i)^[-+]?P(?:[-+]?[0-9]+D)?(?:T(?:[-+]?[0-9]+H)?(?:[-+]?[0-9]+M)?(?:[-+]?[0-9]+(?:[.,][0-9]{0,9})?S)?)?$`)
)

// Encode checks raw against t and returns what to send. STRING values are
// sent JSON-quoted (whitespace kept) so that the server stores a string
// whatever they look like; numbers keep every digit; JSON is compacted
// without re-encoding its numbers; the other types are sent trimmed and
// bare, as Kestra infers them from their text.
func Encode(t Type, raw string) (Encoded, error) {
	if !utf8.ValidString(raw) {
		return Encoded{}, fmt.Errorf("invalid %s value %s: not valid UTF-8 text", t, show(strings.ToValidUTF8(raw, "\uFFFD")))
	}
	v := strings.TrimSpace(raw)
	switch t {
	case String:
		b := quote(raw)
		return Encoded{Type: t, Body: b, JSON: b}, nil
	case Number:
		if !numberRe.MatchString(v) {
			return Encoded{}, fmt.Errorf("invalid NUMBER value %s: expected a number such as 42, -1.5 or 6.02e23", show(raw))
		}
		return Encoded{Type: t, Body: []byte(v), JSON: json.RawMessage(v)}, nil
	case Boolean:
		l := strings.ToLower(v)
		if l != "true" && l != "false" {
			return Encoded{}, fmt.Errorf("invalid BOOLEAN value %s, expected true or false", show(raw))
		}
		return Encoded{Type: t, Body: []byte(l), JSON: json.RawMessage(l)}, nil
	case Date:
		if len(v) != len(time.DateOnly) || !validTime(time.DateOnly, v) {
			return Encoded{}, fmt.Errorf("invalid DATE value %s, expected format YYYY-MM-DD", show(raw))
		}
		return Encoded{Type: t, Body: []byte(v), JSON: quote(v)}, nil
	case DateTime:
		if !validTime(time.RFC3339Nano, v) {
			return Encoded{}, fmt.Errorf("invalid DATETIME value %s, expected RFC3339 format", show(raw))
		}
		return Encoded{Type: t, Body: []byte(v), JSON: quote(v)}, nil
	case Duration:
		if !ValidDuration(v) {
			return Encoded{}, fmt.Errorf("invalid DURATION value %s, expected ISO-8601 duration (for example PT15M)", show(raw))
		}
		return Encoded{Type: t, Body: []byte(v), JSON: quote(v)}, nil
	case JSON:
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(v)); err != nil {
			return Encoded{}, fmt.Errorf("invalid JSON value %s: %s", show(raw), jsonReason(v, err))
		}
		b := buf.Bytes()
		return Encoded{Type: t, Body: b, JSON: b}, nil
	}
	return Encoded{}, fmt.Errorf("invalid type %q, allowed values: %s", string(t), TypeNames())
}

// ValidDuration reports whether s is an ISO-8601 duration as Java's
// Duration reads it (PnDTnHnMn.nS): what Kestra accepts for DURATION values
// and TTLs.
func ValidDuration(s string) bool {
	if !durationRe.MatchString(s) {
		return false
	}
	u := strings.ToUpper(strings.TrimLeft(s, "+-"))
	return u != "P" && !strings.HasSuffix(u, "T")
}

// validTime parses without panicking on odd input and rejects what
// time.Parse tolerates but RFC 3339 does not (lowercase t/z are fine).
func validTime(layout, s string) bool {
	_, err := time.Parse(layout, s)
	return err == nil
}

// quote JSON-encodes s without HTML escaping.
func quote(s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// maxShown bounds how much of a bad value a message repeats.
const maxShown = 60

// show quotes a value for a message, shortened when long.
func show(s string) string {
	if utf8.RuneCountInString(s) > maxShown {
		r := []rune(s)
		s = string(r[:maxShown]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// jsonReason explains a JSON syntax error with its position.
func jsonReason(v string, err error) string {
	if v == "" {
		return "empty value"
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return err.Error()
	}
	line, col := 1, 1
	for i, r := range v {
		if int64(i) >= se.Offset-1 {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else if !unicode.IsControl(r) {
			col++
		}
	}
	return fmt.Sprintf("%v (line %d, column %d)", err, line, col)
}
