// Package value holds the key-value types of Kestra and how a value typed on
// the command line is checked and encoded for the server, which infers the
// stored type from the body it receives.
package value

import (
	"fmt"
	"strings"
)

// Type is a Kestra key-value type (the KVType enum).
type Type string

// The types, in the order the help lists them.
const (
	String   Type = "STRING"
	Number   Type = "NUMBER"
	Boolean  Type = "BOOLEAN"
	DateTime Type = "DATETIME"
	Date     Type = "DATE"
	Duration Type = "DURATION"
	JSON     Type = "JSON"
)

// All lists every type.
func All() []Type { return []Type{String, Number, Boolean, DateTime, Date, Duration, JSON} }

// TypeNames is the list of types as the messages print it.
func TypeNames() string {
	all := All()
	names := make([]string, len(all))
	for i, t := range all {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}

// ParseType reads a type name in any case.
func ParseType(s string) (Type, error) {
	u := Type(strings.ToUpper(strings.TrimSpace(s)))
	for _, t := range All() {
		if t == u {
			return t, nil
		}
	}
	return "", fmt.Errorf("invalid type %q, allowed values: %s", s, TypeNames())
}
