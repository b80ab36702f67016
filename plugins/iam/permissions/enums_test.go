package permissions

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestEnumsMatchContract checks the resource and action lists against the
// Kestra 2.0 OpenAPI document of the repository (api/kestra-openapi.yaml).
func TestEnumsMatchContract(t *testing.T) {
	path := filepath.Join("..", "..", "..", "api", "kestra-openapi.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("OpenAPI document not available: %v", err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Enum       []string `yaml:"enum"`
				Properties map[string]struct {
					Properties map[string]any `yaml:"properties"`
				} `yaml:"properties"`
			} `yaml:"schemas"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	s := doc.Components.Schemas
	without := func(list []string) []string {
		return slices.DeleteFunc(slices.Clone(list), func(v string) bool { return v == Unknown })
	}
	if got, want := Resources(), without(s["Resource"].Enum); !slices.Equal(got, want) {
		t.Errorf("resources differ from the Resource enum:\n got %v\nwant %v", got, want)
	}
	if got, want := Actions(), without(s["Action"].Enum); !slices.Equal(got, want) {
		t.Errorf("actions differ from the Action enum:\n got %v\nwant %v", got, want)
	}
	// Every resource is a key of the role request's permissions object.
	keys := s["IAMRoleController.ApiRoleCreateOrUpdateRequest"].Properties["permissions"].Properties
	if len(keys) == 0 {
		t.Fatal("no permissions properties in IAMRoleController.ApiRoleCreateOrUpdateRequest")
	}
	for _, r := range Resources() {
		if _, ok := keys[r]; !ok {
			t.Errorf("resource %s is not a property of the role request's permissions", r)
		}
	}
}
