package pebble

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Truthy is how a condition reads a value: null, false, 0, "", "false" and
// empty lists and maps are false.
func Truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != "" && x != "false"
	case int64:
		return x != 0
	case int:
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
		return nil, fmt.Errorf("operator %s needs numbers, got %s and %s", op, String(l), String(r))
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
	ls, lstr := l.(string)
	rs, rstr := r.(string)
	var c int
	switch {
	case lok && rok:
		c = cmpFloat(lf, rf)
	case lstr && rstr:
		c = strings.Compare(ls, rs)
	default:
		if op == "==" || op == "!=" {
			eq := String(l) == String(r) && (l == nil) == (r == nil)
			return eq == (op == "=="), nil
		}
		return nil, fmt.Errorf("cannot compare %s with %s", String(l), String(r))
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
