package server

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestNamespaces(t *testing.T) {
	s := newSim(t)
	want(t, s.postYAML(t, "/api/v1/main/flows", flowYAML("company.team.a", "f")), http.StatusOK)
	type page struct {
		Results []map[string]any `json:"results"`
		Total   int              `json:"total"`
	}
	var p page
	s.get(t, "/api/v1/main/namespaces/search?page=1&size=100&existing=true").JSON(t, &p)
	var ids []string
	for _, n := range p.Results {
		ids = append(ids, n["id"].(string))
	}
	if got := strings.Join(ids, ","); got != "company,company.team,company.team.a,system" {
		t.Fatalf("namespaces %s", got)
	}
	s.get(t, "/api/v1/main/namespaces/search?q=team&size=1").JSON(t, &p)
	if p.Total != 2 || len(p.Results) != 1 {
		t.Errorf("q=team: total %d, %d results", p.Total, len(p.Results))
	}
	want(t, s.get(t, "/api/v1/main/namespaces/company.team"), http.StatusOK)
	r := s.get(t, "/api/v1/main/namespaces/nope")
	want(t, r, http.StatusNotFound)

	// Enterprise: explicit namespaces
	r = s.postJSON(t, "/api/v1/main/namespaces", map[string]any{"id": "prod", "description": "Production", "variables": map[string]any{"n": 1}})
	want(t, r, http.StatusOK)
	want(t, s.postJSON(t, "/api/v1/main/namespaces", map[string]any{"id": "prod"}), http.StatusConflict)
	want(t, s.postJSON(t, "/api/v1/main/namespaces", map[string]any{"id": "Bad NS"}), http.StatusUnprocessableEntity)
	r = s.sendJSON(t, "PUT", "/api/v1/main/namespaces/prod", map[string]any{"id": "prod", "description": "Prod"})
	want(t, r, http.StatusOK)
	if r.Map(t)["description"] != "Prod" {
		t.Errorf("update %s", r.Body)
	}
	want(t, s.delete(t, "/api/v1/main/namespaces/prod"), http.StatusNoContent)
	want(t, s.get(t, "/api/v1/main/namespaces/prod"), http.StatusNotFound)

	oss := newSim(t, func(o *Options) { o.Edition = "oss" })
	want(t, oss.postJSON(t, "/api/v1/main/namespaces", map[string]any{"id": "prod"}), http.StatusNotFound)
}

func (s *sim) upload(t testing.TB, ns, path string, content []byte) *resp {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("fileContent", "upload.bin")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	return s.do(t, req{method: "POST", path: "/api/v1/main/namespaces/" + ns + "/files?path=" + path, body: &buf, contentType: mw.FormDataContentType()})
}

func TestNamespaceFiles(t *testing.T) {
	s := newSim(t)
	base := "/api/v1/main/namespaces/company/files"
	want(t, s.upload(t, "company", "/scripts/run.sh", []byte("echo one\n")), http.StatusOK)
	want(t, s.upload(t, "company", "scripts/run.sh", []byte("echo two\n")), http.StatusOK)
	want(t, s.upload(t, "company", "/README.md", []byte("# hi")), http.StatusOK)

	r := s.get(t, base+"?path=/scripts/run.sh")
	want(t, r, http.StatusOK)
	if string(r.Body) != "echo two\n" || r.Header.Get("Content-Type") != "application/octet-stream" {
		t.Errorf("content %q %q", r.Body, r.Header.Get("Content-Type"))
	}
	r = s.get(t, base+"?path=/scripts/run.sh&revision=1")
	want(t, r, http.StatusOK)
	if string(r.Body) != "echo one\n" {
		t.Errorf("revision 1 %q", r.Body)
	}
	want(t, s.get(t, base+"?path=/scripts/run.sh&revision=3"), http.StatusNotFound)
	var revs []map[string]any
	s.get(t, base+"/revisions?path=/scripts/run.sh").JSON(t, &revs)
	if len(revs) != 2 {
		t.Errorf("revisions %v", revs)
	}

	// Range requests, for resumable downloads
	r = s.do(t, req{method: "GET", path: base + "?path=/scripts/run.sh", header: http.Header{"Range": {"bytes=5-"}}})
	want(t, r, http.StatusPartialContent)
	if string(r.Body) != "two\n" {
		t.Errorf("range body %q", r.Body)
	}

	var st map[string]any
	s.get(t, base+"/stats?path=/scripts/run.sh").JSON(t, &st)
	if st["type"] != "File" || st["size"] != 9.0 || st["fileName"] != "run.sh" {
		t.Errorf("stats %v", st)
	}
	s.get(t, base+"/stats?path=/scripts").JSON(t, &st)
	if st["type"] != "Directory" {
		t.Errorf("dir stats %v", st)
	}
	r = s.get(t, base+"/stats?path=/unknown-file.txt")
	want(t, r, http.StatusNotFound)
	if msg := r.Message(t); msg != "File '/unknown-file.txt' was not found in namespace 'company'" {
		t.Errorf("message %q", msg)
	}

	var list []map[string]any
	s.get(t, base+"/directory").JSON(t, &list)
	if len(list) != 2 || list[0]["fileName"] != "README.md" || list[1]["type"] != "Directory" {
		t.Errorf("root listing %v", list)
	}
	want(t, s.do(t, req{method: "POST", path: base + "/directory?path=/empty/nested"}), http.StatusOK)
	s.get(t, base+"/directory?path=/empty").JSON(t, &list)
	if len(list) != 1 || list[0]["fileName"] != "nested" {
		t.Errorf("mkdir listing %v", list)
	}
	// a directory is not a file, and a file is not a directory
	want(t, s.upload(t, "company", "/scripts", []byte("x")), http.StatusConflict)
	want(t, s.upload(t, "company", "/README.md/x", []byte("x")), http.StatusConflict)
	want(t, s.do(t, req{method: "POST", path: base + "/directory?path=/README.md"}), http.StatusConflict)

	var found []string
	s.get(t, base+"/search?q=run").JSON(t, &found)
	if fmt.Sprint(found) != "[/scripts/run.sh]" {
		t.Errorf("search %v", found)
	}

	want(t, s.do(t, req{method: "PUT", path: base + "?from=/scripts&to=/bin"}), http.StatusOK)
	want(t, s.get(t, base+"?path=/bin/run.sh"), http.StatusOK)
	want(t, s.get(t, base+"?path=/scripts/run.sh"), http.StatusNotFound)
	want(t, s.do(t, req{method: "PUT", path: base + "?from=/bin&to=/README.md"}), http.StatusConflict)

	want(t, s.delete(t, base+"?path=/bin"), http.StatusOK)
	want(t, s.get(t, base+"?path=/bin/run.sh"), http.StatusNotFound)
	want(t, s.delete(t, base+"?path=/bin"), http.StatusNotFound)

	for _, bad := range []string{"../etc/passwd", "/a/../b", "a//b", "/a/./b"} {
		want(t, s.get(t, base+"?path="+bad), http.StatusBadRequest)
	}
	want(t, s.get(t, "/api/v1/main/namespaces/Bad/files?path=/x"), http.StatusBadRequest)
	// uploading makes the namespace exist
	want(t, s.get(t, "/api/v1/main/namespaces/company"), http.StatusOK)
}

