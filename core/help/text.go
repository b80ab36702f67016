package help

import (
	"io"
	"strings"

	"github.com/mattn/go-runewidth"
)

// Width bounds: help wraps to the terminal, at least minWidth columns (an
// unknown width is defaultWidth) and at most maxWidth, which keeps long
// lines readable on wide terminals.
const (
	defaultWidth = 80
	minWidth     = 40
	maxWidth     = 120
	// maxLeft is the widest left column (flag or command) kept beside its
	// help (and at most a third of the width); a wider one puts its help
	// on the next line.
	maxLeft = 36
	// gap separates the two columns of a row.
	gap = 4
)

// pageWidth is the width help wraps to.
func pageWidth(w int) int {
	if w <= 0 {
		return defaultWidth
	}
	return min(max(w, minWidth), maxWidth)
}

// wrap breaks text into lines of at most width display cells, at spaces
// (a word longer than width stays whole). Line breaks in text are kept; an
// indented line is preformatted (a table, a command), as in Go doc
// comments: it is kept as written.
func wrap(text string, width int) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		if strings.HasPrefix(para, " ") || strings.HasPrefix(para, "\t") {
			out = append(out, strings.TrimRight(para, " \t"))
			continue
		}
		words := strings.Fields(para)
		if len(words) == 0 {
			out = append(out, "")
			continue
		}
		line, lineW := words[0], runewidth.StringWidth(words[0])
		for _, w := range words[1:] {
			ww := runewidth.StringWidth(w)
			if lineW+1+ww > width {
				out = append(out, line)
				line, lineW = w, ww
				continue
			}
			line += " " + w
			lineW += 1 + ww
		}
		out = append(out, line)
	}
	return out
}

// writeParagraphs writes text wrapped to width, indented by indent.
func writeParagraphs(w io.Writer, text string, width int, indent string) {
	for _, l := range wrap(text, width-len(indent)) {
		if l == "" {
			io.WriteString(w, "\n")
			continue
		}
		io.WriteString(w, indent+l+"\n")
	}
}

// writeRows prints two columns, the right one wrapped to width with a
// hanging indent, as kong lays out its help.
func writeRows(w io.Writer, rows [][2]string, width int) {
	left, limit := 0, min(maxLeft, width/3)
	for _, r := range rows {
		if n := runewidth.StringWidth(r[0]); n <= limit {
			left = max(left, n)
		}
	}
	indent := 2 + left + gap
	helpWidth := max(width-indent, 30)
	pad := strings.Repeat(" ", indent)
	for _, r := range rows {
		lines := wrap(r[1], helpWidth)
		if r[1] == "" {
			lines = nil
		}
		n := runewidth.StringWidth(r[0])
		switch {
		case len(lines) == 0:
			io.WriteString(w, "  "+r[0]+"\n")
			continue
		case n > left:
			io.WriteString(w, "  "+r[0]+"\n")
		default:
			io.WriteString(w, "  "+r[0]+strings.Repeat(" ", left-n+gap)+lines[0]+"\n")
			lines = lines[1:]
		}
		for _, l := range lines {
			io.WriteString(w, pad+l+"\n")
		}
	}
}
