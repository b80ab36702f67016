package testsuites

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/plugins/content/testreport"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// WaitFlags are the flags of the commands that run test suites.
type WaitFlags struct {
	JUnit   string        `name:"junit" placeholder:"FILE" completer:"file" help:"Also write the results as JUnit XML to FILE (for GitLab, GitHub and Jenkins test reports)."`
	Timeout time.Duration `default:"30m" placeholder:"DURATION" help:"How long to wait for the results (exit 3 past it; the run goes on on the server)."`
}

// Run is "test-suites run <namespace> <id> [--test-case C]...".
type Run struct {
	Namespace string   `arg:"" completer:"namespace" help:"Namespace of the test suite."`
	ID        string   `arg:"" completer:"testsuite" help:"Test suite id."`
	TestCase  []string `name:"test-case" placeholder:"ID" help:"Run only this test case (repeatable)."`
	WaitFlags `embed:""`
}

// Examples implements manifest.Exampler.
func (*Run) Examples() []string {
	return []string{
		"kestractl test-suites run company.team hello_suite",
		"# in CI: fail the job on a failed assertion and publish a test report\nkestractl test-suites run company.team hello_suite --junit report.xml",
		"kestractl test-suites run company.team hello_suite --test-case greets_by_name -o json",
	}
}

// Help implements kong.HelpProvider.
func (*Run) Help() string {
	return `Each test case runs its flow with its fixtures on the server; the command waits for every case and
prints one row per assertion (SUITE, TEST CASE, STATE, RESULT, ASSERTION, EXECUTION) and a summary on stderr.
With -o json it prints the server's TestSuiteRunResult. Exit code 8 when a test case FAILED or is in ERROR, 0
when every case passed or was skipped, 3 after --timeout. --junit FILE writes the JUnit XML in every case
(written whole or not at all).`
}

// Run runs the test suite.
func (r *Run) Run(c *plugin.Context) error {
	cl, err := cmdutil.Open(c, checkRef(r.Namespace, r.ID), r.check())
	if err != nil {
		return err
	}
	ref := r.Namespace + "/" + r.ID
	_ = c.OnInterrupt(fmt.Sprintf("the test suite %s keeps running on the server; see its result with 'kestractl test-suites last-result --id %s'", ref, ref))
	var raw []byte
	var res *api.RunResult
	err = r.wait(c, "Running test suite "+ref, func(ctx context.Context) error {
		var err error
		raw, res, err = cl.RunTestSuite(ctx, r.Namespace, r.ID, r.TestCase, r.Timeout)
		return err
	})
	if err != nil {
		return r.explain(c, err, suite{r.Namespace, r.ID}.notFound(), "kestractl test-suites last-result --id "+ref)
	}
	return finish(c, r.WaitFlags, raw, []*api.RunResult{res})
}

func (w WaitFlags) check() error {
	if w.Timeout <= 0 {
		return cmderr.Usagef("--timeout must be positive, e.g. 30m")
	}
	return nil
}

// wait runs call under --timeout, with a progress line on a terminal.
func (w WaitFlags) wait(c *plugin.Context, label string, call func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(c, w.Timeout)
	defer cancel()
	bar := c.Progress("tests", label, 0, "")
	start := time.Now()
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				bar.SetLabel(fmt.Sprintf("%s (%s)", label, time.Since(start).Round(time.Second)))
			}
		}
	}()
	err := call(ctx)
	close(done)
	if err != nil && ctx.Err() != nil && c.Err() == nil {
		err = errTimeout
	}
	bar.Done(errText(err))
	return err
}

var errTimeout = errors.New("timed out")

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// explain words the error of a run; later says how to see the results of
// a run that timed out.
func (w WaitFlags) explain(c *plugin.Context, err error, notFound, later string) error {
	if errors.Is(err, errTimeout) {
		return cmderr.New(cmderr.Timeout, "no result after %s: the run goes on on the server", w.Timeout).
			WithHint("see the results later with '%s', or raise --timeout", later)
	}
	return fail(c, err, "%s", notFound)
}

// finish shows run results (the server's document with -o json, else a
// row per assertion and a summary), writes --junit, and fails with exit 8
// when a test case failed.
func finish(c *plugin.Context, w WaitFlags, raw []byte, results []*api.RunResult) error {
	if w.JUnit != "" {
		var b bytes.Buffer
		if err := testreport.WriteJUnit(&b, results); err != nil {
			return fmt.Errorf("JUnit report: %w", err)
		}
		if _, err := cmdutil.WriteFile(c.Path(w.JUnit), &b); err != nil {
			return err
		}
	}
	if err := show(c, raw, results); err != nil {
		return err
	}
	if w.JUnit != "" {
		_ = c.Info("JUnit report written to %s", w.JUnit)
	}
	return verdict(results)
}

// show prints results: the server's document (structured output) or the
// rows of every result, with a summary on stderr.
func show(c *plugin.Context, raw []byte, results []*api.RunResult) error {
	if c.Structured() {
		return c.Object(raw)
	}
	t := c.Table(plugin.Col("SUITE", "suite"), plugin.Col("TEST CASE", "testCase"), plugin.Column{Header: "STATE", Path: "state", Format: "status"},
		plugin.Column{Header: "RESULT", Path: "result", Format: "status"}, plugin.Col("ASSERTION", "assertion"), plugin.Col("EXECUTION", "execution"))
	for _, r := range results {
		for _, row := range testreport.Rows(r) {
			if err := t.Add(row); err != nil {
				return err
			}
		}
	}
	return t.Close(summary(results))
}

// summary is the footer of run results.
func summary(results []*api.RunResult) string {
	n := testreport.Count(results...)
	if len(results) == 1 {
		r := results[0]
		return fmt.Sprintf("Test suite %s/%s: %s (%s)", r.Namespace, r.TestSuiteID, r.State, n)
	}
	failed := 0
	for _, r := range results {
		if testreport.Failed(r.State) {
			failed++
		}
	}
	return fmt.Sprintf("%d test suites, %d failed (%s)", len(results), failed, n)
}

// verdict is exit 8 when a suite failed.
func verdict(results []*api.RunResult) error {
	var failed []string
	for _, r := range results {
		if testreport.Failed(r.State) {
			failed = append(failed, r.Namespace+"/"+r.TestSuiteID)
		}
	}
	switch {
	case len(failed) == 1:
		n := testreport.Count(results...)
		return cmderr.New(cmderr.RemoteFailed, "test suite %s failed: %d of %d test cases did not pass", failed[0], n.Failed+n.Errors, n.Total)
	case len(failed) > 1:
		return cmderr.New(cmderr.RemoteFailed, "%d test suites failed: %v", len(failed), failed)
	}
	return nil
}
