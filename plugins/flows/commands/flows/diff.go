package flows

import (
	"errors"
	"fmt"

	"github.com/kestractl/kestractl/plugins/flows/flowfile"
	"github.com/kestractl/kestractl/plugins/flows/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/yamldoc"
)

// Diff is "flows diff <namespace> <flow_id> [--from N] [--to N | --file PATH]".
type Diff struct {
	Namespace string `arg:"" completer:"namespace" help:"Namespace of the flow."`
	FlowID    string `arg:"" name:"flow_id" completer:"flow" help:"Flow id."`
	From      int    `placeholder:"N" help:"The revision to compare from (default: the current one with --file, else the one before --to)."`
	To        int    `placeholder:"N" xor:"to" help:"The revision to compare to (default: the current one)."`
	File      string `placeholder:"PATH" xor:"to" completer:"file" help:"Compare to this local flow file instead of a revision (- reads stdin)."`
}

// Examples implements manifest.Exampler.
func (*Diff) Examples() []string {
	return []string{
		"# what the last deployment changed\nkestractl flows diff company.team hello",
		"kestractl flows diff company.team hello --from 2 --to 5",
		"# what deploying the local file would change\nkestractl flows diff company.team hello --file flows/hello.yaml",
	}
}

// Help implements kong.HelpProvider.
func (*Diff) Help() string {
	return `Prints a unified diff (as "diff -u" and "kubectl diff" do) between two revisions of a flow, or between
a revision and a local file. Exit codes follow kubectl diff: 0 when they are the same, 1 when they differ, above 1
on an error (2 bad arguments or an unreadable file, 4 authentication, 5 flow or revision not found, 7 server).
With -o json it prints one object: namespace, id, from, to, identical, diff.`
}

// diffSide is one side of a diff.
type diffSide struct {
	Revision int    `json:"revision,omitempty"`
	File     string `json:"file,omitempty"`
	label    string
	source   string
}

type diffResult struct {
	Namespace string   `json:"namespace"`
	ID        string   `json:"id"`
	From      diffSide `json:"from"`
	To        diffSide `json:"to"`
	Identical bool     `json:"identical"`
	Diff      string   `json:"diff,omitempty"`
}

// Run prints the diff; the exit code says whether there is one.
func (d *Diff) Run(c *plugin.Context) error {
	res, err := d.diff(c)
	if err != nil {
		return diffError(err)
	}
	if c.Structured() {
		if err := c.Object(res); err != nil {
			return err
		}
	} else if res.Identical {
		if err := c.Info("No differences between %s and %s.", res.From.label, res.To.label); err != nil {
			return err
		}
	} else if _, err := fmt.Fprint(c.Stdout(), res.Diff); err != nil {
		return err
	}
	if !res.Identical {
		return cmderr.Exit(cmderr.Generic, res.From.label+" and "+res.To.label+" differ")
	}
	return nil
}

func (d *Diff) diff(c *plugin.Context) (*diffResult, error) {
	if err := cmdutil.CheckFlowRef(d.Namespace, d.FlowID); err != nil {
		return nil, err
	}
	if d.From < 0 || d.To < 0 {
		return nil, cmderr.Usagef("revisions start at 1")
	}
	cl, err := cmdutil.Client(c)
	if err != nil {
		return nil, err
	}
	current, err := cl.GetFlow(c, d.Namespace, d.FlowID, true)
	if err != nil {
		return nil, kestra.NotFoundAs(err, "flow %q not found in namespace %q", d.FlowID, d.Namespace)
	}
	res := &diffResult{Namespace: d.Namespace, ID: d.FlowID}
	revision := func(n int) (diffSide, error) {
		src := current.Source
		if n != current.Revision {
			f, err := cl.GetFlowRevision(c, d.Namespace, d.FlowID, n)
			if err != nil {
				return diffSide{}, revisionNotFound(c, err, d.Namespace, d.FlowID, n)
			}
			src = f.Source
		}
		return diffSide{Revision: n, label: fmt.Sprintf("%s/%s (revision %d)", d.Namespace, d.FlowID, n), source: src}, nil
	}
	if d.File != "" {
		if res.To, err = d.local(c); err != nil {
			return nil, err
		}
		from := d.From
		if from == 0 {
			from = current.Revision
		}
		if res.From, err = revision(from); err != nil {
			return nil, err
		}
	} else {
		to := d.To
		if to == 0 {
			to = current.Revision
		}
		from := d.From
		if from == 0 {
			from = to - 1
		}
		if from < 1 {
			return nil, cmderr.Usagef("flow '%s' has no revision before %d: give --from, or --file to compare with a local file", d.FlowID, to)
		}
		if res.From, err = revision(from); err != nil {
			return nil, err
		}
		if res.To, err = revision(to); err != nil {
			return nil, err
		}
	}
	res.Identical = yamldoc.SameSource(res.From.source, []byte(res.To.source))
	if !res.Identical {
		res.Diff = plugin.UnifiedDiff(res.From.label, res.To.label, res.From.source, res.To.source)
	}
	return res, nil
}

// local reads the flow from --file: the file's only document, or the one
// defining this flow.
func (d *Diff) local(c *plugin.Context) (diffSide, error) {
	data, name, err := readFileArg(c, "--file", d.File)
	if err != nil {
		return diffSide{}, err
	}
	docs := flowfile.Parse(name, data)
	var pick *flowfile.Document
	for _, doc := range docs {
		if len(docs) == 1 || doc.ID == d.FlowID && doc.Namespace == d.Namespace {
			pick = doc
			break
		}
	}
	if pick == nil {
		return diffSide{}, cmderr.Usagef("%s does not define flow '%s' of namespace '%s'", name, d.FlowID, d.Namespace)
	}
	return diffSide{File: name, label: name, source: string(pick.Source)}, nil
}

// diffError keeps every error of diff above exit code 1, which means "they
// differ": a request the server refuses is a usage error, anything else
// unclassified a server error.
func diffError(err error) error {
	if cmderr.CodeOf(err) != cmderr.Generic {
		return err
	}
	var apiErr *kestra.APIError
	if errors.As(err, &apiErr) && apiErr.Status/100 == 4 {
		return cmderr.Wrap(cmderr.Usage, err)
	}
	return cmderr.Wrap(cmderr.Unavailable, err)
}
