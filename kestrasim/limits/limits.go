// Package limits holds the limits Kestra Enterprise puts on executions at
// the tenant and namespace level — a concurrency limit and execution
// quotas — and their validation.
package limits

import (
	"fmt"
	"slices"
	"time"

	"github.com/kestractl/kestractl/kestrasim/isoduration"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Quota behaviours (Quota.Behavior).
const (
	Fail   = "FAIL"
	Cancel = "CANCEL"
)

// Concurrency is Concurrency: at most Limit running executions, the next
// one queued, cancelled or failed.
type Concurrency struct {
	Limit    int    `json:"limit"`
	Behavior string `json:"behavior"`
}

// Quota is Quota: at most Limit executions created per Duration window;
// the next one is failed or cancelled. The duration identifies the quota.
type Quota struct {
	Duration string `json:"duration"`
	Limit    int64  `json:"limit"`
	Behavior string `json:"behavior"`
}

// Window is the quota's window length.
func (q Quota) Window() time.Duration {
	d, _ := isoduration.Parse(q.Duration)
	return d
}

// minWindow is the smallest quota window (@DurationMin(minutes = 1) on
// Quota.duration in kestra-io/kestra,
// core/src/main/java/io/kestra/core/models/flows/quota/Quota.java).
const minWindow = time.Minute

// ValidateConcurrency checks a concurrency limit; path prefixes the
// violation paths.
func ValidateConcurrency(path string, c *Concurrency) []rest.Violation {
	if c == nil {
		return nil
	}
	var vs []rest.Violation
	if c.Limit < 1 {
		vs = append(vs, rest.Violation{Path: path + ".limit", Message: "must be greater than or equal to 1"})
	}
	if !slices.Contains([]string{"QUEUE", "CANCEL", "FAIL"}, c.Behavior) {
		vs = append(vs, rest.Violation{Path: path + ".behavior", Message: fmt.Sprintf("must be one of QUEUE, CANCEL, FAIL, not '%s'", c.Behavior)})
	}
	return vs
}

// ValidateQuotas checks quotas as Kestra's Quota constraints do: a Java
// duration (days, hours, minutes, seconds; no weeks) of at least one
// minute, used once, a positive limit and a FAIL or CANCEL behaviour.
func ValidateQuotas(path string, qs []Quota) []rest.Violation {
	var vs []rest.Violation
	seen := map[time.Duration]bool{}
	for i, q := range qs {
		p := fmt.Sprintf("%s[%d]", path, i)
		d, err := isoduration.Parse(q.Duration)
		switch {
		case q.Duration == "":
			vs = append(vs, rest.Violation{Path: p + ".duration", Message: "must not be null"})
		case err != nil:
			vs = append(vs, rest.Violation{Path: p + ".duration", Message: fmt.Sprintf("'%s' is not an ISO-8601 duration in days, hours, minutes or seconds such as PT1H or P1D", q.Duration)})
		case d < minWindow:
			vs = append(vs, rest.Violation{Path: p + ".duration", Message: "must be longer than or equal to 1 minute"})
		case seen[d]:
			vs = append(vs, rest.Violation{Path: p + ".duration", Message: fmt.Sprintf("duplicate quota duration '%s': each duration may appear once", q.Duration)})
		}
		seen[d] = true
		if q.Limit < 1 {
			vs = append(vs, rest.Violation{Path: p + ".limit", Message: "must be greater than 0"})
		}
		if q.Behavior != Fail && q.Behavior != Cancel {
			vs = append(vs, rest.Violation{Path: p + ".behavior", Message: fmt.Sprintf("must be one of FAIL, CANCEL, not '%s'", q.Behavior)})
		}
	}
	return vs
}
