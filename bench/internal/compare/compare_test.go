package compare

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kestractl/kestractl/bench/internal/peakrss"
)

func TestRoundsAlternateTheOrder(t *testing.T) {
	var got []string
	step := func(name string) func(int) error {
		return func(round int) error {
			got = append(got, name+string(rune('0'+round)))
			return nil
		}
	}
	if err := Rounds(3, step("a"), step("b"), step("c")); err != nil {
		t.Fatal(err)
	}
	want := "a0 b0 c0 c1 b1 a1 a2 b2 c2"
	if strings.Join(got, " ") != want {
		t.Errorf("order %v, want %s", got, want)
	}
	boom := errors.New("boom")
	calls := 0
	err := Rounds(2, func(int) error { calls++; return boom }, func(int) error { calls++; return nil })
	if !errors.Is(err, boom) || calls != 1 {
		t.Errorf("a failing step: %v after %d calls", err, calls)
	}
}

func TestMedians(t *testing.T) {
	rs := []peakrss.Result{{Wall: 3 * time.Second, CPU: time.Second}, {Wall: time.Second, CPU: 3 * time.Second}, {Wall: 2 * time.Second, CPU: 2 * time.Second}}
	if Median(rs) != 2*time.Second || medianCPU(rs) != 2*time.Second {
		t.Errorf("medians %v %v", Median(rs), medianCPU(rs))
	}
	if got := slices.Collect(strings.FieldsSeq(walls(rs[:2]))); len(got) != 4 || got[0] != "3.00" {
		t.Errorf("walls %q", walls(rs[:2]))
	}
	if human(1500*time.Microsecond) != "1.50 ms" || human(2*time.Second) != "2.00 s" {
		t.Errorf("human: %q %q", human(1500*time.Microsecond), human(2*time.Second))
	}
}
