package request

import (
	"strings"
	"testing"

	"github.com/kestractl/kestractl/plugins/api/openapi"
)

func TestRoute(t *testing.T) {
	ix := index(t)
	op := func(id string) *openapi.Operation {
		o := ix.ByID(id)
		if o == nil {
			t.Fatalf("no operation %s", id)
		}
		return o
	}
	tgt := func(method, id string) *Target {
		t := &Target{Method: method}
		if id != "" {
			t.Operation = op(id)
		}
		return t
	}
	str := func(k, v string) Field { return Field{Key: k, Value: v} }
	file := func(k, f string) Field { return Field{Key: k, File: f} }
	tests := []struct {
		name        string
		target      *Target
		fields      []Field
		input, ct   string
		query, body string // keys, comma-separated
		kind        Kind
		contentType string
		err         string
	}{
		{name: "GET: query", target: tgt("GET", "searchFlows"), fields: []Field{str("q", "x"), str("filters[namespace][EQUALS]", "a")}, query: "q,filters[namespace][EQUALS]", kind: NoBody},
		{name: "unknown GET: query", target: tgt("GET", ""), fields: []Field{str("a", "b")}, query: "a", kind: NoBody},
		{name: "unknown POST: JSON", target: tgt("POST", ""), fields: []Field{str("a", "b")}, body: "a", kind: JSONBody, contentType: TypeJSON},
		{name: "unknown POST with --content-type form", target: tgt("POST", ""), fields: []Field{str("a", "b")}, ct: "application/x-www-form-urlencoded", body: "a", kind: FormBody, contentType: TypeForm},
		{name: "multipart operation", target: tgt("POST", "createNamespaceFile"), fields: []Field{str("path", "/a"), file("fileContent", "a.csv")}, query: "path", body: "fileContent", kind: MultipartBody, contentType: TypeMultipart},
		{name: "operation without body: query", target: tgt("DELETE", "deleteFileDirectory"), fields: []Field{str("path", "/a")}, query: "path", kind: NoBody},
		{name: "JSON operation, declared query param", target: tgt("POST", "createExecution"), fields: []Field{str("wait", "true"), str("in", "1")}, query: "wait", body: "in", kind: MultipartBody, contentType: TypeMultipart},
		{name: "YAML operation with --input .yaml", target: tgt("POST", "createFlow"), input: "flow.yaml", kind: InputBody, contentType: TypeYAML},
		{name: "YAML operation with --input of another name", target: tgt("POST", "createFlow"), input: "-", kind: InputBody, contentType: TypeYAML},
		{name: "--input makes fields query", target: tgt("POST", "createFlow"), fields: []Field{str("draft", "true"), str("other", "x")}, input: "f.yml", query: "draft,other", kind: InputBody, contentType: TypeYAML},
		{name: "--content-type wins for --input", target: tgt("POST", "createFlow"), input: "f.yaml", ct: "text/plain", kind: InputBody, contentType: "text/plain"},
		{name: "unknown --input .yaml", target: tgt("POST", ""), input: "f.YAML", kind: InputBody, contentType: TypeYAML},
		{name: "unknown --input .json", target: tgt("POST", ""), input: "f.json", kind: InputBody, contentType: TypeJSON},
		{name: "unknown --input stdin", target: tgt("POST", ""), input: "-", kind: InputBody, contentType: TypeJSON},
		{name: "fields on a YAML-only operation", target: tgt("POST", "createFlow"), fields: []Field{str("id", "x")}, err: "give it with --input"},
		{name: "fields with a non-field content type", target: tgt("POST", ""), fields: []Field{str("a", "b")}, ct: "application/x-yaml", err: "give a application/x-yaml body with --input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Route(tt.target, tt.fields, tt.input, tt.ct)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := keys(r.Query); got != tt.query {
				t.Errorf("query %q, want %q", got, tt.query)
			}
			if got := keys(r.Body); got != tt.body {
				t.Errorf("body %q, want %q", got, tt.body)
			}
			if r.Kind != tt.kind || r.ContentType != tt.contentType {
				t.Errorf("kind %v %q, want %v %q", r.Kind, r.ContentType, tt.kind, tt.contentType)
			}
		})
	}
}

func keys(fs []Field) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Key)
	}
	return strings.Join(out, ",")
}
