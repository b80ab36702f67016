package executions

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/isoduration"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// maxInputValue bounds a non-file input value.
const maxInputValue = 1 << 20

// formValue is one submitted input: a value, or an uploaded file.
type formValue struct {
	value    string
	fileName string
	file     string // path of the stored upload
}

// readForm reads the multipart inputs of a create request. Files are
// streamed to dir. An empty body (kestractl sends a multipart content type
// with no parts) means no inputs.
func readForm(r *http.Request, dir string) (map[string]formValue, error) {
	values := map[string]formValue{}
	ct := r.Header.Get("Content-Type")
	if ct == "" || r.Body == nil || r.ContentLength == 0 {
		return values, nil
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return nil, rest.BadRequest("invalid Content-Type %q", ct)
	}
	switch mt {
	case "application/x-www-form-urlencoded":
		data, err := rest.ReadBody(r, maxInputValue)
		if err != nil {
			return nil, err
		}
		q, err := url.ParseQuery(string(data))
		if err != nil {
			return nil, rest.BadRequest("invalid form body: %v", err)
		}
		for k := range q {
			values[k] = formValue{value: q.Get(k)}
		}
		return values, nil
	case "multipart/form-data":
	default:
		return nil, rest.Errorf(http.StatusUnsupportedMediaType, "Content Type [%s] not allowed. Allowed types: [multipart/form-data]", mt)
	}
	if params["boundary"] == "" {
		// a multipart content type without parts
		if _, err := io.Copy(io.Discard, io.LimitReader(r.Body, 1)); err != nil {
			return nil, rest.BadRequest("cannot read body: %v", err)
		}
		return values, nil
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return values, nil
		}
		if err != nil {
			return nil, rest.BadRequest("cannot read multipart body: %v", err)
		}
		name := part.FormName()
		if name == "" {
			continue
		}
		if part.FileName() != "" {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("store file input: %w", err)
			}
			f, err := os.CreateTemp(dir, "input-*")
			if err != nil {
				return nil, fmt.Errorf("store file input: %w", err)
			}
			_, cerr := io.Copy(f, part)
			if err := f.Close(); cerr == nil {
				cerr = err
			}
			if cerr != nil {
				os.Remove(f.Name())
				return nil, rest.BadRequest("cannot read file input %q: %v", name, cerr)
			}
			values[name] = formValue{fileName: filepath.Base(part.FileName()), file: f.Name()}
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, maxInputValue+1))
		if err != nil {
			return nil, rest.BadRequest("cannot read input %q: %v", name, err)
		}
		if len(data) > maxInputValue {
			return nil, rest.BadRequest("input %q is larger than %d bytes", name, maxInputValue)
		}
		values[name] = formValue{value: string(data)}
	}
}

// resolveDeclared validates the submitted values against declared inputs
// (a flow's inputs, a Pause task's onResume) and returns the typed values.
func resolveDeclared(declared []flows.Input, values map[string]formValue, fileURI func(input, name string) string) (map[string]any, []rest.Violation) {
	out := map[string]any{}
	var vs []rest.Violation
	for _, in := range declared {
		v, given := values[in.ID]
		if !given || (v.file == "" && v.value == "" && in.Type != "STRING") {
			switch {
			case in.HasDefaults:
				out[in.ID] = in.Defaults
			case in.Required:
				vs = append(vs, rest.Violation{Path: "inputs." + in.ID,
					Message: fmt.Sprintf("Invalid input for `%s`, missing required input, but received `null`", in.ID)})
			}
			continue
		}
		typed, err := convert(in, v, fileURI)
		if err != nil {
			shown := v.value
			if v.file != "" {
				shown = v.fileName
			}
			vs = append(vs, rest.Violation{Path: "inputs." + in.ID,
				Message: fmt.Sprintf("Invalid input for `%s`, %v, but received `%s`", in.ID, err, shown)})
			continue
		}
		out[in.ID] = typed
	}
	return out, vs
}

// ResolveValues validates raw input values (what a trigger or a Subflow
// task gives: strings, numbers, booleans, lists, maps; kestra:// URIs for
// files) against a flow's inputs, applying defaults, as the create route
// validates a form.
func ResolveValues(def *flows.Definition, raw map[string]any) (map[string]any, []rest.Violation) {
	values := make(map[string]formValue, len(raw))
	for k, v := range raw {
		switch x := v.(type) {
		case nil:
		case string:
			values[k] = formValue{value: x}
		case map[string]any, []any:
			data, err := json.Marshal(x)
			if err != nil {
				values[k] = formValue{value: fmt.Sprint(x)}
			} else {
				values[k] = formValue{value: string(data)}
			}
		default:
			values[k] = formValue{value: fmt.Sprint(x)}
		}
	}
	return resolveDeclared(def.Inputs, values, func(input, name string) string { return name })
}

