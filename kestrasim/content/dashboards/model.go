// Package dashboards serves Kestra's custom dashboards: CRUD of the YAML
// definitions, validation of dashboards and charts, and chart data computed
// from what the simulator holds (executions, their logs, flows), previewed,
// paged or exported as CSV.
//
// The model follows kestra-io/kestra core/src/main/java/io/kestra/core/
// models/dashboards (Dashboard.java, ColumnDescriptor.java, DataFilter.java,
// DataFilterKPI.java, filters/AbstractFilter.java, TimeWindow.java) and the
// chart and data plugins of io/kestra/plugin/core/dashboard.
package dashboards

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kestractl/kestractl/kestrasim/content/source"
	"github.com/kestractl/kestractl/kestrasim/isoduration"
)

// DefaultID is the reserved id of the built-in default dashboard
// (Dashboard.DEFAULT_DASHBOARD_ID).
const DefaultID = "_default"

const (
	chartPkg = "io.kestra.plugin.core.dashboard.chart."
	dataPkg  = "io.kestra.plugin.core.dashboard.data."
)

// chartTypes are the chart plugins; Markdown is the one without data.
var chartTypes = []string{"TimeSeries", "Bar", "Pie", "Table", "KPI", "Markdown"}

// dataFields are the Fields enums of the data plugins (IExecutions, ILogs,
// IFlows, ITriggers, IMetrics); the KPI variants share their source's.
var dataFields = map[string][]string{
	"Executions": {"ID", "NAMESPACE", "FLOW_ID", "FLOW_REVISION", "STATE", "DURATION", "LABELS", "START_DATE", "END_DATE", "TRIGGER_EXECUTION_ID"},
	"Logs":       {"ID", "NAMESPACE", "FLOW_ID", "EXECUTION_ID", "TASK_ID", "DATE", "TASK_RUN_ID", "ATTEMPT_NUMBER", "TRIGGER_ID", "LEVEL", "MESSAGE"},
	"Flows":      {"ID", "NAMESPACE", "REVISION"},
	"Triggers":   {"ID", "NAMESPACE", "FLOW_ID", "TRIGGER_ID", "EXECUTION_ID", "NEXT_EXECUTION_DATE", "WORKER_ID", "DISABLED"},
	"Metrics":    {"NAMESPACE", "FLOW_ID", "TASK_ID", "EXECUTION_ID", "TASK_RUN_ID", "TYPE", "NAME", "VALUE", "DATE"},
}

var aggregations = []string{"SUM", "AVG", "MIN", "MAX", "COUNT"}

var filterTypes = []string{
	"CONTAINS", "NOT_CONTAINS", "ENDS_WITH", "EQUAL_TO", "GREATER_THAN", "GREATER_THAN_OR_EQUAL_TO", "IN",
	"IS_FALSE", "IS_NOT_NULL", "IS_NULL", "IS_TRUE", "LESS_THAN", "LESS_THAN_OR_EQUAL_TO", "NOT_EQUAL_TO",
	"NOT_IN", "OR", "REGEX", "STARTS_WITH", "PREFIX",
}

