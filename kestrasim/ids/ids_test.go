package ids

import (
	"regexp"
	"testing"
)

func TestNew(t *testing.T) {
	base62 := regexp.MustCompile(`^[0-9A-Za-z]{22}$`)
	seen := map[string]bool{}
	for range 1000 {
		id := New()
		if !base62.MatchString(id) || seen[id] {
			t.Fatalf("id %q: not 22 base62 characters, or seen twice", id)
		}
		seen[id] = true
	}
	if got := Random(5); len(got) != 5 {
		t.Errorf("Random(5) = %q", got)
	}
}
