package pebble

import (
	"fmt"
	"strings"
	"unicode"
)

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
				return nil, &SyntaxError{Msg: "Unclosed string literal"}
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
			return nil, &SyntaxError{Msg: fmt.Sprintf("Unexpected character %q", c)}
		}
	}
	return append(out, token{kind: "eof"}), nil
}
