package pluginproc

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestTail(t *testing.T) {
	tests := []struct {
		name   string
		writes []string
		want   string
	}{
		{"nothing", nil, ""},
		{"the last line", []string{"one\ntwo\n", "three\n"}, "three"},
		{"lines split across writes", []string{"fir", "st\nsec", "ond\n"}, "second"},
		{"an unfinished last line counts", []string{"done\nhalf a line"}, "half a line"},
		{"a panic wins over later lines", []string{"panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n"}, "panic: boom"},
		{"a fatal error wins", []string{"fatal error: all goroutines are asleep\nmore\n"}, "fatal error: all goroutines are asleep"},
		{"blank lines are skipped", []string{"real\n\n   \n"}, "real"},
		{"hclog errors keep their message", []string{`{"@level":"error","@message":"cannot read flow.yaml"}` + "\n"}, "cannot read flow.yaml"},
		{"hclog info lines are dropped", []string{"earlier\n", `{"@level":"info","@message":"starting"}` + "\n"}, "earlier"},
		{"only the last lines are kept", []string{"panic: old\n1\n2\n3\n4\n5\n6\n"}, "6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tl := newTail(6)
			for _, w := range tt.writes {
				if n, err := tl.Write([]byte(w)); n != len(w) || err != nil {
					t.Fatalf("Write = %d, %v", n, err)
				}
			}
			if got := tl.last(); got != tt.want {
				t.Fatalf("last = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPrefixWriter(t *testing.T) {
	var b bytes.Buffer
	w := &prefixWriter{w: &b, prefix: "[p] "}
	for _, s := range []string{"one\ntw", "o\n", "\nthree"} {
		if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	if want := "[p] one\n[p] two\n[p] \n[p] three"; b.String() != want {
		t.Fatalf("got %q, want %q", b.String(), want)
	}
	failing := &prefixWriter{w: errWriter{}, prefix: "x"}
	if n, err := failing.Write([]byte("a")); n != 0 || err == nil {
		t.Fatalf("Write to a failing writer = %d, %v", n, err)
	}
}

type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, errors.New("closed") }

func TestTruncate(t *testing.T) {
	if got := truncate("short", 10); got != "short" {
		t.Errorf("truncate = %q", got)
	}
	if got := truncate(strings.Repeat("a", 12), 10); got != strings.Repeat("a", 10)+"…" {
		t.Errorf("truncate = %q", got)
	}
}
