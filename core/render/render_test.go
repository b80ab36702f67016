package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

func view(cols ...string) *pb.View {
	v := &pb.View{}
	for i := 0; i+1 < len(cols); i += 2 {
		v.Columns = append(v.Columns, &pb.Column{Header: cols[i], Path: cols[i+1]})
	}
	return v
}

func page(v *pb.View, final bool, recs ...string) *pb.RenderRequest {
	p := &pb.TablePage{View: v, Final: final}
	for _, r := range recs {
		p.Records = append(p.Records, []byte(r))
	}
	return &pb.RenderRequest{Kind: &pb.RenderRequest_Table{Table: p}}
}

func TestFormats(t *testing.T) {
	v := view("ID", "id", "NS", "namespace", "STATE", "state.current")
	recs := []string{
		`{"id":"a","namespace":"prod","state":{"current":"SUCCESS"},"big":12345678901234567890}`,
		`{"id":"long-flow-id","namespace":"dev","state":{"current":"FAILED"}}`,
	}
	tests := []struct {
		name, format string
		reqs         []*pb.RenderRequest
		wantOut      string
		wantErr      string
	}{
		{
			name: "table pages line up with the header", format: "table",
			reqs: []*pb.RenderRequest{page(v, false, recs[0]), page(nil, true, recs[1])},
			wantOut: "ID            NS    STATE\n" +
				"a             prod  SUCCESS\n" +
				"long-flow-id  dev   FAILED\n",
		},
		{
			name: "table empty", format: "table",
			reqs: []*pb.RenderRequest{page(v, true)}, wantOut: "", wantErr: "No results.\n",
		},
		{
			name: "table footer", format: "table",
			reqs:    []*pb.RenderRequest{{Kind: &pb.RenderRequest_Table{Table: &pb.TablePage{View: v, Records: [][]byte{[]byte(recs[0])}, Final: true, Footer: "1 flow(s)"}}}},
			wantOut: "ID  NS    STATE\na   prod  SUCCESS\n", wantErr: "1 flow(s)\n",
		},
		{
			name: "json array keeps key order and big numbers", format: "json",
			reqs: []*pb.RenderRequest{page(v, false, recs[0]), page(nil, true, recs[1])},
			wantOut: "[\n  {\n    \"id\": \"a\",\n    \"namespace\": \"prod\",\n    \"state\": {\n      \"current\": \"SUCCESS\"\n    },\n    \"big\": 12345678901234567890\n  },\n" +
				"  {\n    \"id\": \"long-flow-id\",\n    \"namespace\": \"dev\",\n    \"state\": {\n      \"current\": \"FAILED\"\n    }\n  }\n]\n",
		},
		{
			name: "json empty list", format: "json",
			reqs: []*pb.RenderRequest{page(v, true)}, wantOut: "[]\n",
		},
		{
			name: "yaml list", format: "yaml",
			reqs:    []*pb.RenderRequest{page(v, false, recs[0]), page(nil, true, recs[1])},
			wantOut: "- id: a\n  namespace: prod\n  state:\n    current: SUCCESS\n  big: 12345678901234567890\n- id: long-flow-id\n  namespace: dev\n  state:\n    current: FAILED\n",
		},
		{
			name: "yaml empty", format: "yaml", reqs: []*pb.RenderRequest{page(v, true)}, wantOut: "[]\n",
		},
		{
			name: "object table without view", format: "table",
			reqs:    []*pb.RenderRequest{{Kind: &pb.RenderRequest_Object{Object: &pb.Object{Json: []byte(`{"token":"kwreg_x","count":2,"tags":["a","b"],"none":null}`)}}}},
			wantOut: "token:  kwreg_x\ncount:  2\ntags:   a,b\nnone:   -\n",
		},
		{
			name: "object json", format: "json",
			reqs:    []*pb.RenderRequest{{Kind: &pb.RenderRequest_Object{Object: &pb.Object{Json: []byte(`{"token":"x"}`)}}}},
			wantOut: "{\n  \"token\": \"x\"\n}\n",
		},
		{
			name: "messages go to stderr", format: "json",
			reqs: []*pb.RenderRequest{
				{Kind: &pb.RenderRequest_Message{Message: &pb.Message{Level: pb.Level_INFO, Text: "hello"}}},
				{Kind: &pb.RenderRequest_Message{Message: &pb.Message{Level: pb.Level_WARNING, Text: "careful"}}},
				{Kind: &pb.RenderRequest_Message{Message: &pb.Message{Level: pb.Level_DEBUG, Text: "hidden"}}},
			},
			wantOut: "", wantErr: "hello\nWarning: careful\n",
		},
		{
			name: "control characters stripped", format: "table",
			reqs:    []*pb.RenderRequest{page(view("NAME", "n"), true, `{"n":"evil\u001b[31mred\nline"}`)},
			wantOut: "NAME\nevilred line\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			r := New(&out, &errOut, Options{Format: tt.format})
			for _, req := range tt.reqs {
				if err := r.Render(req); err != nil {
					t.Fatal(err)
				}
			}
			if err := r.Finish(); err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.wantOut {
				t.Fatalf("stdout:\n%q\nwant:\n%q", out.String(), tt.wantOut)
			}
			if errOut.String() != tt.wantErr {
				t.Fatalf("stderr: %q want %q", errOut.String(), tt.wantErr)
			}
			if tt.format == "json" && out.Len() > 0 && !json.Valid(out.Bytes()) {
				t.Fatalf("invalid JSON: %s", out.String())
			}
		})
	}
}

