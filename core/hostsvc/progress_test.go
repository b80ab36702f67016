package hostsvc

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

const eraseLine = "\x1b[1A\x1b[2K"

func TestBarLine(t *testing.T) {
	tests := []struct {
		name  string
		width int
		u     *pb.ProgressUpdate
		want  string
	}{
		{"items without a total", 80, &pb.ProgressUpdate{Label: "flows", Current: 7}, "7  flows"},
		{"items with a total", 80, &pb.ProgressUpdate{Label: "flows", Current: 5, Total: 10},
			"[==========          ] 5/10  50%  flows"},
		{"bytes", 80, &pb.ProgressUpdate{Label: "a.jar", Current: 1536, Total: 2048, Unit: "bytes"},
			"[===============     ] 1.5 KiB/2.0 KiB  75%  a.jar"},
		{"more than the total stays full", 80, &pb.ProgressUpdate{Current: 12, Total: 10},
			"[====================] 12/10 100%  "},
		{"too long for the terminal", 12, &pb.ProgressUpdate{Label: "a-very-long-label", Current: 1}, "1  a-very-…"},
		{"no width means 80", 0, &pb.ProgressUpdate{Label: strings.Repeat("x", 100)}, "0  " + strings.Repeat("x", 75) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBars(&bytes.Buffer{}, tt.width)
			if got := b.line(tt.u); got != tt.want {
				t.Fatalf("line = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBarsDrawInPlace(t *testing.T) {
	var w bytes.Buffer
	b := NewBars(&w, 80)
	b.Update(&pb.ProgressUpdate{Id: "a", Label: "a", Current: 1, Total: 2})
	if got := w.String(); got != "[==========          ] 1/2  50%  a\n" {
		t.Fatalf("first draw %q", got)
	}
	w.Reset()
	// A finished bar is redrawn at once, then leaves the display.
	b.Update(&pb.ProgressUpdate{Id: "a", Done: true})
	if got := w.String(); got != eraseLine {
		t.Fatalf("after done %q", got)
	}
	b.Update(&pb.ProgressUpdate{Id: "b", Label: "b", Done: true})
	w.Reset()

	// Output goes above the bars: they are erased, then drawn again.
	for i := range 10 {
		b.bars[fmt.Sprint(i)] = &pb.ProgressUpdate{Id: fmt.Sprint(i), Label: fmt.Sprint("bar ", i)}
		b.order = append(b.order, fmt.Sprint(i))
	}
	b.draw()
	if b.lines != 8 {
		t.Fatalf("%d bars drawn, want at most 8", b.lines)
	}
	w.Reset()
	if err := b.Around(func() error { w.WriteString("message\n"); return nil }); err != nil {
		t.Fatal(err)
	}
	got := w.String()
	if !strings.HasPrefix(got, strings.Repeat(eraseLine, 8)+"message\n") || !strings.HasSuffix(got, "0  bar 9\n") {
		t.Fatalf("around %q", got)
	}

	w.Reset()
	b.Close()
	if w.String() != strings.Repeat(eraseLine, 8) {
		t.Fatalf("close %q", w.String())
	}
	w.Reset()
	b.Update(&pb.ProgressUpdate{Id: "late", Done: true})
	if err := b.Around(func() error { w.WriteString("after\n"); return nil }); err != nil || w.String() != "after\n" {
		t.Fatalf("closed bars still drawn: %q", w.String())
	}
}
