package blueprints

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A small Pebble subset with the delimiters of templated blueprints:
// `<< expr >>` prints, `<% tag %>` controls (for/endfor, if/elseif/else/
// endif).

var (
	tagLine = regexp.MustCompile(`(?m)^[ \t]*(<%.*?%>)[ \t]*\r?\n`)
	token   = regexp.MustCompile(`(?s)<<(.*?)>>|<%(.*?)%>`)
)

type node interface{}

type textNode string

type printNode struct{ expr string }

type forNode struct {
	name, expr string
	body       []node
}

type ifNode struct {
	conds  []string
	bodies [][]node // len(bodies) == len(conds) (+1 with an else)
}

// render renders a template against vars.
func render(src string, vars map[string]any) (string, error) {
	src = tagLine.ReplaceAllString(src, "$1")
	nodes, rest, end, err := parseNodes(src, nil)
	if err != nil {
		return "", err
	}
	if end != "" || rest != "" {
		return "", fmt.Errorf("unexpected <%% %s %%>", end)
	}
	var b strings.Builder
	if err := exec(&b, nodes, vars); err != nil {
		return "", err
	}
	return b.String(), nil
}

// parseNodes parses until one of the stop tags; it returns the nodes, the
// text after the stop tag, and the stop tag itself.
func parseNodes(src string, stops []string) ([]node, string, string, error) {
	var out []node
	for {
		loc := token.FindStringSubmatchIndex(src)
		if loc == nil {
			if src != "" {
				out = append(out, textNode(src))
			}
			if len(stops) > 0 {
				return nil, "", "", fmt.Errorf("missing <%% %s %%>", stops[len(stops)-1])
			}
			return out, "", "", nil
		}
		if loc[0] > 0 {
			out = append(out, textNode(src[:loc[0]]))
		}
		rest := src[loc[1]:]
		if loc[2] >= 0 {
			out = append(out, printNode{expr: strings.TrimSpace(src[loc[2]:loc[3]])})
			src = rest
			continue
		}
		tag := strings.TrimSpace(src[loc[4]:loc[5]])
		word, arg, _ := strings.Cut(tag, " ")
		arg = strings.TrimSpace(arg)
		switch word {
		case "for":
			name, expr, ok := strings.Cut(arg, " in ")
			if !ok {
				return nil, "", "", fmt.Errorf("invalid <%% %s %%>: expected for <name> in <expression>", tag)
			}
			body, after, end, err := parseNodes(rest, []string{"endfor"})
			if err != nil {
				return nil, "", "", err
			}
			if end != "endfor" {
				return nil, "", "", fmt.Errorf("<%% %s %%> inside a for loop", end)
			}
			out = append(out, forNode{name: strings.TrimSpace(name), expr: strings.TrimSpace(expr), body: body})
			src = after
		case "if":
			n := ifNode{conds: []string{arg}}
			cur := rest
			for {
				body, after, end, err := parseNodes(cur, []string{"elseif", "else", "endif"})
				if err != nil {
					return nil, "", "", err
				}
				n.bodies = append(n.bodies, body)
				cur = after
				if end == "endif" {
					break
				}
				if strings.HasPrefix(end, "elseif ") {
					n.conds = append(n.conds, strings.TrimSpace(strings.TrimPrefix(end, "elseif ")))
					continue
				}
				if end != "else" || len(n.bodies) > len(n.conds) {
					return nil, "", "", fmt.Errorf("unexpected <%% %s %%>", end)
				}
			}
			out = append(out, n)
			src = cur
		default:
			for _, s := range stops {
				if word == s {
					return out, rest, tag, nil
				}
			}
			return nil, "", "", fmt.Errorf("unexpected <%% %s %%>", tag)
		}
	}
}

func exec(b *strings.Builder, nodes []node, vars map[string]any) error {
	for _, n := range nodes {
		switch x := n.(type) {
		case textNode:
			b.WriteString(string(x))
		case printNode:
			v, err := eval(x.expr, vars)
			if err != nil {
				return err
			}
			b.WriteString(printed(v))
		case forNode:
			v, err := eval(x.expr, vars)
			if err != nil {
				return err
			}
			items, ok := v.([]any)
			if !ok && v != nil {
				return fmt.Errorf("'%s' is not a list", x.expr)
			}
			for _, it := range items {
				inner := make(map[string]any, len(vars)+1)
				for k, v := range vars {
					inner[k] = v
				}
				inner[x.name] = it
				if err := exec(b, x.body, inner); err != nil {
					return err
				}
			}
		case ifNode:
			for i, body := range x.bodies {
				if i < len(x.conds) {
					v, err := eval(x.conds[i], vars)
					if err != nil {
						return err
					}
					if !truthy(v) {
						continue
					}
				}
				if err := exec(b, body, vars); err != nil {
					return err
				}
				break
			}
		}
	}
	return nil
}

func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case int64:
		return x != 0
	case float64:
		return x != 0
	case []any:
		return len(x) > 0
	case map[string]any:
		return len(x) > 0
	}
	return true
}

// printed is how Pebble prints a value.
func printed(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		parts := make([]string, len(x))
		for i, it := range x {
			parts[i] = printed(it)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v)
}

// expression parsing

var exprToken = regexp.MustCompile(`\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|==|!=|[()|,\[\].]|[A-Za-z_][A-Za-z0-9_-]*|-?[0-9]+(?:\.[0-9]+)?)`)

