// Package contracttest holds the contract-test harness: it loads the Kestra
// OpenAPI document once per test binary, works around its few known quirks,
// and validates the simulator's responses against it with kin-openapi.
package contracttest

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// SkipMessage is the reason contract tests give when the document is absent.
const SkipMessage = "kestra-openapi.yaml not found: contract tests skipped"

// Locate finds the OpenAPI document: ../api/kestra-openapi.yaml from the
// kestrasim module root, else the shared copy beside the checkout, else
// /work/shared/kestra-openapi.yaml. It returns "" when none exists.
func Locate() string {
	var candidates []string
	if root := moduleRoot(); root != "" {
		candidates = append(candidates,
			filepath.Join(root, "..", "api", "kestra-openapi.yaml"),
			filepath.Join(root, "..", "..", "shared", "kestra-openapi.yaml"))
	}
	candidates = append(candidates, "/work/shared/kestra-openapi.yaml")
	for _, c := range candidates {
		if st, err := os.Stat(c); err == nil && !st.IsDir() {
			return c
		}
	}
	return ""
}

// moduleRoot walks up from the working directory (a package directory under
// go test) to the directory holding kestrasim's go.mod.
func moduleRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil {
			if containsModule(string(data)) {
				return dir
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func containsModule(gomod string) bool {
	const want = "module github.com/kestractl/kestractl/kestrasim"
	for i := 0; i+len(want) <= len(gomod); i++ {
		if gomod[i:i+len(want)] == want {
			return true
		}
	}
	return false
}

type loaded struct {
	doc *openapi3.T
	err error
}

// cache is the document of this test binary: loading and parsing the 740 KB
// file once is what keeps the contract tests fast.
var cache struct {
	once sync.Once
	v    loaded
}

// Load returns the patched document, loading it on first use; it skips the
// test when the document is absent.
func Load(t testing.TB) *openapi3.T {
	t.Helper()
	path := Locate()
	if path == "" {
		t.Skip(SkipMessage)
	}
	cache.once.Do(func() {
		loader := openapi3.NewLoader()
		doc, err := loader.LoadFromFile(path)
		if err != nil {
			cache.v = loaded{err: fmt.Errorf("load %s: %w", path, err)}
			return
		}
		if err := patchQuirks(doc); err != nil {
			cache.v = loaded{err: fmt.Errorf("patch %s: %w", path, err)}
			return
		}
		// Kestra answers the kill action with text/json; kin-openapi has
		// no decoder registered for it.
		openapi3filter.RegisterBodyDecoder("text/json", openapi3filter.JSONBodyDecoder)
		// YAML sources are strings in the document, not YAML objects.
		openapi3filter.RegisterBodyDecoder("application/x-yaml", sourceBodyDecoder)
		openapi3filter.RegisterBodyDecoder("application/yaml", sourceBodyDecoder)
		cache.v = loaded{doc: doc}
	})
	if cache.v.err != nil {
		t.Fatalf("OpenAPI document: %v", cache.v.err)
	}
	return cache.v.doc
}

// validationOptions are the schema options every check uses.
func validationOptions() []openapi3.SchemaValidationOption {
	return []openapi3.SchemaValidationOption{openapi3.SetSchemaRegexCompiler(compileRegex)}
}

// ValidateValue checks a decoded JSON value against a schema of the document.
func ValidateValue(schema *openapi3.Schema, v any) error {
	return schema.VisitJSON(v, validationOptions()...)
}
