package request

import (
	"slices"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/plugins/api/openapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
)

func index(t testing.TB) *openapi.Index {
	t.Helper()
	ix, err := openapi.NewCatalog().Index()
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestResolve(t *testing.T) {
	ix := index(t)
	tests := []struct {
		name     string
		spec     Spec
		fields   []Field
		method   string
		path     string
		query    string
		op       string
		consumed []int
	}{
		{name: "shorthand", spec: Spec{Target: "flows/search"}, method: "GET", path: "/api/v1/main/flows/search", op: "searchFlows"},
		{name: "absolute with tenant", spec: Spec{Target: "/api/v1/{tenant}/flows/search"}, method: "GET", path: "/api/v1/main/flows/search", op: "searchFlows"},
		{name: "absolute literal", spec: Spec{Target: "/api/v1/other/flows/search"}, method: "GET", path: "/api/v1/other/flows/search", op: "searchFlows"},
		{name: "api/ without slash", spec: Spec{Target: "api/v1/configs"}, method: "GET", path: "/api/v1/configs", op: "getConfiguration"},
		{name: "instance-level shorthand", spec: Spec{Target: "configs"}, method: "GET", path: "/api/v1/configs", op: "getConfiguration"},
		{name: "tenant wins when both exist", spec: Spec{Target: "flows/search"}, method: "GET", path: "/api/v1/main/flows/search"},
		{name: "unknown path still goes", spec: Spec{Target: "nothing/here"}, method: "GET", path: "/api/v1/main/nothing/here"},
		{name: "query in the path", spec: Spec{Target: "namespaces/ns/files?path=/a.txt"}, method: "GET", path: "/api/v1/main/namespaces/ns/files", query: "path=%2Fa.txt", op: "getFileContent"},
		{name: "operationId", spec: Spec{Target: "getFlow", Params: map[string]string{"namespace": "company.team", "id": "hello"}}, method: "GET", path: "/api/v1/main/flows/company.team/hello", op: "getFlow"},
		{name: "operationId in another case", spec: Spec{Target: "getflow", Params: map[string]string{"namespace": "a", "id": "b"}}, method: "GET", path: "/api/v1/main/flows/a/b", op: "getFlow"},
		{name: "operationId's method", spec: Spec{Target: "deleteFlow", Params: map[string]string{"namespace": "a", "id": "b"}}, method: "DELETE", path: "/api/v1/main/flows/a/b", op: "deleteFlow"},
		{name: "params from fields", spec: Spec{Target: "getFlow"}, fields: []Field{{Key: "x", Value: "1"}, {Key: "namespace", Value: "a"}, {Key: "id", Value: "b"}}, method: "GET", path: "/api/v1/main/flows/a/b", op: "getFlow", consumed: []int{1, 2}},
		{name: "positional wins over field", spec: Spec{Target: "getFlow", Params: map[string]string{"namespace": "pos", "id": "b"}}, fields: []Field{{Key: "namespace", Value: "field"}}, method: "GET", path: "/api/v1/main/flows/pos/b", op: "getFlow"},
		{name: "placeholders in a path", spec: Spec{Target: "flows/{namespace}/{id}", Params: map[string]string{"namespace": "a b", "id": "c/d"}}, method: "GET", path: "/api/v1/main/flows/a%20b/c%2Fd", op: "getFlow"},
		{name: "tenant escaped", spec: Spec{Target: "flows/search", Tenant: "t 1"}, method: "GET", path: "/api/v1/t%201/flows/search", op: "searchFlows"},
		{name: "fields make a POST", spec: Spec{Target: "flows/validate"}, fields: []Field{{Key: "a", Value: "b"}}, method: "POST", path: "/api/v1/main/flows/validate"},
		{name: "fields on a GET-only search stay GET", spec: Spec{Target: "flows/search"}, fields: []Field{{Key: "q", Value: "x"}}, method: "GET", path: "/api/v1/main/flows/search", op: "searchFlows"},
		{name: "input makes a POST", spec: Spec{Target: "flows", HasBody: true}, method: "POST", path: "/api/v1/main/flows", op: "createFlow"},
		{name: "-X wins", spec: Spec{Target: "flows/company.team/hello", Method: "put", HasBody: true}, method: "PUT", path: "/api/v1/main/flows/company.team/hello", op: "updateFlow"},
		{name: "unknown path with fields", spec: Spec{Target: "not/there"}, fields: []Field{{Key: "a", Value: "b"}}, method: "POST", path: "/api/v1/main/not/there"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.spec.Tenant == "" {
				tt.spec.Tenant = "main"
			}
			got, consumed, err := Resolve(ix, tt.spec, tt.fields)
			if err != nil {
				t.Fatal(err)
			}
			if got.Method != tt.method || got.Path != tt.path || got.Query.Encode() != tt.query {
				t.Fatalf("got %s %s ?%s, want %s %s ?%s", got.Method, got.Path, got.Query.Encode(), tt.method, tt.path, tt.query)
			}
			if tt.op != "" && (got.Operation == nil || got.Operation.ID != tt.op) {
				t.Fatalf("operation %+v, want %s", got.Operation, tt.op)
			}
			if !slices.Equal(consumed, tt.consumed) {
				t.Fatalf("consumed %v, want %v", consumed, tt.consumed)
			}
		})
	}
}