type parser struct {
	toks []string
	pos  int
	vars map[string]any
	src  string
}

func eval(expr string, vars map[string]any) (any, error) {
	var toks []string
	rest := expr
	for strings.TrimSpace(rest) != "" {
		m := exprToken.FindStringSubmatchIndex(rest)
		if m == nil || m[0] != 0 {
			return nil, fmt.Errorf("cannot read expression '%s'", expr)
		}
		toks = append(toks, rest[m[2]:m[3]])
		rest = rest[m[1]:]
	}
	p := &parser{toks: toks, vars: vars, src: expr}
	v, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.toks) {
		return nil, fmt.Errorf("cannot read expression '%s'", expr)
	}
	return v, nil
}

func (p *parser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *parser) next() string { t := p.peek(); p.pos++; return t }

func (p *parser) or() (any, error) {
	v, err := p.and()
	for err == nil && p.peek() == "or" {
		p.next()
		var r any
		r, err = p.and()
		v = truthy(v) || truthy(r)
	}
	return v, err
}

func (p *parser) and() (any, error) {
	v, err := p.not()
	for err == nil && p.peek() == "and" {
		p.next()
		var r any
		r, err = p.not()
		v = truthy(v) && truthy(r)
	}
	return v, err
}

func (p *parser) not() (any, error) {
	if p.peek() == "not" {
		p.next()
		v, err := p.not()
		return !truthy(v), err
	}
	return p.cmp()
}

func (p *parser) cmp() (any, error) {
	v, err := p.pipe()
	if err != nil {
		return nil, err
	}
	if op := p.peek(); op == "==" || op == "!=" {
		p.next()
		r, err := p.pipe()
		if err != nil {
			return nil, err
		}
		eq := printed(v) == printed(r)
		return eq == (op == "=="), nil
	}
	return v, nil
}

func (p *parser) pipe() (any, error) {
	v, err := p.primary()
	for err == nil && p.peek() == "|" {
		p.next()
		name := p.next()
		var args []any
		if p.peek() == "(" {
			p.next()
			for p.peek() != ")" {
				a, aerr := p.or()
				if aerr != nil {
					return nil, aerr
				}
				args = append(args, a)
				if p.peek() == "," {
					p.next()
				} else if p.peek() != ")" {
					return nil, fmt.Errorf("cannot read expression '%s'", p.src)
				}
			}
			p.next()
		}
		v, err = filter(name, v, args)
	}
	return v, err
}

func filter(name string, v any, args []any) (any, error) {
	switch name {
	case "upper":
		return strings.ToUpper(printed(v)), nil
	case "lower":
		return strings.ToLower(printed(v)), nil
	case "trim":
		return strings.TrimSpace(printed(v)), nil
	case "length":
		switch x := v.(type) {
		case []any:
			return int64(len(x)), nil
		case map[string]any:
			return int64(len(x)), nil
		}
		return int64(len([]rune(printed(v)))), nil
	case "join":
		items, _ := v.([]any)
		sep := ""
		if len(args) > 0 {
			sep = printed(args[0])
		}
		parts := make([]string, len(items))
		for i, it := range items {
			parts[i] = printed(it)
		}
		return strings.Join(parts, sep), nil
	}
	return nil, fmt.Errorf("unknown filter '%s'", name)
}

func (p *parser) primary() (any, error) {
	t := p.next()
	switch {
	case t == "":
		return nil, fmt.Errorf("cannot read expression '%s'", p.src)
	case t == "(":
		v, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.next() != ")" {
			return nil, fmt.Errorf("missing ) in '%s'", p.src)
		}
		return v, nil
	case t[0] == '\'' || t[0] == '"':
		s := t[1 : len(t)-1]
		return strings.NewReplacer(`\'`, `'`, `\"`, `"`, `\\`, `\`).Replace(s), nil
	case t == "true" || t == "false":
		return t == "true", nil
	case t == "null" || t == "none":
		return nil, nil
	case t[0] == '-' || (t[0] >= '0' && t[0] <= '9'):
		if i, err := strconv.ParseInt(t, 10, 64); err == nil {
			return i, nil
		}
		f, err := strconv.ParseFloat(t, 64)
		return f, err
	}
	path := []string{t}
	var cur any
	cur, ok := p.vars[t]
	for {
		switch p.peek() {
		case ".":
			p.next()
			key := p.next()
			path = append(path, key)
			m, isMap := cur.(map[string]any)
			if ok = ok && isMap; ok {
				cur, ok = m[key]
			}
			continue
		case "[":
			p.next()
			k, err := p.or()
			if err != nil {
				return nil, err
			}
			if p.next() != "]" {
				return nil, fmt.Errorf("missing ] in '%s'", p.src)
			}
			path = append(path, printed(k))
			switch c := cur.(type) {
			case map[string]any:
				cur, ok = c[printed(k)]
			case []any:
				n, isInt := k.(int64)
				ok = ok && isInt && n >= 0 && int(n) < len(c)
				if ok {
					cur = c[n]
				}
			default:
				ok = false
			}
			continue
		}
		break
	}
	if !ok {
		if slices.Contains([]string{"arg"}, path[0]) && len(path) > 1 {
			return nil, fmt.Errorf("missing template argument '%s'", strings.Join(path, "."))
		}
		return nil, fmt.Errorf("missing variable '%s'", strings.Join(path, "."))
	}
	return cur, nil
}
