package plugin

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// Filter is one Kestra QueryFilter: a field, an operation and a value
// (several for IN and NOT_IN). Labels carry a key: labels:EQUALS:team=data.
type Filter struct {
	Field     string
	Operation string
	Values    []string
	// Key is the label key of a labels filter.
	Key string
}

// FilterFields are the fields of Kestra's QueryFilter.
var FilterFields = []string{
	"q", "scope", "namespace", "kind", "labels", "tags", "metadata", "flowId", "flowRevision", "id", "assetId",
	"type", "action", "created", "updated", "startDate", "endDate", "expirationDate", "state", "status", "email",
	"timeRange", "parentId", "triggerExecutionId", "triggerId", "triggerState", "executionId", "taskId",
	"taskRunId", "attemptNumber", "childFilter", "workerId", "existingOnly", "userId", "resources", "details",
	"level", "path", "parentPath", "version", "enabled", "username", "name", "groupList", "source", "locked",
	"lastTriggeredDate", "nextExecutionDate", "artifactId",
}

// FilterOperations are the operations of Kestra's QueryFilter.
var FilterOperations = []string{
	"EQUALS", "NOT_EQUALS", "GREATER_THAN", "LESS_THAN", "GREATER_THAN_OR_EQUAL_TO", "LESS_THAN_OR_EQUAL_TO",
	"IN", "NOT_IN", "STARTS_WITH", "ENDS_WITH", "CONTAINS", "REGEX", "PREFIX",
}

// ParseFilter reads FIELD:OPERATION:VALUE. The operation is case-
// insensitive; the value may hold colons; IN and NOT_IN take
// comma-separated values; a labels filter's value is KEY=VALUE.
func ParseFilter(s string) (Filter, error) {
	field, rest, ok1 := strings.Cut(s, ":")
	op, value, ok2 := strings.Cut(rest, ":")
	if !ok1 || !ok2 || field == "" || op == "" {
		return Filter{}, cmderr.Usagef("invalid --filter %q: expected FIELD:OPERATION:VALUE, e.g. state:IN:FAILED,KILLED", s)
	}
	if !slices.Contains(FilterFields, field) {
		return Filter{}, cmderr.Usagef("invalid --filter %q: unknown field %q (fields: %s)", s, field, strings.Join(FilterFields, ", "))
	}
	op = strings.ToUpper(op)
	if !slices.Contains(FilterOperations, op) {
		return Filter{}, cmderr.Usagef("invalid --filter %q: unknown operation %q (operations: %s)", s, op, strings.Join(FilterOperations, ", "))
	}
	f := Filter{Field: field, Operation: op}
	switch {
	case field == "labels":
		k, v, ok := strings.Cut(value, "=")
		if !ok || k == "" {
			return Filter{}, cmderr.Usagef("invalid --filter %q: a labels filter's value is KEY=VALUE", s)
		}
		f.Key, f.Values = k, []string{v}
	case op == "IN" || op == "NOT_IN":
		for _, v := range strings.Split(value, ",") {
			if v = strings.TrimSpace(v); v != "" {
				f.Values = append(f.Values, v)
			}
		}
	default:
		f.Values = []string{value}
	}
	if len(f.Values) == 0 {
		return Filter{}, cmderr.Usagef("invalid --filter %q: no value", s)
	}
	return f, nil
}

// String is the filter as --filter takes it.
func (f Filter) String() string {
	v := strings.Join(f.Values, ",")
	if f.Key != "" {
		v = f.Key + "=" + v
	}
	return f.Field + ":" + f.Operation + ":" + v
}

// addTo adds the filter as Kestra's query parameter:
// filters[field][OPERATION]=value, filters[labels][OPERATION][key]=value.
func (f Filter) addTo(q url.Values) {
	if f.Key != "" {
		q.Add("filters[labels]["+f.Operation+"]["+f.Key+"]", strings.Join(f.Values, ","))
		return
	}
	q.Add("filters["+f.Field+"]["+f.Operation+"]", strings.Join(f.Values, ","))
}

