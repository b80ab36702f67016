package request

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dirSource reads files of a directory; stdin is a fixed text.
type dirSource struct {
	dir   string
	stdin string
}

func (s dirSource) Open(name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(strings.NewReader(s.stdin)), nil
	}
	return os.Open(filepath.Join(s.dir, name))
}

func (s dirSource) Size(name string) (int64, error) {
	if name == "-" {
		return -1, nil
	}
	st, err := os.Stat(filepath.Join(s.dir, name))
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

func source(t *testing.T, files map[string]string) dirSource {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dirSource{dir: dir, stdin: "from stdin"}
}

func TestBuildJSON(t *testing.T) {
	src := source(t, map[string]string{"desc.txt": "multi\nline"})
	r := Routing{Kind: JSONBody, ContentType: TypeJSON, Body: []Field{
		{Key: "name", Value: "<x>"}, {Key: "n", Value: json.Number("2")}, {Key: "description", File: "desc.txt"}, {Key: "in", File: "-"},
	}}
	b, err := Build(r, "", src)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(b.Reader)
	want := `{"description":"multi\nline","in":"from stdin","n":2,"name":"<x>"}`
	if string(got) != want || b.Size != int64(len(want)) || string(b.JSON) != want {
		t.Fatalf("body %s (size %d), want %s", got, b.Size, want)
	}
	again, _ := b.GetBody()
	if g, _ := io.ReadAll(again); string(g) != want {
		t.Fatalf("replayed body %s", g)
	}
}

func TestBuildMultipart(t *testing.T) {
	content := strings.Repeat("0123456789", 100_000) // 1 MB
	src := source(t, map[string]string{"big.bin": content, "small.txt": "small"})
	r := Routing{Kind: MultipartBody, ContentType: TypeMultipart, Body: []Field{
		{Key: "title", Value: "t"}, {Key: "fileContent", File: "big.bin"}, {Key: "n", Value: json.Number("3")}, {Key: "other", File: "small.txt"},
		{Key: "password", Value: "hunter2"},
	}}
	b, err := Build(r, "", src)
	if err != nil {
		t.Fatal(err)
	}
	if !b.Streamed || b.GetBody == nil {
		t.Fatalf("multipart body not streamed or not replayable: %+v", b)
	}
	for i := range 2 {
		rd := b.Reader
		if i == 1 {
			rd, _ = b.GetBody()
		}
		raw, err := io.ReadAll(rd)
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(raw)) != b.Size || rd.(interface{ Len() int }).Len() != len(raw) {
			t.Fatalf("read %d bytes, Size %d", len(raw), b.Size)
		}
		_, params, err := mime.ParseMediaType(b.ContentType)
		if err != nil {
			t.Fatal(err)
		}
		mr := multipart.NewReader(bytes.NewReader(raw), params["boundary"])
		parts := map[string]string{}
		names := map[string]string{}
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			v, _ := io.ReadAll(p)
			parts[p.FormName()] = string(v)
			names[p.FormName()] = p.FileName()
		}
		if parts["title"] != "t" || parts["n"] != "3" || parts["fileContent"] != content || parts["other"] != "small" || names["fileContent"] != "big.bin" {
			t.Fatalf("parts %d: title %q n %q file %d bytes (%q) other %q", len(parts), parts["title"], parts["n"], len(parts["fileContent"]), names["fileContent"], parts["other"])
		}
	}
	desc := strings.Join(b.Parts, "\n")
	if !strings.Contains(desc, "fileContent: file big.bin (976.6 KiB)") || strings.Contains(desc, "hunter2") || !strings.Contains(desc, "password: REDACTED") {
		t.Fatalf("parts description:\n%s", desc)
	}
}

