package commands

import (
	"fmt"
	"io"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// maxStdinValue bounds a value read from stdin.
const maxStdinValue = 16 << 20

// readValue returns arg, or for "-" the value from stdin: typed without echo
// on a terminal, else read to the end with one trailing newline removed.
func readValue(c *plugin.Context, in Stdin, arg, key string) (value string, fromStdin bool, err error) {
	if arg != "-" {
		return arg, false, nil
	}
	if c.Invocation().GetTerminal().GetStdinTty() {
		v, err := c.Prompt(fmt.Sprintf("Value of %q", key), true, "")
		return v, true, err
	}
	if in.Reader == nil {
		return "", true, cmderr.Usagef("value \"-\" reads stdin, but there is no stdin")
	}
	b, err := io.ReadAll(io.LimitReader(in.Reader, maxStdinValue+1))
	if err != nil {
		return "", true, fmt.Errorf("read the value from stdin: %w", err)
	}
	if len(b) > maxStdinValue {
		return "", true, cmderr.Usagef("the value on stdin is larger than %d MiB", maxStdinValue>>20)
	}
	s := string(b)
	if strings.HasSuffix(s, "\r\n") {
		s = s[:len(s)-2]
	} else {
		s = strings.TrimSuffix(s, "\n")
	}
	return s, true, nil
}
