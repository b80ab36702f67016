package commands

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kestractl/kestractl/plugins/iam/iamapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// maxBindingsFile bounds a bindings file.
const maxBindingsFile = 16 << 20

// BindingsBulkCreate creates many bindings from a file.
type BindingsBulkCreate struct {
	File string `short:"f" required:"" placeholder:"FILE" help:"JSON or YAML list of bindings: type (USER or GROUP), externalId, roleId, optional namespaceId; - reads stdin."`
}

// Help is the detailed help of bindings bulk-create.
func (b *BindingsBulkCreate) Help() string {
	return `Every entry is checked locally first (type, ids, namespace, repeats), and
its user, group and role found (externalId takes an e-mail or a name too,
roleId a role name); then one request creates them all, or none: Kestra's
bulk route is all or nothing. The output is a report, with -o json
{"summary": {"total", "created"|"failed"}, "results": [{"status", "type",
"subject", "subjectId", "role", "roleId", "namespace", "id", "error"}]}.

  - type: USER
    externalId: alice@example.com
    roleId: operator
    namespaceId: company.team
  - type: GROUP
    externalId: admins
    roleId: 6Bq1kVw0n4pZzJ3cXyR2aT`
}

// Examples implements the SDK's Exampler.
func (b *BindingsBulkCreate) Examples() []string {
	return []string{
		"kestractl bindings bulk-create --file bindings.yaml",
		"kestractl bindings bulk-create -f bindings.json -o json",
	}
}

// bulkEntry is one binding of the file.
type bulkEntry struct {
	Type        string `yaml:"type"`
	ExternalID  string `yaml:"externalId"`
	RoleID      string `yaml:"roleId"`
	NamespaceID string `yaml:"namespaceId"`
}

// bulkResult is one result of the report.
type bulkResult struct {
	Status    string `json:"status"`
	Type      string `json:"type"`
	Subject   string `json:"subject,omitempty"`
	SubjectID string `json:"subjectId"`
	Role      string `json:"role,omitempty"`
	RoleID    string `json:"roleId"`
	Namespace string `json:"namespace,omitempty"`
	ID        string `json:"id,omitempty"`
	Error     string `json:"error,omitempty"`
}

// Run checks the file, resolves its references and creates the bindings.
func (b *BindingsBulkCreate) Run(c *plugin.Context) error {
	entries, err := b.read(c)
	if err != nil {
		return err
	}
	a, err := api(c)
	if err != nil {
		return err
	}
	reqs := make([]iamapi.BindingRequest, len(entries))
	results := make([]bulkResult, len(entries))
	for i, e := range entries {
		subject, err := resolveSubject(c, a, e.Type, e.ExternalID)
		if err != nil {
			return fmt.Errorf("%s: binding %d: %w", b.File, i+1, err)
		}
		role, err := a.ResolveRole(c, e.RoleID)
		if err != nil {
			return fmt.Errorf("%s: binding %d: %w", b.File, i+1, err)
		}
		reqs[i] = iamapi.BindingRequest{Type: e.Type, ExternalID: subject.ID, RoleID: role.ID, NamespaceID: e.NamespaceID}
		results[i] = bulkResult{Type: e.Type, Subject: subject.Name, SubjectID: subject.ID, Role: role.Name, RoleID: role.ID, Namespace: e.NamespaceID}
	}
	created, cerr := a.CreateBindings(c, reqs)
	r := c.Report("bindings", plugin.Col("ID", "id"), plugin.Col("TYPE", "type"), plugin.Col("SUBJECT", "subject"),
		plugin.Col("ROLE", "role"), plugin.Col("NAMESPACE", "namespace"), plugin.Column{Header: "STATUS", Path: "status", Format: "status"},
		plugin.Col("ERROR", "error"))
	for i, res := range results {
		res.Status = "created"
		switch {
		case cerr != nil:
			res.Status, res.Error = "failed", cerr.Error()
		case i < len(created):
			if bd, err := iamapi.Decode[iamapi.Binding](created[i]); err == nil {
				res.ID = bd.ID
			}
		}
		if err := r.Add(res.Status, res); err != nil {
			return err
		}
	}
	if err := r.Close(); err != nil {
		return err
	}
	if cerr != nil {
		return cmderr.From(fmt.Errorf("no binding was created (the server creates all or none): %w", cerr))
	}
	return c.Success("%d binding(s) created in tenant '%s'.", len(results), a.Tenant())
}

// read parses and checks the file; every problem is listed, nothing is
// sent.
func (b *BindingsBulkCreate) read(c *plugin.Context) ([]bulkEntry, error) {
	var r io.Reader
	if b.File == "-" {
		r = c.Stdin()
	} else {
		f, err := os.Open(c.Path(b.File))
		if err != nil {
			return nil, cmderr.Usagef("--file: %v", err)
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxBindingsFile+1))
	if err != nil {
		return nil, cmderr.Usagef("--file %s: %v", b.File, err)
	}
	if len(data) > maxBindingsFile {
		return nil, cmderr.Usagef("--file %s is larger than 16 MiB", b.File)
	}
	entries, problems := parseBindings(data)
	if len(problems) > 0 {
		return nil, cmderr.Usagef("%s: %d problem(s); nothing was sent", b.File, len(problems)).WithDetails(problems...)
	}
	return entries, nil
}

// parseBindings reads a JSON or YAML list of bindings and checks each.
func parseBindings(data []byte) ([]bulkEntry, []string) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, []string{"the file is empty: expected a list of bindings"}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var entries []bulkEntry
	if err := dec.Decode(&entries); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return nil, te.Errors
		}
		return nil, []string{"expected a JSON or YAML list of bindings: " + strings.SplitN(err.Error(), "\n", 2)[0]}
	}
	if len(entries) == 0 {
		return nil, []string{"the list holds no binding"}
	}
	var problems []string
	seen := map[bulkEntry]int{}
	for i := range entries {
		e := &entries[i]
		bad := func(format string, args ...any) {
			problems = append(problems, fmt.Sprintf("binding %d: %s", i+1, fmt.Sprintf(format, args...)))
		}
		e.Type = strings.ToUpper(strings.TrimSpace(e.Type))
		if e.Type != "USER" && e.Type != "GROUP" {
			bad("type %q is not USER or GROUP", e.Type)
		}
		if strings.TrimSpace(e.ExternalID) == "" {
			bad("externalId is missing (the user or group)")
		}
		if strings.TrimSpace(e.RoleID) == "" {
			bad("roleId is missing")
		}
		if e.NamespaceID != "" {
			if err := plugin.ValidateNamespace(e.NamespaceID); err != nil {
				bad("%v", err)
			}
		}
		if j, ok := seen[*e]; ok {
			bad("the same binding as binding %d", j)
		}
		seen[*e] = i + 1
	}
	return entries, problems
}
