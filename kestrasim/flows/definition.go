package flows

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kestractl/kestractl/kestrasim/rest"
	"github.com/kestractl/kestractl/kestrasim/schedule"
)

// Patterns Kestra applies (anchored at both ends, as Java's matches() is).
var (
	flowIDPattern    = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]*$`)
	namespacePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	taskIDPattern    = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_-]*$`)
	inputIDPattern   = regexp.MustCompile(`^[a-zA-Z0-9][.a-zA-Z0-9_-]*$`)
	labelKeyPattern  = regexp.MustCompile(`^\p{Ll}[\p{L}0-9._-]*$`)
)

// inputTypes is the input Type enum of the 2.0 document.
var inputTypes = []string{
	"STRING", "SELECT", "INT", "FLOAT", "BOOL", "DATETIME", "DATE", "TIME", "DURATION", "FILE",
	"JSON", "URI", "SECRET", "ARRAY", "MULTISELECT", "YAML", "EMAIL", "FORM", "REUSABLE_INPUTS",
}

// Label is a key/value label.
type Label struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Task is one task of a flow.
type Task struct {
	ID    string
	Type  string
	Props map[string]any
}

// Input is one declared input of a flow.
type Input struct {
	ID          string
	Type        string
	Required    bool
	Defaults    any
	HasDefaults bool
	Props       map[string]any
}

// Definition is a parsed, valid flow.
type Definition struct {
	ID          string
	Namespace   string
	Description string
	Disabled    bool
	Labels      []Label
	Inputs      []Input
	Tasks       []Task
	Errors      []Task
	// Doc is the whole source as JSON-compatible values, for responses.
	Doc map[string]any
}

// ValidateNamespace checks a namespace as Kestra does.
func ValidateNamespace(ns string) error {
	return checkIdentifier(ns, namespacePattern, 150)
}

// ValidateFlowID checks a flow id as Kestra does.
func ValidateFlowID(id string) error {
	return checkIdentifier(id, flowIDPattern, 100)
}

func checkIdentifier(s string, re *regexp.Regexp, max int) error {
	if s == "" {
		return fmt.Errorf("must not be empty")
	}
	if n := utf8.RuneCountInString(s); n > max {
		return fmt.Errorf("size must be between 1 and %d", max)
	}
	if !re.MatchString(s) {
		return fmt.Errorf("must match \"%s\"", strings.TrimSuffix(re.String(), "$"))
	}
	return nil
}

// Parse parses and validates one flow source. On failure it returns the
// constraint violations Kestra would report; the definition may then still
// carry the id and namespace when they could be read.
func Parse(src []byte) (*Definition, []rest.Violation) {
	doc, err := parseDocument(src)
	if err != nil {
		return nil, []rest.Violation{{Message: "Unable to parse flow: " + err.Error()}}
	}
	def := &Definition{Doc: doc}
	var vs []rest.Violation
	add := func(path, format string, args ...any) {
		vs = append(vs, rest.Violation{Path: path, Message: fmt.Sprintf(format, args...)})
	}

	def.ID = identifier(doc, "id", ValidateFlowID, add)
	def.Namespace = identifier(doc, "namespace", ValidateNamespace, add)
	if d, ok := doc["description"].(string); ok {
		def.Description = d
	}
	if d, ok := doc["disabled"].(bool); ok {
		def.Disabled = d
	}
	def.Labels = parseLabels(doc["labels"], add)
	def.Inputs = parseInputs(doc["inputs"], add)
	def.Tasks = parseTasks("tasks", doc["tasks"], true, add)
	def.Errors = parseTasks("errors", doc["errors"], false, add)
	parseTasks("finally", doc["finally"], false, add)
	parseTriggers(doc["triggers"], add)
	checkDuplicateTaskIDs(def, add)
	return def, vs
}

// ParseValid parses one flow source that must be a valid flow: one that is
// not is the 422 naming its violations.
func ParseValid(src []byte) (*Definition, error) {
	def, vs := Parse(src)
	if len(vs) > 0 {
		return nil, rest.Invalid(vs...)
	}
	return def, nil
}

type addFunc func(path, format string, args ...any)

func identifier(doc map[string]any, key string, check func(string) error, add addFunc) string {
	raw, ok := doc[key]
	if !ok || raw == nil {
		add(key, "must not be null")
		return ""
	}
	s, ok := raw.(string)
	if !ok {
		s = fmt.Sprint(raw)
	}
	if err := check(s); err != nil {
		add(key, "%v", err)
	}
	return s
}

func parseLabels(raw any, add addFunc) []Label {
	var labels []Label
	switch l := raw.(type) {
	case nil:
	case map[string]any:
		keys := make([]string, 0, len(l))
		for k := range l {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			labels = append(labels, Label{Key: k, Value: fmt.Sprint(l[k])})
		}
	case []any:
		for i, item := range l {
			m, ok := item.(map[string]any)
			if !ok {
				add(fmt.Sprintf("labels[%d]", i), "must be a key/value mapping")
				continue
			}
			labels = append(labels, Label{Key: fmt.Sprint(m["key"]), Value: fmt.Sprint(m["value"])})
		}
	default:
		add("labels", "must be a map or a list of key/value pairs")
	}
	for _, lb := range labels {
		if !labelKeyPattern.MatchString(lb.Key) {
			add("labels", "Invalid label key '%s'. A valid key contains only lowercase letters numbers hyphens (-) underscores (_) or periods (.) and must begin with a lowercase letter.", lb.Key)
		}
		if lb.Value == "" || lb.Value == "<nil>" {
			add("labels", "label '%s' must have a non-empty value", lb.Key)
		}
	}
	return labels
}

