package pebble

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Eval evaluates one expression (what stands between print delimiters)
// against vars. Errors are *MissingError, *UnsupportedError, *SyntaxError,
// or an evaluation error (operands of the wrong type).
func Eval(src string, vars map[string]any) (any, error) {
	if strings.TrimSpace(src) == "" {
		return nil, &SyntaxError{Msg: "An expression was expected"}
	}
	toks, err := lex(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, vars: vars}
	v, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != "eof" {
		return nil, &SyntaxError{Msg: fmt.Sprintf("Unexpected token %q", t.text)}
	}
	return v, nil
}

// parser evaluates while it parses.
type parser struct {
	toks []token
	pos  int
	vars map[string]any
}

func (p *parser) peek() token { return p.toks[p.pos] }

func (p *parser) next() token {
	t := p.toks[p.pos]
	if t.kind != "eof" {
		p.pos++
	}
	return t
}

func (p *parser) accept(kind, text string) bool {
	if t := p.peek(); t.kind == kind && t.text == text {
		p.pos++
		return true
	}
	return false
}

func (p *parser) atOp(text string) bool {
	t := p.peek()
	return t.kind == "op" && t.text == text
}

func (p *parser) expect(text string) error {
	if !p.accept("op", text) {
		return &SyntaxError{Msg: fmt.Sprintf("Expected %q, found %q", text, p.peek().text)}
	}
	return nil
}

func (p *parser) or() (any, error) {
	l, err := p.and()
	for err == nil && p.accept("ident", "or") {
		var r any
		if r, err = p.and(); err == nil {
			l = Truthy(l) || Truthy(r)
		}
	}
	return l, err
}

func (p *parser) and() (any, error) {
	l, err := p.not()
	for err == nil && p.accept("ident", "and") {
		var r any
		if r, err = p.not(); err == nil {
			l = Truthy(l) && Truthy(r)
		}
	}
	return l, err
}

func (p *parser) not() (any, error) {
	if p.accept("ident", "not") {
		v, err := p.not()
		return !Truthy(v), err
	}
	return p.compare()
}

func (p *parser) compare() (any, error) {
	l, err := p.concat()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	if t.kind != "op" || !slices.Contains([]string{"==", "!=", "<", "<=", ">", ">="}, t.text) {
		return l, nil
	}
	p.pos++
	r, err := p.concat()
	if err != nil {
		return nil, err
	}
	return compareValues(t.text, l, r)
}

func (p *parser) concat() (any, error) {
	l, err := p.additive()
	for err == nil && p.accept("op", "~") {
		var r any
		if r, err = p.additive(); err == nil {
			l = String(l) + String(r)
		}
	}
	return l, err
}

func (p *parser) additive() (any, error) {
	return p.binary(p.multiplicative, "+", "-")
}

func (p *parser) multiplicative() (any, error) {
	return p.binary(p.unary, "*", "/", "%")
}

// binary reads operands joined, left to right, by the arithmetic operators
// ops.
func (p *parser) binary(operand func() (any, error), ops ...string) (any, error) {
	l, err := operand()
	for err == nil {
		t := p.peek()
		if t.kind != "op" || !slices.Contains(ops, t.text) {
			break
		}
		p.pos++
		var r any
		if r, err = operand(); err == nil {
			l, err = arith(t.text, l, r)
		}
	}
	return l, err
}

func (p *parser) unary() (any, error) {
	if p.accept("op", "-") {
		v, err := p.unary()
		if err != nil {
			return nil, err
		}
		return arith("-", int64(0), v)
	}
	return p.postfix()
}

