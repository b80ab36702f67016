package commands

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"syscall"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
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

// TestAmbiguous: only a failure after which the upload may have been
// stored is checked against the server.
func TestAmbiguous(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"connection reset", &kestra.NetworkError{Err: syscall.ECONNRESET}, true},
		{"answer lost", &kestra.NetworkError{Err: io.ErrUnexpectedEOF}, true},
		{"timeout", cmderr.New(cmderr.Timeout, "stalled"), true},
		{"bad gateway", &kestra.APIError{Status: 502}, true},
		{"gateway timeout", &kestra.APIError{Status: 504}, true},
		{"refused", &kestra.NetworkError{Err: syscall.ECONNREFUSED}, false},
		{"unknown host", &kestra.NetworkError{Err: &net.DNSError{Name: "x"}}, false},
		{"server error", &kestra.APIError{Status: 500}, false},
		{"conflict", &kestra.APIError{Status: 409}, false},
		{"local", cmderr.Usagef("cannot read"), false},
	} {
		if got := ambiguous(tc.err); got != tc.want {
			t.Errorf("%s: ambiguous = %v", tc.name, got)
		}
	}
}

func TestSameContent(t *testing.T) {
	big := strings.Repeat("0123456789", 20000)
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"", "", true},
		{"abc", "abc", true},
		{big, big, true},
		{big, big[:len(big)-1] + "x", false},
		{big, big + "!", false},
		{big + "!", big, false},
		{"abc", "ab", false},
	} {
		if got, err := sameContent(strings.NewReader(tc.a), strings.NewReader(tc.b)); err != nil || got != tc.want {
			t.Errorf("sameContent(%d bytes, %d bytes) = %v, %v", len(tc.a), len(tc.b), got, err)
		}
	}
}

// TestCompleteSkipsHostileNames: completion does not pass a server's file
// names holding escape sequences, separators or white space around them to
// the shell.
func TestCompleteSkipsHostileNames(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `[{"fileName":"ok.txt","type":"File"},{"fileName":"\u001b]0;pwned\u0007x","type":"File"},
			{"fileName":"a/b","type":"File"},{"fileName":"x ","type":"File"},{"fileName":"..","type":"Directory"},
			{"fileName":"dir","type":"Directory"}]`)
	}))
	defer srv.Close()
	o := plugintest.Options{Server: srv.URL}
	got, err := plugintest.Complete(t, Plugin("test"), o, "nsfile-path", "", "nsfiles", "get", "company")
	if err != nil || strings.Join(got, ",") != "dir/,ok.txt" {
		t.Fatalf("completions = %q, %v", got, err)
	}
}
