package commands

import (
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// TestGetCleansTextOnATerminal: a text file holding escape sequences
// (window title, clear screen, cursor moves) is printed cleaned on a
// terminal, unchanged to a pipe; a long line and multi-byte characters
// survive the cleaning a piece at a time.
func TestGetCleansTextOnATerminal(t *testing.T) {
	e := newEnv(t)
	hostile := "title\x1b]0;pwned\x07 clear\x1b[2J\x1b[H bell\x07 csi\u009b31m end\r\nline 2 ü\n"
	long := strings.Repeat("é", 100<<10) + "\x1b[31m" + strings.Repeat("x", 70<<10) + "\n"
	e.write("t/hostile.txt", hostile)
	e.write("t/long.txt", long)
	e.ok("nsfiles", "upload", "ns", "t", "--allow-missing-namespace")

	o := e.opts()
	o.Terminal = &plugin.Terminal{StdoutTTY: true}
	r := e.run(o, "nsfiles", "get", "ns", "t/hostile.txt")
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if want := "title clear bell csi end\nline 2 ü\n"; r.Stdout != want {
		t.Errorf("terminal: %q, want %q", r.Stdout, want)
	}
	r = e.run(o, "nsfiles", "get", "ns", "t/long.txt")
	if want := strings.Repeat("é", 100<<10) + strings.Repeat("x", 70<<10) + "\n"; r.Err != nil || r.Stdout != want {
		t.Errorf("long line: %d bytes (%v), want %d", len(r.Stdout), r.Err, len(want))
	}
	if got := e.content("ns", "t/hostile.txt"); got != hostile {
		t.Errorf("to a pipe: %q, want the bytes unchanged", got)
	}
}
