// Package schedule parses the cron expressions of Kestra's Schedule trigger
// and computes its dates in the trigger's time zone.
//
// Expressions follow Schedule's cron definition (kestra-io/kestra
// core/src/main/java/io/kestra/plugin/core/trigger/Schedule.java): five
// fields (six with withSeconds), day-of-week 0-7 where both 0 and 7 are
// Sunday, and the nicknames @yearly, @annually, @monthly, @weekly, @daily,
// @midnight and @hourly. Matching uses github.com/robfig/cron/v3.
//
// Daylight saving time, for schedules whose hour field names hours (not
// "*"): a wall time that does not exist on the spring-forward day runs
// later by the length of the gap (as java.time resolves such a local time),
// and a wall time that occurs twice on the fall-back day runs once, at its
// first occurrence. Schedules with "*" hours run at every instant that
// matches, in both passes of a repeated hour. Either way a daily schedule
// keeps its local time across the change (a 23 or 25 hour interval).
package schedule

import (
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// nicknames are the cron extensions Kestra accepts.
var nicknames = map[string]string{
	"@yearly":   "0 0 1 1 *",
	"@annually": "0 0 1 1 *",
	"@monthly":  "0 0 1 * *",
	"@weekly":   "0 0 * * 0",
	"@daily":    "0 0 * * *",
	"@midnight": "0 0 * * *",
	"@hourly":   "0 * * * *",
}

// Schedule is a parsed cron expression bound to a time zone.
type Schedule struct {
	spec *cron.SpecSchedule
	loc  *time.Location
	// fixedHours is true when the hour field names hours (not "*").
	fixedHours bool
}

// Parse parses a Kestra cron expression; tz is an IANA zone name (empty
// means UTC, the zone Kestra's server runs in by default).
func Parse(expr string, withSeconds bool, tz string) (*Schedule, error) {
	loc := time.UTC
	if tz != "" {
		l, err := time.LoadLocation(tz)
		if err != nil || tz == "Local" {
			return nil, fmt.Errorf("invalid timezone '%s'", tz)
		}
		loc = l
	}
	text := strings.TrimSpace(expr)
	if n, ok := nicknames[strings.ToLower(text)]; ok {
		text = n
		if withSeconds {
			text = "0 " + text
		}
	} else if strings.HasPrefix(text, "@") || strings.Contains(text, "=") {
		return nil, fmt.Errorf("invalid cron expression '%s': unsupported nickname or option", expr)
	}
	fields := strings.Fields(text)
	want := 5
	opts := cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow
	if withSeconds {
		want = 6
		opts |= cron.Second
	}
	if len(fields) != want {
		return nil, fmt.Errorf("invalid cron expression '%s': expected %d fields, found %d", expr, want, len(fields))
	}
	fields[want-1] = sundayAsZero(fields[want-1])
	parsed, err := cron.NewParser(opts).Parse(strings.Join(fields, " "))
	if err != nil {
		return nil, fmt.Errorf("invalid cron expression '%s': %v", expr, err)
	}
	spec, ok := parsed.(*cron.SpecSchedule)
	if !ok {
		return nil, fmt.Errorf("invalid cron expression '%s'", expr)
	}
	return &Schedule{spec: spec, loc: loc, fixedHours: fields[want-4] != "*"}, nil
}

// sundayAsZero rewrites day-of-week 7 (Sunday, as Kestra allows) to 0.
func sundayAsZero(field string) string {
	items := strings.Split(field, ",")
	var out []string
	for _, it := range items {
		rng, step, hasStep := strings.Cut(it, "/")
		lo, hi, isRange := strings.Cut(rng, "-")
		switch {
		case rng == "7":
			it = "0"
		case isRange && hi == "7" && !hasStep:
			if lo == "7" {
				it = "0"
			} else {
				it = lo + "-6,0"
			}
		case isRange && hi == "7":
			it = lo + "-6/" + step
		}
		out = append(out, it)
	}
	return strings.Join(out, ",")
}

// Location is the schedule's time zone.
func (s *Schedule) Location() *time.Location { return s.loc }

// Next returns the first date of the schedule strictly after t, in the
// schedule's zone (truncated to the second), or the zero time when there is
// none within five years.
func (s *Schedule) Next(t time.Time) time.Time {
	t = t.In(s.loc)
	if !s.fixedHours {
		return s.spec.Next(t).In(s.loc)
	}
	wall := wallClock(t)
	for range 1000 {
		w := s.spec.Next(wall)
		if w.IsZero() {
			return time.Time{}
		}
		if inst, ok := firstInstantAfter(w, s.loc, t); ok {
			return inst
		}
		wall = w
	}
	return time.Time{}
}

// NextOrSame returns t itself when t is a date of the schedule, else Next(t).
func (s *Schedule) NextOrSame(t time.Time) time.Time {
	return s.Next(t.Add(-time.Second))
}

// Previous returns the last date of the schedule strictly before t, or the
// zero time when there is none within five years.
func (s *Schedule) Previous(t time.Time) time.Time {
	for _, back := range []time.Duration{time.Hour, 48 * time.Hour, 32 * 24 * time.Hour, 400 * 24 * time.Hour, 5 * 366 * 24 * time.Hour} {
		var last time.Time
		for d := s.Next(t.Add(-back)); !d.IsZero() && d.Before(t); d = s.Next(d) {
			last = d
		}
		if !last.IsZero() {
			return last
		}
	}
	return time.Time{}
}

// wallClock returns the wall clock of t as a UTC time.
func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
}

// firstInstantAfter returns the earliest instant strictly after t whose
// wall clock in loc is w; a wall clock inside a spring-forward gap resolves
// to the instant later by the gap's length.
func firstInstantAfter(w time.Time, loc *time.Location, t time.Time) (time.Time, bool) {
	base := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, loc)
	if !wallClock(base).Equal(w) {
		// In a gap: read w with the offset in force before the gap, which
		// lands later by the gap's length (java.time's resolution).
		_, before := time.Date(w.Year(), w.Month(), w.Day(), w.Hour()-3, w.Minute(), w.Second(), 0, loc).Zone()
		base = w.Add(-time.Duration(before) * time.Second).In(loc)
		if base.After(t) {
			return base, true
		}
		return time.Time{}, false
	}
	var best time.Time
	for _, d := range []time.Duration{-2 * time.Hour, -time.Hour, -30 * time.Minute, 0, 30 * time.Minute, time.Hour, 2 * time.Hour} {
		c := base.Add(d)
		if !wallClock(c).Equal(w) {
			continue
		}
		if c.After(t) && (best.IsZero() || c.Before(best)) {
			best = c
		}
	}
	return best, !best.IsZero()
}