// FilterSource is a set of filter flags.
type FilterSource interface {
	Filters() ([]Filter, error)
}

// Query builds the query parameters of a list or by-query request from
// the filter flags a command embeds.
func Query(sources ...FilterSource) (url.Values, error) {
	q := url.Values{}
	for _, s := range sources {
		fs, err := s.Filters()
		if err != nil {
			return nil, err
		}
		for _, f := range fs {
			f.addTo(q)
		}
	}
	return q, nil
}

// FilterFlag is --filter FIELD:OPERATION:VALUE (repeatable).
type FilterFlag struct {
	Filter []string `placeholder:"FIELD:OPERATION:VALUE" sep:"none" help:"Filter on any field Kestra filters on (repeatable), e.g. --filter state:IN:FAILED,KILLED or --filter labels:EQUALS:team=data."`
}

// Filters implements FilterSource.
func (f FilterFlag) Filters() ([]Filter, error) {
	var out []Filter
	for _, s := range f.Filter {
		x, err := ParseFilter(s)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// NamespaceFlag is -n/--namespace as a filter.
type NamespaceFlag struct {
	Namespace string `short:"n" completer:"namespace" help:"Only this namespace (--filter namespace:PREFIX:NS includes its children)."`
}

// Filters implements FilterSource.
func (f NamespaceFlag) Filters() ([]Filter, error) {
	if f.Namespace == "" {
		return nil, nil
	}
	if err := ValidateNamespace(f.Namespace); err != nil {
		return nil, err
	}
	return []Filter{{Field: "namespace", Operation: "EQUALS", Values: []string{f.Namespace}}}, nil
}

// FlowFlag is --flow (alias --flow-id) as a filter.
type FlowFlag struct {
	Flow string `aliases:"flow-id" completer:"flow" help:"Only this flow (its id)."`
}

// Filters implements FilterSource.
func (f FlowFlag) Filters() ([]Filter, error) {
	if f.Flow == "" {
		return nil, nil
	}
	return []Filter{{Field: "flowId", Operation: "EQUALS", Values: []string{f.Flow}}}, nil
}

// ExecutionStates are Kestra's execution (and task run) states.
var ExecutionStates = []string{"CREATED", "SUBMITTED", "RUNNING", "PAUSED", "RESTARTED", "KILLING", "SUCCESS", "WARNING",
	"FAILED", "KILLED", "CANCELLED", "QUEUED", "RETRYING", "RETRIED", "SKIPPED", "BREAKPOINT", "RESUBMITTED"}

// StateFlag is --state (repeatable or comma-separated, any case).
type StateFlag struct {
	State []string `placeholder:"STATE" values:"CREATED,SUBMITTED,RUNNING,PAUSED,RESTARTED,KILLING,SUCCESS,WARNING,FAILED,KILLED,CANCELLED,QUEUED,RETRYING,RETRIED,SKIPPED,BREAKPOINT,RESUBMITTED" help:"Only these states (repeatable or comma-separated), e.g. --state FAILED,KILLED."`
}

// States returns the states, upper-cased and checked.
func (f StateFlag) States() ([]string, error) {
	var out []string
	for _, s := range f.State {
		for _, part := range strings.Split(s, ",") {
			part = strings.ToUpper(strings.TrimSpace(part))
			if part == "" {
				continue
			}
			if !slices.Contains(ExecutionStates, part) {
				return nil, cmderr.Usagef("unknown state %q: use one of %s", part, strings.Join(ExecutionStates, ", "))
			}
			if !slices.Contains(out, part) {
				out = append(out, part)
			}
		}
	}
	return out, nil
}

// Filters implements FilterSource.
func (f StateFlag) Filters() ([]Filter, error) {
	states, err := f.States()
	switch {
	case err != nil || len(states) == 0:
		return nil, err
	case len(states) == 1:
		return []Filter{{Field: "state", Operation: "EQUALS", Values: states}}, nil
	}
	return []Filter{{Field: "state", Operation: "IN", Values: states}}, nil
}

// LabelFlag is --label KEY=VALUE (repeatable) as a filter.
type LabelFlag struct {
	Label []string `placeholder:"KEY=VALUE" sep:"none" help:"Only items with this label (repeatable: all must match)."`
}

// Filters implements FilterSource.
func (f LabelFlag) Filters() ([]Filter, error) {
	var out []Filter
	for _, l := range f.Label {
		k, v, ok := strings.Cut(l, "=")
		if !ok || k == "" {
			k, v, ok = strings.Cut(l, ":") // the public kestractl's KEY:VALUE
		}
		if !ok || k == "" {
			return nil, cmderr.Usagef("invalid --label %q: expected KEY=VALUE", l)
		}
		out = append(out, Filter{Field: "labels", Operation: "EQUALS", Key: k, Values: []string{v}})
	}
	return out, nil
}

// QueryFlag is -q/--query, Kestra's free-text search.
type QueryFlag struct {
	Query string `short:"q" help:"Free-text search."`
}

// Filters implements FilterSource.
func (f QueryFlag) Filters() ([]Filter, error) {
	if f.Query == "" {
		return nil, nil
	}
	return []Filter{{Field: "q", Operation: "EQUALS", Values: []string{f.Query}}}, nil
}

// TimeFlags are --since and --until: a duration before now (30m, 24h,
// 7d) or a time (2026-12-01, 2026-12-01T10:00:00Z, RFC 3339).
type TimeFlags struct {
	Since string `placeholder:"DURATION|TIME" help:"Only items from this time on: a duration ago (30m, 24h, 7d) or a date/time (2026-12-01, RFC 3339)."`
	Until string `placeholder:"DURATION|TIME" help:"Only items up to this time: a duration ago or a date/time."`

	// now is the clock (tests set it).
	now func() time.Time
}

// Filters implements FilterSource, on Kestra's startDate field.
func (f TimeFlags) Filters() ([]Filter, error) { return f.FiltersOn("startDate") }

// FiltersOn filters field by the time range.
func (f TimeFlags) FiltersOn(field string) ([]Filter, error) {
	now := time.Now
	if f.now != nil {
		now = f.now
	}
	var out []Filter
	for _, b := range []struct{ flag, value, op string }{
		{"--since", f.Since, "GREATER_THAN_OR_EQUAL_TO"}, {"--until", f.Until, "LESS_THAN_OR_EQUAL_TO"},
	} {
		if b.value == "" {
			continue
		}
		t, err := ParseTime(b.value, now())
		if err != nil {
			return nil, cmderr.Usagef("invalid %s %q: %v", b.flag, b.value, err)
		}
		out = append(out, Filter{Field: field, Operation: b.op, Values: []string{t.UTC().Format(time.RFC3339)}})
	}
	return out, nil
}

// ParseTime reads a duration before now (90s, 30m, 24h, 7d, 2w) or a time
// (RFC 3339, "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02"; in
// the local time zone when it has none).
func ParseTime(s string, now time.Time) (time.Time, error) {
	if d, ok := parseAgo(s); ok {
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("use a duration (30m, 24h, 7d) or a date/time (2026-12-01, 2026-12-01T10:00:00Z)")
}

func parseAgo(s string) (time.Duration, bool) {
	if n := len(s); n > 1 && (s[n-1] == 'd' || s[n-1] == 'w') {
		var k int
		if _, err := fmt.Sscanf(s[:n-1], "%d", &k); err != nil || k < 0 || fmt.Sprint(k) != s[:n-1] {
			return 0, false
		}
		unit := 24 * time.Hour
		if s[n-1] == 'w' {
			unit *= 7
		}
		return time.Duration(k) * unit, true
	}
	d, err := time.ParseDuration(s)
	return d, err == nil && d >= 0
}