// A body cut mid-upload must leave the existing file untouched.
func TestNamespaceFileCutUploadChangesNothing(t *testing.T) {
	s := newSim(t)
	want(t, s.upload(t, "company", "/data.bin", []byte("original")), http.StatusOK)

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("fileContent", "data.bin")
	fw.Write(bytes.Repeat([]byte("x"), 1<<20))
	mw.Close()
	cut := buf.Bytes()[:buf.Len()/2] // no closing boundary
	body := io.MultiReader(bytes.NewReader(cut), &failingReader{})
	hr, _ := http.NewRequest("POST", s.ts.URL+"/api/v1/main/namespaces/company/files?path=/data.bin", body)
	hr.Header.Set("Content-Type", mw.FormDataContentType())
	hr.Header.Set("Authorization", s.auth)
	if res, err := s.ts.Client().Do(hr); err == nil {
		res.Body.Close()
	}
	// also a well-formed body that ends before the closing boundary
	r := s.do(t, req{method: "POST", path: "/api/v1/main/namespaces/company/files?path=/data.bin", body: bytes.NewReader(cut), contentType: mw.FormDataContentType()})
	want(t, r, http.StatusBadRequest)

	r = s.get(t, "/api/v1/main/namespaces/company/files?path=/data.bin")
	want(t, r, http.StatusOK)
	if string(r.Body) != "original" {
		t.Fatalf("file changed by a failed upload: %d bytes", len(r.Body))
	}
	var revs []map[string]any
	s.get(t, "/api/v1/main/namespaces/company/files/revisions?path=/data.bin").JSON(t, &revs)
	if len(revs) != 1 {
		t.Errorf("%d revisions", len(revs))
	}
}

type failingReader struct{}

func (*failingReader) Read([]byte) (int, error) { return 0, fmt.Errorf("connection cut") }

