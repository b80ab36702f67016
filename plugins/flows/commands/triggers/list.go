package triggers

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// List is "triggers list [filters]".
type List struct {
	filters          `embed:""`
	plugin.ListFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*List) Examples() []string {
	return []string{
		"kestractl triggers list",
		"kestractl triggers list -n company.team --flow hello",
		"# the locked triggers, as JSON\nkestractl triggers list --filter locked:EQUALS:true --all -o json",
	}
}

// Help implements kong.HelpProvider.
func (*List) Help() string {
	return `The table shows each trigger's next execution date, last trigger date, whether it is disabled or locked
(an evaluation or its execution is running), and its backfill's progress: the share of its time range done
(and "paused"), the schedule date it is at and its end date. -o json prints the server's items (trigger and state), unchanged.`
}

// Run lists the triggers.
func (l *List) Run(c *plugin.Context) error {
	q, err := l.query()
	if err != nil {
		return err
	}
	k, err := c.Kestra()
	if err != nil {
		return err
	}
	return c.List(l.ListFlags, plugin.Listing{Noun: "trigger", Columns: columns, Path: k.TenantPath("triggers", "search"), Query: q,
		Row: progressRow("state")})
}
