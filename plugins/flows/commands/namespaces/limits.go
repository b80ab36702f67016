package namespaces

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// Quota is Kestra's Quota: at most Limit executions per Duration window;
// over it, new executions end FAILED or CANCELLED (Behavior).
type Quota struct {
	Duration string `json:"duration"`
	Limit    int64  `json:"limit"`
	Behavior string `json:"behavior"`
}

// Concurrency is Kestra's Concurrency: at most Limit running executions;
// the next one is queued, cancelled or failed (Behavior).
type Concurrency struct {
	Limit    int    `json:"limit"`
	Behavior string `json:"behavior"`
}

// concurrencyBehaviors and quotaBehaviors are Kestra's enums
// (Concurrency.Behavior, Quota.Behavior).
var (
	concurrencyBehaviors = []string{"QUEUE", "CANCEL", "FAIL"}
	quotaBehaviors       = []string{"FAIL", "CANCEL"}
)

// javaDuration matches what java.time.Duration parses: days, hours,
// minutes and seconds (no years, months or weeks).
var javaDuration = regexp.MustCompile(`^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$`)

// minQuotaWindow is Kestra's @DurationMin(minutes = 1) on Quota.duration.
const minQuotaWindow = time.Minute

// parseWindow reads a quota duration (PT1H, P1D, PT30M) as Kestra does and
// returns it in upper case with its length.
func parseWindow(s string) (string, time.Duration, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	m := javaDuration.FindStringSubmatch(u)
	if m == nil || u == "P" || strings.HasSuffix(u, "T") {
		return "", 0, fmt.Errorf("%q is not an ISO-8601 duration in days, hours, minutes or seconds (e.g. PT1H, P1D, PT30M)", s)
	}
	var d time.Duration
	for i, unit := range []time.Duration{24 * time.Hour, time.Hour, time.Minute, time.Second} {
		if m[i+1] == "" {
			continue
		}
		n, err := strconv.ParseFloat(m[i+1], 64)
		if err != nil || n > float64(1<<60)/float64(unit) {
			return "", 0, fmt.Errorf("%q is too long a duration", s)
		}
		d += time.Duration(n * float64(unit))
	}
	if d < minQuotaWindow {
		return "", 0, fmt.Errorf("%q is shorter than one minute, Kestra's shortest quota window", s)
	}
	return u, d, nil
}

// ParseQuota reads a --quota value: duration=D,limit=N[,behavior=FAIL|CANCEL]
// (keys and values in any case and order; behavior defaults to FAIL).
func ParseQuota(s string) (Quota, error) {
	bad := func(format string, args ...any) error {
		return cmderr.Usagef("invalid --quota %q: %s", s, fmt.Sprintf(format, args...)).
			WithHint("use --quota duration=PT1H,limit=100,behavior=FAIL (behavior FAIL or CANCEL, default FAIL)")
	}
	q := Quota{Behavior: "FAIL"}
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		if !ok || k == "" {
			return Quota{}, bad("%q is not KEY=VALUE", part)
		}
		if seen[k] {
			return Quota{}, bad("%s is given twice", k)
		}
		seen[k] = true
		switch k {
		case "duration":
			d, _, err := parseWindow(v)
			if err != nil {
				return Quota{}, bad("%v", err)
			}
			q.Duration = d
		case "limit":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 1 {
				return Quota{}, bad("limit %q must be a whole number of executions, at least 1", v)
			}
			q.Limit = n
		case "behavior", "behaviour":
			b := strings.ToUpper(v)
			if !slices.Contains(quotaBehaviors, b) {
				return Quota{}, bad("behavior %q must be FAIL or CANCEL", v)
			}
			q.Behavior = b
		default:
			return Quota{}, bad("unknown key %q (expected duration, limit and behavior)", k)
		}
	}
	switch {
	case q.Duration == "":
		return Quota{}, bad("duration is missing")
	case q.Limit == 0:
		return Quota{}, bad("limit is missing")
	}
	return q, nil
}

// window is the length of a quota's duration (0 when it cannot be read).
func (q Quota) window() time.Duration {
	_, d, _ := parseWindow(q.Duration)
	return d
}

// concurrencyBehavior checks a --concurrency-behavior value.
func concurrencyBehavior(s string) (string, error) {
	b := strings.ToUpper(strings.TrimSpace(s))
	if !slices.Contains(concurrencyBehaviors, b) {
		return "", cmderr.Usagef("invalid --concurrency-behavior %q: expected QUEUE, CANCEL or FAIL", s)
	}
	return b, nil
}