func TestKeyValues(t *testing.T) {
	clock := &fakeClock{t: time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC)}
	s := newSim(t, func(o *Options) { o.Now = clock.now })
	put := func(key, body string, header http.Header) *resp {
		return s.do(t, req{method: "PUT", path: "/api/v1/main/namespaces/company/kv/" + key, body: strings.NewReader(body), contentType: "text/plain", header: header})
	}
	cases := []struct {
		body, typ, value string
	}{
		{`"hello"`, "STRING", `"hello"`},
		{`hello world`, "STRING", `"hello world"`},
		{`42`, "NUMBER", `42`},
		{`1725000000000000001`, "NUMBER", `1725000000000000001`},
		{`-3.25`, "NUMBER", `-3.25`},
		{`true`, "BOOLEAN", `true`},
		{`{"feature": {"on": true, "n": 12345678901234567890}}`, "JSON", `{"feature":{"on":true,"n":12345678901234567890}}`},
		{`[1,2]`, "JSON", `[1,2]`},
		{`2025-10-13`, "DATE", `"2025-10-13"`},
		{`2025-10-13T10:00:00Z`, "DATETIME", `"2025-10-13T10:00:00Z"`},
		{`PT15M`, "DURATION", `"PT15M"`},
	}
	for i, c := range cases {
		t.Run(c.typ+"/"+c.body, func(t *testing.T) {
			key := fmt.Sprintf("k%d", i)
			want(t, put(key, c.body, nil), http.StatusOK)
			r := s.get(t, "/api/v1/main/namespaces/company/kv/"+key)
			want(t, r, http.StatusOK)
			var got struct {
				Type  string
				Value any
			}
			r.JSON(t, &got)
			if got.Type != c.typ || !strings.Contains(string(r.Body), `"value":`+c.value) {
				t.Errorf("got %s", r.Body)
			}
		})
	}

	r := s.get(t, "/api/v1/main/namespaces/company/kv/missing")
	want(t, r, http.StatusNotFound)
	if !strings.Contains(r.Message(t), "not found") {
		t.Errorf("message %q", r.Message(t))
	}
	want(t, put("bad key", "1", nil), http.StatusBadRequest)
	want(t, put("k", "1", http.Header{"Ttl": {"soon"}}), http.StatusBadRequest)

	// ttl and description come from headers
	want(t, put("temp", `"x"`, http.Header{"Ttl": {"PT1H"}, "Description": {"a temporary key"}}), http.StatusOK)
	type page struct {
		Results []map[string]any `json:"results"`
		Total   int              `json:"total"`
	}
	var p page
	s.get(t, "/api/v1/main/kv?filters[namespace][EQUALS]=company&filters[q][EQUALS]=temp").JSON(t, &p)
	if p.Total != 1 || p.Results[0]["description"] != "a temporary key" || p.Results[0]["expirationDate"] != "2025-01-01T13:00:00Z" {
		t.Fatalf("listing %+v", p)
	}
	clock.advance(59 * time.Minute)
	want(t, s.get(t, "/api/v1/main/namespaces/company/kv/temp"), http.StatusOK)
	clock.advance(2 * time.Minute)
	want(t, s.get(t, "/api/v1/main/namespaces/company/kv/temp"), http.StatusNotFound)
	s.get(t, "/api/v1/main/kv?filters[namespace][EQUALS]=company&filters[q][EQUALS]=temp").JSON(t, &p)
	if p.Total != 0 {
		t.Errorf("expired key still listed")
	}

	// tenant-wide listing: 401 with basic auth in ee, fine with a token
	r = s.get(t, "/api/v1/main/kv?page=1&size=100")
	want(t, r, http.StatusUnauthorized)
	if !strings.Contains(r.Message(t), "API token") {
		t.Errorf("message %q", r.Message(t))
	}
	r = s.getAs(t, bearer("root-token"), "/api/v1/main/kv?page=1&size=5")
	want(t, r, http.StatusOK)
	r.JSON(t, &p)
	if p.Total != len(cases) || len(p.Results) != 5 {
		t.Errorf("token listing total %d, %d results", p.Total, len(p.Results))
	}
	oss := newSim(t, func(o *Options) { o.Edition = "oss" })
	want(t, oss.get(t, "/api/v1/main/kv"), http.StatusOK)

	r = s.delete(t, "/api/v1/main/namespaces/company/kv/k0")
	want(t, r, http.StatusOK)
	if string(r.Body) != "true" {
		t.Errorf("delete answered %s", r.Body)
	}
	r = s.delete(t, "/api/v1/main/namespaces/company/kv/k0")
	if string(r.Body) != "false" {
		t.Errorf("second delete answered %s", r.Body)
	}
	r = s.do(t, req{method: "DELETE", path: "/api/v1/main/namespaces/company/kv", body: strings.NewReader(`{"keys":["k1","nope"]}`), contentType: "application/json"})
	want(t, r, http.StatusOK)
	if !strings.Contains(string(r.Body), `"keys":["k1"]`) {
		t.Errorf("bulk delete %s", r.Body)
	}

	want(t, s.do(t, req{method: "PUT", path: "/api/v1/main/namespaces/company.child/kv/k2", body: strings.NewReader("7"), contentType: "text/plain"}), http.StatusOK)
	// inheritance lists what company.child inherits: its parents' keys,
	// not its own (KVController.listKeysWithInheritence)
	want(t, s.do(t, req{method: "PUT", path: "/api/v1/main/namespaces/company.child/kv/own", body: strings.NewReader("1"), contentType: "text/plain"}), http.StatusOK)
	var inh []map[string]any
	s.get(t, "/api/v1/main/namespaces/company.child/kv/inheritance").JSON(t, &inh)
	if len(inh) == 0 {
		t.Fatal("inheritance: nothing inherited from company")
	}
	for _, e := range inh {
		if e["namespace"] != "company" || e["key"] == "own" {
			t.Errorf("inheritance lists %v", e)
		}
	}
}
