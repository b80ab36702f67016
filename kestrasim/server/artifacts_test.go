package server

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"hash"
	"net/http"
	"strings"
	"testing"
)

func TestPluginCatalog(t *testing.T) {
	s := newSim(t)
	none := ""
	var all []map[string]string
	r := s.getAs(t, none, "/v1/plugins/artifacts/core-compatibility/2.0.0/latest")
	want(t, r, http.StatusOK)
	r.JSON(t, &all)
	if len(all) < 55 || len(all) > 65 {
		t.Fatalf("%d plugins", len(all))
	}
	seen := map[string]map[string]string{}
	for _, p := range all {
		seen[p["artifactId"]] = p
		if p["groupId"] == "" || !strings.HasPrefix(p["version"], "2.0.") {
			t.Errorf("entry %v", p)
		}
	}
	for _, a := range []string{"storage-s3", "storage-gcs", "storage-azure", "storage-minio", "storage-seaweedfs", "storage-cloudflare",
		"secret-vault", "secret-aws", "secret-azure", "secret-googlecloud", "secret-cyberark", "secret-doppler", "secret-1password",
		"secret-beyondtrust", "secret-delinea", "plugin-ee-elasticsearch", "plugin-ee-opensearch"} {
		if seen[a] == nil {
			t.Errorf("catalog lacks %s", a)
		}
	}
	again := s.getAs(t, none, "/v1/plugins/artifacts/core-compatibility/2.0.0/latest")
	if !bytes.Equal(again.Body, r.Body) {
		t.Error("catalog is not deterministic")
	}
	var oss, ee []map[string]string
	s.getAs(t, none, "/v1/plugins/artifacts/core-compatibility/2.0.0/latest?license=OPEN_SOURCE").JSON(t, &oss)
	s.getAs(t, none, "/v1/plugins/artifacts/core-compatibility/2.0.0/latest?license=ENTERPRISE").JSON(t, &ee)
	if len(oss)+len(ee) != len(all) || len(ee) == 0 {
		t.Errorf("oss %d + ee %d != %d", len(oss), len(ee), len(all))
	}
	for _, p := range ee {
		if p["license"] != "ENTERPRISE" {
			t.Errorf("EE filter returned %v", p)
		}
	}
	var latest []map[string]string
	s.getAs(t, none, "/v1/plugins/artifacts/core-compatibility/999.999.999/latest").JSON(t, &latest)
	if len(latest) != len(all) {
		t.Errorf("latest alias: %d", len(latest))
	}
	want(t, s.getAs(t, none, "/v1/plugins/artifacts/core-compatibility/abc/latest"), http.StatusNotFound)
	want(t, s.getAs(t, none, "/v1/plugins/artifacts/core-compatibility/2.0.0/latest?license=FREE"), http.StatusBadRequest)
}

func TestMavenRepository(t *testing.T) {
	s := newSim(t, func(o *Options) { o.JarSize = 300_001 })
	none := ""
	base := "/maven2/io/kestra/plugin/plugin-aws/2.0.3/plugin-aws-2.0.3.jar"
	r := s.getAs(t, none, base)
	want(t, r, http.StatusOK)
	if len(r.Body) != 300_001 || r.Header.Get("Content-Type") != "application/java-archive" {
		t.Fatalf("jar: %d bytes, %q", len(r.Body), r.Header.Get("Content-Type"))
	}
	jar := r.Body
	if again := s.getAs(t, none, base).Body; !bytes.Equal(again, jar) {
		t.Fatal("JAR bytes are not deterministic")
	}
	other := s.getAs(t, none, "/maven2/io/kestra/plugin/plugin-aws/2.0.4/plugin-aws-2.0.4.jar").Body
	if bytes.Equal(other, jar) {
		t.Fatal("two coordinates have the same JAR")
	}
	for algo, h := range map[string]hash.Hash{"md5": md5.New(), "sha1": sha1.New(), "sha256": sha256.New(), "sha512": sha512.New()} {
		h.Write(jar)
		r := s.getAs(t, none, base+"."+algo)
		want(t, r, http.StatusOK)
		if got := string(r.Body); got != hex.EncodeToString(h.Sum(nil)) {
			t.Errorf("%s: %s", algo, got)
		}
	}
	// ranges (resume)
	r = s.do(t, req{method: "GET", path: base, auth: &none, header: http.Header{"Range": {"bytes=100000-"}}})
	want(t, r, http.StatusPartialContent)
	if !bytes.Equal(r.Body, jar[100000:]) {
		t.Error("range body differs")
	}
	r = s.do(t, req{method: "GET", path: base, auth: &none, header: http.Header{"Range": {"bytes=7-38"}}})
	if !bytes.Equal(r.Body, jar[7:39]) {
		t.Error("unaligned range differs")
	}
	r = s.do(t, req{method: "HEAD", path: base, auth: &none})
	want(t, r, http.StatusOK)
	if r.Header.Get("Content-Length") != "300001" {
		t.Errorf("HEAD length %q", r.Header.Get("Content-Length"))
	}

	meta := s.getAs(t, none, "/maven2/io/kestra/plugin/plugin-aws/maven-metadata.xml")
	want(t, meta, http.StatusOK)
	if !strings.Contains(string(meta.Body), "<artifactId>plugin-aws</artifactId>") || !strings.Contains(string(meta.Body), "<release>2.0.") {
		t.Errorf("metadata %s", meta.Body)
	}
	sum := sha1.Sum(meta.Body)
	if got := string(s.getAs(t, none, "/maven2/io/kestra/plugin/plugin-aws/maven-metadata.xml.sha1").Body); got != hex.EncodeToString(sum[:]) {
		t.Errorf("metadata sha1 %s", got)
	}
	want(t, s.getAs(t, none, "/maven2/io/kestra/plugin/plugin-aws/2.0.3/plugin-aws-2.0.3.pom"), http.StatusOK)

	for _, bad := range []string{"/maven2/io/kestra/plugin-aws/2.0.3/other-2.0.3.jar", "/maven2/a/b", "/maven2/io/kestra/plugin/plugin-aws/2.0.3/plugin-aws-2.0.3.zip"} {
		want(t, s.getAs(t, none, bad), http.StatusNotFound)
	}
	// optional auth: anonymous or valid credentials, never wrong ones
	want(t, s.getAs(t, bearer("root-token"), base+".sha1"), http.StatusOK)
	want(t, s.getAs(t, basic(adminUser, adminPass), base+".sha1"), http.StatusOK)
	want(t, s.getAs(t, bearer("nope"), base+".sha1"), http.StatusUnauthorized)
}

