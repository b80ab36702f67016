package maven

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/catalog"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// published is the Last-Modified date of every artifact.
var published = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// maxCachedDigests bounds the digest cache.
const maxCachedDigests = 8192

// Repository serves the Maven layout.
type Repository struct {
	// JarSize is the size of every JAR.
	JarSize int64
	// Corrupt are coordinates whose JAR checksum files are wrong.
	Corrupt map[string]bool

	mu      sync.Mutex
	digests map[string]*digest
}

type digest struct {
	once sync.Once
	sum  string
}

// Routes lists the repository route (outside the Kestra API; anonymous
// access allowed, wrong credentials refused).
func (m *Repository) Routes() []rest.Route {
	return []rest.Route{{
		Method: "GET", Path: "/maven2/{path...}", Handler: m.serve, OptionalAuth: true, Outside: true,
	}}
}

func newHash(algo string) hash.Hash {
	switch algo {
	case "md5":
		return md5.New()
	case "sha1":
		return sha1.New()
	case "sha256":
		return sha256.New()
	default:
		return sha512.New()
	}
}

func (m *Repository) serve(w http.ResponseWriter, r *http.Request) error {
	req, err := ParsePath(r.PathValue("path"))
	if err != nil {
		return rest.NotFound("Not found: %v", err)
	}
	var body []byte
	switch req.Kind {
	case "metadata":
		if body, err = metadata(req); err != nil {
			return rest.NotFound("Not found: %v", err)
		}
	case "pom":
		body = pom(req)
	case "jar":
		content := NewContent(req.Coordinate(), m.JarSize)
		if req.Checksum != "" {
			switch checksumFixture(req, req.Checksum) {
			case fileMissing:
				return rest.NotFound("Not found: %s publishes no .%s file", req.Coordinate(), req.Checksum)
			case fileForbidden:
				return rest.Forbidden("Forbidden")
			case fileMalformed:
				return writeText(w, r, "<html><body>Moved</body></html>\n")
			case fileOversized:
				return writeText(w, r, m.jarDigest(req, content)+"\n"+strings.Repeat(" ", oversizedPadding))
			case fileCut:
				sum := m.jarDigest(req, content)
				return cutAfter(w, "text/plain", strings.NewReader(sum), int64(len(sum)), int64(len(sum)/2))
			}
			if m.Corrupt[req.Coordinate()] {
				h := newHash(req.Checksum)
				h.Write([]byte("corrupted:" + req.Coordinate()))
				return writeText(w, r, hex.EncodeToString(h.Sum(nil)))
			}
			return writeText(w, r, m.jarDigest(req, content))
		}
		if n := jarCut(req); n >= 0 {
			return cutAfter(w, "application/java-archive", content, content.Size(), n)
		}
		w.Header().Set("Content-Type", "application/java-archive")
		w.Header().Set("ETag", content.ETag())
		http.ServeContent(w, r, "", published, content.Reader())
		return nil
	}
	if req.Checksum != "" {
		h := newHash(req.Checksum)
		h.Write(body)
		return writeText(w, r, hex.EncodeToString(h.Sum(nil)))
	}
	w.Header().Set("Content-Type", "text/xml")
	http.ServeContent(w, r, "", published, bytes.NewReader(body))
	return nil
}

// jarDigest computes (once per coordinate, size and algorithm) the digest
// of a JAR by streaming its content through the hash.
func (m *Repository) jarDigest(req Request, c *Content) string {
	key := fmt.Sprintf("%s:%d:%s", req.Coordinate(), c.Size(), req.Checksum)
	m.mu.Lock()
	if m.digests == nil || len(m.digests) >= maxCachedDigests {
		m.digests = map[string]*digest{}
	}
	d := m.digests[key]
	if d == nil {
		d = &digest{}
		m.digests[key] = d
	}
	m.mu.Unlock()
	d.once.Do(func() {
		h := newHash(req.Checksum)
		buf := make([]byte, 256<<10)
		_, _ = io.CopyBuffer(h, c.Reader(), buf)
		d.sum = hex.EncodeToString(h.Sum(nil))
	})
	return d.sum
}

func writeText(w http.ResponseWriter, r *http.Request, s string) error {
	w.Header().Set("Content-Type", "text/plain")
	http.ServeContent(w, r, "", published, strings.NewReader(s))
	return nil
}

// Versions lists the versions of an artifact: one per Kestra minor line.
func Versions(artifactID string) []string {
	var out []string
	for _, k := range []string{"1.0.0", "1.1.0", "1.2.0", "1.3.0", "2.0.0"} {
		v, _ := catalog.PluginVersion(k, artifactID)
		out = append(out, v)
	}
	return out
}

func metadata(req Request) ([]byte, error) {
	versions := Versions(req.ArtifactID)
	var b bytes.Buffer
	fmt.Fprintf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n  <groupId>%s</groupId>\n  <artifactId>%s</artifactId>\n  <versioning>\n", req.GroupID, req.ArtifactID)
	fmt.Fprintf(&b, "    <latest>%s</latest>\n    <release>%s</release>\n    <versions>\n", versions[len(versions)-1], versions[len(versions)-1])
	for _, v := range versions {
		fmt.Fprintf(&b, "      <version>%s</version>\n", v)
	}
	fmt.Fprintf(&b, "    </versions>\n    <lastUpdated>%s</lastUpdated>\n  </versioning>\n</metadata>\n", published.Format("20060102150405"))
	return b.Bytes(), nil
}

func pom(req Request) []byte {
	return []byte(fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>%s</groupId>
  <artifactId>%s</artifactId>
  <version>%s</version>
  <packaging>jar</packaging>
</project>
`, req.GroupID, req.ArtifactID, req.Version))
}
