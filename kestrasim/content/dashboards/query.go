package dashboards

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Query is what a chart's data is computed for: the time range, filters
// that override the chart's own (namespace, labels, flow, state), paging.
type Query struct {
	Start, End time.Time
	// EndGiven: an explicit end date also bounds the END_DATE of
	// executions (IExecutions.whereWithGlobalFilters).
	EndGiven  bool
	Overrides []Filter
}

// Compute returns the rows of a chart: filtered by its where clauses (with
// the query's overrides and time range), grouped by its columns without
// aggregation and aggregated over the others (time columns bucketed by the
// length of the range, DateUtils.groupByType), ordered by its orderBy.
// A KPI chart gives one row {"value": ...}.
func Compute(c *Chart, recs []record, q Query) []map[string]any {
	d := c.Data
	where := withOverrides(d.Where, q.Overrides)
	if f := dateField(d.Source()); f != "" {
		where = append(where, Filter{Type: "GREATER_THAN_OR_EQUAL_TO", Field: f, Value: q.Start})
		if q.EndGiven {
			end := f
			if d.Source() == "Executions" {
				end = "END_DATE"
			}
			where = append(where, Filter{Type: "LESS_THAN_OR_EQUAL_TO", Field: end, Value: q.End})
		} else {
			where = append(where, Filter{Type: "LESS_THAN_OR_EQUAL_TO", Field: f, Value: q.End})
		}
	}
	var rows []record
	for _, r := range recs {
		if matchAll(r, where) {
			rows = append(rows, r)
		}
	}
	if d.KPI() {
		return []map[string]any{{"value": kpi(d, rows)}}
	}
	return aggregate(d, rows, groupBy(q.End.Sub(q.Start)))
}

// withOverrides replaces the chart's filters on a field by the query's
// filters on that field.
func withOverrides(where, overrides []Filter) []Filter {
	out := slices.Clone(where)
	for _, o := range overrides {
		out = slices.DeleteFunc(out, func(f Filter) bool { return f.Field == o.Field })
	}
	return append(out, overrides...)
}

func kpi(d *Data, rows []record) float64 {
	col := d.Columns[0]
	total := aggValue(col, rows)
	if len(d.Numerator) == 0 {
		return number(total)
	}
	var num []record
	for _, r := range rows {
		if matchAll(r, d.Numerator) {
			num = append(num, r)
		}
	}
	den := number(total)
	if den == 0 {
		return 0
	}
	return math.Round(number(aggValue(col, num))/den*10000) / 100
}

// groupBy is DateUtils.groupByType: the bucket of time columns.
func groupBy(span time.Duration) string {
	days := span / (24 * time.Hour)
	switch {
	case days > 365:
		return "MONTH"
	case days > 180:
		return "WEEK"
	case days > 1:
		return "DAY"
	case span/time.Hour > 6:
		return "HOUR"
	}
	return "MINUTE"
}

func bucket(t time.Time, group string) time.Time {
	t = t.UTC()
	switch group {
	case "MONTH":
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	case "WEEK":
		day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	case "DAY":
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	case "HOUR":
		return t.Truncate(time.Hour)
	}
	return t.Truncate(time.Minute)
}

func aggregate(d *Data, rows []record, group string) []map[string]any {
	var dims, aggs []Column
	for _, c := range d.Columns {
		if c.Agg != "" {
			aggs = append(aggs, c)
		} else {
			dims = append(dims, c)
		}
	}
	var out []map[string]any
	if len(aggs) == 0 {
		for _, r := range rows {
			row := make(map[string]any, len(dims))
			for _, c := range dims {
				row[c.Key] = output(fieldValue(r, c))
			}
			out = append(out, row)
		}
	} else {
		groups := map[string][]record{}
		var order []string
		heads := map[string]map[string]any{}
		for _, r := range rows {
			head := make(map[string]any, len(dims))
			key := ""
			for _, c := range dims {
				v := fieldValue(r, c)
				if t, ok := v.(time.Time); ok {
					v = bucket(t, group)
				}
				head[c.Key] = v
				key += fmt.Sprintf("%v\x00", v)
			}
			if _, seen := groups[key]; !seen {
				order = append(order, key)
				heads[key] = head
			}
			groups[key] = append(groups[key], r)
		}
		for _, key := range order {
			row := map[string]any{}
			for k, v := range heads[key] {
				row[k] = output(v)
			}
			for _, c := range aggs {
				row[c.Key] = output(aggValue(c, groups[key]))
			}
			out = append(out, row)
		}
	}
	orderRows(out, d, dims)
	if out == nil {
		out = []map[string]any{}
	}
	return out
}

