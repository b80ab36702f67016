package maven

import "strings"

// ChecksumGroup is the groupId whose artifacts publish unusual checksum
// files, one case per artifactId, so that a client can test every branch
// of its checksum policy against the repository:
//
//	sha256, sha512, sha1, md5   only that checksum file is published
//	none                        no checksum file at all
//	malformed-<alg>             the <alg> file holds no digest (an HTML page)
//	oversized-<alg>             the <alg> file holds the right digest and then
//	                            8 KiB of padding: larger than any checksum file
//	forbidden-<alg>             the <alg> file answers 403
//
// In the last three, every other checksum file is published as usual.
// Any other artifactId of the group publishes all four.
const ChecksumGroup = "io.kestrasim.checksums"

// oversizedPadding is what follows the digest in an oversized file.
const oversizedPadding = 8 << 10

// checksumFile says how a JAR's checksum file of algorithm algo is served.
type checksumFile int

const (
	fileServed checksumFile = iota
	fileMissing
	fileMalformed
	fileOversized
	fileForbidden
)

// checksumFixture is how the checksum file algo of the JAR of req is
// served.
func checksumFixture(req Request, algo string) checksumFile {
	if req.GroupID != ChecksumGroup {
		return fileServed
	}
	a := req.ArtifactID
	switch {
	case a == "none":
		return fileMissing
	case a == "sha256" || a == "sha512" || a == "sha1" || a == "md5":
		if a == algo {
			return fileServed
		}
		return fileMissing
	}
	kind, target, ok := strings.Cut(a, "-")
	if !ok || target != algo {
		return fileServed
	}
	switch kind {
	case "malformed":
		return fileMalformed
	case "oversized":
		return fileOversized
	case "forbidden":
		return fileForbidden
	}
	return fileServed
}
