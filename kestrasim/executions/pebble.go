package executions

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// A small, honest subset of Pebble, the template language of Kestra
// expressions. Supported inside {{ }}:
//
//	variables and attributes   inputs.name, outputs.task.value, outputs['my-task'].uri, list[0]
//	literals                   'text', "text", 42, 1.5, true, false, null
//	operators                  == != < <= > >= and or not + - * / % ~ ( )
//	filters                    upper lower trim capitalize length default(x) toJson json
//	                           join(sep) first last keys abs
//
// {# comments #} are dropped. Anything else (functions such as now(), tags
// such as {% if %}, other filters) is an error that says kestrasim does not
// evaluate it; a missing variable is Kestra's strict-mode error
// (VariableRenderer.properPebbleException): "Unable to find `x` used in the
// expression `{{ x }}` at line 1".

// exprError is an evaluation error with Kestra's message.
type exprError struct{ msg string }

func (e *exprError) Error() string { return e.msg }

// missing is a variable or attribute that does not exist.
type missing struct{ name string }

func (m *missing) Error() string { return "missing " + m.name }

// unsupported is Pebble the simulator does not evaluate.
type unsupported struct{ what string }

func (u *unsupported) Error() string { return u.what }

// syntaxError is a malformed expression.
type syntaxError struct{ msg string }

func (s *syntaxError) Error() string { return s.msg }

// segment is a part of a template: text, or an expression with the line it
// starts on.
type segment struct {
	text   string
	expr   string
	raw    string
	line   int
	isExpr bool
	// tag is a {% %} block, which the simulator does not evaluate.
	tag bool
}

// scan splits a template into text and {{ }} expressions.
func scan(tpl string) ([]segment, error) {
	var out []segment
	line := 1
	for len(tpl) > 0 {
		i := strings.IndexAny(tpl, "{")
		if i < 0 || i+1 >= len(tpl) {
			out = append(out, segment{text: tpl})
			break
		}
		next := tpl[i+1]
		if next != '{' && next != '#' && next != '%' {
			out = append(out, segment{text: tpl[:i+1]})
			line += strings.Count(tpl[:i+1], "\n")
			tpl = tpl[i+1:]
			continue
		}
		if i > 0 {
			out = append(out, segment{text: tpl[:i]})
			line += strings.Count(tpl[:i], "\n")
			tpl = tpl[i:]
		}
		closer := map[byte]string{'{': "}}", '#': "#}", '%': "%}"}[next]
		end := closingIndex(tpl[2:], closer)
		if end < 0 {
			return nil, &syntaxError{msg: fmt.Sprintf("Unexpected end of template, %q is never closed (%s:%d)", tpl[:2], tpl, line)}
		}
		raw := tpl[:2+end+2]
		switch next {
		case '{':
			out = append(out, segment{expr: strings.TrimSpace(tpl[2 : 2+end]), raw: raw, line: line, isExpr: true})
		case '%':
			out = append(out, segment{raw: raw, line: line, tag: true})
		}
		line += strings.Count(raw, "\n")
		tpl = tpl[len(raw):]
	}
	return out, nil
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

// renderStrict renders a template as Kestra does, failing on the first
// error with Kestra's message.
func renderStrict(tpl string, vars map[string]any) (string, error) {
	segs, err := scan(tpl)
	if err != nil {
		return "", &exprError{msg: "io.pebbletemplates.pebble.error.ParserException: " + err.Error()}
	}
	var b strings.Builder
	for _, s := range segs {
		switch {
		case s.tag:
			return "", &exprError{msg: fmt.Sprintf("io.pebbletemplates.pebble.error.PebbleException: kestrasim does not evaluate Pebble tags such as %s (%s:%d)", s.raw, tpl, s.line)}
		case !s.isExpr:
			b.WriteString(s.text)
			continue
		}
		v, err := evalExpr(s.expr, vars)
		if err != nil {
			return "", wrapEvalError(err, tpl, s.line)
		}
		b.WriteString(stringify(v))
	}
	return b.String(), nil
}

func wrapEvalError(err error, tpl string, line int) error {
	switch e := err.(type) {
	case *missing:
		return &exprError{msg: fmt.Sprintf("Unable to find `%s` used in the expression `%s` at line %d", e.name, tpl, line)}
	case *unsupported:
		return &exprError{msg: fmt.Sprintf("io.pebbletemplates.pebble.error.PebbleException: kestrasim does not evaluate %s; it evaluates variables, literals, comparisons, and/or/not, arithmetic and the filters upper, lower, trim, capitalize, length, default, toJson, join, first, last, keys, abs (%s:%d)", e.what, tpl, line)}
	case *syntaxError:
		return &exprError{msg: fmt.Sprintf("io.pebbletemplates.pebble.error.ParserException: %s (%s:%d)", e.msg, tpl, line)}
	}
	return &exprError{msg: fmt.Sprintf("io.pebbletemplates.pebble.error.PebbleException: %v (%s:%d)", err, tpl, line)}
}

// renderLenient renders the expressions it can and keeps the others as
// written (task properties: the simulator must not fail a task over an
// expression it does not implement).
func renderLenient(tpl string, vars map[string]any) string {
	if !strings.Contains(tpl, "{{") && !strings.Contains(tpl, "{#") {
		return tpl
	}
	segs, err := scan(tpl)
	if err != nil {
		return tpl
	}
	var b strings.Builder
	for _, s := range segs {
		switch {
		case s.tag:
			b.WriteString(s.raw)
		case !s.isExpr:
			b.WriteString(s.text)
		default:
			if v, err := evalExpr(s.expr, vars); err == nil {
				b.WriteString(stringify(v))
			} else {
				b.WriteString(s.raw)
			}
		}
	}
	return b.String()
}

// stringify prints a value as Pebble prints it (maps and lists as JSON).
func stringify(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatFloat(x, 'f', 1, 64)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	case json.Number:
		return x.String()
	case map[string]any, []any:
		data, err := json.Marshal(x)
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(data)
	}
	return fmt.Sprint(v)
}