func orderRows(rows []map[string]any, d *Data, dims []Column) {
	keys := d.OrderBy
	if len(keys) == 0 {
		for _, c := range dims {
			keys = append(keys, Order{Column: c.Key, Order: "ASC"})
		}
	}
	slices.SortStableFunc(rows, func(a, b map[string]any) int {
		for _, k := range keys {
			c := compareValues(a[k.Column], b[k.Column])
			if k.Order == "DESC" {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
}

// fieldValue is the value of a column's field in a record (a label's
// value when the column names a label key).
func fieldValue(r record, c Column) any {
	if c.Field == "" {
		return nil
	}
	return valueOf(r, c.Field, c.LabelKey)
}

func valueOf(r record, field, labelKey string) any {
	v := r[field]
	if labels, ok := v.(map[string]string); ok && labelKey != "" {
		if lv, ok := labels[labelKey]; ok {
			return lv
		}
		return nil
	}
	return v
}

// aggValue aggregates a column over records: COUNT counts the records (with
// a non-null field), SUM/AVG numbers, MIN/MAX numbers or dates.
func aggValue(c Column, rows []record) any {
	if c.Agg == "COUNT" {
		n := int64(0)
		for _, r := range rows {
			if c.Field == "" || fieldValue(r, c) != nil {
				n++
			}
		}
		return n
	}
	var nums []float64
	var times []time.Time
	for _, r := range rows {
		switch v := fieldValue(r, c).(type) {
		case time.Time:
			times = append(times, v)
		case nil:
		default:
			nums = append(nums, number(v))
		}
	}
	if len(times) > 0 && (c.Agg == "MIN" || c.Agg == "MAX") {
		t := slices.MinFunc(times, time.Time.Compare)
		if c.Agg == "MAX" {
			t = slices.MaxFunc(times, time.Time.Compare)
		}
		return t
	}
	if len(nums) == 0 {
		return nil
	}
	switch c.Agg {
	case "SUM":
		s := 0.0
		for _, n := range nums {
			s += n
		}
		return s
	case "AVG":
		s := 0.0
		for _, n := range nums {
			s += n
		}
		return s / float64(len(nums))
	case "MIN":
		return slices.Min(nums)
	case "MAX":
		return slices.Max(nums)
	}
	return nil
}

// output is how a value is answered: dates as ISO-8601 instants.
func output(v any) any {
	if t, ok := v.(time.Time); ok {
		return t.UTC().Format(time.RFC3339Nano)
	}
	return v
}

func number(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	case int:
		return float64(x)
	case string:
		f, _ := strconv.ParseFloat(x, 64)
		return f
	}
	return 0
}

func compareValues(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	if ta, ok := asTime(a); ok {
		if tb, ok := asTime(b); ok {
			return ta.Compare(tb)
		}
	}
	_, an := a.(string)
	_, bn := b.(string)
	if !an && !bn {
		return cmp.Compare(number(a), number(b))
	}
	return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
}

func asTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, true
	case string:
		t, err := time.Parse(time.RFC3339Nano, x)
		return t, err == nil
	}
	return time.Time{}, false
}

func matchAll(r record, fs []Filter) bool {
	for _, f := range fs {
		if !match(r, f) {
			return false
		}
	}
	return true
}

// match applies one dashboard filter to a record.
func match(r record, f Filter) bool {
	if f.Type == "OR" {
		return slices.ContainsFunc(f.Or, func(sub Filter) bool { return match(r, sub) })
	}
	v := valueOf(r, f.Field, f.LabelKey)
	text := func(x any) string {
		if x == nil {
			return ""
		}
		if t, ok := asTime(x); ok {
			return t.UTC().Format(time.RFC3339Nano)
		}
		return fmt.Sprint(x)
	}
	if labels, ok := v.(map[string]string); ok {
		// a filter on all the labels: key:value pairs
		for k, lv := range labels {
			if match(record{"L": k + ":" + lv}, Filter{Type: f.Type, Field: "L", Value: f.Value, Values: f.Values}) {
				return f.Type != "NOT_EQUAL_TO" && f.Type != "NOT_IN" && f.Type != "NOT_CONTAINS"
			}
		}
		return f.Type == "NOT_EQUAL_TO" || f.Type == "NOT_IN" || f.Type == "NOT_CONTAINS" || f.Type == "IS_NOT_NULL"
	}
	in := func() bool {
		return slices.ContainsFunc(f.Values, func(x any) bool { return compareValues(v, x) == 0 || text(v) == text(x) })
	}
	switch f.Type {
	case "IS_NULL":
		return v == nil
	case "IS_NOT_NULL":
		return v != nil
	case "IS_TRUE":
		return v == true
	case "IS_FALSE":
		return v == false
	case "IN":
		return v != nil && in()
	case "NOT_IN":
		return v == nil || !in()
	}
	if v == nil {
		return f.Type == "NOT_EQUAL_TO" || f.Type == "NOT_CONTAINS"
	}
	s, want := text(v), text(f.Value)
	switch f.Type {
	case "EQUAL_TO":
		return compareValues(v, f.Value) == 0 || s == want
	case "NOT_EQUAL_TO":
		return !(compareValues(v, f.Value) == 0 || s == want)
	case "GREATER_THAN":
		return compareValues(v, f.Value) > 0
	case "GREATER_THAN_OR_EQUAL_TO":
		return compareValues(v, f.Value) >= 0
	case "LESS_THAN":
		return compareValues(v, f.Value) < 0
	case "LESS_THAN_OR_EQUAL_TO":
		return compareValues(v, f.Value) <= 0
	case "CONTAINS":
		return strings.Contains(s, want)
	case "NOT_CONTAINS":
		return !strings.Contains(s, want)
	case "STARTS_WITH":
		return strings.HasPrefix(s, want)
	case "ENDS_WITH":
		return strings.HasSuffix(s, want)
	case "PREFIX":
		return s == want || strings.HasPrefix(s, want+".")
	case "REGEX":
		re, err := regexp.Compile(want)
		return err == nil && re.MatchString(s)
	}
	return false
}
