package rest

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/kestractl/kestractl/kestrasim/isoduration"
)

// Filter is one `filters[field][OP]=value` query filter (Kestra's QueryFilter
// in its bracketed query form). Labels use one more level:
// `filters[labels][EQUALS][key]=value`, kept in Labels.
type Filter struct {
	Field  string
	Op     string
	Values []string
	Labels map[string]string
}

// Filters is the list of filters of one request.
type Filters []Filter

// filterFields is the QueryFilter.Field enum of the OpenAPI document.
var filterFields = []string{
	"q", "scope", "namespace", "kind", "POLICY_SCOPE", "ENFORCEMENT", "labels", "tags", "metadata",
	"flowId", "flowRevision", "id", "assetId", "type", "action", "created", "updated", "startDate",
	"endDate", "expirationDate", "state", "status", "email", "timeRange", "parentId",
	"triggerExecutionId", "triggerId", "triggerState", "executionId", "taskId", "taskRunId",
	"attemptNumber", "childFilter", "workerId", "existingOnly", "userId", "resources", "details",
	"level", "path", "parentPath", "version", "enabled", "username", "name", "groupList",
	"external_id", "expired_at", "super_admin", "source", "locked", "lastTriggeredDate",
	"nextExecutionDate", "artifactId",
}

// filterOps is the QueryFilter.Op enum of the OpenAPI document.
var filterOps = []string{
	"EQUALS", "NOT_EQUALS", "GREATER_THAN", "LESS_THAN", "GREATER_THAN_OR_EQUAL_TO",
	"LESS_THAN_OR_EQUAL_TO", "IN", "NOT_IN", "STARTS_WITH", "ENDS_WITH", "CONTAINS", "REGEX", "PREFIX",
}

// ParseFilters extracts every filters[...] parameter of the query.
func ParseFilters(q url.Values) (Filters, error) {
	var out Filters
	keys := make([]string, 0, len(q))
	for k := range q {
		if strings.HasPrefix(k, "filters[") {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		parts, ok := splitBrackets(strings.TrimPrefix(k, "filters"))
		if !ok || len(parts) < 2 || len(parts) > 3 {
			return nil, BadRequest("Invalid filter parameter %q: expected filters[field][OPERATION]=value", k)
		}
		field, op := parts[0], strings.ToUpper(parts[1])
		if !slices.Contains(filterFields, field) {
			return nil, BadRequest("Invalid filter parameter %q: unknown field %q", k, field)
		}
		if !slices.Contains(filterOps, op) {
			return nil, BadRequest("Invalid filter parameter %q: unknown operation %q", k, parts[1])
		}
		if len(parts) == 3 {
			if field != "labels" {
				return nil, BadRequest("Invalid filter parameter %q: only labels take a key", k)
			}
			out = mergeLabel(out, op, parts[2], q.Get(k))
			continue
		}
		var values []string
		for _, v := range q[k] {
			if op == "IN" || op == "NOT_IN" {
				for _, s := range strings.Split(v, ",") {
					if s = strings.TrimSpace(s); s != "" {
						values = append(values, s)
					}
				}
				continue
			}
			values = append(values, v)
		}
		if field == "labels" {
			// labels given as "key:value" values
			for _, v := range values {
				lk, lv, _ := strings.Cut(v, ":")
				out = mergeLabel(out, op, lk, lv)
			}
			continue
		}
		if op == "REGEX" {
			for _, v := range values {
				if _, err := regexp.Compile(v); err != nil {
					return nil, BadRequest("Invalid filter parameter %q: invalid regular expression: %v", k, err)
				}
			}
		}
		out = append(out, Filter{Field: field, Op: op, Values: values})
	}
	return out, nil
}

func mergeLabel(fs Filters, op, key, value string) Filters {
	for i := range fs {
		if fs[i].Field == "labels" && fs[i].Op == op {
			fs[i].Labels[key] = value
			return fs
		}
	}
	return append(fs, Filter{Field: "labels", Op: op, Labels: map[string]string{key: value}})
}

// splitBrackets turns "[a][b][c]" into [a b c].
func splitBrackets(s string) ([]string, bool) {
	var parts []string
	for s != "" {
		if s[0] != '[' {
			return nil, false
		}
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return nil, false
		}
		part := s[1:end]
		if part == "" || strings.ContainsAny(part, "[") {
			return nil, false
		}
		parts = append(parts, part)
		s = s[end+1:]
	}
	return parts, true
}

// On returns the filters that apply to field.
func (fs Filters) On(field string) []Filter {
	var out []Filter
	for _, f := range fs {
		if f.Field == field {
			out = append(out, f)
		}
	}
	return out
}