func parseInputs(raw any, add addFunc) []Input {
	if raw == nil {
		return nil
	}
	list, ok := raw.([]any)
	if !ok {
		add("inputs", "must be a list")
		return nil
	}
	var inputs []Input
	seen := map[string]bool{}
	for i, item := range list {
		path := fmt.Sprintf("inputs[%d]", i)
		m, ok := item.(map[string]any)
		if !ok {
			add(path, "must be a mapping")
			continue
		}
		in := Input{Props: m, Required: true}
		in.ID, _ = m["id"].(string)
		in.Type, _ = m["type"].(string)
		switch {
		case in.ID == "":
			add(path+".id", "must not be null")
		case !inputIDPattern.MatchString(in.ID):
			add(path+".id", "must match \"^[a-zA-Z0-9][.a-zA-Z0-9_-]*\"")
		case seen[in.ID]:
			add("inputs", "Duplicate input with name [%s]", in.ID)
		}
		seen[in.ID] = true
		if in.Type == "" {
			add(path+".type", "must not be null")
		} else if !slices.Contains(inputTypes, in.Type) {
			add(path+".type", "Invalid input type '%s', allowed values: %s", in.Type, strings.Join(inputTypes, ", "))
		}
		if r, ok := m["required"].(bool); ok {
			in.Required = r
		}
		if d, ok := m["defaults"]; ok && d != nil {
			in.Defaults, in.HasDefaults = d, true
		}
		inputs = append(inputs, in)
	}
	return inputs
}

func parseTasks(field string, raw any, required bool, add addFunc) []Task {
	if raw == nil {
		if required {
			add(field, "must not be empty")
		}
		return nil
	}
	list, ok := raw.([]any)
	if !ok {
		add(field, "must be a list of tasks")
		return nil
	}
	if len(list) == 0 && required {
		add(field, "must not be empty")
	}
	var tasks []Task
	for i, item := range list {
		path := fmt.Sprintf("%s[%d]", field, i)
		m, ok := item.(map[string]any)
		if !ok {
			add(path, "must be a task mapping")
			continue
		}
		t := Task{Props: m}
		t.ID, _ = m["id"].(string)
		t.Type, _ = m["type"].(string)
		switch {
		case t.ID == "":
			add(path+".id", "must not be null")
		case !taskIDPattern.MatchString(t.ID):
			add(path+".id", "must match \"^[a-zA-Z0-9][a-zA-Z0-9_-]*\"")
		}
		switch {
		case t.Type == "":
			add(path+".type", "must not be null")
		case !KnownType(t.Type):
			add(path+".type", "Invalid type: %s", t.Type)
		}
		if sub, ok := m["tasks"]; ok {
			parseTasks(path+".tasks", sub, false, add)
		}
		tasks = append(tasks, t)
	}
	return tasks
}

func parseTriggers(raw any, add addFunc) {
	if raw == nil {
		return
	}
	list, ok := raw.([]any)
	if !ok {
		add("triggers", "must be a list of triggers")
		return
	}
	for i, item := range list {
		path := fmt.Sprintf("triggers[%d]", i)
		m, ok := item.(map[string]any)
		if !ok {
			add(path, "must be a trigger mapping")
			continue
		}
		if id, _ := m["id"].(string); id == "" {
			add(path+".id", "must not be null")
		}
		switch t, _ := m["type"].(string); {
		case t == "":
			add(path+".type", "must not be null")
		case !KnownType(t):
			add(path+".type", "Invalid type: %s", t)
		case Canonical(t) == TypeSchedule:
			if err := checkSchedule(m); err != nil {
				add(path+".cron", "%v", err)
			}
		}
	}
}

// checkSchedule validates a Schedule trigger's cron, withSeconds and
// timezone (Kestra's @ScheduleValidation and @TimezoneId).
func checkSchedule(m map[string]any) error {
	_, err := ScheduleOf(m)
	return err
}

// ScheduleOf parses the schedule of a Schedule trigger mapping.
func ScheduleOf(m map[string]any) (*schedule.Schedule, error) {
	expr, _ := m["cron"].(string)
	if expr == "" {
		return nil, fmt.Errorf("must not be null")
	}
	withSeconds, _ := m["withSeconds"].(bool)
	tz, _ := m["timezone"].(string)
	return schedule.Parse(expr, withSeconds, tz)
}

func checkDuplicateTaskIDs(def *Definition, add addFunc) {
	seen := map[string]bool{}
	var dups []string
	for _, t := range slices.Concat(def.Tasks, def.Errors) {
		if t.ID == "" {
			continue
		}
		if seen[t.ID] && !slices.Contains(dups, t.ID) {
			dups = append(dups, t.ID)
		}
		seen[t.ID] = true
	}
	if len(dups) > 0 {
		add("tasks", "Duplicate task id with name [%s]", strings.Join(dups, ", "))
	}
}

// ParseInputs parses a list of input declarations the way a flow's inputs
// are parsed; the executions area uses it for a Pause task's onResume
// inputs. The violations' paths start at "inputs".
func ParseInputs(raw any) ([]Input, []rest.Violation) {
	var vs []rest.Violation
	inputs := parseInputs(raw, func(path, format string, args ...any) {
		vs = append(vs, rest.Violation{Path: path, Message: fmt.Sprintf(format, args...)})
	})
	return inputs, vs
}
