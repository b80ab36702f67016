package commands_test

import (
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

// TestLogsCleanEscapes: a log message holding terminal escape sequences
// (window title, clear screen, bell) is printed as readable lines without
// them by executions logs and logs list, following or not (issue 20,
// item 8). The text
// format cleans on a pipe as well as on a terminal; -o json keeps the
// message exactly as the server sent it (JSON escapes the control
// characters, so nothing reaches a terminal raw).
func TestLogsCleanEscapes(t *testing.T) {
	url := simWithFlows(t)
	const hostile = "hi\x1b]0;X\x07\x1b[2Jthere\x1b[31m red\u009b0m end"
	id := start(t, url, "ok", "--wait", "--input", "day="+hostile)

	for _, argv := range [][]string{{"executions", "logs", id}, {"logs", "list", id}, {"executions", "logs", id, "--follow"}} {
		// The server holds the message unchanged: -o json shows it as is.
		j := run(t, url, argv...)
		if j.Err != nil || len(j.Records) != 2 || j.Records[0]["message"] != "hello "+hostile {
			t.Fatalf("%v -o json: %v %q", argv, j.Err, j.Records)
		}
		for _, term := range []struct {
			name string
			t    *plugin.Terminal
		}{
			{"terminal", &plugin.Terminal{StdoutTTY: true, StderrTTY: true}},
			{"pipe", nil},
		} {
			o := opts(url)
			o.Format = "table"
			o.Terminal = term.t
			r := plugintest.Run(t, flowsPlugin(), o, argv...)
			if r.Err != nil {
				t.Fatalf("%v on a %s: %v", argv, term.name, r.Err)
			}
			if !strings.Contains(r.Stdout, " INFO  hello hello hithere red end\n") {
				t.Errorf("%v on a %s: %q, want the message without its escapes", argv, term.name, r.Stdout)
			}
			if strings.ContainsAny(r.Stdout, "\x1b\x07\u009b") {
				t.Errorf("%v on a %s: control characters left in %q", argv, term.name, r.Stdout)
			}
		}
	}
}
