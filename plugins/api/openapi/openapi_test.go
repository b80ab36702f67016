package openapi_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/kestractl/kestractl/plugins/api/openapi"
	"github.com/kestractl/kestractl/plugins/api/openapi/spec"
)

// TestIndexMatchesDocument keeps the embedded index in step with the
// document it is generated from: regenerate it with go generate ./openapi.
func TestIndexMatchesDocument(t *testing.T) {
	doc, err := os.ReadFile("kestra-openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	ops, err := spec.Operations(doc)
	if err != nil {
		t.Fatal(err)
	}
	want, err := openapi.Encode(ops)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("operations.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("operations.json is not the index of kestra-openapi.yaml: run 'go generate ./openapi' in plugins/api")
	}
}

// TestDocumentIsTheContract checks that the plugin's copy of the document
// is the repository's API contract (api/kestra-openapi.yaml).
func TestDocumentIsTheContract(t *testing.T) {
	contract, err := os.ReadFile(filepath.Join("..", "..", "..", "api", "kestra-openapi.yaml"))
	if err != nil {
		t.Skipf("the repository's contract is not available: %v", err)
	}
	copy, err := os.ReadFile("kestra-openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(contract, copy) {
		t.Fatal("plugins/api/openapi/kestra-openapi.yaml differs from api/kestra-openapi.yaml: copy it and run 'go generate ./openapi'")
	}
}

func index(t *testing.T) *openapi.Index {
	t.Helper()
	ix, err := openapi.NewCatalog().Index()
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestEmbeddedIndex(t *testing.T) {
	start := time.Now()
	ix := index(t)
	t.Logf("decoded %d operations in %s", len(ix.Operations()), time.Since(start))
	if n := len(ix.Operations()); n < 500 {
		t.Fatalf("only %d operations", n)
	}
	flow := ix.ByID("createFlow")
	if flow == nil || flow.Method != "POST" || flow.Path != "/api/v1/{tenant}/flows" || !slices.Equal(flow.Consumes, []string{"application/x-yaml"}) || flow.Enterprise {
		t.Fatalf("createFlow = %+v", flow)
	}
	if ix.ByID("CREATEFLOW") != flow {
		t.Fatal("operationIds are not found in another case")
	}
	up := ix.ByID("createNamespaceFile")
	if up == nil || !up.ConsumesType("multipart/form-data") || !up.TakesQuery("path") {
		t.Fatalf("createNamespaceFile = %+v", up)
	}
	if s := ix.ByID("searchFlows"); s == nil || !s.Paginated() {
		t.Fatalf("searchFlows = %+v", s)
	}
	if g := ix.ByID("getFlow"); g == nil || g.Paginated() || !slices.Equal(g.PathParams(), []string{"tenant", "namespace", "id"}) {
		t.Fatalf("getFlow = %+v", g)
	}
	ee := 0
	for _, o := range ix.Operations() {
		if o.Enterprise {
			ee++
		}
	}
	if ee < 100 {
		t.Fatalf("only %d Enterprise operations", ee)
	}
	if ix.ByID("getCurrentUser") == nil || !ix.ByID("getCurrentUser").Enterprise {
		t.Fatalf("getCurrentUser is not Enterprise: %+v", ix.ByID("getCurrentUser"))
	}
}

func TestMatch(t *testing.T) {
	ix := index(t)
	tests := []struct {
		path, template string
		params         map[string]string
	}{
		{"/api/v1/main/flows/search", "/api/v1/{tenant}/flows/search", map[string]string{"tenant": "main"}},
		{"/api/v1/main/flows/company.team", "/api/v1/{tenant}/flows/{namespace}", map[string]string{"tenant": "main", "namespace": "company.team"}},
		{"/api/v1/main/flows/company.team/hello", "/api/v1/{tenant}/flows/{namespace}/{id}", map[string]string{"tenant": "main", "namespace": "company.team", "id": "hello"}},
		{"/api/v1/t%20x/flows/a%2Fb/c", "/api/v1/{tenant}/flows/{namespace}/{id}", map[string]string{"tenant": "t x", "namespace": "a/b", "id": "c"}},
		{"/api/v1/configs", "/api/v1/configs", map[string]string{}},
		{"/api/v1/main/namespaces/ns/files", "/api/v1/{tenant}/namespaces/{namespace}/files", map[string]string{"tenant": "main", "namespace": "ns"}},
		{"/api/v1/main/nothing/here", "", nil},
		{"/api/v1/main/flows//x", "", nil},
	}
	for _, tt := range tests {
		m := ix.Match(tt.path)
		if tt.template == "" {
			if m != nil {
				t.Errorf("Match(%s) = %s, want none", tt.path, m.Template)
			}
			continue
		}
		if m == nil || m.Template != tt.template {
			t.Errorf("Match(%s) = %+v, want %s", tt.path, m, tt.template)
			continue
		}
		for k, v := range tt.params {
			if m.Params[k] != v {
				t.Errorf("Match(%s) params %v, want %v", tt.path, m.Params, tt.params)
			}
		}
	}
	m := ix.Match("/api/v1/main/flows/company.team/hello")
	if m.Operation("GET") == nil || m.Operation("GET").ID != "getFlow" || m.Operation("PATCH") != nil {
		t.Fatalf("operations of %s: %v", m.Template, m.Methods())
	}
	if !ix.HasTemplate("/api/v1/{tenant}/flows/search") || ix.HasTemplate("/api/v1/main/flows/search") {
		t.Fatal("HasTemplate")
	}
}

func TestTemplateParams(t *testing.T) {
	for in, want := range map[string][]string{
		"/api/v1/{tenant}/flows/{namespace}/{id}": {"tenant", "namespace", "id"},
		"/api/v1/configs":                         nil,
		"/a/{b":                                   nil,
	} {
		if got := openapi.TemplateParams(in); !slices.Equal(got, want) {
			t.Errorf("TemplateParams(%s) = %v, want %v", in, got, want)
		}
	}
}

func TestDamagedIndex(t *testing.T) {
	if _, err := openapi.CatalogOf([]byte("{")).Index(); err == nil {
		t.Fatal("a damaged index decoded")
	}
}
