package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// render runs requests through a table renderer and returns stdout.
func renderTable(t *testing.T, opts Options, reqs ...*pb.RenderRequest) string {
	t.Helper()
	var out bytes.Buffer
	opts.Format = "table"
	r := New(&out, &bytes.Buffer{}, opts)
	for _, req := range reqs {
		if err := r.Render(req); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Finish(); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestTableFitsTheTerminal(t *testing.T) {
	v := &pb.View{Columns: []*pb.Column{
		{Header: "ID", Path: "id"}, {Header: "STATE", Path: "state", Format: "status"},
		{Header: "NAME", Path: "name"}, {Header: "DESCRIPTION", Path: "d"},
	}}
	rec := `{"id":"flow-1","state":"SUCCESS","name":"日本語の名前","d":"` + strings.Repeat("words ", 20) + `"}`
	tests := []struct {
		name  string
		width int
		want  string
	}{
		{name: "wide enough: nothing is cut", width: 200,
			want: "ID      STATE    NAME          DESCRIPTION\nflow-1  SUCCESS  日本語の名前  " + strings.Repeat("words ", 20) + "\n"},
		{name: "the widest free-text column is cut with an ellipsis", width: 50,
			want: "ID      STATE    NAME          DESCRIPTION\nflow-1  SUCCESS  日本語の名前  words words words …\n"},
		// Free-text columns shrink to their header or 10 cells at least;
		// the others (a status) never do.
		{name: "then the next widest, never a status", width: 40,
			want: "ID      STATE    NAME        DESCRIPTION\nflow-1  SUCCESS  日本語の…   words word…\n"},
		{name: "no width: nothing is cut", width: 0,
			want: "ID      STATE    NAME          DESCRIPTION\nflow-1  SUCCESS  日本語の名前  " + strings.Repeat("words ", 20) + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renderTable(t, Options{Width: tt.width}, page(v, true, rec))
			if got != tt.want {
				t.Fatalf("table:\n%s\nwant:\n%s", got, tt.want)
			}
			if tt.width > 0 {
				for _, l := range strings.Split(strings.TrimSuffix(got, "\n"), "\n") {
					if w := runewidth.StringWidth(l); w > tt.width {
						t.Fatalf("a line of %d cells: %q", w, l)
					}
				}
			}
		})
	}
}

func TestTablePagesLineUp(t *testing.T) {
	v := view("ID", "id", "NAME", "name")
	rec := func(id, name string) string { return fmt.Sprintf(`{"id":%q,"name":%q}`, id, name) }
	// Rows are held until the list ends (or maxHeldRows arrive): a wider
	// cell in a later page widens the column from the header on.
	got := renderTable(t, Options{}, page(v, false, rec("a", "x")), page(nil, false, rec("bb", "🚀🚀")), page(nil, true, rec("a-long-id", "y")))
	want := "ID         NAME\na          x\nbb         🚀🚀\na-long-id  y\n"
	if got != want {
		t.Fatalf("table:\n%s\nwant:\n%s", got, want)
	}

	// Past maxHeldRows the widths are fixed: a later, wider cell is kept
	// whole in a pipe, cut on a terminal; either way the other rows stay
	// in line.
	first := make([]string, maxHeldRows)
	for i := range first {
		first[i] = rec(fmt.Sprint(i%10), "n")
	}
	for _, width := range []int{0, 80} {
		got = renderTable(t, Options{Width: width}, page(v, false, first...), page(nil, true, rec("much-longer-id", "n")))
		lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
		if lines[0] != "ID  NAME" || lines[1] != "0   n" {
			t.Fatalf("width %d: head %q", width, lines[:2])
		}
		last := lines[len(lines)-1]
		switch width {
		case 0:
			if last != "much-longer-id  n" {
				t.Fatalf("pipe: last row %q", last)
			}
		default:
			if last != "m…  n" {
				t.Fatalf("terminal: last row %q", last)
			}
		}
	}
}

func TestStreamIsShownAtOnce(t *testing.T) {
	var out bytes.Buffer
	r := New(&out, &bytes.Buffer{}, Options{Format: "table"})
	v := &pb.View{Columns: view("ID", "id").GetColumns(), Stream: true}
	if err := r.Render(page(v, false, `{"id":"first"}`)); err != nil {
		t.Fatal(err)
	}
	if out.String() != "ID\nfirst\n" {
		t.Fatalf("after the first page: %q", out.String())
	}
}

func TestInterruptHintIsKept(t *testing.T) {
	var out, errOut bytes.Buffer
	r := New(&out, &errOut, Options{})
	msg := func(text string) *pb.RenderRequest {
		return &pb.RenderRequest{Kind: &pb.RenderRequest_Message{Message: &pb.Message{Level: pb.Level_INTERRUPT_HINT, Text: text}}}
	}
	for _, text := range []string{"first", "execution X keeps running\x1b[2J"} {
		if err := r.Render(msg(text)); err != nil {
			t.Fatal(err)
		}
	}
	if out.Len()+errOut.Len() != 0 {
		t.Fatalf("a hint was shown at once: %q %q", out.String(), errOut.String())
	}
	if got := r.InterruptHint(); got != "execution X keeps running" {
		t.Fatalf("hint = %q", got)
	}
	if err := r.Render(msg("")); err != nil || r.InterruptHint() != "" {
		t.Fatalf("an empty hint does not clear: %q", r.InterruptHint())
	}
}
