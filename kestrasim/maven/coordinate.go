// Package maven serves a Maven repository layout under /maven2/: any
// well-formed coordinate has a JAR of deterministic bytes (generated as a
// stream from the coordinate), a POM, maven-metadata.xml and .md5, .sha1,
// .sha256 and .sha512 checksum files (except the JARs of ChecksumGroup,
// which publish unusual ones).
package maven

import (
	"fmt"
	"regexp"
	"strings"
)

var segment = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

// Request is a parsed repository path.
type Request struct {
	GroupID    string
	ArtifactID string
	Version    string // empty for maven-metadata.xml
	// Kind is "jar", "pom" or "metadata".
	Kind string
	// Checksum is "", "md5", "sha1", "sha256" or "sha512".
	Checksum string
}

// Coordinate is groupId:artifactId:version.
func (r Request) Coordinate() string { return r.GroupID + ":" + r.ArtifactID + ":" + r.Version }

var checksums = []string{"md5", "sha1", "sha256", "sha512"}

// ParsePath parses a path below /maven2/ such as
// io/kestra/plugin/plugin-aws/1.2.3/plugin-aws-1.2.3.jar.sha1.
func ParsePath(p string) (Request, error) {
	var r Request
	segs := strings.Split(p, "/")
	for _, s := range segs {
		if !segment.MatchString(s) || s == "." || s == ".." {
			return r, fmt.Errorf("invalid path segment %q", s)
		}
	}
	if len(segs) < 3 {
		return r, fmt.Errorf("path %q is too short", p)
	}
	file := segs[len(segs)-1]
	for _, c := range checksums {
		if strings.HasSuffix(file, "."+c) {
			r.Checksum = c
			file = strings.TrimSuffix(file, "."+c)
			break
		}
	}
	if file == "maven-metadata.xml" {
		r.Kind = "metadata"
		r.ArtifactID = segs[len(segs)-2]
		r.GroupID = strings.Join(segs[:len(segs)-2], ".")
		return r, nil
	}
	if len(segs) < 4 {
		return r, fmt.Errorf("path %q is too short", p)
	}
	r.Version = segs[len(segs)-2]
	r.ArtifactID = segs[len(segs)-3]
	r.GroupID = strings.Join(segs[:len(segs)-3], ".")
	prefix := r.ArtifactID + "-" + r.Version + "."
	switch file {
	case prefix + "jar":
		r.Kind = "jar"
	case prefix + "pom":
		r.Kind = "pom"
	default:
		return r, fmt.Errorf("no file %q for %s", file, r.Coordinate())
	}
	return r, nil
}
