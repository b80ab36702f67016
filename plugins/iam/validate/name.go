// Package validate checks user input locally, before any request, so that a
// bad value gets one clear line naming what is wrong and how to fix it.
package validate

import (
	"fmt"
	"net/mail"
	"strings"
)

// maxNameLen is the longest service-account or token name Kestra accepts.
const maxNameLen = 63

// Name checks a service-account or API-token name against Kestra's
// pattern ^(?=.{1,63}$)[a-z0-9]+(?:-[a-z0-9]+)*$: 1 to 63 lowercase letters,
// digits and single dashes, neither first nor last. what names the value in
// the message (e.g. "service account name").
func Name(what, s string) error {
	switch {
	case s == "":
		return fmt.Errorf("%s must not be empty", what)
	case len(s) > maxNameLen:
		return fmt.Errorf("invalid %s %q: at most %d characters, got %d", what, s, maxNameLen, len(s))
	case s[0] == '-' || s[len(s)-1] == '-':
		return fmt.Errorf("invalid %s %q: it must not start or end with a dash", what, s)
	case strings.Contains(s, "--"):
		return fmt.Errorf("invalid %s %q: dashes must separate letters or digits (no \"--\")", what, s)
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return fmt.Errorf("invalid %s %q: use lowercase letters, digits and dashes only (e.g. %q)", what, s, suggestName(s))
		}
	}
	return nil
}

// suggestName turns s into a valid name where it can (for the message).
func suggestName(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	out := b.String()
	if len(out) > maxNameLen {
		out = strings.TrimRight(out[:maxNameLen], "-")
	}
	if out == "" {
		return "ci-bot"
	}
	return out
}

// Email checks an e-mail address (a bare address, no display name).
func Email(s string) error {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s, "@") {
		return fmt.Errorf("invalid e-mail address %q: expected a bare address such as alice@example.com", s)
	}
	return nil
}
