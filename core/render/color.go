package render

import "strings"

const (
	ansiReset  = "\x1b[0m"
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiBlue   = "\x1b[34m"
)

// colorStatus colours a state or status word.
func colorStatus(s string) string {
	var c string
	switch strings.ToUpper(s) {
	case "SUCCESS", "CREATED", "UPDATED", "UNCHANGED", "VALID", "OK", "DEPLOYED", "UPLOADED", "DELETED", "DOWNLOADED", "VERIFIED":
		c = ansiGreen
	case "FAILED", "KILLED", "ERROR", "INVALID", "CANCELLED":
		c = ansiRed
	case "WARNING", "RUNNING", "PAUSED", "RETRYING", "KILLING", "QUEUED", "SKIPPED", "RESTARTED":
		c = ansiYellow
	case "":
		return s
	default:
		c = ansiBlue
	}
	return c + s + ansiReset
}
