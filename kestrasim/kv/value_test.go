package kv

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestInfer(t *testing.T) {
	cases := map[string][2]string{
		`"hello"`: {String, `"hello"`}, `hello`: {String, `"hello"`}, `42`: {Number, `42`},
		`1725000000000000001`: {Number, `1725000000000000001`}, `true`: {Boolean, `true`},
		` {"a": 1} `: {JSON, `{"a":1}`}, `[1, 2]`: {JSON, `[1,2]`}, `2025-10-13`: {Date, `"2025-10-13"`},
		`2025-10-13T10:00:00Z`: {DateTime, `"2025-10-13T10:00:00Z"`}, `PT15M`: {Duration, `"PT15M"`},
		`{not json`: {String, `"{not json"`}, `2025-13-45`: {String, `"2025-13-45"`}, `P`: {String, `"P"`},
	}
	for in, want := range cases {
		v, err := Infer([]byte(in))
		if err != nil || v.Type != want[0] || string(v.Raw) != want[1] {
			t.Errorf("Infer(%q) = %s %s %v, want %v", in, v.Type, v.Raw, err, want)
		}
	}
	if _, err := Infer([]byte("null")); err == nil {
		t.Error("null accepted")
	}
}

func FuzzInfer(f *testing.F) {
	for _, s := range []string{`"x"`, `42`, `true`, `{"a":[1]}`, `2025-01-01`, `PT1H`, `x`, ``} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		v, err := Infer(body)
		if err != nil {
			return
		}
		if !slices.Contains([]string{String, Number, Boolean, DateTime, Date, Duration, JSON}, v.Type) || !json.Valid(v.Raw) {
			t.Fatalf("Infer(%q) = %s %s", body, v.Type, v.Raw)
		}
	})
}
