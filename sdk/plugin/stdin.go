package plugin

import (
	"fmt"
	"io"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// ValueOrStdin returns arg, or, when arg is "-", a value from the user's
// standard input: asked with a prompt (label; not echoed when secret) on a
// terminal, else read to the end, at most limit bytes, with one trailing
// newline removed. fromStdin says which it was.
func (c *Context) ValueOrStdin(arg, label string, secret bool, limit int64) (value string, fromStdin bool, err error) {
	if arg != "-" {
		return arg, false, nil
	}
	if c.inv.Terminal.StdinTTY {
		v, err := c.Prompt(label, secret, "")
		return v, true, err
	}
	b, err := io.ReadAll(io.LimitReader(c.Stdin(), limit+1))
	if err != nil {
		return "", true, fmt.Errorf("read %s from stdin: %w", label, err)
	}
	if int64(len(b)) > limit {
		return "", true, cmderr.Usagef("%s on stdin is larger than %s", label, Bytes(limit))
	}
	s := string(b)
	if strings.HasSuffix(s, "\r\n") {
		s = s[:len(s)-2]
	} else {
		s = strings.TrimSuffix(s, "\n")
	}
	return s, true, nil
}
