package commands

import (
	"reflect"
	"strconv"

	"github.com/alecthomas/kong"
)

// beforeValue names the kong mapper of the arguments and flags that can
// come right before a value (type:"before-value").
const beforeValue = "before-value"

// beforeValueMapper reads a string as kong does, then marks the next word,
// when it is a negative number (-5, -1.5e3, -.5), as a positional argument:
// kong would otherwise take it for an unknown short flag, and a negative
// NUMBER would need "--" before it. A word after the value (a flag such as
// --ttl) is untouched, and so is any other word starting with "-".
func beforeValueMapper() kong.Option {
	return kong.NamedMapper(beforeValue, kong.MapperFunc(func(ctx *kong.DecodeContext, target reflect.Value) error {
		if err := ctx.Scan.PopValueInto("string", target.Addr().Interface()); err != nil {
			return err
		}
		if next := ctx.Scan.Peek(); next.Type == kong.UntypedToken {
			if s, ok := next.Value.(string); ok && isNegativeNumber(s) {
				ctx.Scan.Pop()
				ctx.Scan.PushTyped(s, kong.PositionalArgumentToken)
			}
		}
		return nil
	}))
}

// isNegativeNumber reports whether s is a negative decimal number: a '-',
// then a digit (or '.' and a digit), the whole a valid float.
func isNegativeNumber(s string) bool {
	if len(s) < 2 || s[0] != '-' {
		return false
	}
	first := s[1]
	if first == '.' && len(s) > 2 {
		first = s[2]
	}
	if first < '0' || first > '9' {
		return false
	}
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}