// token is one lexeme of an expression.
type token struct {
	kind string // num, str, ident, op, eof
	text string
}

func lex(src string) ([]token, error) {
	var out []token
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'' || c == '"':
			var b strings.Builder
			j := i + 1
			for ; j < len(src) && src[j] != c; j++ {
				if src[j] == '\\' && j+1 < len(src) {
					j++
				}
				b.WriteByte(src[j])
			}
			if j >= len(src) {
				return nil, &syntaxError{msg: "Unclosed string literal"}
			}
			out = append(out, token{"str", b.String()})
			i = j + 1
		case c >= '0' && c <= '9':
			j := i
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.' && j+1 < len(src) && src[j+1] >= '0' && src[j+1] <= '9') {
				j++
			}
			out = append(out, token{"num", src[i:j]})
			i = j
		case c == '_' || unicode.IsLetter(rune(c)):
			j := i
			for j < len(src) && (src[j] == '_' || unicode.IsLetter(rune(src[j])) || unicode.IsDigit(rune(src[j]))) {
				j++
			}
			out = append(out, token{"ident", src[i:j]})
			i = j
		default:
			two := ""
			if i+1 < len(src) {
				two = src[i : i+2]
			}
			switch two {
			case "==", "!=", "<=", ">=":
				out = append(out, token{"op", two})
				i += 2
				continue
			}
			if strings.ContainsRune("<>+-*/%~()[].,|", rune(c)) {
				out = append(out, token{"op", string(c)})
				i++
				continue
			}
			return nil, &syntaxError{msg: fmt.Sprintf("Unexpected character %q", c)}
		}
	}
	return append(out, token{kind: "eof"}), nil
}

// parser evaluates while it parses.
type parser struct {
	toks []token
	pos  int
	vars map[string]any
}

func evalExpr(src string, vars map[string]any) (any, error) {
	if src == "" {
		return nil, &syntaxError{msg: "An expression was expected"}
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
		return nil, &syntaxError{msg: fmt.Sprintf("Unexpected token %q", t.text)}
	}
	return v, nil
}

func (p *parser) peek() token { return p.toks[p.pos] }
func (p *parser) next() token { t := p.toks[p.pos]; p.pos++; return t }

func (p *parser) accept(kind, text string) bool {
	if t := p.peek(); t.kind == kind && t.text == text {
		p.pos++
		return true
	}
	return false
}

func (p *parser) expect(text string) error {
	if !p.accept("op", text) {
		return &syntaxError{msg: fmt.Sprintf("Expected %q, found %q", text, p.peek().text)}
	}
	return nil
}

func (p *parser) or() (any, error) {
	l, err := p.and()
	for err == nil && p.accept("ident", "or") {
		var r any
		if r, err = p.and(); err == nil {
			l = truthy(l) || truthy(r)
		}
	}
	return l, err
}

