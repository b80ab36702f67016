package limits

import (
	"strings"
	"testing"
)

func TestValidateQuotas(t *testing.T) {
	cases := []struct {
		name   string
		quotas []Quota
		want   string // substring of the violations, "" for none
	}{
		{"valid", []Quota{{"PT1H", 10, Fail}, {"P1D", 100, Cancel}, {"PT1M", 1, Fail}}, ""},
		{"under a minute", []Quota{{"PT59S", 1, Fail}}, "1 minute"},
		{"weeks are not Java durations", []Quota{{"P1W", 1, Fail}}, "ISO-8601"},
		{"missing duration", []Quota{{"", 1, Fail}}, "must not be null"},
		{"zero limit", []Quota{{"PT1H", 0, Fail}}, "greater than 0"},
		{"behaviour", []Quota{{"PT1H", 1, "QUEUE"}}, "FAIL, CANCEL"},
		{"same window twice", []Quota{{"PT1H", 1, Fail}, {"PT60M", 2, Fail}}, "duplicate"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			vs := ValidateQuotas("quotas", c.quotas)
			var msgs []string
			for _, v := range vs {
				msgs = append(msgs, v.Path+": "+v.Message)
			}
			got := strings.Join(msgs, "; ")
			if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
				t.Errorf("violations %q, want %q", got, c.want)
			}
			if c.want != "" && !strings.HasPrefix(got, "quotas[") {
				t.Errorf("path %q", got)
			}
		})
	}
}

func TestValidateConcurrency(t *testing.T) {
	for _, c := range []struct {
		in   *Concurrency
		want int
	}{{nil, 0}, {&Concurrency{1, "QUEUE"}, 0}, {&Concurrency{5, "FAIL"}, 0}, {&Concurrency{0, "CANCEL"}, 1}, {&Concurrency{2, "WAIT"}, 1}, {&Concurrency{0, ""}, 2}} {
		if got := len(ValidateConcurrency("concurrency", c.in)); got != c.want {
			t.Errorf("%+v: %d violations, want %d", c.in, got, c.want)
		}
	}
}
