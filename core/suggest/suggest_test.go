package suggest

import "testing"

func TestClosest(t *testing.T) {
	names := []string{"flows", "executions", "namespaces", "config", "version"}
	tests := []struct{ word, want string }{
		{"flws", "flows"},      // one edit
		{"flowss", "flows"},    // one edit
		{"confg", "config"},    // one edit
		{"exec", "executions"}, // too far, but a prefix
		{"zzzzzz", ""},         // nothing close
		{"e", ""},              // a one-letter prefix is no suggestion
		{"versoin", "version"}, // two edits
		{"namespace", "namespaces"},
	}
	for _, tt := range tests {
		if got := Closest(tt.word, names); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "ab", 2}, {"kitten", "sitting", 3}, {"flows", "flows", 0}, {"héllo", "hello", 1},
	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
