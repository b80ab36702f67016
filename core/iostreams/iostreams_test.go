package iostreams

import "testing"

func TestColorEnabled(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		tty  bool
		want bool
	}{
		{"a terminal", nil, true, true},
		{"a pipe", nil, false, false},
		{"NO_COLOR", map[string]string{"NO_COLOR": "1"}, true, false},
		{"NO_COLOR wins over CLICOLOR_FORCE", map[string]string{"NO_COLOR": "1", "CLICOLOR_FORCE": "1"}, false, false},
		{"CLICOLOR_FORCE in a pipe", map[string]string{"CLICOLOR_FORCE": "1"}, false, true},
		{"FORCE_COLOR in a pipe", map[string]string{"FORCE_COLOR": "true"}, false, true},
		{"FORCE_COLOR=0", map[string]string{"FORCE_COLOR": "0"}, false, false},
		{"CLICOLOR=0 on a terminal", map[string]string{"CLICOLOR": "0"}, true, false},
		{"TERM=dumb", map[string]string{"TERM": "dumb"}, true, false},
	}
	for _, tt := range tests {
		env := func(k string) string { return tt.env[k] }
		if got := ColorEnabled(env, tt.tty); got != tt.want {
			t.Errorf("%s: ColorEnabled = %v, want %v", tt.name, got, tt.want)
		}
	}
}
