package cmdutil

import (
	"strings"
	"testing"

	"github.com/kestractl/kestractl/plugins/flows/api"
)

func TestLooksBinary(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"", false},
		{"hello, world\n", false},
		{"déjà vu — ✓ 日本語", false},
		{"a\x00b", true},
		{"\xff\xfe\x00", true},
		{"caf\xe9 latin-1 text", true},
		// a sample cut inside a multi-byte character is still text
		{"text ending in \xe6\x97", false},
		{strings.Repeat("x", 100) + "\x89PNG", true},
	} {
		if got := looksBinary([]byte(tc.in)); got != tc.want {
			t.Errorf("looksBinary(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

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

func TestBytes(t *testing.T) {
	for _, tc := range []struct {
		in   int64
		want string
	}{
		{0, "0 B"}, {1023, "1023 B"}, {1024, "1 KiB"}, {1536, "1.5 KiB"}, {200 << 20, "200 MiB"}, {3 << 30, "3 GiB"},
	} {
		if got := Bytes(tc.in); got != tc.want {
			t.Errorf("Bytes(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestLogFilterSelection(t *testing.T) {
	one, neg := 1, -1
	for _, tc := range []struct {
		in      LogFilter
		want    api.LogSelection
		wantErr string
	}{
		{LogFilter{}, api.LogSelection{}, ""},
		{LogFilter{MinLevel: "warn", TaskID: "t", TaskRunID: "r", Attempt: &one}, api.LogSelection{MinLevel: "WARN", TaskID: "t", TaskRunID: "r", Attempt: &one}, ""},
		{LogFilter{MinLevel: "LOUD"}, api.LogSelection{}, `unknown level "LOUD"`},
		{LogFilter{Attempt: &neg}, api.LogSelection{}, "--attempt must be 0 or more"},
	} {
		got, err := tc.in.Selection()
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("%+v: error %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got.MinLevel != tc.want.MinLevel || got.TaskID != tc.want.TaskID || got.TaskRunID != tc.want.TaskRunID || got.Attempt != tc.want.Attempt {
			t.Errorf("%+v: %+v %v, want %+v", tc.in, got, err, tc.want)
		}
	}
}