func (p *parser) and() (any, error) {
	l, err := p.not()
	for err == nil && p.accept("ident", "and") {
		var r any
		if r, err = p.not(); err == nil {
			l = truthy(l) && truthy(r)
		}
	}
	return l, err
}

func (p *parser) not() (any, error) {
	if p.accept("ident", "not") {
		v, err := p.not()
		return !truthy(v), err
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
			l = stringify(l) + stringify(r)
		}
	}
	return l, err
}

func (p *parser) additive() (any, error) {
	l, err := p.multiplicative()
	for err == nil {
		t := p.peek()
		if t.kind != "op" || (t.text != "+" && t.text != "-") {
			break
		}
		p.pos++
		var r any
		if r, err = p.multiplicative(); err == nil {
			l, err = arith(t.text, l, r)
		}
	}
	return l, err
}

func (p *parser) multiplicative() (any, error) {
	l, err := p.unary()
	for err == nil {
		t := p.peek()
		if t.kind != "op" || (t.text != "*" && t.text != "/" && t.text != "%") {
			break
		}
		p.pos++
		var r any
		if r, err = p.unary(); err == nil {
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
// missing value travels as an error until a default filter catches it.
func (p *parser) postfix() (any, error) {
	v, err := p.primary()
	if _, isMissing := err.(*missing); err != nil && !isMissing {
		return nil, err
	}
	for {
		switch {
		case p.accept("op", "."):
			t := p.next()
			if t.kind != "ident" && t.kind != "num" {
				return nil, &syntaxError{msg: fmt.Sprintf("Expected an attribute name, found %q", t.text)}
			}
			if p.peek().kind == "op" && p.peek().text == "(" {
				return nil, &unsupported{what: "the method call ." + t.text + "()"}
			}
			if err == nil {
				v, err = attribute(v, t.text)
			}
		case p.accept("op", "["):
			key, kerr := p.or()
			if kerr != nil {
				return nil, kerr
			}
			if e := p.expect("]"); e != nil {
				return nil, e
			}
			if err == nil {
				v, err = attribute(v, key)
			}
		case p.accept("op", "|"):
			name := p.next()
			if name.kind != "ident" {
				return nil, &syntaxError{msg: fmt.Sprintf("Expected a filter name, found %q", name.text)}
			}
			var args []any
			if p.accept("op", "(") {
				for !p.accept("op", ")") {
					a, aerr := p.or()
					if aerr != nil {
						return nil, aerr
					}
					args = append(args, a)
					if !p.accept("op", ",") {
						if e := p.expect(")"); e != nil {
							return nil, e
						}
						break
					}
				}
			}
			if name.text == "default" {
				if err != nil || v == nil {
					if len(args) == 0 {
						return nil, &syntaxError{msg: "The default filter needs an argument"}
					}
					v, err = args[0], nil
				}
				continue
			}
			if err != nil {
				return nil, err
			}
			v, err = filter(name.text, v, args)
			if err != nil {
				return nil, err
			}
		default:
			return v, err
		}
	}
}

func (p *parser) primary() (any, error) {
	t := p.next()
	switch t.kind {
	case "num":
		if strings.Contains(t.text, ".") {
			f, err := strconv.ParseFloat(t.text, 64)
			if err != nil {
				return nil, &syntaxError{msg: "Invalid number " + t.text}
			}
			return f, nil
		}
		n, err := strconv.ParseInt(t.text, 10, 64)
		if err != nil {
			return nil, &syntaxError{msg: "Invalid number " + t.text}
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
		if p.peek().kind == "op" && p.peek().text == "(" {
			return nil, &unsupported{what: "the function " + t.text + "()"}
		}
		v, ok := p.vars[t.text]
		if !ok {
			return nil, &missing{name: t.text}
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
	case "eof":
		return nil, &syntaxError{msg: "Unexpected end of expression"}
	}
	return nil, &syntaxError{msg: fmt.Sprintf("Unexpected token %q", t.text)}
}

func attribute(v any, key any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		k := stringify(key)
		val, ok := x[k]
		if !ok {
			return nil, &missing{name: k}
		}
		return val, nil
	case []any:
		i, ok := toInt(key)
		if !ok || i < 0 || int(i) >= len(x) {
			return nil, &missing{name: stringify(key)}
		}
		return x[i], nil
	}
	return nil, &missing{name: stringify(key)}
}

func filter(name string, v any, args []any) (any, error) {
	switch name {
	case "upper":
		return strings.ToUpper(stringify(v)), nil
	case "lower":
		return strings.ToLower(stringify(v)), nil
	case "trim":
		return strings.TrimSpace(stringify(v)), nil
	case "capitalize":
		s := stringify(v)
		if s == "" {
			return s, nil
		}
		return strings.ToUpper(s[:1]) + s[1:], nil
	case "length":
		switch x := v.(type) {
		case map[string]any:
			return int64(len(x)), nil
		case []any:
			return int64(len(x)), nil
		case nil:
			return int64(0), nil
		}
		return int64(len([]rune(stringify(v)))), nil
	case "toJson", "json":
		data, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		return string(data), nil
	case "join":
		list, _ := v.([]any)
		sep := ""
		if len(args) > 0 {
			sep = stringify(args[0])
		}
		parts := make([]string, len(list))
		for i, x := range list {
			parts[i] = stringify(x)
		}
		return strings.Join(parts, sep), nil
	case "first", "last":
		switch x := v.(type) {
		case []any:
			if len(x) == 0 {
				return nil, nil
			}
			if name == "first" {
				return x[0], nil
			}
			return x[len(x)-1], nil
		}
		r := []rune(stringify(v))
		if len(r) == 0 {
			return "", nil
		}
		if name == "first" {
			return string(r[0]), nil
		}
		return string(r[len(r)-1]), nil
	case "keys":
		m, _ := v.(map[string]any)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		out := make([]any, len(keys))
		for i, k := range keys {
			out[i] = k
		}
		return out, nil
	case "abs":
		f, ok := toFloat(v)
		if !ok {
			return nil, fmt.Errorf("abs needs a number")
		}
		if n, isInt := v.(int64); isInt {
			if n < 0 {
				return -n, nil
			}
			return n, nil
		}
		return math.Abs(f), nil
	}
	return nil, &unsupported{what: "the filter " + name}
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != "" && x != "false"
	case int64:
		return x != 0
	case float64:
		return x != 0
	case json.Number:
		f, _ := x.Float64()
		return f != 0
	case []any:
		return len(x) > 0
	case map[string]any:
		return len(x) > 0
	}
	return true
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case float64:
		return x, true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return 0, false
}

func toInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int:
		return int64(x), true
	case float64:
		return int64(x), x == math.Trunc(x)
	case json.Number:
		n, err := x.Int64()
		return n, err == nil
	case string:
		n, err := strconv.ParseInt(x, 10, 64)
		return n, err == nil
	}
	return 0, false
}

func isInteger(v any) bool {
	switch x := v.(type) {
	case int64, int:
		return true
	case json.Number:
		_, err := x.Int64()
		return err == nil
	}
	return false
}

func arith(op string, l, r any) (any, error) {
	lf, lok := toFloat(l)
	rf, rok := toFloat(r)
	if !lok || !rok {
		return nil, fmt.Errorf("operator %s needs numbers, got %s and %s", op, stringify(l), stringify(r))
	}
	if isInteger(l) && isInteger(r) {
		li, _ := toInt(l)
		ri, _ := toInt(r)
		switch op {
		case "+":
			return li + ri, nil
		case "-":
			return li - ri, nil
		case "*":
			return li * ri, nil
		case "/", "%":
			if ri == 0 {
				return nil, fmt.Errorf("/ by zero")
			}
			if op == "%" {
				return li % ri, nil
			}
			if li%ri == 0 {
				return li / ri, nil
			}
		}
	}
	switch op {
	case "+":
		return lf + rf, nil
	case "-":
		return lf - rf, nil
	case "*":
		return lf * rf, nil
	case "/":
		return lf / rf, nil
	}
	return math.Mod(lf, rf), nil
}

func compareValues(op string, l, r any) (any, error) {
	lf, lok := toFloat(l)
	rf, rok := toFloat(r)
	var c int
	switch {
	case lok && rok:
		c = cmpFloat(lf, rf)
	case isString(l) && isString(r):
		c = strings.Compare(l.(string), r.(string))
	default:
		if op == "==" || op == "!=" {
			eq := stringify(l) == stringify(r) && (l == nil) == (r == nil)
			return eq == (op == "=="), nil
		}
		return nil, fmt.Errorf("cannot compare %s with %s", stringify(l), stringify(r))
	}
	switch op {
	case "==":
		return c == 0, nil
	case "!=":
		return c != 0, nil
	case "<":
		return c < 0, nil
	case "<=":
		return c <= 0, nil
	case ">":
		return c > 0, nil
	}
	return c >= 0, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func isString(v any) bool { _, ok := v.(string); return ok }
