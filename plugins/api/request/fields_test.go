package request

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestParseTyped(t *testing.T) {
	tests := []struct {
		in   string
		want Field
	}{
		{"a=b", Field{Key: "a", Value: "b"}},
		{"a=", Field{Key: "a", Value: ""}},
		{"a=b=c", Field{Key: "a", Value: "b=c"}},
		{"n=42", Field{Key: "n", Value: json.Number("42")}},
		{"n=-1.5e3", Field{Key: "n", Value: json.Number("-1.5e3")}},
		{"n=007", Field{Key: "n", Value: "007"}},
		{"n=1.", Field{Key: "n", Value: "1."}},
		{"b=true", Field{Key: "b", Value: true}},
		{"b=false", Field{Key: "b", Value: false}},
		{"b=True", Field{Key: "b", Value: "True"}},
		{"x=null", Field{Key: "x", Value: nil}},
		{"f=@data.csv", Field{Key: "f", File: "data.csv"}},
		{"f=@-", Field{Key: "f", File: "-"}},
		{"filters[namespace][EQUALS]=company", Field{Key: "filters[namespace][EQUALS]", Value: "company"}},
	}
	for _, tt := range tests {
		got, err := ParseTyped(tt.in)
		if err != nil {
			t.Errorf("ParseTyped(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseTyped(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"a", "=b", "", "f=@"} {
		if _, err := ParseTyped(bad); err == nil {
			t.Errorf("ParseTyped(%q) succeeded", bad)
		}
	}
}

func TestParseRaw(t *testing.T) {
	for in, want := range map[string]Field{
		"n=42":    {Key: "n", Value: "42"},
		"b=true":  {Key: "b", Value: "true"},
		"f=@file": {Key: "f", Value: "@file"},
		"x=null":  {Key: "x", Value: "null"},
	} {
		got, err := ParseRaw(in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("ParseRaw(%q) = %#v, %v; want %#v", in, got, err, want)
		}
	}
	if _, err := ParseRaw("novalue"); err == nil {
		t.Error("ParseRaw without = succeeded")
	}
}

func TestFieldNameAndString(t *testing.T) {
	f := Field{Key: "filters[q][EQUALS]", Value: json.Number("3")}
	if f.Name() != "filters" || f.String() != "3" {
		t.Fatalf("Name %q String %q", f.Name(), f.String())
	}
	if (Field{Value: nil}).String() != "" || (Field{Value: true}).String() != "true" {
		t.Fatal("String of null/bool")
	}
}

func TestParseParam(t *testing.T) {
	if n, v, err := ParseParam("namespace=a.b=c"); err != nil || n != "namespace" || v != "a.b=c" {
		t.Fatalf("ParseParam = %q %q %v", n, v, err)
	}
	for _, bad := range []string{"flows/search", "=x", "a{b}=c", "noequals"} {
		if _, _, err := ParseParam(bad); err == nil {
			t.Errorf("ParseParam(%q) succeeded", bad)
		}
	}
}

func TestJSONObject(t *testing.T) {
	fields := []Field{
		{Key: "name", Value: "x"},
		{Key: "n", Value: json.Number("1")},
		{Key: "ok", Value: true},
		{Key: "none", Value: nil},
		{Key: "labels[team]", Value: "data"},
		{Key: "labels[env]", Value: "prod"},
		{Key: "a[b][c]", Value: "deep"},
		{Key: "ids[]", Value: "1"},
		{Key: "ids[]", Value: "2"},
		{Key: "perm[FLOW][]", Value: "VIEW"},
	}
	obj, err := JSONObject(fields)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(obj)
	want := `{"a":{"b":{"c":"deep"}},"ids":["1","2"],"labels":{"env":"prod","team":"data"},"n":1,"name":"x","none":null,"ok":true,"perm":{"FLOW":["VIEW"]}}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	for name, bad := range map[string][]Field{
		"twice":           {{Key: "a", Value: "1"}, {Key: "a", Value: "2"}},
		"value then obj":  {{Key: "a", Value: "1"}, {Key: "a[b]", Value: "2"}},
		"obj then value":  {{Key: "a[b]", Value: "1"}, {Key: "a", Value: "2"}},
		"value then arr":  {{Key: "a", Value: "1"}, {Key: "a[]", Value: "2"}},
		"[] in middle":    {{Key: "a[][b]", Value: "1"}},
		"unclosed":        {{Key: "a[b", Value: "1"}},
		"garbage after ]": {{Key: "a[b]c", Value: "1"}},
		"no name":         {{Key: "[a]", Value: "1"}},
	} {
		if _, err := JSONObject(bad); err == nil {
			t.Errorf("%s: JSONObject succeeded", name)
		}
	}
}

func FuzzParseTyped(f *testing.F) {
	for _, s := range []string{"a=b", "n=1e5", "f=@x", "a[b][]=null", "=", "a=@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fl, err := ParseTyped(s)
		if err != nil {
			return
		}
		if fl.Key == "" {
			t.Fatalf("ParseTyped(%q) gave an empty key", s)
		}
		if fl.IsFile() {
			return
		}
		obj, err := JSONObject([]Field{fl})
		if err != nil {
			return
		}
		if _, err := json.Marshal(obj); err != nil {
			t.Fatalf("JSONObject(%q) cannot be encoded: %v", s, err)
		}
	})
}
