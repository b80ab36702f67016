package commands

import (
	"fmt"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// maxStdinValue bounds a value read from stdin.
const maxStdinValue = 16 << 20

// readValue returns arg, or for "-" the value from stdin: typed without echo
// on a terminal, else read to the end with one trailing newline removed.
func readValue(c *plugin.Context, arg, key string) (value string, fromStdin bool, err error) {
	return c.ValueOrStdin(arg, fmt.Sprintf("Value of %q", key), true, maxStdinValue)
}
