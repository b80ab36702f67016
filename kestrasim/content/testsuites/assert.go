package testsuites

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/pebble"
)

// AssertionResult is the outcome of one operator of an assertion
// (flow/AssertionResult.java).
type AssertionResult struct {
	Operator     string `json:"operator"`
	Expected     any    `json:"expected,omitempty"`
	Actual       any    `json:"actual,omitempty"`
	IsSuccess    bool   `json:"isSuccess"`
	TaskID       string `json:"taskId,omitempty"`
	Description  string `json:"description,omitempty"`
	ErrorMessage string `json:"errorMessage,omitempty"`
}

// AssertionRunError is an assertion that could not be evaluated
// (flow/AssertionRunError.java).
type AssertionRunError struct {
	Message string `json:"message"`
	Details string `json:"details,omitempty"`
}

// operands are the rendered parts of one assertion.
type operands struct {
	query       string
	actual      any // nil or a string
	taskID      string
	description string
	message     string // the user's errorMessage, if any
}

func (o operands) result(op string, expected any, ok bool, defaultMessage string) AssertionResult {
	r := AssertionResult{Operator: op, Expected: expected, Actual: o.actual, IsSuccess: ok, TaskID: o.taskID, Description: o.description}
	if !ok {
		r.ErrorMessage = defaultMessage
		if o.message != "" {
			r.ErrorMessage = o.message
		}
	}
	return r
}

func (o operands) shown() string {
	if o.actual == nil {
		return "null"
	}
	return o.actual.(string)
}

// run evaluates the assertion against the variables of a test execution,
// operator by operator in Assertion.run's order. An expression that cannot
// be evaluated stops the assertion with an AssertionRunError; the results
// computed before it are kept.
func (a *Assertion) run(vars map[string]any) ([]AssertionResult, []AssertionRunError) {
	var results []AssertionResult
	fail := func(err error) ([]AssertionResult, []AssertionRunError) {
		shown, _ := json.Marshal(a)
		return results, []AssertionRunError{{
			Message: fmt.Sprintf("Could not evaluate assertion: `%s`", shown),
			Details: "error was: " + err.Error(),
		}}
	}
	if a.Value == nil {
		return fail(errEval{"the assertion has no value"})
	}
	o := operands{query: string(*a.Value), taskID: a.TaskID}
	var err error
	if o.actual, err = render(o.query, vars); err != nil {
		return fail(err)
	}
	if a.ErrorMessage != nil {
		if o.message, err = renderString(string(*a.ErrorMessage), vars); err != nil {
			return fail(err)
		}
	}
	if a.Description != nil {
		if o.description, err = renderString(string(*a.Description), vars); err != nil {
			return fail(err)
		}
	}
	str := func(p *Property) (string, bool, error) {
		if p == nil {
			return "", false, nil
		}
		s, err := renderString(string(*p), vars)
		return s, err == nil, err
	}
	actualIs := func(pred func(string) bool) bool {
		s, ok := o.actual.(string)
		return ok && pred(s)
	}

	for _, c := range []struct {
		p      *Property
		op     string
		isNull bool
	}{{a.IsNull, "isNull", true}, {a.IsNotNull, "isNotNull", false}} {
		s, set, err := str(c.p)
		if err != nil {
			return fail(err)
		}
		if !set {
			continue
		}
		b, perr := strconv.ParseBool(strings.TrimSpace(s))
		if perr != nil {
			return fail(errEval{fmt.Sprintf("%s must be true or false, not '%s'", c.op, s)})
		}
		wantNull := b == c.isNull
		msg := fmt.Sprintf("expected '%s' to be not null but was 'null'", o.query)
		if wantNull {
			msg = fmt.Sprintf("expected '%s' to be null but was '%s'", o.query, o.shown())
		}
		results = append(results, o.result(c.op, c.op, wantNull == (o.actual == nil), msg))
	}

	type strOp struct {
		p      *Property
		op     string
		pred   func(actual, expected string) bool
		phrase string
	}
	check := func(c strOp) error {
		s, set, err := str(c.p)
		if err != nil || !set {
			return err
		}
		ok := actualIs(func(actual string) bool { return c.pred(actual, s) })
		results = append(results, o.result(c.op, s, ok,
			fmt.Sprintf("expected '%s' to %s '%s' but was '%s'", o.query, c.phrase, s, o.shown())))
		return nil
	}
	for _, c := range []strOp{
		{a.EndsWith, "endsWith", strings.HasSuffix, "end with"},
		{a.StartsWith, "startsWith", strings.HasPrefix, "start with"},
		{a.EqualTo, "equalTo", func(x, y string) bool { return x == y }, "equal"},
		{a.Contains, "contains", strings.Contains, "contain"},
	} {
		if err := check(c); err != nil {
			return fail(err)
		}
	}
	if s, set, err := str(a.NotEqualTo); err != nil {
		return fail(err)
	} else if set {
		ok := o.actual != s
		results = append(results, o.result("notEqualTo", s, ok, fmt.Sprintf("expected '%s' to not equal '%s'", o.query, s)))
	}

	for _, c := range []struct {
		p      *Property
		op     string
		cmp    func(actual, expected float64) bool
		phrase string
	}{
		{a.GreaterThan, "greaterThan", func(x, y float64) bool { return x > y }, "be greater than"},
		{a.GreaterThanOrEqualTo, "greaterThanOrEqualTo", func(x, y float64) bool { return x >= y }, "be greater than or equal to"},
		{a.LessThan, "lessThan", func(x, y float64) bool { return x < y }, "be less than"},
		{a.LessThanOrEqualTo, "lessThanOrEqualTo", func(x, y float64) bool { return x <= y }, "be less than or equal to"},
	} {
		s, set, err := str(c.p)
		if err != nil {
			return fail(err)
		}
		if !set {
			continue
		}
		expected, perr := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if perr != nil {
			return fail(errEval{fmt.Sprintf("Cannot convert '%s' to a Double", s)})
		}
		actual, aerr := parseDouble(o.actual)
		if aerr != nil {
			return fail(aerr)
		}
		results = append(results, o.result(c.op, expected, c.cmp(actual, expected),
			fmt.Sprintf("expected '%s' to %s '%s' but was '%s'", o.query, c.phrase, pebble.String(expected), o.shown())))
	}

	for _, c := range []struct {
		p      *Property
		op     string
		member bool
		phrase string
	}{{a.In, "in", true, "contain"}, {a.NotIn, "notIn", false, "not contain"}} {
		s, set, err := str(c.p)
		if err != nil {
			return fail(err)
		}
		if !set {
			continue
		}
		var list []string
		if err := json.Unmarshal([]byte(s), &list); err != nil {
			return fail(errEval{fmt.Sprintf("%s must be a list of strings, not '%s'", c.op, s)})
		}
		if len(list) == 0 {
			continue
		}
		in := actualIs(func(actual string) bool { return slices.Contains(list, actual) })
		items := make([]any, len(list))
		for i, it := range list {
			items[i] = it
		}
		results = append(results, o.result(c.op, list, in == c.member,
			fmt.Sprintf("expected '%s' to %s '%s' but was '%s'", o.query, c.phrase, pebble.String(items), o.shown())))
	}

	if len(results) == 0 {
		return nil, []AssertionRunError{{Message: "no assertions found"}}
	}
	return results, nil
}

// parseDouble is Assertion.tryToParseDouble.
func parseDouble(v any) (float64, error) {
	s, ok := v.(string)
	if !ok {
		return 0, errEval{"Could not parse value as a Double"}
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 0, errEval{"Could not parse value as a Double"}
	}
	return f, nil
}
