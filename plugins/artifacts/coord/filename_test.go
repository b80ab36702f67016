package coord

import (
	"path/filepath"
	"strings"
	"testing"
)

// Coordinates that differ only where the public naming loses information:
// '.' against '_', "__" inside a part, '_' next to a separator.
var lookalikes = []Coordinate{
	{"io.kestra.plugin", "plugin-kafka", "1.6.0"},
	{"io.kestra_plugin", "plugin-kafka", "1.6.0"},
	{"io_kestra.plugin", "plugin-kafka", "1.6.0"},
	{"io_kestra_plugin", "plugin-kafka", "1.6.0"},
	{"io.kestra.plugin", "plugin-kafka", "1_6_0"},
	{"io.kestra.plugin", "plugin-kafka", "1.6_0"},
	{"io.kestra.plugin", "plugin_kafka", "1.6.0"},
	{"io.kestra.plugin", "plugin.kafka", "1.6.0"},
	{"g", "a__b", "1"},
	{"g__a", "b", "1"},
	{"g", "a", "b__1"},
	{"g._a", "b", "1"},
	{"g", "_a", "1"},
	{"g_", "a", "1"},
	{"g", "a_", "1"},
	{"g", "a", "_1"},
	{"g", "a", "1_"},
	{"g", "a", "1."},
	{"g", "a", "1"},
	{"g", "a.b", "1"},
	{"g", "a_b", "1"},
	{"g.a", "b", "1"},
	{"g_a", "b", "1"},
	{"g-a", "b", "1"},
	{"g", "a-b", "1"},
	{"g", "a", "1.0-SNAPSHOT"},
	{"g", "a", "1_0-SNAPSHOT"},
}

// Issue 20 #12: every pair of distinct coordinates has distinct file names
// (the public naming gave g.a and g_a the same one, and pruning one
// deleted the other's JAR), and each name reads back as its coordinate.
func TestFileNamesAreInjective(t *testing.T) {
	byName := map[string]Coordinate{}
	legacyShared := 0
	legacy := map[string]bool{}
	for _, c := range lookalikes {
		if err := c.Validate(); err != nil {
			t.Fatalf("%v: %v", c, err)
		}
		name := c.FileName()
		if other, ok := byName[name]; ok {
			t.Errorf("%v and %v share the file name %s", c, other, name)
		}
		byName[name] = c
		if back, ok := ParseFileName(name); !ok || back != c {
			t.Errorf("ParseFileName(%s) = %v, %v; want %v", name, back, ok, c)
		}
		if legacy[c.LegacyFileName()] {
			legacyShared++
		}
		legacy[c.LegacyFileName()] = true
	}
	// The table does hold pairs the old naming confused.
	if legacyShared < 5 {
		t.Fatalf("only %d legacy collisions in the table", legacyShared)
	}
}

func TestFileName(t *testing.T) {
	for _, tc := range []struct {
		c    Coordinate
		name string
	}{
		// The public kestractl's names, for every coordinate without '_'.
		{Coordinate{"io.kestra.plugin", "plugin-kafka", "1.6.0"}, "io_kestra_plugin__plugin-kafka__1_6_0.jar"},
		{Coordinate{"io.kestra.plugin", "plugin-kafka", "0.20.0-SNAPSHOT"}, "io_kestra_plugin__plugin-kafka__0_20_0-SNAPSHOT.jar"},
		{Coordinate{"g", "a.b", "1"}, "g__a.b__1.jar"},
		// The escaped form, readable, for the others.
		{Coordinate{"io.acme_labs", "plugin-x", "1.0"}, "io.acme_labs~plugin-x~1.0.jar"},
		{Coordinate{"g", "a__b", "1"}, "g~a__b~1.jar"},
		{Coordinate{"g", "a", "1_0"}, "g~a~1_0.jar"},
	} {
		if got := tc.c.FileName(); got != tc.name {
			t.Errorf("FileName(%v) = %s, want %s", tc.c, got, tc.name)
		}
	}
}

func TestParseFileNameRefusesOtherFiles(t *testing.T) {
	for _, name := range []string{
		"", ".jar", "plugin-kafka-1.4.0.jar", "g__a__1.txt", "g__a.jar", "g____1.jar", "__a__1.jar",
		"g~a.jar", "g~a~.jar", "g~a~1~2.jar", ".g__a__1.jar.part", "..__a__1.jar", "g~../x~1.jar",
		// Legacy names of coordinates with '_' that are no coordinate's
		// FileName (g__a__1_.jar is: g:a:1.'s).
		"g__a__b__1.jar", "g_a___b__1.jar",
		// A plain-looking name of an escaped coordinate.
		"g__a_b__1.jar",
	} {
		if c, ok := ParseFileName(name); ok {
			t.Errorf("ParseFileName(%q) = %v", name, c)
		}
	}
}

// FuzzFileNameInjective checks that distinct valid coordinates never share
// a file name, that every name is one safe path element, and that it reads
// back as its coordinate.
func FuzzFileNameInjective(f *testing.F) {
	for i, c := range lookalikes {
		d := lookalikes[(i+1)%len(lookalikes)]
		f.Add(c.GroupID, c.ArtifactID, c.Version, d.GroupID, d.ArtifactID, d.Version)
	}
	f.Fuzz(func(t *testing.T, g1, a1, v1, g2, a2, v2 string) {
		c := Coordinate{g1, a1, v1}
		d := Coordinate{g2, a2, v2}
		for _, x := range []Coordinate{c, d} {
			if x.Version == "" || x.Validate() != nil {
				return
			}
			name := x.FileName()
			if !filepath.IsLocal(name) || strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
				t.Fatalf("unsafe file name %q for %v", name, x)
			}
			if back, ok := ParseFileName(name); !ok || back != x {
				t.Fatalf("ParseFileName(%q) = %v, %v; want %v", name, back, ok, x)
			}
		}
		if c != d && c.FileName() == d.FileName() {
			t.Fatalf("%v and %v share the file name %s", c, d, c.FileName())
		}
	})
}

// FuzzParseFileName checks that whatever ParseFileName accepts is a valid
// coordinate whose FileName is the name given.
func FuzzParseFileName(f *testing.F) {
	for _, c := range lookalikes {
		f.Add(c.FileName())
		f.Add(c.LegacyFileName())
	}
	f.Fuzz(func(t *testing.T, name string) {
		c, ok := ParseFileName(name)
		if !ok {
			return
		}
		if c.Validate() != nil || c.Version == "" || c.FileName() != name {
			t.Fatalf("ParseFileName(%q) = %v", name, c)
		}
	})
}
