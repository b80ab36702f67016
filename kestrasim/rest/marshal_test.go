package rest

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"
)

type inner struct {
	A string  `json:"a"`
	B *string `json:"b"`
}

type Embedded struct {
	E  string `json:"e"`
	Sh string `json:"shadowed"`
}

type outer struct {
	Embedded
	ID       string            `json:"id"`
	Desc     *string           `json:"description"`
	Empty    string            `json:"empty,omitempty"`
	Zero     time.Time         `json:"zero,omitzero"`
	When     time.Time         `json:"when"`
	Tags     []string          `json:"tags"`
	Vars     map[string]any    `json:"variables"`
	Raw      json.RawMessage   `json:"raw"`
	Inner    inner             `json:"inner"`
	Inners   []inner           `json:"inners"`
	ByName   map[string]*inner `json:"byName"`
	Any      any               `json:"any"`
	Quoted   int               `json:"quoted,string"`
	Shadowed string            `json:"shadowed"`
	Skip     string            `json:"-"`
	private  string
	NoTag    bool
}

func ptr[T any](v T) *T { return &v }

func TestMarshalLeavesOutNullFields(t *testing.T) {
	when := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	cases := []struct {
		name string
		in   any
		want string
	}{
		{"null struct fields at every depth go", outer{ID: "x", When: when, Quoted: 7, Inner: inner{A: "a"},
			Inners: []inner{{A: "1"}, {A: "2", B: ptr("b")}}, Raw: json.RawMessage(`{"k":null}`),
			ByName: map[string]*inner{"n": nil, "m": {A: "m"}}, Vars: map[string]any{"v": nil, "w": 1}},
			`{"e":"","id":"x","when":"2025-01-02T03:04:05Z","variables":{"v":null,"w":1},"raw":{"k":null},` +
				`"inner":{"a":"a"},"inners":[{"a":"1"},{"a":"2","b":"b"}],"byName":{"m":{"a":"m"},"n":null},` +
				`"quoted":"7","shadowed":"","NoTag":false}`},
		{"pointer to struct", &inner{A: "a"}, `{"a":"a"}`},
		{"null elements of lists are kept", []*inner{nil, {A: "a"}}, `[null,{"a":"a"}]`},
		{"any holding a struct", map[string]any{"x": inner{}}, `{"x":{"a":""}}`},
		{"top-level nil", (*inner)(nil), `null`},
		{"a string that says null", inner{A: "null"}, `{"a":"null"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Marshal(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != c.want {
				t.Errorf("Marshal\n got %s\nwant %s", got, c.want)
			}
			if !json.Valid(got) {
				t.Errorf("invalid JSON %s", got)
			}
		})
	}
}

// Without nulls, Marshal is encoding/json byte for byte.
func TestMarshalMatchesEncodingJSON(t *testing.T) {
	when := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	full := outer{Embedded: Embedded{E: "e", Sh: "hidden"}, ID: "x<&>", Desc: ptr("d"), Empty: "", When: when,
		Tags: []string{}, Vars: map[string]any{"z": 1, "a": []any{"x", 2.5, true}}, Raw: json.RawMessage(`[1]`),
		Inner: inner{A: "a", B: ptr("b")}, Inners: []inner{}, ByName: map[string]*inner{},
		Any: map[string]any{"k": "v"}, Quoted: 42, Shadowed: "s", Skip: "no", private: "p"}
	for _, v := range []any{full, &full, []outer{full}, map[string]outer{"k": full}, Paged[inner]{Results: []inner{{A: "1", B: ptr("2")}}, Total: 1},
		[]byte("bytes"), [2]int{1, 2}, map[int]string{2: "b", 1: "a"}, "text", 3.5} {
		want, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		// force the reflective path even without nulls
		var buf bytes.Buffer
		if err := encode(&buf, reflect.ValueOf(v)); err != nil {
			t.Fatal(err)
		}
		if buf.String() != string(want) {
			t.Errorf("%T\n got %s\nwant %s", v, buf.String(), want)
		}
	}
}

// The bug this fixes: a group created without a description answered
// "description": null, which the document does not allow.
func TestWriteJSONOmitsNullProperties(t *testing.T) {
	type group struct {
		ID          string  `json:"id"`
		Name        string  `json:"name"`
		Description *string `json:"description"`
	}
	rec := httptest.NewRecorder()
	WriteJSON(rec, 200, group{ID: "g", Name: "ops"})
	if got := rec.Body.String(); got != `{"id":"g","name":"ops"}` {
		t.Errorf("body %s", got)
	}
	if rec.Header().Get("Content-Length") != "23" {
		t.Errorf("Content-Length %s", rec.Header().Get("Content-Length"))
	}
}
