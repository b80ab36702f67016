package coord

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in          string
		unversioned bool
		want        Coordinate
		err         string
	}{
		{in: "io.kestra.plugin:plugin-kafka:1.6.0", want: Coordinate{"io.kestra.plugin", "plugin-kafka", "1.6.0"}},
		{in: "io.kestra.plugin:plugin-kafka:0.20.0-SNAPSHOT", want: Coordinate{"io.kestra.plugin", "plugin-kafka", "0.20.0-SNAPSHOT"}},
		{in: "io.kestra.plugin:plugin_x:1", want: Coordinate{"io.kestra.plugin", "plugin_x", "1"}},
		{in: "io.kestra.plugin:plugin-kafka", unversioned: true, want: Coordinate{"io.kestra.plugin", "plugin-kafka", ""}},
		{in: "io.kestra.plugin:plugin-kafka", err: "expected groupId:artifactId:version"},
		{in: "a:b:c:d", unversioned: true, err: "expected groupId:artifactId:version or groupId:artifactId"},
		{in: "", unversioned: true, err: "expected"},
		{in: "a::1", err: "parts must not be empty"},
		{in: "a:b:", err: "parts must not be empty"},
		{in: ":b:1", err: "parts must not be empty"},
		{in: "a:b c:1", err: "parts may only contain letters, digits, '.', '-', or '_'"},
		{in: "a:b/c:1", err: "parts may only contain"},
		{in: `a:b\c:1`, err: "parts may only contain"},
		{in: "a:..:1", err: "must not start with '.' or contain \"..\""},
		{in: "a:b:..", err: "must not start with '.'"},
		{in: "a:.hidden:1", err: "must not start with '.'"},
		{in: "io..kestra:b:1", err: "contain \"..\""},
		{in: "io.kestra.:b:1", err: "groupId must not end with '.'"},
		{in: "a:b:latest", err: `version "latest" is not supported — please specify an exact version (e.g. 1.2.3)`},
		{in: "a:b:DEVELOP", err: `version "DEVELOP" is not supported`},
		{in: "a:b:" + strings.Repeat("1", 201), err: "at most 200"},
		{in: "a:b:1\x00", err: "parts may only contain"},
	}
	for _, tc := range tests {
		got, err := Parse(tc.in, tc.unversioned)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Parse(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "invalid plugin coordinate "+`"`) {
				t.Errorf("Parse(%q) error %q does not name the coordinate", tc.in, err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseList(t *testing.T) {
	got, err := ParseList([]string{"a:b:1 c:d:2\n\te:f:3", "g:h:4", "  "}, false)
	if err != nil {
		t.Fatal(err)
	}
	var s []string
	for _, c := range got {
		s = append(s, c.String())
	}
	if strings.Join(s, " ") != "a:b:1 c:d:2 e:f:3 g:h:4" {
		t.Fatalf("got %v", s)
	}
	if _, err := ParseList([]string{"a:b:1 bad"}, false); err == nil {
		t.Fatal("a bad coordinate was accepted")
	}
	if got, err := ParseList([]string{"", " "}, false); err != nil || len(got) != 0 {
		t.Fatalf("empty values: %v, %v", got, err)
	}
}

func TestDedupe(t *testing.T) {
	a, b := Coordinate{"g", "a", "1"}, Coordinate{"g", "a", "2"}
	got := Dedupe([]Coordinate{a, b, a, a, b})
	if len(got) != 2 || got[0] != a || got[1] != b {
		t.Fatalf("Dedupe = %v", got)
	}
}

func TestMavenPath(t *testing.T) {
	tests := []struct {
		c    Coordinate
		path string
	}{
		{Coordinate{"io.kestra.plugin", "plugin-kafka", "1.6.0"}, "io/kestra/plugin/plugin-kafka/1.6.0/plugin-kafka-1.6.0.jar"},
		{Coordinate{"io.kestra.plugin", "plugin-kafka", "0.20.0-SNAPSHOT"}, "io/kestra/plugin/plugin-kafka/0.20.0-SNAPSHOT/plugin-kafka-0.20.0-SNAPSHOT.jar"},
		{Coordinate{"io.kestra.plugin.ee", "plugin-ee-core", "1.3.9"}, "io/kestra/plugin/ee/plugin-ee-core/1.3.9/plugin-ee-core-1.3.9.jar"},
	}
	for _, tc := range tests {
		if got := tc.c.MavenPath(); got != tc.path {
			t.Errorf("MavenPath(%v) = %s, want %s", tc.c, got, tc.path)
		}
	}
}

func TestCompareVersions(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"1.0.0", "1.0.0", 0},
		{"1.0", "1.0.0", 0},
		{"1.0.1", "1.0", 1},
		{"1.10.0", "1.9.9", 1},
		{"2.0.0", "10.0.0", -1},
		{"1.0.0-SNAPSHOT", "1.0.0", -1},
		{"1.0.0-rc1", "1.0.0", -1},
		{"1.0.0-alpha", "1.0.0-beta", -1},
		{"1.0.0-beta", "1.0.0-rc1", -1},
		{"1.0.0-rc2", "1.0.0-rc10", -1},
		{"1.0.0-rc1", "1.0.0-SNAPSHOT", -1},
		{"1.0.0-sp1", "1.0.0", 1},
		{"1_6_0", "1.6.0", 0},
		{"1_6_1", "1.6.0", 1},
		{"0_20_0-SNAPSHOT", "0.20.0", -1},
		{"00012", "12", 0},
		{"99999999999999999999999", "99999999999999999999998", 1},
	}
	for _, tc := range tests {
		if got := CompareVersions(tc.a, tc.b); got != tc.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := CompareVersions(tc.b, tc.a); got != -tc.want {
			t.Errorf("CompareVersions(%q, %q) = %d, want %d", tc.b, tc.a, got, -tc.want)
		}
	}
}
