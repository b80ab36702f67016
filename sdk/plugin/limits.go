package plugin

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kestractl/kestractl/sdk/cmderr"
)

// Quota is Kestra's Quota (of a namespace or a tenant): at most Limit
// executions per Duration window; over it, new executions end FAILED or
// CANCELLED (Behavior).
type Quota struct {
	Duration string `json:"duration"`
	Limit    int64  `json:"limit"`
	Behavior string `json:"behavior"`
}

// Concurrency is Kestra's Concurrency (of a namespace or a tenant): at most
// Limit running executions; the next one is queued, cancelled or failed
// (Behavior).
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

// MinQuotaWindow is Kestra's @DurationMin(minutes = 1) on Quota.duration.
const MinQuotaWindow = time.Minute

// QuotaWindow reads a quota duration (PT1H, P1D, PT30M) as Kestra does and
// returns it in upper case with its length.
func QuotaWindow(s string) (string, time.Duration, error) {
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
	if d < MinQuotaWindow {
		return "", 0, fmt.Errorf("%q is shorter than one minute, Kestra's shortest quota window", s)
	}
	return u, d, nil
}

// Window is the length of a quota's duration (0 when it cannot be read):
// two quotas of the same window (PT1H, PT60M) are the same quota.
func (q Quota) Window() time.Duration {
	_, d, _ := QuotaWindow(q.Duration)
	return d
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
			d, _, err := QuotaWindow(v)
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

// ParseConcurrencyBehavior checks a --concurrency-behavior value and
// returns it in upper case.
func ParseConcurrencyBehavior(s string) (string, error) {
	b := strings.ToUpper(strings.TrimSpace(s))
	if !slices.Contains(concurrencyBehaviors, b) {
		return "", cmderr.Usagef("invalid --concurrency-behavior %q: expected QUEUE, CANCEL or FAIL", s)
	}
	return b, nil
}

// LimitFlags are the flags that set the execution limits of a namespace or
// a tenant (create and update). Embed them with the owner named for the
// help: `embed:"" set:"limits=the tenant"`.
type LimitFlags struct {
	ConcurrencyLimit    *int     `name:"concurrency-limit" placeholder:"N" help:"At most N executions of ${limits=the namespace or tenant} run at once."`
	ConcurrencyBehavior string   `name:"concurrency-behavior" values:"QUEUE,CANCEL,FAIL" placeholder:"QUEUE|CANCEL|FAIL" help:"What happens to an execution over the concurrency limit (default QUEUE)."`
	Quota               []string `sep:"none" placeholder:"duration=D,limit=N,behavior=B" help:"Execution quota, repeatable: at most limit executions per duration (ISO-8601, at least PT1M); over it they end FAILED or CANCELLED (behavior, default FAIL). On update it replaces the quota of the same duration."`
}

// LimitRemovalFlags are the flags of an update that remove limits.
type LimitRemovalFlags struct {
	NoConcurrencyLimit bool     `name:"no-concurrency-limit" help:"Remove the concurrency limit."`
	RemoveQuota        []string `name:"remove-quota" sep:"none" placeholder:"DURATION" help:"Remove the quota of this duration (e.g. PT1H), repeatable."`
}

// Limits are the execution limits the flags ask for, checked: Apply writes
// them into a namespace or tenant document.
type Limits struct {
	limit    int // 0: keep the current one
	behavior string
	noLimit  bool
	quotas   []Quota
	remove   []string // durations, upper case
}

// Parse checks the flags (before anything is sent); r holds the removal
// flags of an update (zero on create).
func (f LimitFlags) Parse(r LimitRemovalFlags) (Limits, error) {
	l := Limits{noLimit: r.NoConcurrencyLimit}
	if f.ConcurrencyBehavior != "" {
		b, err := ParseConcurrencyBehavior(f.ConcurrencyBehavior)
		if err != nil {
			return l, err
		}
		l.behavior = b
	}
	if f.ConcurrencyLimit != nil {
		if *f.ConcurrencyLimit < 1 {
			return l, cmderr.Usagef("invalid --concurrency-limit %d: it must be at least 1 (on update, --no-concurrency-limit removes the limit)", *f.ConcurrencyLimit)
		}
		l.limit = *f.ConcurrencyLimit
	}
	if l.noLimit && (f.ConcurrencyLimit != nil || l.behavior != "") {
		return l, cmderr.Usagef("--no-concurrency-limit removes the limit: do not give --concurrency-limit or --concurrency-behavior with it")
	}
	for _, s := range f.Quota {
		q, err := ParseQuota(s)
		if err != nil {
			return l, err
		}
		if slices.ContainsFunc(l.quotas, func(o Quota) bool { return o.Window() == q.Window() }) {
			return l, cmderr.Usagef("two --quota values for the duration %s: each duration may have one quota", q.Duration)
		}
		l.quotas = append(l.quotas, q)
	}
	for _, d := range r.RemoveQuota {
		norm, _, err := QuotaWindow(d)
		if err != nil {
			return l, cmderr.Usagef("invalid --remove-quota: %v", err)
		}
		l.remove = append(l.remove, norm)
	}
	return l, nil
}

// Empty reports whether no limit flag was given.
func (l Limits) Empty() bool {
	return l.limit == 0 && l.behavior == "" && !l.noLimit && len(l.quotas) == 0 && len(l.remove) == 0
}

// Apply writes the limits into doc, a namespace or tenant document as
// decoded from JSON (the current one on update, a new one on create):
// "concurrency" is set, changed (a behavior alone changes the current
// limit's) or removed; each quota replaces the one of the same window;
// removed durations must be there. owner names the document in errors
// ("tenant").
func (l Limits) Apply(doc map[string]any, owner string) error {
	cur, quotas, err := ReadLimits(doc)
	if err != nil {
		return fmt.Errorf("read the %s's limits: %w", owner, err)
	}
	switch {
	case l.noLimit:
		delete(doc, "concurrency")
	case l.limit != 0 || l.behavior != "":
		next := Concurrency{Behavior: "QUEUE"}
		if cur != nil {
			next = *cur
			if next.Behavior == "" {
				next.Behavior = "QUEUE"
			}
		}
		if l.limit != 0 {
			next.Limit = l.limit
		}
		if l.behavior != "" {
			next.Behavior = l.behavior
		}
		if next.Limit == 0 {
			return cmderr.Usagef("--concurrency-behavior needs a limit: give --concurrency-limit N too")
		}
		doc["concurrency"] = next
	}
	if len(l.quotas) == 0 && len(l.remove) == 0 {
		return nil
	}
	for _, d := range l.remove {
		_, w, _ := QuotaWindow(d)
		i := slices.IndexFunc(quotas, func(q Quota) bool { return q.Window() == w })
		if i < 0 {
			return cmderr.New(cmderr.NotFound, "the %s has no quota of duration %s to remove", owner, d)
		}
		quotas = slices.Delete(quotas, i, i+1)
	}
	for _, q := range l.quotas {
		if i := slices.IndexFunc(quotas, func(o Quota) bool { return o.Window() == q.Window() }); i >= 0 {
			quotas[i] = q
		} else {
			quotas = append(quotas, q)
		}
	}
	if len(quotas) == 0 {
		delete(doc, "quotas")
	} else {
		doc["quotas"] = quotas
	}
	return nil
}

// ReadLimits reads the concurrency limit (nil: none) and the quotas of a
// namespace or tenant document decoded from JSON.
func ReadLimits(doc map[string]any) (*Concurrency, []Quota, error) {
	var cc *Concurrency
	if raw, ok := doc["concurrency"]; ok && raw != nil {
		cc = &Concurrency{}
		if err := remarshal(raw, cc); err != nil {
			return nil, nil, fmt.Errorf("concurrency: %w", err)
		}
	}
	var quotas []Quota
	if raw, ok := doc["quotas"]; ok && raw != nil {
		if err := remarshal(raw, &quotas); err != nil {
			return nil, nil, fmt.Errorf("quotas: %w", err)
		}
	}
	return cc, quotas, nil
}

// LimitChanges describes in words how the limits of a namespace or tenant
// document changed under key: "concurrency limit 5 (QUEUE)", "concurrency
// limit removed", "quota PT1H: 100, FAIL", "quota P1D removed". ok is false
// for a key that is no limit.
func LimitChanges(key string, before, after any) (changes []string, ok bool) {
	switch key {
	case "concurrency":
		var c Concurrency
		if after == nil || remarshal(after, &c) != nil {
			return []string{"concurrency limit removed"}, true
		}
		return []string{fmt.Sprintf("concurrency limit %d (%s)", c.Limit, c.Behavior)}, true
	case "quotas":
		var b, a []Quota
		_ = remarshal(before, &b)
		_ = remarshal(after, &a)
		for _, q := range a {
			i := slices.IndexFunc(b, func(o Quota) bool { return o.Window() == q.Window() })
			if i < 0 || b[i] != q {
				changes = append(changes, fmt.Sprintf("quota %s: %d, %s", q.Duration, q.Limit, q.Behavior))
			}
		}
		for _, q := range b {
			if !slices.ContainsFunc(a, func(o Quota) bool { return o.Window() == q.Window() }) {
				changes = append(changes, fmt.Sprintf("quota %s removed", q.Duration))
			}
		}
		return changes, true
	}
	return nil, false
}

// remarshal converts a value decoded from JSON into v.
func remarshal(in, v any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
