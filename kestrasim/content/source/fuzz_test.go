package source

import (
	"encoding/json"
	"testing"
)

func FuzzMap(f *testing.F) {
	for _, s := range []string{"id: a\n", "a: [1, 2.5, true, ~]\n", "a: &x {b: 1}\nc: *x\n", "- a\n", "a: 1\n---\nb: 2\n", "<<: {a: 1}\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		m, err := Map([]byte(src))
		if err != nil {
			return
		}
		if _, err := json.Marshal(m); err != nil {
			t.Fatalf("%q parsed into a value JSON cannot encode: %v", src, err)
		}
		_ = ToggleDisabled(src, true)
	})
}
