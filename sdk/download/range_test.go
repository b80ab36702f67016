package download

import "testing"

func TestRangeStart(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"bytes 100-199/200", 100},
		{"bytes 0-0/1", 0},
		{"bytes */200", -1},
		{"items 1-2/3", -1},
		{"", -1},
	} {
		if got := rangeStart(tc.in); got != tc.want {
			t.Errorf("rangeStart(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}
