// Package coord holds Maven coordinates of Kestra plugins
// (groupId:artifactId:version): parsing, validation, and the file names and
// repository paths built from them. Every part is validated before it is
// used in a URL or a path.
package coord

import (
	"fmt"
	"strings"
)

// Coordinate is a Maven coordinate. Version is empty for an unversioned
// coordinate (groupId:artifactId) that still has to be resolved.
type Coordinate struct {
	GroupID    string `json:"groupId"`
	ArtifactID string `json:"artifactId"`
	Version    string `json:"version"`
}

// String is groupId:artifactId:version, or groupId:artifactId without a
// version.
func (c Coordinate) String() string {
	if c.Version == "" {
		return c.Key()
	}
	return c.GroupID + ":" + c.ArtifactID + ":" + c.Version
}

// Key is groupId:artifactId.
func (c Coordinate) Key() string { return c.GroupID + ":" + c.ArtifactID }

// maxPart bounds the length of one part.
const maxPart = 200

// CheckPart reports why s is not a valid coordinate part: empty, too long,
// a character outside [A-Za-z0-9._-], a leading '.', or "..". Such a part
// can never become a path component that escapes or hides.
func CheckPart(s string) error {
	switch {
	case s == "":
		return fmt.Errorf("parts must not be empty")
	case len(s) > maxPart:
		return fmt.Errorf("parts must be at most %d characters", maxPart)
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '.' || b == '-' || b == '_') {
			return fmt.Errorf("parts may only contain letters, digits, '.', '-', or '_'")
		}
	}
	if s[0] == '.' || strings.Contains(s, "..") {
		return fmt.Errorf("parts must not start with '.' or contain \"..\"")
	}
	return nil
}

// Validate checks every part (the version only when set). A groupId must
// also not end with '.', which would make an empty directory in the
// repository path.
func (c Coordinate) Validate() error {
	if err := CheckPart(c.GroupID); err != nil {
		return err
	}
	if strings.HasSuffix(c.GroupID, ".") {
		return fmt.Errorf("the groupId must not end with '.'")
	}
	if err := CheckPart(c.ArtifactID); err != nil {
		return err
	}
	if c.Version != "" {
		return CheckPart(c.Version)
	}
	return nil
}

// Parse reads groupId:artifactId:version, or groupId:artifactId when
// unversioned is true. The version aliases latest and develop are refused:
// a plugin JAR needs an exact version.
func Parse(s string, unversioned bool) (Coordinate, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 && !(unversioned && len(parts) == 2) {
		want := "groupId:artifactId:version"
		if unversioned {
			want += " or groupId:artifactId"
		}
		return Coordinate{}, fmt.Errorf("invalid plugin coordinate %q: expected %s", s, want)
	}
	c := Coordinate{GroupID: parts[0], ArtifactID: parts[1]}
	if len(parts) == 3 {
		c.Version = parts[2]
		if c.Version == "" {
			return Coordinate{}, fmt.Errorf("invalid plugin coordinate %q: parts must not be empty", s)
		}
	}
	if err := c.Validate(); err != nil {
		return Coordinate{}, fmt.Errorf("invalid plugin coordinate %q: %v", s, err)
	}
	if v := strings.ToLower(c.Version); v == "latest" || v == "develop" {
		return Coordinate{}, fmt.Errorf("invalid plugin coordinate %q: version %q is not supported — please specify an exact version (e.g. 1.2.3)", s, c.Version)
	}
	return c, nil
}

// ParseList reads coordinates from values that each hold one or more
// coordinates separated by white space (the output of `plugins list`).
func ParseList(values []string, unversioned bool) ([]Coordinate, error) {
	var out []Coordinate
	for _, v := range values {
		for _, f := range strings.Fields(v) {
			c, err := Parse(f, unversioned)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
	}
	return out, nil
}

// Dedupe drops repeated coordinates, keeping the first occurrence.
func Dedupe(cs []Coordinate) []Coordinate {
	seen := make(map[Coordinate]bool, len(cs))
	out := cs[:0:0]
	for _, c := range cs {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// MavenPath is the JAR's path in a Maven repository:
// io/kestra/plugin/plugin-kafka/1.6.0/plugin-kafka-1.6.0.jar.
func (c Coordinate) MavenPath() string {
	return strings.ReplaceAll(c.GroupID, ".", "/") + "/" + c.ArtifactID + "/" + c.Version + "/" + c.ArtifactID + "-" + c.Version + ".jar"
}
