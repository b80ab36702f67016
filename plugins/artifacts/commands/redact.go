package commands

import "strings"

// redacted replaces what may be a credential in a URL shown to the user.
const redacted = "REDACTED"

// redactURL hides what may be credentials in a URL the user gave, even one
// that does not parse (the plugin cannot use the core's settings.RedactHost):
// after the scheme, everything up to the last '@' (a user and a password,
// which may hold '/', '?', '#' or '@' unencoded) and any query or fragment
// (a token). A URL without either comes back unchanged. It hides too much
// rather than too little: it is only used to show a URL that is refused.
func redactURL(s string) string {
	prefix, rest := "", s
	if i := strings.Index(s, "://"); i >= 0 {
		prefix, rest = s[:i+3], s[i+3:]
	}
	if at := strings.LastIndex(rest, "@"); at >= 0 {
		rest = redacted + rest[at:]
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i+1] + redacted
	}
	return prefix + rest
}
