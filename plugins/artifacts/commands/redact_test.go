package commands

import (
	"strings"
	"testing"
)

func TestRedactURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://repo.example/maven2", "https://repo.example/maven2"},
		{"https://ada:S3cret@repo.example/maven2", "https://REDACTED@repo.example/maven2"},
		{"https://ada@repo.example", "https://REDACTED@repo.example"},
		// Unencoded '@', '/', '?', '#' in the password; URLs that do not parse.
		{"https://ada:S3@cret@repo.example", "https://REDACTED@repo.example"},
		{"https://ada:S3/cret@repo.example/x", "https://REDACTED@repo.example/x"},
		{"https://ada:S3?cret@repo.example", "https://REDACTED@repo.example"},
		{"https://ada:S3#cret@repo.example", "https://REDACTED@repo.example"},
		{"https://ada:S3cret@[::1", "https://REDACTED@[::1"},
		{"http://ada:S3cret@repo example", "http://REDACTED@repo example"},
		// No scheme, or a malformed one: "ada" could be taken for a scheme.
		{"ada:S3cret@repo.example", "REDACTED@repo.example"},
		{"http:/ada:S3cret@repo.example", "REDACTED@repo.example"},
		// A token in the query or fragment.
		{"https://repo.example/maven2?token=S3cret", "https://repo.example/maven2?REDACTED"},
		{"https://repo.example/maven2#S3cret", "https://repo.example/maven2#REDACTED"},
	} {
		if got := redactURL(tc.in); got != tc.want {
			t.Errorf("redactURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// FuzzRedactURL checks that a password put in a URL's user information
// never survives, whatever surrounds it.
func FuzzRedactURL(f *testing.F) {
	f.Add("https", "ada", "S3cret", "repo.example", "/maven2")
	f.Add("", "ada", "S3/c?r#e@t", "[::1", "?x=1")
	f.Add("http:/", "a", "p", "h", "")
	f.Fuzz(func(t *testing.T, scheme, user, pass, host, rest string) {
		s := scheme + "://" + user + ":" + pass + "@" + host + rest
		if pass == "" || strings.Contains(scheme+"://"+user+":", pass) || strings.Contains(scheme+"://"+redacted+"@"+host+rest, pass) {
			return // the password cannot be told from what surrounds it
		}
		if got := redactURL(s); strings.Contains(got, pass) {
			t.Fatalf("redactURL(%q) = %q shows %q", s, got, pass)
		}
	})
}
