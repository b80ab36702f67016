package pebble

import (
	"fmt"
	"maps"
	"strings"
)

// Options say how a template renders.
type Options struct {
	Delims Delims
	// Print prints the value of a print segment (String when nil; JSON is
	// how Kestra writes a rendered property).
	Print func(any) string
	// Tags evaluates for/endfor and if/elseif/else/endif; without it a tag
	// is an *UnsupportedError (or kept as written when Lenient).
	Tags bool
	// Lenient keeps a print segment it cannot evaluate, and a tag it does
	// not evaluate, as written; a template it cannot read, or a tag that
	// fails, leaves the whole template as written.
	Lenient bool
}

// Render renders a template against vars. Errors are *Error.
func Render(tpl string, vars map[string]any, o Options) (string, error) {
	if o.Print == nil {
		o.Print = String
	}
	out, err := o.render(tpl, vars)
	if err != nil && o.Lenient {
		return tpl, nil
	}
	return out, err
}

func (o Options) render(tpl string, vars map[string]any) (string, error) {
	segs, err := Scan(tpl, o.Delims)
	if err != nil {
		return "", &Error{Err: err, Line: 1}
	}
	nodes, _, _, err := o.parse(segs)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := o.exec(&b, nodes, vars); err != nil {
		return "", err
	}
	return b.String(), nil
}

// node is a part of a parsed template: a Segment (text, print, or a tag
// that is not evaluated), a forNode or an ifNode.
type node any

type forNode struct {
	seg        Segment
	name, expr string
	body       []node
}

type ifNode struct {
	segs   []Segment // the if and elseif tags
	conds  []string
	bodies [][]node // len(bodies) == len(conds) (+1 with an else)
}

// parse builds the nodes of segs up to one of the tags stops; it returns
// the nodes, the segments after the stop tag and the stop tag itself (nil
// at the end of the template).
func (o Options) parse(segs []Segment, stops ...string) ([]node, []Segment, *Segment, error) {
	var out []node
	for len(segs) > 0 {
		s := segs[0]
		segs = segs[1:]
		if s.Kind != Tag || !o.Tags {
			out = append(out, s)
			continue
		}
		word, arg, _ := strings.Cut(s.Text, " ")
		arg = strings.TrimSpace(arg)
		switch word {
		case "for":
			name, expr, ok := strings.Cut(arg, " in ")
			if !ok {
				return nil, nil, nil, o.structure(s, "invalid %s: expected for <name> in <expression>")
			}
			body, after, _, err := o.parse(segs, "endfor")
			if err != nil {
				return nil, nil, nil, err
			}
			out = append(out, forNode{seg: s, name: strings.TrimSpace(name), expr: strings.TrimSpace(expr), body: body})
			segs = after
		case "if":
			n, after, err := o.parseIf(s, arg, segs)
			if err != nil {
				return nil, nil, nil, err
			}
			out = append(out, n)
			segs = after
		default:
			for _, stop := range stops {
				if word == stop {
					return out, segs, &s, nil
				}
			}
			return nil, nil, nil, o.structure(s, "unexpected %s")
		}
	}
	if len(stops) > 0 {
		return nil, nil, nil, &Error{Err: &SyntaxError{Msg: fmt.Sprintf("missing %s %s %s", o.Delims.Tag[0], stops[len(stops)-1], o.Delims.Tag[1])}}
	}
	return out, nil, nil, nil
}

// parseIf reads an if tag's branches, after the tag.
func (o Options) parseIf(s Segment, cond string, segs []Segment) (ifNode, []Segment, error) {
	n := ifNode{segs: []Segment{s}, conds: []string{cond}}
	for {
		body, after, end, err := o.parse(segs, "elseif", "else", "endif")
		if err != nil {
			return n, nil, err
		}
		n.bodies = append(n.bodies, body)
		segs = after
		word, arg, _ := strings.Cut(end.Text, " ")
		switch {
		case word == "endif":
			return n, segs, nil
		case word == "elseif" && len(n.bodies) == len(n.conds):
			n.segs = append(n.segs, *end)
			n.conds = append(n.conds, strings.TrimSpace(arg))
		case word == "else" && len(n.bodies) == len(n.conds):
		default:
			return n, nil, o.structure(*end, "unexpected %s")
		}
	}
}

// structure is an error in the structure of the template at tag s; format
// takes the tag as written.
func (o Options) structure(s Segment, format string) error {
	tag := o.Delims.Tag[0] + " " + s.Text + " " + o.Delims.Tag[1]
	return &Error{Err: &SyntaxError{Msg: fmt.Sprintf(format, tag)}, Raw: s.Raw, Line: s.Line}
}

func (o Options) exec(b *strings.Builder, nodes []node, vars map[string]any) error {
	for _, n := range nodes {
		switch x := n.(type) {
		case Segment:
			if err := o.segment(b, x, vars); err != nil {
				return err
			}
		case forNode:
			v, err := o.eval(x.seg, x.expr, vars)
			if err != nil {
				return err
			}
			items, ok := v.([]any)
			if !ok && v != nil {
				return &Error{Err: fmt.Errorf("'%s' is not a list", x.expr), Expr: x.expr, Raw: x.seg.Raw, Line: x.seg.Line}
			}
			for _, it := range items {
				inner := maps.Clone(vars)
				if inner == nil {
					inner = map[string]any{}
				}
				inner[x.name] = it
				if err := o.exec(b, x.body, inner); err != nil {
					return err
				}
			}
		case ifNode:
			if err := o.branch(b, x, vars); err != nil {
				return err
			}
		}
	}
	return nil
}

// branch renders the first branch of an if whose condition holds, else
// its else body.
func (o Options) branch(b *strings.Builder, n ifNode, vars map[string]any) error {
	for i, body := range n.bodies {
		if i < len(n.conds) {
			v, err := o.eval(n.segs[i], n.conds[i], vars)
			if err != nil {
				return err
			}
			if !Truthy(v) {
				continue
			}
		}
		return o.exec(b, body, vars)
	}
	return nil
}

// segment writes a text, print or unevaluated tag segment.
func (o Options) segment(b *strings.Builder, s Segment, vars map[string]any) error {
	switch s.Kind {
	case Text:
		b.WriteString(s.Text)
	case Tag:
		if !o.Lenient {
			return &Error{Err: &UnsupportedError{Kind: "tag", Name: s.Raw}, Expr: s.Text, Raw: s.Raw, Line: s.Line}
		}
		b.WriteString(s.Raw)
	case Print:
		v, err := o.eval(s, s.Text, vars)
		switch {
		case err == nil:
			b.WriteString(o.Print(v))
		case o.Lenient:
			b.WriteString(s.Raw)
		default:
			return err
		}
	}
	return nil
}

// eval evaluates expr, written in segment s.
func (o Options) eval(s Segment, expr string, vars map[string]any) (any, error) {
	v, err := Eval(expr, vars)
	if err != nil {
		return nil, &Error{Err: err, Expr: expr, Raw: s.Raw, Line: s.Line}
	}
	return v, nil
}