// Equals returns the value of the first EQUALS filter on field.
func (fs Filters) Equals(field string) (string, bool) {
	for _, f := range fs {
		if f.Field == field && f.Op == "EQUALS" && len(f.Values) > 0 {
			return f.Values[0], true
		}
	}
	return "", false
}

// Match reports whether value satisfies every filter on field (true when
// there is none).
func (fs Filters) Match(field, value string) bool {
	for _, f := range fs {
		if f.Field == field && !f.MatchString(value) {
			return false
		}
	}
	return true
}

// MatchLabels reports whether labels satisfy every labels filter.
func (fs Filters) MatchLabels(labels map[string]string) bool {
	for _, f := range fs {
		if f.Field != "labels" {
			continue
		}
		for k, v := range f.Labels {
			got, ok := labels[k]
			switch f.Op {
			case "NOT_EQUALS":
				if ok && got == v {
					return false
				}
			case "CONTAINS":
				if !ok || !strings.Contains(got, v) {
					return false
				}
			default:
				if !ok || got != v {
					return false
				}
			}
		}
	}
	return true
}

// MatchString applies one filter to a string value. Comparisons
// (GREATER_THAN, ...) are lexical, which is right for ISO-8601 dates and
// for same-length numbers.
func (f Filter) MatchString(s string) bool {
	if len(f.Values) == 0 {
		return true
	}
	v := f.Values[0]
	switch f.Op {
	case "EQUALS":
		return s == v
	case "NOT_EQUALS":
		return s != v
	case "IN":
		return slices.Contains(f.Values, s)
	case "NOT_IN":
		return !slices.Contains(f.Values, s)
	case "STARTS_WITH":
		return strings.HasPrefix(s, v)
	case "ENDS_WITH":
		return strings.HasSuffix(s, v)
	case "CONTAINS":
		return strings.Contains(strings.ToLower(s), strings.ToLower(v))
	case "PREFIX":
		return s == v || strings.HasPrefix(s, v+".")
	case "REGEX":
		re, err := regexp.Compile(v)
		return err == nil && re.MatchString(s)
	case "GREATER_THAN":
		return s > v
	case "LESS_THAN":
		return s < v
	case "GREATER_THAN_OR_EQUAL_TO":
		return s >= v
	case "LESS_THAN_OR_EQUAL_TO":
		return s <= v
	}
	return false
}

// InvalidFilters is the 400 Kestra answers for filters a resource does not
// take (QueryFilter.validateQueryFilters).
func InvalidFilters(format string, args ...any) error {
	return BadRequest("Invalid query filters: "+format, args...)
}

// First returns the first value of the filter, "" when it has none.
func (f Filter) First() string {
	if len(f.Values) == 0 {
		return ""
	}
	return f.Values[0]
}

// Since reads a timeRange filter, an ISO-8601 duration, as the time it
// reaches back to from now.
func (f Filter) Since(now time.Time) (time.Time, error) {
	d, err := isoduration.Parse(f.First())
	if err != nil {
		return time.Time{}, InvalidFilters("timeRange %q is not an ISO-8601 duration", f.First())
	}
	return now.Add(-d), nil
}

// CheckDate checks that the value of a date filter (startDate, endDate) is
// an ISO-8601 date-time.
func (f Filter) CheckDate() error {
	if _, err := time.Parse(time.RFC3339Nano, f.First()); err != nil {
		return InvalidFilters("%s %q is not an ISO-8601 date-time", f.Field, f.First())
	}
	return nil
}

// MatchTime applies a date filter (checked by CheckDate) to t.
func (f Filter) MatchTime(t time.Time) bool {
	want, _ := time.Parse(time.RFC3339Nano, f.First())
	switch f.Op {
	case "EQUALS":
		return t.Equal(want)
	case "NOT_EQUALS":
		return !t.Equal(want)
	case "GREATER_THAN":
		return t.After(want)
	case "GREATER_THAN_OR_EQUAL_TO":
		return !t.Before(want)
	case "LESS_THAN":
		return t.Before(want)
	case "LESS_THAN_OR_EQUAL_TO":
		return !t.After(want)
	}
	return true
}

// MatchScope applies a scope filter (EQUALS or NOT_EQUALS, SYSTEM or USER)
// to the namespace of an object: the SYSTEM scope is the system namespace
// and its children, USER every other one.
func (f Filter) MatchScope(namespace string) bool {
	system := namespace == "system" || strings.HasPrefix(namespace, "system.")
	return (system == (f.First() == "SYSTEM")) == (f.Op == "EQUALS")
}
