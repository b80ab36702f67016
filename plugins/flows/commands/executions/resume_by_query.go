package executions

import (
	"github.com/kestractl/kestractl/sdk/plugin"
)

// ResumeByQuery is "executions resume-by-query".
type ResumeByQuery struct {
	byQueryFlags `embed:""`
	WaitFlags    `embed:""`
}

// Examples implements manifest.Exampler.
func (*ResumeByQuery) Examples() []string {
	return []string{
		"kestractl executions resume-by-query -n company.team --flow approval --dry-run",
		"kestractl executions resume-by-query -n company.team --label batch=42 --yes --wait",
	}
}

// Help implements kong's HelpProvider.
func (*ResumeByQuery) Help() string {
	return byQueryHelp("PAUSED ones")
}

// Run applies the action to what the filters match, after confirmation.
func (b *ResumeByQuery) Run(c *plugin.Context) error {
	r, err := newBulkRun(c, resumeAction, b.WaitFlags)
	if err != nil {
		return err
	}
	return r.byQuery(b.ExecutionFilters, b.ByQueryFlags)
}
