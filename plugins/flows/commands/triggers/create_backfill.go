package triggers

import (
	"net/http"
	"strings"
	"time"

	"github.com/kestractl/kestractl/plugins/flows/api"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// CreateBackfill is "triggers create-backfill --namespace NS --flow-id ID --trigger-id ID --start T [--end T]".
type CreateBackfill struct {
	Namespace string   `short:"n" required:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID    string   `name:"flow-id" aliases:"flow" required:"" completer:"flow" help:"Flow id."`
	TriggerID string   `name:"trigger-id" required:"" help:"Id of the Schedule trigger."`
	Start     string   `required:"" placeholder:"TIME" help:"First date to run (included): RFC 3339, a date (2026-11-01, local time zone), or a duration ago (30d)."`
	End       string   `placeholder:"TIME" help:"Last date to run (included); default: now."`
	Input     []string `placeholder:"KEY=VALUE" sep:"none" help:"An input of the backfilled executions (repeatable)."`
	Label     []string `placeholder:"KEY=VALUE" sep:"none" help:"A label of the backfilled executions (repeatable; KEY:VALUE works too)."`
}

// Examples implements manifest.Exampler.
func (*CreateBackfill) Examples() []string {
	return []string{
		"kestractl triggers create-backfill --namespace company.team --flow-id etl --trigger-id daily --start 2026-11-01T00:00:00Z --end 2026-11-30T23:59:59Z",
		"# the last week, with an input and a label\nkestractl triggers create-backfill -n company.team --flow-id etl --trigger-id daily --start 7d --input mode=replay --label backfill=true",
	}
}

// Help implements kong.HelpProvider.
func (*CreateBackfill) Help() string {
	return `Runs every date of a Schedule trigger's schedule from --start to --end (both included), one execution
after the other, oldest first; the live schedule waits until the backfill ends. Follow it with "triggers list",
pause it with "triggers backfill-pause", drop it with "triggers backfill-delete". A trigger that is not a Schedule,
or that already has a backfill, is exit 6. -o json prints the trigger's state.`
}

// Run creates the backfill.
func (b *CreateBackfill) Run(c *plugin.Context) error {
	ref := api.TriggerRef{Namespace: b.Namespace, FlowID: b.FlowID, TriggerID: b.TriggerID}
	if err := cmdutil.CheckTriggerRef(ref); err != nil {
		return err
	}
	now := time.Now()
	start, err := plugin.ParseTime(b.Start, now)
	if err != nil {
		return cmderr.Usagef("invalid --start %q: %v", b.Start, err)
	}
	bf := api.Backfill{Start: start.UTC()}
	if b.End != "" {
		end, err := plugin.ParseTime(b.End, now)
		if err != nil {
			return cmderr.Usagef("invalid --end %q: %v", b.End, err)
		}
		if end.Before(start) {
			return cmderr.Usagef("--end (%s) is before --start (%s)", end.Format(time.RFC3339), start.Format(time.RFC3339))
		}
		end = end.UTC()
		bf.End = &end
	}
	for _, kv := range b.Input {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return cmderr.Usagef("invalid --input %q: expected KEY=VALUE", kv)
		}
		if bf.Inputs == nil {
			bf.Inputs = map[string]any{}
		}
		bf.Inputs[k] = v
	}
	for _, kv := range b.Label {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			k, v, ok = strings.Cut(kv, ":")
		}
		if !ok || k == "" {
			return cmderr.Usagef("invalid --label %q: expected KEY=VALUE", kv)
		}
		bf.Labels = append(bf.Labels, api.Label{Key: k, Value: v})
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return err
	}
	raw, err := cl.CreateBackfill(c, ref, bf)
	if kestra.IsStatus(err, http.StatusConflict) {
		return cmderr.New(cmderr.Conflict, "%v", err)
	}
	if err != nil {
		return notFound(err, ref)
	}
	until := "now"
	if bf.End != nil {
		until = plugin.LocalTime(bf.End.Format(time.RFC3339))
	}
	return showState(c, raw, "Backfill of trigger %s created, from %s to %s; follow it with 'kestractl triggers list -n %s --flow %s'.",
		name(ref), plugin.LocalTime(bf.Start.Format(time.RFC3339)), until, ref.Namespace, ref.FlowID)
}
