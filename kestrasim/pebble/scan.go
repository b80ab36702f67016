package pebble

import (
	"fmt"
	"strings"
)

// Delims are the delimiters of a template: each is an opener and a closer;
// an empty pair is not recognised.
type Delims struct {
	Print, Tag, Comment [2]string
}

// Kestra's delimiters: {{ }}, {% %}, {# #}.
var Kestra = Delims{Print: [2]string{"{{", "}}"}, Tag: [2]string{"{%", "%}"}, Comment: [2]string{"{#", "#}"}}

// Blueprint are the delimiters of templated blueprints (Kestra EE), chosen
// so that Kestra expressions pass through: << >> and <% %>.
var Blueprint = Delims{Print: [2]string{"<<", ">>"}, Tag: [2]string{"<%", "%>"}}

// Kind is what a segment of a template is.
type Kind int

// The kinds of segment.
const (
	Text Kind = iota
	Print
	Tag
	// comment is dropped by Scan.
	comment Kind = -1
)

// Segment is a part of a template: text, a print or a tag (comments are
// dropped).
type Segment struct {
	Kind Kind
	// Text is the text, or the expression or tag between the delimiters
	// (trimmed).
	Text string
	// Raw is the segment as written, delimiters included.
	Raw string
	// Line is the line it starts on.
	Line int
}

// Scan splits a template into segments. A delimiter's closer is looked for
// outside string literals; `-` next to a delimiter (`{{-`, `-}}`) trims
// the whitespace on that side. An unclosed delimiter is a *SyntaxError.
func Scan(tpl string, d Delims) ([]Segment, error) {
	var out []Segment
	line, trimNext := 1, false
	text := func(s string) {
		if trimNext {
			s = strings.TrimLeft(s, " \t\r\n")
		}
		trimNext = false
		if s != "" {
			out = append(out, Segment{Kind: Text, Text: s, Raw: s, Line: line})
		}
	}
	for len(tpl) > 0 {
		i, kind, pair := nextOpener(tpl, d)
		if i < 0 {
			text(tpl)
			break
		}
		text(tpl[:i])
		line += strings.Count(tpl[:i], "\n")
		tpl = tpl[i:]
		open, closer := pair[0], pair[1]
		end := closingIndex(tpl[len(open):], closer)
		if end < 0 {
			return nil, &SyntaxError{Msg: fmt.Sprintf("Unexpected end of template, %q is never closed (%s:%d)", open, tpl, line)}
		}
		raw := tpl[:len(open)+end+len(closer)]
		inner := tpl[len(open) : len(open)+end]
		if strings.HasPrefix(inner, "-") {
			inner = inner[1:]
			if n := len(out); n > 0 && out[n-1].Kind == Text {
				out[n-1].Text = strings.TrimRight(out[n-1].Text, " \t\r\n")
				out[n-1].Raw = out[n-1].Text
				if out[n-1].Text == "" {
					out = out[:n-1]
				}
			}
		}
		if strings.HasSuffix(inner, "-") {
			inner = inner[:len(inner)-1]
			trimNext = true
		}
		if kind != comment {
			out = append(out, Segment{Kind: kind, Text: strings.TrimSpace(inner), Raw: raw, Line: line})
		}
		line += strings.Count(raw, "\n")
		tpl = tpl[len(raw):]
	}
	return out, nil
}

// nextOpener finds the first delimiter opener of tpl: its index, the kind
// of segment it starts and its delimiters.
func nextOpener(tpl string, d Delims) (int, Kind, [2]string) {
	best, kind, pair := -1, Text, [2]string{}
	for _, c := range []struct {
		kind Kind
		pair [2]string
	}{{Print, d.Print}, {Tag, d.Tag}, {comment, d.Comment}} {
		if c.pair[0] == "" {
			continue
		}
		limit := tpl
		if best >= 0 {
			limit = tpl[:best]
		}
		if i := strings.Index(limit, c.pair[0]); i >= 0 {
			best, kind, pair = i, c.kind, c.pair
		}
	}
	return best, kind, pair
}

// closingIndex finds closer in s outside string literals.
func closingIndex(s, closer string) int {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case strings.HasPrefix(s[i:], closer):
			return i
		}
	}
	return -1
}
