package cmdutil

import (
	"strings"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/yamldoc"
)

// validationResult is one result of a validation report.
type validationResult struct {
	Status      string   `json:"status"`
	File        string   `json:"file"`
	Namespace   string   `json:"namespace,omitempty"`
	ID          string   `json:"id,omitempty"`
	Constraints []string `json:"constraints,omitempty"`
	Warnings    []string `json:"warnings,omitempty"`
	Infos       []string `json:"infos,omitempty"`
}

// ValidationReport shows the server's verdict on one file as a report
// (status valid or invalid, file, namespace, id, constraints, warnings,
// infos) and fails with exit 1 when it is invalid, as "flows validate"
// does. noun is plural ("test suites").
func ValidationReport(c *plugin.Context, noun, file string, v *api.Validation, id string) error {
	res := validationResult{Status: "valid", File: file, Namespace: v.Namespace, ID: id, Warnings: v.Warnings, Infos: v.Infos}
	for _, line := range strings.Split(v.Constraints, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			res.Constraints = append(res.Constraints, line)
		}
	}
	if len(res.Constraints) > 0 {
		res.Status = "invalid"
	}
	r := c.Report(noun, plugin.Col("FILE", "file"), plugin.Col("ID", "id"), plugin.Col("NAMESPACE", "namespace"),
		plugin.Column{Header: "STATUS", Path: "status", Format: "status"}, plugin.Col("CONSTRAINTS", "constraints"), plugin.Col("WARNINGS", "warnings"))
	if err := r.Add(res.Status, res); err != nil {
		return err
	}
	if err := r.Close(); err != nil {
		return err
	}
	if res.Status == "invalid" {
		return cmderr.New(cmderr.Generic, "%s is invalid: %s", file, strings.Join(res.Constraints, "; "))
	}
	return nil
}

// FileLabel names a --file value in reports.
func FileLabel(path string) string {
	if path == "-" {
		return "<stdin>"
	}
	return path
}

// IDOf is the top-level id of a source ("" when it has none or does not
// parse): what a validation report names.
func IDOf(src []byte) string {
	if docs := yamldoc.Parse("", src); len(docs) > 0 && docs[0].Err == nil {
		return docs[0].Fields["id"]
	}
	return ""
}
