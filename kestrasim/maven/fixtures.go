package maven

import (
	"io"
	"net/http"
	"strconv"
	"strings"
)

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
//	cut-<alg>                   the <alg> file's answer promises a whole
//	                            file and the connection is cut halfway,
//	                            every time: published but unreadable
//
// In the last four, every other checksum file is published as usual.
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
	fileCut
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
	case "cut":
		return fileCut
	}
	return fileServed
}

// JarGroup is the groupId whose JARs are served by a hostile repository,
// one behaviour per artifactId (checksum files are published as usual):
//
//	cut-<N>   every answer is a 200 that promises the whole JAR, ignores
//	          any Range and is cut after N bytes: always at the same point
const JarGroup = "io.kestrasim.jars"

// jarCut is where every answer for the JAR of req is cut (-1: never).
func jarCut(req Request) int64 {
	if req.GroupID != JarGroup {
		return -1
	}
	n, ok := strings.CutPrefix(req.ArtifactID, "cut-")
	if !ok {
		return -1
	}
	v, err := strconv.ParseInt(n, 10, 64)
	if err != nil || v < 0 {
		return -1
	}
	return v
}

// cutAfter answers 200 with content's full length, sends its first n
// bytes and drops the connection.
func cutAfter(w http.ResponseWriter, contentType string, content io.ReaderAt, size, n int64) error {
	n = min(n, size)
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
	w.WriteHeader(http.StatusOK)
	if _, err := io.Copy(w, io.NewSectionReader(content, 0, n)); err != nil {
		return nil // the client is gone already
	}
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	panic(http.ErrAbortHandler)
}