func TestResolveErrors(t *testing.T) {
	ix := index(t)
	tests := []struct {
		name string
		spec Spec
		want string
	}{
		{"empty", Spec{}, "give a path"},
		{"url", Spec{Target: "https://evil.example/api/v1/configs"}, "not a URL"},
		{"bad method", Spec{Target: "flows/search", Method: "FETCH"}, "invalid method"},
		{"method mismatch", Spec{Target: "getFlow", Method: "POST", Params: map[string]string{"namespace": "a", "id": "b"}}, "is a GET operation"},
		{"typo", Spec{Target: "getFlw"}, "unknown operation"},
		{"missing params", Spec{Target: "getFlow", Params: map[string]string{"namespace": "a"}}, "needs a value for id"},
		{"unused param", Spec{Target: "flows/search", Params: map[string]string{"namespace": "a"}}, "no {namespace} parameter"},
		{"unclosed", Spec{Target: "flows/{namespace"}, "unclosed"},
		{"bad query", Spec{Target: "flows/search?a=%zz"}, "invalid query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.spec.Tenant = "main"
			_, _, err := Resolve(ix, tt.spec, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if cmderr.CodeOf(err) != cmderr.Usage {
				t.Fatalf("code %v, want usage", cmderr.CodeOf(err))
			}
		})
	}
	_, _, err := Resolve(ix, Spec{Target: "getFlw", Tenant: "main"}, nil)
	if ce := cmderr.From(err); !strings.Contains(ce.Hint, "getFlow") {
		t.Fatalf("no suggestion: %v (%s)", err, ce.Hint)
	}
}

func FuzzResolve(f *testing.F) {
	ix := index(f)
	for _, s := range []string{"flows/search", "/api/v1/{tenant}/flows/{namespace}", "getFlow", "a?b=c", "{", "api/v1/x/{y}"} {
		f.Add(s, "namespace=a")
	}
	f.Fuzz(func(t *testing.T, target, param string) {
		spec := Spec{Target: target, Tenant: "main", Params: map[string]string{}}
		if n, v, err := ParseParam(param); err == nil {
			spec.Params[n] = v
		}
		got, _, err := Resolve(ix, spec, nil)
		if err != nil {
			if cmderr.CodeOf(err) != cmderr.Usage {
				t.Fatalf("Resolve(%q): non-usage error %v", target, err)
			}
			return
		}
		if !strings.HasPrefix(got.Path, "/") || strings.ContainsAny(got.Path, "{}?") {
			t.Fatalf("Resolve(%q) = %q", target, got.Path)
		}
	})
}