func convert(in flows.Input, v formValue, fileURI func(input, name string) string) (any, error) {
	if in.Type == "FILE" {
		if v.file != "" {
			return fileURI(in.ID, v.fileName), nil
		}
		if strings.HasPrefix(v.value, "kestra://") || strings.HasPrefix(v.value, "nsfile://") {
			return v.value, nil
		}
		return nil, fmt.Errorf("expected a file upload")
	}
	if v.file != "" {
		data, err := os.ReadFile(v.file)
		if err != nil {
			return nil, fmt.Errorf("cannot read uploaded value")
		}
		v.value = string(data)
	}
	s := v.value
	switch in.Type {
	case "STRING", "SECRET", "FORM", "REUSABLE_INPUTS":
		if pattern, ok := in.Props["validator"].(string); ok && pattern != "" {
			re, err := regexp.Compile("^(?:" + pattern + ")$")
			if err == nil && !re.MatchString(s) {
				return nil, fmt.Errorf("it must match the pattern `%s`", pattern)
			}
		}
		return s, nil
	case "EMAIL":
		if _, err := mail.ParseAddress(s); err != nil || !strings.Contains(s, "@") {
			return nil, fmt.Errorf("it must be a valid email address")
		}
		return s, nil
	case "URI":
		u, err := url.Parse(s)
		if err != nil || u.Scheme == "" {
			return nil, fmt.Errorf("it must be a valid URI")
		}
		return s, nil
	case "INT":
		n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("it must be an integer")
		}
		if min, ok := number(in.Props["min"]); ok && float64(n) < min {
			return nil, fmt.Errorf("it must be greater than or equal to %v", in.Props["min"])
		}
		if max, ok := number(in.Props["max"]); ok && float64(n) > max {
			return nil, fmt.Errorf("it must be lower than or equal to %v", in.Props["max"])
		}
		return n, nil
	case "FLOAT":
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, fmt.Errorf("it must be a number")
		}
		if min, ok := number(in.Props["min"]); ok && f < min {
			return nil, fmt.Errorf("it must be greater than or equal to %v", in.Props["min"])
		}
		if max, ok := number(in.Props["max"]); ok && f > max {
			return nil, fmt.Errorf("it must be lower than or equal to %v", in.Props["max"])
		}
		return f, nil
	case "BOOL":
		b, err := strconv.ParseBool(strings.TrimSpace(strings.ToLower(s)))
		if err != nil {
			return nil, fmt.Errorf("it must be true or false")
		}
		return b, nil
	case "DATETIME":
		t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
		if err != nil {
			return nil, fmt.Errorf("it must be an ISO-8601 date-time")
		}
		return t.UTC().Format(time.RFC3339Nano), nil
	case "DATE":
		if _, err := time.Parse(time.DateOnly, strings.TrimSpace(s)); err != nil {
			return nil, fmt.Errorf("it must be a date (YYYY-MM-DD)")
		}
		return strings.TrimSpace(s), nil
	case "TIME":
		t := strings.TrimSpace(s)
		if _, err := time.Parse(time.TimeOnly, t); err != nil {
			if _, err2 := time.Parse("15:04", t); err2 != nil {
				return nil, fmt.Errorf("it must be a time (HH:MM:SS)")
			}
		}
		return t, nil
	case "DURATION":
		if _, err := isoduration.Parse(strings.TrimSpace(s)); err != nil {
			return nil, fmt.Errorf("it must be an ISO-8601 duration")
		}
		return strings.TrimSpace(s), nil
	case "JSON":
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("it must be valid JSON")
		}
		return v, nil
	case "YAML":
		var v any
		if err := yaml.NewDecoder(bytes.NewReader([]byte(s))).Decode(&v); err != nil && err != io.EOF {
			return nil, fmt.Errorf("it must be valid YAML")
		}
		return s, nil
	case "SELECT":
		values := stringList(in.Props["values"])
		if custom, _ := in.Props["allowCustomValue"].(bool); !custom && !slices.Contains(values, s) {
			return nil, fmt.Errorf("it must match the values `%v`", values)
		}
		return s, nil
	case "MULTISELECT", "ARRAY":
		items, err := list(s)
		if err != nil {
			return nil, err
		}
		if in.Type == "MULTISELECT" {
			values := stringList(in.Props["values"])
			for _, it := range items {
				if custom, _ := in.Props["allowCustomValue"].(bool); !custom && !slices.Contains(values, fmt.Sprint(it)) {
					return nil, fmt.Errorf("value `%v` is not one of `%v`", it, values)
				}
			}
		}
		return items, nil
	}
	return s, nil
}

func list(s string) ([]any, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "[") {
		var items []any
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		if err := dec.Decode(&items); err != nil {
			return nil, fmt.Errorf("it must be a JSON array")
		}
		return items, nil
	}
	var items []any
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			items = append(items, p)
		}
	}
	return items, nil
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

func stringList(v any) []string {
	items, _ := v.([]any)
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, fmt.Sprint(it))
	}
	return out
}
