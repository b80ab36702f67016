package executions

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// executionResource is the EXECUTION resource of QueryFilter (plus
// timeRange, which Kestra turns into a startDate filter), with the
// operations each field supports (QueryFilter.Field.supportedOp).
var executionResource = rest.Resource{Name: "EXECUTION", Fields: []rest.FieldOps{
	{Field: "q", Ops: []string{"EQUALS", "NOT_EQUALS"}},
	{Field: "scope", Ops: []string{"EQUALS", "NOT_EQUALS"}},
	{Field: "flowId", Ops: []string{"EQUALS", "NOT_EQUALS", "CONTAINS", "STARTS_WITH", "ENDS_WITH", "REGEX", "IN", "NOT_IN", "PREFIX"}},
	{Field: "startDate", Ops: []string{"GREATER_THAN_OR_EQUAL_TO", "GREATER_THAN", "LESS_THAN_OR_EQUAL_TO", "LESS_THAN", "EQUALS", "NOT_EQUALS"}},
	{Field: "endDate", Ops: []string{"GREATER_THAN_OR_EQUAL_TO", "GREATER_THAN", "LESS_THAN_OR_EQUAL_TO", "LESS_THAN", "EQUALS", "NOT_EQUALS"}},
	{Field: "timeRange", Ops: []string{"EQUALS"}},
	{Field: "state", Ops: []string{"EQUALS", "NOT_EQUALS", "IN", "NOT_IN"}},
	{Field: "labels", Ops: []string{"EQUALS", "NOT_EQUALS", "IN", "NOT_IN", "CONTAINS"}},
	{Field: "triggerExecutionId", Ops: []string{"EQUALS", "NOT_EQUALS", "CONTAINS", "STARTS_WITH", "ENDS_WITH", "IN", "NOT_IN"}},
	{Field: "childFilter", Ops: []string{"EQUALS", "NOT_EQUALS"}},
	{Field: "namespace", Ops: []string{"EQUALS", "NOT_EQUALS", "CONTAINS", "STARTS_WITH", "ENDS_WITH", "REGEX", "IN", "NOT_IN", "PREFIX"}},
	{Field: "kind", Ops: []string{"EQUALS", "NOT_EQUALS", "IN", "NOT_IN"}},
}}

// query is a parsed execution query (search and the by-query routes).
type query struct {
	filters rest.Filters
	// since is the start of a timeRange.
	since time.Time
	// dateField is the date a time range applies to (dateFilter).
	dateField string
	// normalOnly keeps NORMAL executions only: a search without a kind
	// filter leaves out TEST (test suites), PLAYGROUND and LOOP executions,
	// as Kestra's repository does (AbstractJdbcExecutionRepository's
	// NORMAL_KIND_CONDITION: kind null or NORMAL; "a test execution [...]
	// should be ignored in search & statistics" in
	// core/src/test/java/io/kestra/core/repositories/AbstractExecutionRepositoryTest.java;
	// ExecutionRepositoryInterface.findLoopSubExecutions finds LOOP ones with
	// an explicit kind filter).
	normalOnly bool
}

// parseQuery reads filters[...] (and the legacy namespace, flowId and
// state parameters the search route still takes) and validates them as
// QueryFilter.validateQueryFilters does.
func parseQuery(q url.Values, now time.Time, legacy bool) (query, error) {
	fs, err := rest.ParseFilters(q)
	if err != nil {
		return query{}, err
	}
	if legacy {
		if v := q.Get("namespace"); v != "" {
			fs = append(fs, rest.Filter{Field: "namespace", Op: "PREFIX", Values: []string{v}})
		}
		if v := q.Get("flowId"); v != "" {
			fs = append(fs, rest.Filter{Field: "flowId", Op: "EQUALS", Values: []string{v}})
		}
		if states := q["state"]; len(states) > 0 {
			fs = append(fs, rest.Filter{Field: "state", Op: "IN", Values: states})
		}
	}
	out := query{filters: fs, dateField: "START_DATE", normalOnly: !slices.ContainsFunc(fs, func(f rest.Filter) bool { return f.Field == "kind" })}
	if v := q.Get("dateFilter"); v != "" {
		if !slices.Contains([]string{"START_DATE", "END_DATE", "START_OR_END_DATE"}, v) {
			return out, rest.BadRequest("Failed to convert argument [dateFilter] for value [%s]", v)
		}
		out.dateField = v
	}
	out.since, err = executionResource.Validate(fs, now, func(f rest.Filter) error {
		switch f.Field {
		case "state":
			for _, v := range f.Values {
				if !slices.Contains(AllStates, v) {
					return rest.InvalidFilters("unknown state %s", v)
				}
			}
		case "childFilter":
			if v := f.First(); v != "CHILD" && v != "MAIN" {
				return rest.InvalidFilters("childFilter must be CHILD or MAIN, not %q", v)
			}
		}
		return nil
	})
	return out, err
}