// postfix reads a primary with its attributes, indexes and filters. A
// missing value travels as a *MissingError, its path growing with the
// attributes written after it, until a default filter catches it.
func (p *parser) postfix() (any, error) {
	var path []string
	if t := p.peek(); t.kind == "ident" {
		path = []string{t.text}
	}
	v, err := p.primary()
	miss, isMissing := err.(*MissingError)
	if err != nil && !isMissing {
		return nil, err
	}
	for {
		switch {
		case p.accept("op", "."):
			t := p.next()
			if t.kind != "ident" && t.kind != "num" {
				return nil, &SyntaxError{Msg: fmt.Sprintf("Expected an attribute name, found %q", t.text)}
			}
			if p.atOp("(") {
				return nil, &UnsupportedError{Kind: "method call", Name: t.text}
			}
			path, v, miss = step(path, v, miss, t.text)
		case p.accept("op", "["):
			key, kerr := p.or()
			if kerr != nil {
				return nil, kerr
			}
			if e := p.expect("]"); e != nil {
				return nil, e
			}
			path, v, miss = step(path, v, miss, key)
		case p.accept("op", "|"):
			name := p.next()
			if name.kind != "ident" {
				return nil, &SyntaxError{Msg: fmt.Sprintf("Expected a filter name, found %q", name.text)}
			}
			args, aerr := p.arguments()
			if aerr != nil {
				return nil, aerr
			}
			if name.text == "default" {
				if miss != nil || v == nil {
					if len(args) == 0 {
						return nil, &SyntaxError{Msg: "The default filter needs an argument"}
					}
					v, miss = args[0], nil
				}
				path = nil
				continue
			}
			if miss != nil {
				return nil, miss
			}
			if v, err = Filter(name.text, v, args); err != nil {
				return nil, err
			}
			path = nil
		default:
			if miss != nil {
				return nil, miss
			}
			return v, nil
		}
	}
}

// step reads the attribute key of v; once a part is missing, the path
// still grows so that the error shows the whole path as written.
func step(path []string, v any, miss *MissingError, key any) ([]string, any, *MissingError) {
	path = append(slices.Clip(path), String(key))
	if miss != nil {
		miss.Path = path
		return path, nil, miss
	}
	val, ok, index := attribute(v, key)
	if !ok {
		return path, nil, &MissingError{Path: path, At: len(path) - 1, Index: index}
	}
	return path, val, nil
}

// arguments reads the (a, b) of a filter, if any.
func (p *parser) arguments() ([]any, error) {
	var args []any
	if !p.accept("op", "(") {
		return nil, nil
	}
	for !p.accept("op", ")") {
		a, err := p.or()
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		if !p.accept("op", ",") {
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			break
		}
	}
	return args, nil
}

func (p *parser) primary() (any, error) {
	t := p.next()
	switch t.kind {
	case "num":
		if strings.Contains(t.text, ".") {
			f, err := strconv.ParseFloat(t.text, 64)
			if err != nil {
				return nil, &SyntaxError{Msg: "Invalid number " + t.text}
			}
			return f, nil
		}
		n, err := strconv.ParseInt(t.text, 10, 64)
		if err != nil {
			return nil, &SyntaxError{Msg: "Invalid number " + t.text}
		}
		return n, nil
	case "str":
		return t.text, nil
	case "ident":
		switch t.text {
		case "true":
			return true, nil
		case "false":
			return false, nil
		case "null", "none":
			return nil, nil
		}
		if p.atOp("(") {
			return nil, &UnsupportedError{Kind: "function", Name: t.text}
		}
		v, ok := p.vars[t.text]
		if !ok {
			return nil, &MissingError{Path: []string{t.text}}
		}
		return v, nil
	case "op":
		switch t.text {
		case "(":
			v, err := p.or()
			if err != nil {
				return nil, err
			}
			return v, p.expect(")")
		case "[":
			return p.list()
		}
	case "eof":
		return nil, &SyntaxError{Msg: "Unexpected end of expression"}
	}
	return nil, &SyntaxError{Msg: fmt.Sprintf("Unexpected token %q", t.text)}
}

// list reads a list literal after its [.
func (p *parser) list() (any, error) {
	var list []any
	for !p.accept("op", "]") {
		v, err := p.or()
		if err != nil {
			return nil, err
		}
		list = append(list, v)
		if !p.accept("op", ",") {
			if err := p.expect("]"); err != nil {
				return nil, err
			}
			break
		}
	}
	return list, nil
}

// attribute reads key of a map or a list; index reports a list whose
// index is out of bounds.
func attribute(v any, key any) (val any, ok, index bool) {
	switch x := v.(type) {
	case map[string]any:
		val, ok = x[String(key)]
		return val, ok, false
	case []any:
		i, isInt := toInt(key)
		if !isInt || i < 0 || int(i) >= len(x) {
			return nil, false, true
		}
		return x[i], true, false
	}
	return nil, false, false
}