func TestMultipartFromStdinIsNotReplayable(t *testing.T) {
	src := source(t, nil)
	b, err := Build(Routing{Kind: MultipartBody, Body: []Field{{Key: "f", File: "-"}}}, "", src)
	if err != nil {
		t.Fatal(err)
	}
	if b.GetBody != nil || b.Size != -1 {
		t.Fatalf("GetBody %v, Size %d", b.GetBody != nil, b.Size)
	}
	raw, _ := io.ReadAll(b.Reader)
	if !strings.Contains(string(raw), "from stdin") || !strings.Contains(string(raw), `filename="stdin"`) {
		t.Fatalf("body %s", raw)
	}
}

func TestMultipartFileChangedSize(t *testing.T) {
	src := source(t, map[string]string{"f": "12345"})
	b, err := Build(Routing{Kind: MultipartBody, Body: []Field{{Key: "f", File: "f"}}}, "", src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src.dir, "f"), []byte("123"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(b.Reader); err == nil || !strings.Contains(err.Error(), "changed while it was sent") {
		t.Fatalf("err = %v", err)
	}
}

func TestBuildInput(t *testing.T) {
	src := source(t, map[string]string{"flow.yaml": "id: x\n"})
	b, err := Build(Routing{Kind: InputBody, ContentType: TypeYAML}, "flow.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Reader.(io.Closer).Close()
	if b.Size != 6 || b.GetBody == nil || b.Reader.(interface{ Len() int }).Len() != 6 {
		t.Fatalf("input body %+v", b)
	}
	got, _ := io.ReadAll(b.Reader)
	if string(got) != "id: x\n" || b.Parts[0] != "flow.yaml (6 B)" {
		t.Fatalf("body %q, parts %v", got, b.Parts)
	}
	b, err = Build(Routing{Kind: InputBody, ContentType: TypeJSON}, "-", src)
	if err != nil {
		t.Fatal(err)
	}
	if b.GetBody != nil || b.Size != -1 || b.Parts[0] != "standard input (unknown size)" {
		t.Fatalf("stdin body %+v", b)
	}
	if _, err := Build(Routing{Kind: InputBody}, "missing.yaml", src); err == nil {
		t.Fatal("a missing --input file was accepted")
	}
}

func TestBuildForm(t *testing.T) {
	b, err := Build(Routing{Kind: FormBody, ContentType: TypeForm, Body: []Field{{Key: "a", Value: "1 2"}, {Key: "b", Value: true}}}, "", source(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(b.Reader)
	if string(got) != "a=1+2&b=true" {
		t.Fatalf("form %s", got)
	}
}

func TestQuery(t *testing.T) {
	src := source(t, map[string]string{"q.txt": "from file"})
	q, err := Query(url.Values{"x": {"1"}}, []Field{{Key: "q", File: "q.txt"}, {Key: "x", Value: "2"}, {Key: "n", Value: nil}}, src)
	if err != nil {
		t.Fatal(err)
	}
	if q.Encode() != "n=&q=from+file&x=1&x=2" {
		t.Fatalf("query %s", q.Encode())
	}
}

func TestFieldFileTooLarge(t *testing.T) {
	src := source(t, map[string]string{"big": strings.Repeat("x", MaxFieldFile+1)})
	_, err := Build(Routing{Kind: JSONBody, Body: []Field{{Key: "a", File: "big"}}}, "", src)
	if err == nil || !strings.Contains(err.Error(), "larger than 16 MiB") {
		t.Fatalf("err = %v", err)
	}
}

func TestCheckStdin(t *testing.T) {
	if err := CheckStdin([]Field{{Key: "a", File: "-"}}, "-"); err == nil {
		t.Fatal("stdin read twice was accepted")
	}
	if err := CheckStdin([]Field{{Key: "a", File: "-"}, {Key: "b", File: "-"}}, ""); err == nil {
		t.Fatal("stdin read twice was accepted")
	}
	if err := CheckStdin([]Field{{Key: "a", File: "x"}}, "-"); err != nil {
		t.Fatal(err)
	}
}
