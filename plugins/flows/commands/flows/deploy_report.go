package flows

import (
	"time"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// deployReport is the report of a deploy, with or without --prune: results
// are added as they come (rows flushed at most every rowFlushInterval), the
// codes of the failures counted, and the first error of the report kept.
type deployReport struct {
	r         *plugin.Report
	codes     cmderr.Tally
	lastFlush time.Time
	err       error
}

func newDeployReport(c *plugin.Context) *deployReport {
	return &deployReport{r: c.Report("flows", deployColumns()...), codes: cmderr.Tally{}, lastFlush: time.Now()}
}

// add adds one result; a dry run's diff leaves the row in table mode.
func (d *deployReport) add(res deployResult) {
	if res.Status == statusFailed {
		d.codes.Add(res.code)
	}
	d.r.Diff(&res.Diff)
	d.keep(d.r.Add(res.Status, res))
	if time.Since(d.lastFlush) >= rowFlushInterval {
		d.lastFlush = time.Now()
		d.keep(d.r.Flush())
	}
}

func (d *deployReport) keep(err error) {
	if err != nil && d.err == nil {
		d.err = err
	}
}

// skipped is res not attempted: after a failure with --fail-fast, else
// because the command was interrupted.
func skipped(res deployResult, failFast bool) deployResult {
	res.Status, res.Error = statusSkipped, "not attempted: stopped at an earlier failure"
	if !failFast {
		res.Error = "not attempted: interrupted"
	}
	return res
}

// check is the first error of the report or the command's interruption.
func (d *deployReport) check(c *plugin.Context) error {
	if d.err != nil {
		return d.err
	}
	return c.Err()
}

// close sends the report; a deploy with failed results fails with the code
// they share.
func (d *deployReport) close() error {
	if err := d.r.Close(); err != nil {
		return err
	}
	if failed := d.r.Count(statusFailed); failed > 0 {
		return cmderr.New(d.codes.Common(), "deployment completed with %d error(s)", failed).WithHint("see the ERROR column above")
	}
	return nil
}
