package rest

import "strings"

// Validation is Kestra's ValidateConstraintViolation: what the validate
// routes (flows, tasks, triggers, dashboards, test suites) answer for one
// source.
type Validation struct {
	Index            int      `json:"index"`
	Flow             string   `json:"flow,omitempty"`
	Namespace        string   `json:"namespace,omitempty"`
	Constraints      string   `json:"constraints,omitempty"`
	Outdated         bool     `json:"outdated"`
	DeprecationPaths []string `json:"deprecationPaths"`
	Warnings         []string `json:"warnings"`
	Infos            []string `json:"infos"`
}

// NewValidation is the validation of the source at index, without
// constraints yet, its lists empty (never null).
func NewValidation(index int) Validation {
	return Validation{Index: index, DeprecationPaths: []string{}, Warnings: []string{}, Infos: []string{}}
}

// Constraints joins violations one per line, "path: message", as the
// validate routes report them.
func Constraints(vs []Violation) string {
	lines := make([]string, len(vs))
	for i, x := range vs {
		lines[i] = x.Message
		if x.Path != "" {
			lines[i] = x.Path + ": " + x.Message
		}
	}
	return strings.Join(lines, "\n")
}
