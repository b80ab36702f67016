package app

import (
	"io"
	"strings"

	"github.com/hashicorp/go-hclog"
)

// newLogger is the core's logger: silent unless --log-level (anywhere
// before "--") or KESTRACTL_LOG (env) names a level.
func newLogger(args []string, env string, w io.Writer) hclog.Logger {
	level := env
	for i, x := range args {
		if x == "--" {
			break
		}
		if v, ok := strings.CutPrefix(x, "--log-level="); ok {
			level = v
		} else if x == "--log-level" && i+1 < len(args) {
			level = args[i+1]
		}
	}
	l := hclog.LevelFromString(level)
	if l == hclog.NoLevel {
		l = hclog.Off
	}
	return hclog.New(&hclog.LoggerOptions{Name: "kestractl", Level: l, Output: w})
}

// levelName is the log level to hand to plugins ("" when off).
func levelName(l hclog.Logger) string {
	if l.GetLevel() == hclog.Off {
		return ""
	}
	return strings.ToLower(l.GetLevel().String())
}
