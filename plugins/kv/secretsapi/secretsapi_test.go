package secretsapi

import (
	"encoding/json"
	"testing"
)

// TestAppendStringMatchesEncodingJSON: the hand-built body encodes strings
// exactly as encoding/json does.
func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `quo"te\back`, "new\nline\ttab\r", "\x00\x1f<>&", "é€😀", "\u2028\u2029", "bad\xffutf8", "\xe2\x82"} {
		want, _ := json.Marshal(s)
		if got := appendString(nil, []byte(s)); string(got) != string(want) {
			t.Errorf("%q: %s, want %s", s, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"x", "\"\\", "\x00\u2028", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendString(nil, []byte(s)); string(got) != string(want) {
			t.Fatalf("%q: %s, want %s", s, got, want)
		}
	})
}
