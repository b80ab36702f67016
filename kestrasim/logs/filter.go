package logs

import (
	"net/url"
	"strconv"
	"time"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Selection selects the lines of one execution, as the list, download,
// follow and delete routes do (LogController: minLevel, taskRunId, taskId,
// attempt; the 2.0 document also gives them as filters[...]).
type Selection struct {
	MinLevel  int
	TaskID    string
	TaskRunID string
	// Attempt is -1 for every attempt.
	Attempt int
}

// Keep reports whether e is selected.
func (s Selection) Keep(e Entry) bool {
	rank, _ := LevelRank(e.Level)
	if rank < s.MinLevel {
		return false
	}
	if s.TaskID != "" && e.TaskID != s.TaskID {
		return false
	}
	if s.TaskRunID != "" && e.TaskRunID != s.TaskRunID {
		return false
	}
	if s.Attempt >= 0 && (e.AttemptNumber == nil || *e.AttemptNumber != s.Attempt) {
		return false
	}
	return true
}

// ParseSelection reads the selection from the legacy parameters (minLevel,
// taskId, taskRunId, attempt) and, when allowFilters, from filters[level],
// filters[taskId], filters[taskRunId] and filters[attemptNumber].
func ParseSelection(q url.Values, allowFilters bool) (Selection, error) {
	s := Selection{Attempt: -1}
	level := q.Get("minLevel")
	s.TaskID, s.TaskRunID = q.Get("taskId"), q.Get("taskRunId")
	attempt := q.Get("attempt")
	if allowFilters {
		fs, err := rest.ParseFilters(q)
		if err != nil {
			return s, err
		}
		for _, f := range fs {
			if len(f.Values) == 0 {
				continue
			}
			switch f.Field {
			case "level":
				level = f.Values[0]
			case "taskId":
				s.TaskID = f.Values[0]
			case "taskRunId":
				s.TaskRunID = f.Values[0]
			case "attemptNumber":
				attempt = f.Values[0]
			default:
				return s, rest.InvalidFilters("Field %s is not supported for the logs of an execution. Supported fields are level, taskId, taskRunId, attemptNumber", f.Field)
			}
		}
	}
	if level != "" {
		rank, ok := LevelRank(level)
		if !ok {
			return s, rest.BadRequest("Failed to convert argument [minLevel] for value [%s] due to: No enum constant org.slf4j.event.Level.%s", level, level)
		}
		s.MinLevel = rank
	}
	if attempt != "" {
		n, err := strconv.Atoi(attempt)
		if err != nil || n < 0 {
			return s, rest.BadRequest("Failed to convert argument [attempt] for value [%s]", attempt)
		}
		s.Attempt = n
	}
	return s, nil
}

// logResource is the LOG resource of QueryFilter (plus timeRange, which
// Kestra turns into a startDate filter), each field with the operations it
// supports. The level field also takes the comparison operations, which the
// public kestractl sends.
var logResource = rest.Resource{Name: "LOG", Fields: []rest.FieldOps{
	{Field: "q", Ops: []string{"EQUALS", "NOT_EQUALS"}},
	{Field: "scope", Ops: []string{"EQUALS", "NOT_EQUALS"}},
	{Field: "namespace", Ops: []string{"EQUALS", "NOT_EQUALS", "CONTAINS", "STARTS_WITH", "ENDS_WITH", "REGEX", "IN", "NOT_IN", "PREFIX"}},
	{Field: "startDate", Ops: []string{"GREATER_THAN_OR_EQUAL_TO", "GREATER_THAN", "LESS_THAN_OR_EQUAL_TO", "LESS_THAN", "EQUALS", "NOT_EQUALS"}},
	{Field: "endDate", Ops: []string{"GREATER_THAN_OR_EQUAL_TO", "GREATER_THAN", "LESS_THAN_OR_EQUAL_TO", "LESS_THAN", "EQUALS", "NOT_EQUALS"}},
	{Field: "timeRange", Ops: []string{"EQUALS"}},
	{Field: "flowId", Ops: []string{"EQUALS", "NOT_EQUALS", "CONTAINS", "STARTS_WITH", "ENDS_WITH", "REGEX", "IN", "NOT_IN", "PREFIX"}},
	{Field: "triggerId", Ops: []string{"EQUALS", "NOT_EQUALS", "CONTAINS", "STARTS_WITH", "ENDS_WITH", "IN", "NOT_IN"}},
	{Field: "level", Ops: []string{"EQUALS", "NOT_EQUALS", "GREATER_THAN_OR_EQUAL_TO", "GREATER_THAN", "LESS_THAN_OR_EQUAL_TO", "LESS_THAN"}},
	{Field: "executionId", Ops: []string{"EQUALS", "NOT_EQUALS", "CONTAINS", "STARTS_WITH", "ENDS_WITH", "IN", "NOT_IN"}},
}}

// searchQuery is a parsed logs/search request.
type searchQuery struct {
	filters rest.Filters
	since   time.Time // from timeRange
}

func parseSearch(q url.Values, now time.Time) (searchQuery, error) {
	fs, err := rest.ParseFilters(q)
	if err != nil {
		return searchQuery{}, err
	}
	// Legacy parameters (LogController maps them onto filters).
	legacy := map[string]string{"q": "q", "namespace": "namespace", "flowId": "flowId", "triggerId": "triggerId"}
	for param, field := range legacy {
		if v := q.Get(param); v != "" {
			op := "EQUALS"
			if field == "namespace" {
				op = "PREFIX"
			}
			fs = append(fs, rest.Filter{Field: field, Op: op, Values: []string{v}})
		}
	}
	if v := q.Get("minLevel"); v != "" {
		fs = append(fs, rest.Filter{Field: "level", Op: "GREATER_THAN_OR_EQUAL_TO", Values: []string{v}})
	}
	sq := searchQuery{filters: fs}
	sq.since, err = logResource.Validate(fs, now, func(f rest.Filter) error {
		if f.Field != "level" {
			return nil
		}
		for _, v := range f.Values {
			if _, ok := LevelRank(v); !ok {
				return rest.InvalidFilters("unknown level %s, expected one of %v", v, Levels)
			}
		}
		return nil
	})
	return sq, err
}

// keep reports whether e matches the search.
func (sq searchQuery) keep(e Entry) bool {
	if !sq.since.IsZero() && e.Timestamp.Before(sq.since) {
		return false
	}
	for _, f := range sq.filters {
		if !sq.match(f, e) {
			return false
		}
	}
	return true
}

func (sq searchQuery) match(f rest.Filter, e Entry) bool {
	switch f.Field {
	case "q":
		text := f.First()
		hit := containsFold(e.Message, text) || containsFold(e.ExecutionID, text) ||
			containsFold(e.FlowID, text) || containsFold(e.Namespace, text)
		return hit == (f.Op == "EQUALS")
	case "scope":
		return f.MatchScope(e.Namespace)
	case "namespace":
		return f.MatchString(e.Namespace)
	case "flowId":
		return f.MatchString(e.FlowID)
	case "triggerId":
		return f.MatchString(e.TriggerID)
	case "executionId":
		return f.MatchString(e.ExecutionID)
	case "startDate", "endDate":
		return f.MatchTime(e.Timestamp)
	case "level":
		rank, _ := LevelRank(e.Level)
		want, _ := LevelRank(f.First())
		switch f.Op {
		case "EQUALS", "GREATER_THAN_OR_EQUAL_TO":
			// Kestra's level filter is a minimum level.
			return rank >= want
		case "NOT_EQUALS":
			return rank != want
		case "GREATER_THAN":
			return rank > want
		case "LESS_THAN":
			return rank < want
		case "LESS_THAN_OR_EQUAL_TO":
			return rank <= want
		}
	}
	return true
}
