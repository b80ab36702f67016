package maven

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestParsePath(t *testing.T) {
	r, err := ParsePath("io/kestra/plugin/plugin-aws/1.2.3/plugin-aws-1.2.3.jar.sha512")
	if err != nil || r.Coordinate() != "io.kestra.plugin:plugin-aws:1.2.3" || r.Kind != "jar" || r.Checksum != "sha512" {
		t.Fatalf("%+v %v", r, err)
	}
	r, err = ParsePath("io/kestra/plugin/plugin-aws/maven-metadata.xml")
	if err != nil || r.Kind != "metadata" || r.GroupID != "io.kestra.plugin" || r.ArtifactID != "plugin-aws" {
		t.Fatalf("%+v %v", r, err)
	}
	for _, bad := range []string{"", "a/b", "io/../x/1/x-1.jar", "io/kestra/a/1/b-1.jar", "io/kestra/a/1/a-1.exe", "io//a/1/a-1.jar", "io/k s/a/1/a-1.jar"} {
		if _, err := ParsePath(bad); err == nil {
			t.Errorf("ParsePath(%q) succeeded", bad)
		}
	}
}

func TestContentRandomAccess(t *testing.T) {
	c := NewContent("g:a:1", 100_003)
	all, err := io.ReadAll(c.Reader())
	if err != nil || len(all) != 100_003 {
		t.Fatalf("%d %v", len(all), err)
	}
	for _, off := range []int64{0, 1, 15, 16, 17, 4095, 99_990} {
		buf := make([]byte, 40)
		n, _ := c.ReadAt(buf, off)
		if !bytes.Equal(buf[:n], all[off:off+int64(n)]) {
			t.Errorf("ReadAt(%d) differs", off)
		}
	}
	if bytes.Equal(all[:64], make([]byte, 64)) {
		t.Error("content is zeros")
	}
	if other, _ := io.ReadAll(NewContent("g:a:2", 100_003).Reader()); bytes.Equal(other, all) {
		t.Error("two coordinates share content")
	}
}

func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"io/kestra/plugin/plugin-aws/1.2.3/plugin-aws-1.2.3.jar", "a/b/maven-metadata.xml.sha1", "../../etc/passwd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		r, err := ParsePath(p)
		if err != nil {
			return
		}
		for _, s := range []string{r.GroupID, r.ArtifactID} {
			if s == "" || bytes.Contains([]byte(s), []byte("..")) && !segment.MatchString(s) {
				t.Fatalf("%q -> %+v", p, r)
			}
		}
	})
}

func BenchmarkContent(b *testing.B) {
	c := NewContent("g:a:1", 64<<20)
	buf := make([]byte, 256<<10)
	b.SetBytes(64 << 20)
	for b.Loop() {
		if _, err := io.CopyBuffer(io.Discard, c.Reader(), buf); err != nil {
			b.Fatal(err)
		}
	}
}

func TestChecksumFixtures(t *testing.T) {
	all := []string{"sha256", "sha512", "sha1", "md5"}
	tests := []struct {
		artifact string
		want     map[string]checksumFile // by algorithm; absent: fileServed
	}{
		{"plugin-aws", nil},
		{"sha512", map[string]checksumFile{"sha256": fileMissing, "sha1": fileMissing, "md5": fileMissing}},
		{"md5", map[string]checksumFile{"sha256": fileMissing, "sha512": fileMissing, "sha1": fileMissing}},
		{"none", map[string]checksumFile{"sha256": fileMissing, "sha512": fileMissing, "sha1": fileMissing, "md5": fileMissing}},
		{"malformed-sha256", map[string]checksumFile{"sha256": fileMalformed}},
		{"oversized-sha1", map[string]checksumFile{"sha1": fileOversized}},
		{"forbidden-sha256", map[string]checksumFile{"sha256": fileForbidden}},
		{"cut-sha512", map[string]checksumFile{"sha512": fileCut}},
		{"unknown-sha256", nil},
	}
	for _, tc := range tests {
		for _, a := range all {
			req := Request{GroupID: ChecksumGroup, ArtifactID: tc.artifact, Version: "1.0.0", Kind: "jar", Checksum: a}
			if got := checksumFixture(req, a); got != tc.want[a] {
				t.Errorf("%s .%s: %d, want %d", tc.artifact, a, got, tc.want[a])
			}
		}
	}
	// Outside the group, every file is published.
	if got := checksumFixture(Request{GroupID: "io.kestra.plugin", ArtifactID: "none"}, "sha256"); got != fileServed {
		t.Errorf("outside the group: %d", got)
	}
}

// The hostile fixtures cut their answers where they say, every time.
func TestCutFixtures(t *testing.T) {
	repo := &Repository{JarSize: 10_000}
	mux := http.NewServeMux()
	for _, rt := range repo.Routes() {
		mux.HandleFunc(rt.Method+" "+rt.Path, func(w http.ResponseWriter, r *http.Request) {
			if err := rt.Handler(w, r); err != nil {
				t.Errorf("%s: %v", r.URL.Path, err)
			}
		})
	}
	srv := httptest.NewServer(mux)
	defer srv.Close()
	get := func(path, rng string) (int, int64, []byte, error) {
		req, _ := http.NewRequest("GET", srv.URL+"/maven2/"+path, nil)
		if rng != "" {
			req.Header.Set("Range", rng)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.ContentLength, b, err
	}
	whole, _ := io.ReadAll(NewContent(JarGroup+":cut-1234:1.0.0", 10_000).Reader())
	for _, rng := range []string{"", "bytes=1234-", "bytes=5000-"} {
		status, length, b, err := get("io/kestrasim/jars/cut-1234/1.0.0/cut-1234-1.0.0.jar", rng)
		if status != http.StatusOK || length != 10_000 || !errors.Is(err, io.ErrUnexpectedEOF) || !bytes.Equal(b, whole[:1234]) {
			t.Errorf("range %q: %d, length %d, %d bytes, %v", rng, status, length, len(b), err)
		}
	}
	status, length, b, err := get("io/kestrasim/checksums/cut-sha256/1.0.0/cut-sha256-1.0.0.jar.sha256", "")
	if status != http.StatusOK || length != 64 || len(b) != 32 || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("cut-sha256: %d, length %d, %d bytes, %v", status, length, len(b), err)
	}
	if status, _, _, err := get("io/kestrasim/checksums/cut-sha256/1.0.0/cut-sha256-1.0.0.jar.sha512", ""); status != http.StatusOK || err != nil {
		t.Errorf("cut-sha256 .sha512: %d, %v", status, err)
	}
}