// classPattern is a Java class name (Chart.type, DataFilter.type).
var classPattern = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$`)

// Column is one ColumnDescriptor, under its key.
type Column struct {
	Key         string `yaml:"-"`
	Field       string `yaml:"field"`
	DisplayName string `yaml:"displayName"`
	Agg         string `yaml:"agg"`
	LabelKey    string `yaml:"labelKey"`
	GraphStyle  string `yaml:"graphStyle"`
}

// Columns keep the order the source gives them in.
type Columns []Column

// UnmarshalYAML implements yaml.Unmarshaler: a mapping of key -> column,
// or (KPI data) one column.
func (c *Columns) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: columns must be a mapping", n.Line)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "field" || n.Content[i].Value == "agg" {
			var col Column
			if err := n.Decode(&col); err != nil {
				return err
			}
			*c = Columns{col}
			return nil
		}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		var col Column
		if err := n.Content[i+1].Decode(&col); err != nil {
			return err
		}
		col.Key = n.Content[i].Value
		*c = append(*c, col)
	}
	return nil
}

// Filter is one AbstractFilter of a where, numerator or OR clause.
type Filter struct {
	Type     string   `yaml:"type"`
	Field    string   `yaml:"field"`
	LabelKey string   `yaml:"labelKey"`
	Value    any      `yaml:"value"`
	Values   []any    `yaml:"values"`
	Or       []Filter `yaml:"-"`
}

// UnmarshalYAML implements yaml.Unmarshaler: OR filters hold filters in
// their values.
func (f *Filter) UnmarshalYAML(n *yaml.Node) error {
	type plain struct {
		Type     string      `yaml:"type"`
		Field    string      `yaml:"field"`
		LabelKey string      `yaml:"labelKey"`
		Value    yaml.Node   `yaml:"value"`
		Values   []yaml.Node `yaml:"values"`
	}
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	f.Type, f.Field, f.LabelKey = strings.ToUpper(p.Type), p.Field, p.LabelKey
	if p.Value.Kind != 0 {
		v, err := source.Value(&p.Value)
		if err != nil {
			return err
		}
		f.Value = v
	}
	for i := range p.Values {
		if f.Type == "OR" {
			var sub Filter
			if err := p.Values[i].Decode(&sub); err != nil {
				return err
			}
			f.Or = append(f.Or, sub)
			continue
		}
		v, err := source.Value(&p.Values[i])
		if err != nil {
			return err
		}
		f.Values = append(f.Values, v)
	}
	return nil
}

// Order is one OrderBy.
type Order struct {
	Column string `yaml:"column"`
	Order  string `yaml:"order"`
}

// Data is a chart's data source (DataFilter or DataFilterKPI).
type Data struct {
	Type      string   `yaml:"type"`
	Columns   Columns  `yaml:"columns"`
	Where     []Filter `yaml:"where"`
	Numerator []Filter `yaml:"numerator"`
	OrderBy   []Order  `yaml:"orderBy"`
}

// Source is the data plugin without its package: Executions, LogsKPI...
func (d *Data) Source() string {
	return strings.TrimSuffix(strings.TrimPrefix(d.Type, dataPkg), "KPI")
}

// KPI reports whether the data is a KPI source.
func (d *Data) KPI() bool { return strings.HasSuffix(d.Type, "KPI") }

// Chart is one chart of a dashboard.
type Chart struct {
	ID   string `yaml:"id"`
	Type string `yaml:"type"`
	Data *Data  `yaml:"data"`
	// Doc is the chart as written, for responses.
	Doc map[string]any `yaml:"-"`
}

// Kind is the chart plugin without its package: TimeSeries, Table...
func (c *Chart) Kind() string { return strings.TrimPrefix(c.Type, chartPkg) }

// TimeWindow is the dashboard's default and maximum time range.
type TimeWindow struct {
	Default string `yaml:"default" json:"default,omitempty"`
	Max     string `yaml:"max" json:"max,omitempty"`
}

// Dashboard is a parsed dashboard.
type Dashboard struct {
	ID          string     `yaml:"id"`
	Title       string     `yaml:"title"`
	Description string     `yaml:"description"`
	TimeWindow  TimeWindow `yaml:"timeWindow"`
	Charts      []*Chart   `yaml:"charts"`
	// Doc is the source as JSON-compatible values.
	Doc map[string]any `yaml:"-"`
}

// Chart returns the chart with id.
func (d *Dashboard) Chart(id string) (*Chart, bool) {
	for _, c := range d.Charts {
		if c.ID == id {
			return c, true
		}
	}
	return nil, false
}

// Parse reads and validates a dashboard source.
func Parse(src []byte) (*Dashboard, source.Violations) {
	var vs source.Violations
	doc, err := source.Map(src)
	if err != nil {
		vs.Add("", "Unable to parse dashboard: %v", err)
		return nil, vs
	}
	var d Dashboard
	if err := yaml.Unmarshal(src, &d); err != nil {
		vs.Add("", "Unable to parse dashboard: %v", err)
		return nil, vs
	}
	d.Doc = doc
	if strings.TrimSpace(d.ID) == "" {
		vs.Add("id", "must not be blank")
	}
	if strings.TrimSpace(d.Title) == "" {
		vs.Add("title", "must not be blank")
	}
	validateWindow(&d.TimeWindow, &vs)
	charts, _ := doc["charts"].([]any)
	seen := map[string]bool{}
	for i, c := range d.Charts {
		if c == nil {
			vs.Add(fmt.Sprintf("charts[%d]", i), "must not be null")
			continue
		}
		if i < len(charts) {
			c.Doc, _ = charts[i].(map[string]any)
		}
		path := fmt.Sprintf("charts[%d]", i)
		validateChart(path, c, &vs)
		if c.ID != "" && seen[c.ID] {
			vs.Add(path+".id", "Duplicate chart id '%s'", c.ID)
		}
		seen[c.ID] = true
	}
	return &d, vs
}

// Time window defaults (TimeWindow.java): 30 days, at most 366.
const (
	defaultWindow = 30 * 24 * time.Hour
	maxWindow     = 366 * 24 * time.Hour
)

// validateWindow checks the time window and writes it back the way Java
// prints a Duration (P1D -> PT24H).
func validateWindow(w *TimeWindow, vs *source.Violations) {
	def, max := defaultWindow, maxWindow
	var err error
	if w.Default != "" {
		if def, err = isoduration.Parse(w.Default); err != nil {
			vs.Add("timeWindow.default", "must be an ISO-8601 duration, not '%s'", w.Default)
			return
		}
	}
	if w.Max != "" {
		if max, err = isoduration.Parse(w.Max); err != nil {
			vs.Add("timeWindow.max", "must be an ISO-8601 duration, not '%s'", w.Max)
			return
		}
	}
	for _, c := range []struct {
		path string
		d    time.Duration
	}{{"timeWindow.default", def}, {"timeWindow.max", max}} {
		if c.d > maxWindow {
			vs.Add(c.path, "Time window can't be more than 1 year (366 days).")
		}
	}
	if def > max {
		vs.Add("timeWindow", "Timewindow default can't be greater than max")
	}
	w.Default, w.Max = isoduration.Format(def), isoduration.Format(max)
}

// window returns the default time range of the dashboard.
func (d *Dashboard) window() time.Duration {
	if v, err := isoduration.Parse(d.TimeWindow.Default); err == nil {
		return v
	}
	return defaultWindow
}

// ParseChart reads and validates one chart source.
func ParseChart(src []byte) (*Chart, source.Violations) {
	var vs source.Violations
	doc, err := source.Map(src)
	if err != nil {
		vs.Add("", "Unable to parse chart: %v", err)
		return nil, vs
	}
	var c Chart
	if err := yaml.Unmarshal(src, &c); err != nil {
		vs.Add("", "Unable to parse chart: %v", err)
		return nil, vs
	}
	c.Doc = doc
	validateChart("", &c, &vs)
	return &c, vs
}

func validateChart(path string, c *Chart, vs *source.Violations) {
	at := func(p string) string {
		if path == "" {
			return p
		}
		return path + "." + p
	}
	vs.Identifier(at("id"), c.ID, source.IDPattern, 0)
	switch {
	case c.Type == "":
		vs.Add(at("type"), "must not be null")
	case !classPattern.MatchString(c.Type):
		vs.Add(at("type"), "must match \"%s\"", classPattern.String())
	case !strings.HasPrefix(c.Type, chartPkg) || !slices.Contains(chartTypes, c.Kind()):
		vs.Add(at("type"), "Invalid type: %s", c.Type)
	}
	if c.Kind() == "Markdown" || c.Type == "" {
		return
	}
	d := c.Data
	if d == nil {
		vs.Add(at("data"), "must not be null")
		return
	}
	fields, known := dataFields[d.Source()]
	switch {
	case d.Type == "":
		vs.Add(at("data.type"), "must not be null")
		return
	case !strings.HasPrefix(d.Type, dataPkg) || !known:
		vs.Add(at("data.type"), "Invalid type: %s", d.Type)
		return
	case (c.Kind() == "KPI") != d.KPI():
		vs.Add(at("data.type"), "a %s chart needs %s data, not %s", c.Kind(), map[bool]string{true: "KPI", false: "non-KPI"}[c.Kind() == "KPI"], d.Type)
	}
	if len(d.Columns) == 0 {
		vs.Add(at("data.columns"), "must not be empty")
	}
	for _, col := range d.Columns {
		cpath := at("data.columns")
		if col.Key != "" {
			cpath += "." + col.Key
		}
		if col.Field == "" && col.Agg != "COUNT" {
			vs.Add(cpath+".field", "must not be null")
		}
		if col.Field != "" && !slices.Contains(fields, col.Field) {
			vs.Add(cpath+".field", "Invalid field '%s', allowed values: %s", col.Field, strings.Join(fields, ", "))
		}
		if col.Agg != "" && !slices.Contains(aggregations, col.Agg) {
			vs.Add(cpath+".agg", "Invalid aggregation '%s', allowed values: %s", col.Agg, strings.Join(aggregations, ", "))
		}
	}
	validateFilters(at("data.where"), d.Where, fields, vs)
	validateFilters(at("data.numerator"), d.Numerator, fields, vs)
	for i, o := range d.OrderBy {
		if !slices.ContainsFunc(d.Columns, func(c Column) bool { return c.Key == o.Column }) {
			vs.Add(fmt.Sprintf("%s[%d].column", at("data.orderBy"), i), "'%s' is not a column of the chart", o.Column)
		}
		if o.Order != "" && o.Order != "ASC" && o.Order != "DESC" {
			vs.Add(fmt.Sprintf("%s[%d].order", at("data.orderBy"), i), "must be ASC or DESC")
		}
	}
}

func validateFilters(path string, fs []Filter, fields []string, vs *source.Violations) {
	for i, f := range fs {
		p := fmt.Sprintf("%s[%d]", path, i)
		if !slices.Contains(filterTypes, f.Type) {
			vs.Add(p+".type", "Invalid filter type '%s', allowed values: %s", f.Type, strings.Join(filterTypes, ", "))
			continue
		}
		if f.Type == "OR" {
			if len(f.Or) == 0 {
				vs.Add(p+".values", "must not be empty")
			}
			validateFilters(p+".values", f.Or, fields, vs)
			continue
		}
		if !slices.Contains(fields, f.Field) {
			vs.Add(p+".field", "Invalid field '%s', allowed values: %s", f.Field, strings.Join(fields, ", "))
		}
	}
}