// match reports whether a light execution matches the query.
func (q query) match(l lightJSON, parent string) bool {
	if q.normalOnly && !NormalKind(l.Kind) {
		return false
	}
	if !q.since.IsZero() {
		start := l.State.StartDate
		switch q.dateField {
		case "END_DATE":
			if l.State.EndDate == nil || l.State.EndDate.Before(q.since) {
				return false
			}
		case "START_OR_END_DATE":
			if start.Before(q.since) && (l.State.EndDate == nil || l.State.EndDate.Before(q.since)) {
				return false
			}
		default:
			if start.Before(q.since) {
				return false
			}
		}
	}
	labels := map[string]string{}
	for _, lb := range l.Labels {
		labels[lb.Key] = lb.Value
	}
	for _, f := range q.filters {
		if !matchFilter(f, l, labels, parent) {
			return false
		}
	}
	return true
}

func matchFilter(f rest.Filter, l lightJSON, labels map[string]string, parent string) bool {
	switch f.Field {
	case "q":
		text := strings.ToLower(f.First())
		hit := strings.Contains(strings.ToLower(l.ID+" "+l.FlowID+" "+l.Namespace), text)
		return hit == (f.Op == "EQUALS")
	case "scope":
		return f.MatchScope(l.Namespace)
	case "namespace":
		return f.MatchString(l.Namespace)
	case "flowId":
		return f.MatchString(l.FlowID)
	case "state":
		return f.MatchString(l.State.Current)
	case "kind":
		return f.MatchString(kindOf(l.Kind))
	case "labels":
		return rest.Filters{f}.MatchLabels(labels)
	case "triggerExecutionId":
		return parent != "" && f.MatchString(parent)
	case "childFilter":
		child := parent != ""
		return (child == (f.First() == "CHILD")) == (f.Op == "EQUALS")
	case "startDate":
		return f.MatchTime(l.State.StartDate)
	case "endDate":
		return l.State.EndDate != nil && f.MatchTime(*l.State.EndDate)
	}
	return true
}

// NormalKind reports whether an execution of kind k is NORMAL (no kind is
// NORMAL): only those are listed without a kind filter.
func NormalKind(k string) bool { return kindOf(k) == "NORMAL" }

func kindOf(k string) string {
	if k == "" {
		return "NORMAL"
	}
	return k
}

// find returns the executions of the caller's tenant it may list that match
// q, newest first unless sorted otherwise.
func (s *Store) find(a *auth.Request, q query, sort []rest.SortKey) ([]lightJSON, []*Execution) {
	var rows []row
	for _, e := range s.All(a.Tenant) {
		if !a.Allowed("EXECUTION", "LIST", e.namespace) && !a.Allowed("EXECUTION", "VIEW", e.namespace) {
			continue
		}
		l := e.light()
		if q.match(l, e.parent) {
			rows = append(rows, row{l, e})
		}
	}
	keys := sort
	if len(keys) == 0 {
		keys = []rest.SortKey{{Field: "state.startDate", Desc: true}}
	}
	rest.Sort(rows, keys, rowFields)
	execs := make([]*Execution, len(rows))
	sorted := make([]lightJSON, len(rows))
	for i, r := range rows {
		sorted[i], execs[i] = r.l, r.e
	}
	return sorted, execs
}

// row is an execution found by a query, with its light form.
type row struct {
	l lightJSON
	e *Execution
}

// rowFields are the fields a list of executions sorts on.
var rowFields = rest.Comparators[row]{
	"state.startDate": rest.ByTime(func(r row) time.Time { return r.l.State.StartDate }),
	"startDate":       rest.ByTime(func(r row) time.Time { return r.l.State.StartDate }),
	"state.endDate":   func(a, b row) int { return compareEnd(a.l.State.EndDate, b.l.State.EndDate) },
	"endDate":         func(a, b row) int { return compareEnd(a.l.State.EndDate, b.l.State.EndDate) },
	"state.duration":  rest.By(func(r row) string { return r.l.State.Duration }),
	"duration":        rest.By(func(r row) string { return r.l.State.Duration }),
	"namespace":       rest.By(func(r row) string { return r.l.Namespace }),
	"flowId":          rest.By(func(r row) string { return r.l.FlowID }),
	"id":              rest.By(func(r row) string { return r.l.ID }),
	"state.current":   rest.By(func(r row) string { return r.l.State.Current }),
	"state":           rest.By(func(r row) string { return r.l.State.Current }),
}

func compareEnd(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return a.Compare(*b)
}
