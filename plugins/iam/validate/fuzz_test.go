package validate

import (
	"regexp"
	"strings"
	"testing"
)

// namePattern is Kestra's pattern without the look-ahead (the length is
// checked apart).
var namePattern = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

func FuzzName(f *testing.F) {
	for _, s := range []string{"ci-bot", "", "-", "a--b", "CI", "a-b-c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := Name("name", s)
		want := len(s) >= 1 && len(s) <= 63 && namePattern.MatchString(s)
		if (err == nil) != want {
			t.Fatalf("Name(%q) = %v, want valid=%v", s, err, want)
		}
		if err != nil {
			if sug := suggestName(s); Name("name", sug) != nil {
				t.Fatalf("suggestion %q for %q is not valid", sug, s)
			}
		}
	})
}

func FuzzMaxAge(f *testing.F) {
	for _, s := range []string{"P30D", "PT1.5S", "P1DT2H3M4S", "P1M", "PT", "P-1D", "PT1,000000001S"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := MaxAge(s)
		if err == nil && d <= 0 {
			t.Fatalf("MaxAge(%q) = %v without error", s, d)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("multi-line message %q", err)
		}
	})
}

func FuzzSort(f *testing.F) {
	for _, s := range []string{"name:asc", "a,b:desc", ":", "x:y:z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		keys, err := Sort([]string{s})
		if err != nil {
			return
		}
		for _, k := range keys {
			field, dir, ok := strings.Cut(k, ":")
			if !ok || !validField(field) || dir != "asc" && dir != "desc" || strings.Contains(k, ",") {
				t.Fatalf("Sort(%q) gave %q", s, k)
			}
		}
	})
}
