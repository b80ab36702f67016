package catalog

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
)

func TestResolveVersion(t *testing.T) {
	for in, want := range map[string]string{"latest": DevelopVersion, "LATEST": DevelopVersion, "Develop": DevelopVersion, "2.0.0": "2.0.0", "1.3.9-SNAPSHOT": "1.3.9-SNAPSHOT"} {
		if got := ResolveVersion(in); got != want {
			t.Errorf("ResolveVersion(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLicense(t *testing.T) {
	for in, want := range map[string]string{"ALL": "", "all": "", "OSS": OpenSource, "oss": OpenSource, "EE": Enterprise, "Ee": Enterprise} {
		got, err := License(in)
		if err != nil || got != want {
			t.Errorf("License(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"INVALID", "CE", ""} {
		if _, err := License(in); err == nil || err.Error() != `invalid --edition "`+in+`": must be ALL, OSS, or EE` {
			t.Errorf("License(%q) error = %v", in, err)
		}
	}
}

func TestEntryValidate(t *testing.T) {
	good := Entry{GroupID: "io.kestra.plugin", ArtifactID: "plugin-kafka", Version: "1.6.0", License: OpenSource}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, e := range []Entry{
		{GroupID: "io.kestra", ArtifactID: "../../etc", Version: "1"},
		{GroupID: "io.kestra", ArtifactID: "x", Version: "1/../../2"},
		{GroupID: "io/kestra", ArtifactID: "x", Version: "1"},
		{GroupID: "io.kestra", ArtifactID: "x", Version: ""},
		{GroupID: "", ArtifactID: "x", Version: "1"},
	} {
		if err := e.Validate(); err == nil {
			t.Errorf("Validate(%+v) accepted", e)
		}
	}
}

func serve(t *testing.T, h http.HandlerFunc) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	hc, err := kestra.New(kestra.Config{BaseURL: srv.URL + "/v1", MaxAttempts: 1,
		Credentials: kestra.StaticCredentials{Token: "must-not-be-sent"}})
	if err != nil {
		t.Fatal(err)
	}
	return &Client{HTTP: hc}
}

func TestFetch(t *testing.T) {
	var gotPath, gotQuery, gotAuth string
	c := serve(t, func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotQuery, gotAuth = r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[{"groupId":"io.kestra.storage","artifactId":"storage-gcs","license":"OPEN_SOURCE","version":"1.1.4"}]`))
	})
	got, err := c.Fetch(context.Background(), "2.0.0", OpenSource)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ArtifactID != "storage-gcs" || got[0].Version != "1.1.4" || got[0].License != OpenSource {
		t.Fatalf("got %+v", got)
	}
	if gotPath != "/v1/plugins/artifacts/core-compatibility/2.0.0/latest" || gotQuery != "license=OPEN_SOURCE" {
		t.Fatalf("request %s?%s", gotPath, gotQuery)
	}
	if gotAuth != "" {
		t.Fatalf("the catalog request carried credentials: %q", gotAuth)
	}
	if _, err := c.Fetch(context.Background(), "2.0.0", ""); err != nil || gotQuery != "" {
		t.Fatalf("no license: query %q, %v", gotQuery, err)
	}
}

func TestFetchErrors(t *testing.T) {
	c := serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.Contains(r.URL.Path, "/9.9.9/"):
			http.Error(w, `{"message":"not found"}`, http.StatusNotFound)
		case strings.Contains(r.URL.Path, "/1.0.0/"):
			w.Write([]byte(`{"not":"an array"}`))
		default:
			w.Write([]byte(`[]`))
		}
	})
	_, err := c.Fetch(context.Background(), "9.9.9", "")
	if err == nil || err.Error() != `plugin API returned HTTP 404 for version "9.9.9" — check that the version exists` || cmderr.CodeOf(err) != cmderr.NotFound {
		t.Fatalf("404: %v (%v)", err, cmderr.CodeOf(err))
	}
	if _, err = c.Fetch(context.Background(), "1.0.0", ""); err == nil || !strings.HasPrefix(err.Error(), "failed to parse plugin list: ") {
		t.Fatalf("bad JSON: %v", err)
	}
	if _, err = c.Fetch(context.Background(), "../x", ""); cmderr.CodeOf(err) != cmderr.Usage {
		t.Fatalf("bad version: %v", err)
	}
	got, err := c.Fetch(context.Background(), "2.0.0", "")
	if err != nil || got == nil || len(got) != 0 {
		t.Fatalf("empty: %v, %v", got, err)
	}
	hc, _ := kestra.New(kestra.Config{BaseURL: "http://127.0.0.1:1/v1", MaxAttempts: 1})
	_, err = (&Client{HTTP: hc}).Fetch(context.Background(), "2.0.0", "")
	if err == nil || !strings.HasPrefix(err.Error(), "failed to reach plugin API at http://127.0.0.1:1/v1: connection refused") || cmderr.CodeOf(err) != cmderr.Unavailable {
		t.Fatalf("network: %v", err)
	}
}

func TestIndexes(t *testing.T) {
	es := []Entry{{GroupID: "g", ArtifactID: "a", Version: "1"}, {GroupID: "g", ArtifactID: "a", Version: "2"}, {GroupID: "h", ArtifactID: "a", Version: "3"}}
	if k := ByKey(es); k["g:a"].Version != "1" || k["h:a"].Version != "3" {
		t.Fatalf("ByKey = %v", k)
	}
	if a := ByArtifact(es); a["a"].Version != "1" {
		t.Fatalf("ByArtifact = %v", a)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`[{"groupId":"g","artifactId":"a","license":"OPEN_SOURCE","version":"1"}]`))
	f.Add([]byte(`null`))
	f.Add([]byte(`[] []`))
	f.Fuzz(func(t *testing.T, b []byte) {
		es, err := Decode(b)
		if err != nil {
			return
		}
		if es == nil {
			t.Fatal("nil list without error")
		}
		for _, e := range es {
			if e.Validate() == nil {
				if name := e.Coordinate().FileName(); strings.ContainsAny(name, `/\`) || strings.HasPrefix(name, ".") {
					t.Fatalf("valid entry %+v gives unsafe file name %q", e, name)
				}
			}
		}
	})
}

func TestDecodeKeepsEachEntryAsSent(t *testing.T) {
	body := `[{"version":"1.0","groupId":"g","artifactId":"a","license":"ENTERPRISE","extra":{"x":1}},
  {"groupId":"h","artifactId":"b","license":"OPEN_SOURCE","version":"2"}]`
	es, err := Decode([]byte(body))
	if err != nil || len(es) != 2 {
		t.Fatalf("Decode = %v, %v", es, err)
	}
	if got, _ := es[0].JSON(); string(got) != `{"version":"1.0","groupId":"g","artifactId":"a","license":"ENTERPRISE","extra":{"x":1}}` {
		t.Fatalf("raw %s", got)
	}
	if es[0].Version != "1.0" || es[0].Edition() != "EE" || es[1].Edition() != "OSS" {
		t.Fatalf("decoded %+v", es)
	}
	made := Entry{GroupID: "g", ArtifactID: "a", Version: "1", License: "COMMUNITY"}
	if got, _ := made.JSON(); string(got) != `{"groupId":"g","artifactId":"a","license":"COMMUNITY","version":"1"}` || made.Edition() != "COMMUNITY" {
		t.Fatalf("made: %s %s", got, made.Edition())
	}
	if _, err := Decode([]byte(`[{"groupId":1}]`)); err == nil || !strings.Contains(err.Error(), "entry 1") {
		t.Fatalf("bad entry: %v", err)
	}
}