func TestOneDocument(t *testing.T) {
	for _, format := range []string{"json", "yaml"} {
		var out bytes.Buffer
		r := New(&out, &bytes.Buffer{}, Options{Format: format})
		obj := &pb.RenderRequest{Kind: &pb.RenderRequest_Object{Object: &pb.Object{Json: []byte(`{}`)}}}
		if err := r.Render(obj); err != nil {
			t.Fatal(err)
		}
		if err := r.Render(obj); !errors.Is(err, ErrSecondDocument) {
			t.Fatalf("%s: second document err = %v", format, err)
		}
	}
}

func TestFinishClosesUnfinishedList(t *testing.T) {
	var out bytes.Buffer
	r := New(&out, &bytes.Buffer{}, Options{Format: "json"})
	if err := r.Render(page(view("A", "a"), false, `{"a":1}`)); err != nil {
		t.Fatal(err)
	}
	if err := r.Finish(); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(out.Bytes()) || !strings.HasSuffix(out.String(), "]\n") {
		t.Fatalf("not closed: %q", out.String())
	}
}

func TestLookupAndFormat(t *testing.T) {
	var v any
	dec := json.NewDecoder(strings.NewReader(`{"a":{"b":[{"c":"x"}]},"n":1.50,"e":"","l":[1,2],"m":{"k":"v"},"size":2048,"iso":"PT1M3.2S","isoshort":"PT1.234S","ms":1500,"raw":"soon","ts":"2026-11-28T22:30:01.123456Z","yes":true,"no":false}`))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ path, format, want string }{
		{"a.b.0.c", "", "x"},
		{"a.b.5.c", "", "-"},
		{"n", "", "1.50"},
		{"e", "", "-"},
		{"missing", "", "-"},
		{"l", "", "1,2"},
		{"m", "", `{"k":"v"}`},
		{"size", "bytes", "2.0 KiB"},
		{"iso", "duration", "1m3s"},
		{"isoshort", "duration", "1.23s"},
		{"ms", "duration", "1.5s"},
		{"raw", "duration", "soon"},
		{"ts", "time", time.Date(2026, 11, 28, 22, 30, 1, 0, time.UTC).Local().Format("2006-01-02 15:04:05")},
		{"yes", "", "yes"},
		{"no", "bool", "no"},
		{"ts", "age", "ago"},
		{"ms", "time", time.UnixMilli(1500).Local().Format("2006-01-02 15:04:05")},
	}
	for _, tt := range tests {
		got := formatAny(lookup(v, tt.path), tt.format)
		if tt.format == "age" && strings.HasSuffix(got, tt.want) {
			continue
		}
		if got != tt.want {
			t.Errorf("%s = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestJQ(t *testing.T) {
	tests := []struct {
		name, expr string
		reqs       []*pb.RenderRequest
		want       string
	}{
		{"ids of a list", ".[].id", []*pb.RenderRequest{page(view("ID", "id"), false, `{"id":"a"}`), page(nil, true, `{"id":"b"}`)}, "a\nb\n"},
		{"length", "length", []*pb.RenderRequest{page(view("ID", "id"), true, `{"id":"a"}`)}, "1\n"},
		{"empty list", ".", []*pb.RenderRequest{page(view("ID", "id"), true)}, "[]\n"},
		{"object field", ".state", []*pb.RenderRequest{{Kind: &pb.RenderRequest_Object{Object: &pb.Object{Json: []byte(`{"state":{"current":"OK"}}`)}}}}, "{\n  \"current\": \"OK\"\n}\n"},
		{"big numbers kept", ".n", []*pb.RenderRequest{{Kind: &pb.RenderRequest_Object{Object: &pb.Object{Json: []byte(`{"n":1725000000000000001}`)}}}}, "1725000000000000001\n"},
		{"select", `map(select(.ok)) | .[].id`, []*pb.RenderRequest{page(view("ID", "id"), true, `{"id":"a","ok":true}`, `{"id":"b","ok":false}`)}, "a\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := CompileJQ(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			r := New(&out, &bytes.Buffer{}, Options{Format: "table", JQ: code})
			for _, req := range tt.reqs {
				if err := r.Render(req); err != nil {
					t.Fatal(err)
				}
			}
			if err := r.Finish(); err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.want {
				t.Fatalf("got %q, want %q", out.String(), tt.want)
			}
		})
	}
	if _, err := CompileJQ(".[ |"); err == nil || !strings.Contains(err.Error(), "invalid --jq expression") {
		t.Fatalf("compile error: %v", err)
	}
	code, _ := CompileJQ(`error("boom")`)
	r := New(&bytes.Buffer{}, &bytes.Buffer{}, Options{JQ: code})
	err := r.Render(&pb.RenderRequest{Kind: &pb.RenderRequest_Object{Object: &pb.Object{Json: []byte(`{}`)}}})
	var je *JQError
	if !errors.As(err, &je) {
		t.Fatalf("runtime error = %v", err)
	}
}

func TestNoHeaders(t *testing.T) {
	var out bytes.Buffer
	r := New(&out, &bytes.Buffer{}, Options{Format: "table", NoHeaders: true})
	if err := r.Render(page(view("ID", "id", "N", "n"), true, `{"id":"a","n":1}`, `{"id":"bb","n":2}`)); err != nil {
		t.Fatal(err)
	}
	if out.String() != "a   1\nbb  2\n" {
		t.Fatalf("got %q", out.String())
	}
}

// TestStream: a live stream of records is NDJSON with -o json, and --jq
// applies to each record as it arrives.
func TestStream(t *testing.T) {
	view := &pb.View{Stream: true, Columns: []*pb.Column{{Header: "MSG", Path: "message"}}}
	pages := []*pb.TablePage{
		{View: view, Records: [][]byte{[]byte(`{"message": "one", "level": "INFO"}`)}},
		{Records: [][]byte{[]byte(`{"message":"two"}`)}},
		{Final: true},
	}
	for _, tc := range []struct {
		name, format, jq, want string
	}{
		{name: "ndjson", format: "json", want: "{\"message\":\"one\",\"level\":\"INFO\"}\n{\"message\":\"two\"}\n"},
		{name: "jq per record", format: "json", jq: ".message", want: "one\ntwo\n"},
		{name: "table rows as they come, no footer", format: "table", want: "MSG\none\ntwo\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			opts := Options{Format: tc.format}
			if tc.jq != "" {
				code, err := CompileJQ(tc.jq)
				if err != nil {
					t.Fatal(err)
				}
				opts.JQ = code
			}
			r := New(&out, &errOut, opts)
			for i, p := range pages {
				if err := r.Render(&pb.RenderRequest{Kind: &pb.RenderRequest_Table{Table: p}}); err != nil {
					t.Fatal(err)
				}
				if i == 0 && out.Len() == 0 {
					t.Fatal("the first record was not printed at once")
				}
			}
			if out.String() != tc.want || errOut.Len() != 0 {
				t.Fatalf("out %q err %q, want %q", out.String(), errOut.String(), tc.want)
			}
		})
	}
}
