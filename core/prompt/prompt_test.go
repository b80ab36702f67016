package prompt

import (
	"bufio"
	"bytes"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

func TestConfirm(t *testing.T) {
	tests := []struct {
		name        string
		input       string
		where       string
		tty, yes    bool
		destructive bool
		want        bool
		wantCode    cmderr.Code
		wantOut     string
	}{
		{name: "--yes answers", yes: true, want: true},
		{name: "no terminal refuses", wantCode: cmderr.Usage},
		{name: "yes", tty: true, input: "y\n", destructive: true, want: true, wantOut: "Go? [y/N]: "},
		{name: "the question names the context and the host", tty: true, input: "y\n", where: "prod (https://k.example)", destructive: true, want: true, wantOut: "Go on prod (https://k.example)? [y/N]: "},
		{name: "the refusal repeats the question alone", where: "prod (https://k.example)", wantCode: cmderr.Usage},
		{name: "YES", tty: true, input: " YES \n", destructive: true, want: true},
		{name: "empty is no when destructive", tty: true, input: "\n", destructive: true},
		{name: "empty is yes otherwise", tty: true, input: "\n", want: true, wantOut: "Go? [Y/n]: "},
		{name: "anything else is no", tty: true, input: "sure\n", destructive: true},
		{name: "end of input cancels", tty: true, input: "", destructive: true, wantCode: cmderr.Cancelled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			a := &Asker{In: bufio.NewReader(strings.NewReader(tt.input)), InTTY: tt.tty, Out: &out, Yes: tt.yes, Where: tt.where}
			got, err := a.Confirm("Go?", tt.destructive)
			if cmderr.CodeOf(err) != tt.wantCode || got != tt.want {
				t.Fatalf("Confirm = %v, %v; want %v, code %v", got, err, tt.want, tt.wantCode)
			}
			if tt.wantOut != "" && out.String() != tt.wantOut {
				t.Fatalf("asked %q, want %q", out.String(), tt.wantOut)
			}
			if tt.wantCode == cmderr.Usage && !strings.Contains(err.Error(), "Go: confirmation needed but stdin is not a terminal; pass --yes") {
				t.Fatalf("refusal = %v", err)
			}
		})
	}
}

func TestOn(t *testing.T) {
	tests := []struct{ question, context, host, want string }{
		{"Delete flow 'hello' in company.team?", "prod", "https://kestra.example.com", "Delete flow 'hello' in company.team on prod (https://kestra.example.com)?"},
		{"Delete flow 'hello'?", "", "http://localhost:8080", "Delete flow 'hello' on http://localhost:8080?"},
		{"Proceed", "dev", "http://h", "Proceed on dev (http://h)"},
		{"Kill 3 executions? ", "dev", "", "Kill 3 executions on dev?"},
		{"Go?", "", "", "Go?"},
	}
	for _, tt := range tests {
		if got := On(tt.question, Where(tt.context, tt.host)); got != tt.want {
			t.Errorf("On(%q) = %q, want %q", tt.question, got, tt.want)
		}
	}
}