func TestMavenCorruptChecksum(t *testing.T) {
	s := newSim(t, func(o *Options) {
		o.JarSize = 1000
		o.Corrupt = map[string]bool{"io.kestra.plugin:plugin-aws:2.0.3": true}
	})
	base := "/maven2/io/kestra/plugin/plugin-aws/2.0.3/plugin-aws-2.0.3.jar"
	jar := s.getAs(t, "", base).Body
	sum := sha256.Sum256(jar)
	got := s.getAs(t, "", base+".sha256")
	want(t, got, http.StatusOK)
	if strings.TrimSpace(string(got.Body)) == hex.EncodeToString(sum[:]) {
		t.Fatal("the corrupted coordinate publishes the right checksum")
	}
	other := "/maven2/io/kestra/plugin/plugin-aws/2.0.4/plugin-aws-2.0.4.jar"
	sum = sha256.Sum256(s.getAs(t, "", other).Body)
	if strings.TrimSpace(string(s.getAs(t, "", other+".sha256").Body)) != hex.EncodeToString(sum[:]) {
		t.Fatal("another coordinate's checksum is wrong")
	}
}

// The JARs of maven.ChecksumGroup publish unusual checksum files.
func TestMavenChecksumFixtures(t *testing.T) {
	s := newSim(t, func(o *Options) { o.JarSize = 1000 })
	path := func(artifact string) string {
		return "/maven2/io/kestrasim/checksums/" + artifact + "/1.0.0/" + artifact + "-1.0.0.jar"
	}
	digest := func(artifact string) string {
		sum := sha256.Sum256(s.getAs(t, "", path(artifact)).Body)
		return hex.EncodeToString(sum[:])
	}
	want(t, s.getAs(t, "", path("sha512")+".sha512"), http.StatusOK)
	want(t, s.getAs(t, "", path("sha512")+".sha256"), http.StatusNotFound)
	want(t, s.getAs(t, "", path("none")+".md5"), http.StatusNotFound)
	want(t, s.getAs(t, "", path("none")), http.StatusOK)
	want(t, s.getAs(t, "", path("forbidden-sha256")+".sha256"), http.StatusForbidden)
	want(t, s.getAs(t, "", path("forbidden-sha256")+".sha1"), http.StatusOK)
	if body := string(s.getAs(t, "", path("malformed-sha256")+".sha256").Body); strings.Contains(body, digest("malformed-sha256")) {
		t.Errorf("malformed file holds the digest: %q", body)
	}
	r := s.getAs(t, "", path("oversized-sha256")+".sha256")
	want(t, r, http.StatusOK)
	if len(r.Body) <= 4096 || !strings.HasPrefix(string(r.Body), digest("oversized-sha256")+"\n") {
		t.Errorf("oversized file: %d bytes, %.70q", len(r.Body), r.Body)
	}
}
