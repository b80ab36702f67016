package yamldoc

import (
	"strings"
	"testing"
)

func TestSplitDocuments(t *testing.T) {
	cases := map[string][]string{
		"id: a\n":                      {"id: a\n"},
		"---\nid: a\n":                 {"id: a\n"},
		"id: a\n---\nid: b\n":          {"id: a\n", "id: b\n"},
		"id: a\n--- # c\nid: b\n---\n": {"id: a\n", "id: b\n"},
		"id: a\r\n---\r\nid: b\r\n":    {"id: a\r\n", "id: b\r\n"},
		"a: '---'\nb: |\n  ---x\n":     {"a: '---'\nb: |\n  ---x\n"},
		"id: a\n---\n---\nid: c\n":     {"id: a\n", "", "id: c\n"},
	}
	for in, want := range cases {
		var got []string
		for _, d := range SplitDocuments([]byte(in)) {
			got = append(got, string(d))
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("SplitDocuments(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMappingNamesTheSubject(t *testing.T) {
	cases := map[string]string{
		"":                  "flow source is empty",
		"a: 1\n---\nb: 2\n": "flow source holds more than one YAML document",
		"- a\n":             "flow source must be a YAML mapping",
	}
	for src, want := range cases {
		if _, err := Mapping([]byte(src), "flow source"); err == nil || err.Error() != want {
			t.Errorf("Mapping(%q) = %v, want %q", src, err, want)
		}
	}
	if _, err := Mapping([]byte("a: [\n"), "flow source"); err == nil || !strings.HasPrefix(err.Error(), "yaml: ") {
		t.Errorf("a syntax error is not yaml.v3's own: %v", err)
	}
}
