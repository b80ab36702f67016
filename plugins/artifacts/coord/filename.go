package coord

import "strings"

// File names of JARs in the plugins directory.
//
// Most coordinates keep the name the public kestractl gives them: the
// groupId with '.' as '_', "__", the artifactId, "__", the version with '.'
// as '_' (io_kestra_plugin__plugin-kafka__1_6_0.jar). That form is
// injective only over coordinates without '_' in any part: a groupId a.b
// and a groupId a_b would share a name, so would a version 1.0 and 1_0, and
// "__" inside a part would move the separators. Every Kestra plugin is such
// a coordinate (io.kestra.plugin:plugin-kafka:1.6.0), and so keeps the name
// workers and the public kestractl already use.
//
// A coordinate with '_' in a part is named groupId~artifactId~version.jar
// instead (io.acme_labs~plugin-x~1.0.jar): '~' is in no part, so the three
// parts read back exactly, and the public form never holds a '~', so the
// two forms never meet. FileName is therefore injective over all valid
// coordinates, and ParseFileName inverts it.
//
// Earlier versions named every coordinate the public way (LegacyFileName);
// for a coordinate with '_' that name may also be another coordinate's,
// and only the record beside the JAR says whose it is.

// fileSep separates the parts of a name in the escaped form.
const fileSep = "~"

// plainName reports whether c is named the public kestractl's way: no
// part holds '_'.
func (c Coordinate) plainName() bool {
	return !strings.Contains(c.GroupID, "_") && !strings.Contains(c.ArtifactID, "_") && !strings.Contains(c.Version, "_")
}

// FileName is the JAR's file name in the plugins directory (see above):
// io_kestra_plugin__plugin-kafka__1_6_0.jar, or io.acme_labs~plugin-x~1.0.jar
// for a coordinate with '_' in a part. It is a single local path element
// for a valid coordinate, and distinct coordinates have distinct names.
func (c Coordinate) FileName() string {
	if c.plainName() {
		return c.LegacyFileName()
	}
	return c.GroupID + fileSep + c.ArtifactID + fileSep + c.Version + ".jar"
}

// LegacyFileName is the name earlier versions (and the public kestractl)
// give the JAR: FileName for a coordinate without '_', a name that other
// coordinates may share otherwise.
func (c Coordinate) LegacyFileName() string {
	return strings.ReplaceAll(c.GroupID, ".", "_") + "__" + c.ArtifactID + "__" + strings.ReplaceAll(c.Version, ".", "_") + ".jar"
}

// ParseFileName returns the versioned coordinate whose FileName is name;
// false when name is no coordinate's FileName (another file, or a legacy
// name of a coordinate with '_').
func ParseFileName(name string) (Coordinate, bool) {
	base, ok := strings.CutSuffix(name, ".jar")
	if !ok {
		return Coordinate{}, false
	}
	var c Coordinate
	if g, rest, ok := strings.Cut(base, fileSep); ok {
		a, v, ok := strings.Cut(rest, fileSep)
		if !ok {
			return Coordinate{}, false
		}
		c = Coordinate{GroupID: g, ArtifactID: a, Version: v}
	} else {
		g, rest, ok := strings.Cut(base, "__")
		if !ok {
			return Coordinate{}, false
		}
		a, v, ok := strings.Cut(rest, "__")
		if !ok {
			return Coordinate{}, false
		}
		c = Coordinate{GroupID: strings.ReplaceAll(g, "_", "."), ArtifactID: a, Version: strings.ReplaceAll(v, "_", ".")}
	}
	if c.Version == "" || c.Validate() != nil || c.FileName() != name {
		return Coordinate{}, false
	}
	return c, true
}
