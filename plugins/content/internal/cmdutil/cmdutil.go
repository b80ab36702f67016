// Package cmdutil holds what the content plugin's command groups share:
// the API client of a command, error wording (not found, Enterprise
// features), source files given with --file, outputs written to local
// files and validation reports.
package cmdutil

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Client returns the API client of the command.
func Client(c *plugin.Context) (*api.Client, error) {
	k, err := c.Kestra()
	if err != nil {
		return nil, err
	}
	return api.New(k), nil
}

// Fail explains the error of a call to an Enterprise feature (what, e.g.
// "test suites"): on an open-source server a 404 says the feature is
// Enterprise-only (exit 4); on Enterprise a 404 becomes the not-found
// error given (none: the server's own message).
func Fail(c *plugin.Context, err error, what string, notFound string, args ...any) error {
	if err == nil {
		return nil
	}
	if kestra.IsNotFound(err) {
		if e := c.EnterpriseOnly(err, what); !kestra.IsNotFound(e) {
			return e
		}
	}
	if notFound != "" {
		return kestra.NotFoundAs(err, notFound, args...)
	}
	return err
}

// maxSource bounds a source read from a file or stdin.
const maxSource = 16 << 20

// ReadSource reads the source given with --file: a path, or "-" for
// standard input. what names it in errors ("test suite").
func ReadSource(c *plugin.Context, path, what string) ([]byte, error) {
	var r io.Reader
	if path == "-" {
		if c.Terminal().StdinTTY {
			return nil, cmderr.Usagef("--file - reads the %s from standard input, which is a terminal", what).
				WithHint("pipe the file in, or give its path")
		}
		r = c.Stdin()
	} else {
		f, err := os.Open(c.Path(path))
		if err != nil {
			return nil, cmderr.Usagef("cannot read the %s file %s: %v", what, path, unwrapPathError(err))
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return nil, cmderr.Usagef("%s is a directory: give the %s file", path, what)
		}
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, maxSource+1))
	if err != nil {
		return nil, fmt.Errorf("read the %s: %w", what, err)
	}
	if len(b) > maxSource {
		return nil, cmderr.Usagef("the %s is larger than %d MiB", what, maxSource>>20)
	}
	if strings.TrimSpace(string(b)) == "" {
		return nil, cmderr.Usagef("the %s file %s is empty", what, displayPath(path))
	}
	return b, nil
}

func displayPath(p string) string {
	if p == "-" {
		return "on stdin"
	}
	return p
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Saved reports a created or updated resource: the server's object with
// -o json/yaml, else a success message on stderr.
func Saved(c *plugin.Context, raw json.RawMessage, format string, args ...any) error {
	if c.Structured() {
		return c.Object(raw)
	}
	return c.Success(format, args...)
}

// Deleted reports a deleted resource: {"status": "deleted", ...fields}
// with -o json/yaml, else a success message.
func Deleted(c *plugin.Context, fields map[string]string, format string, args ...any) error {
	if c.Structured() {
		out := map[string]string{"status": "deleted"}
		for k, v := range fields {
			out[k] = v
		}
		return c.Object(out)
	}
	return c.Success(format, args...)
}

// CheckID refuses an id that cannot name a resource in a URL path.
func CheckID(what, id string) error {
	if strings.TrimSpace(id) == "" || strings.ContainsAny(id, "/\\?#%\t\n") || id == "." || id == ".." {
		return cmderr.Usagef("invalid %s %q", what, id)
	}
	return nil
}

// SourceOf prints a resource's YAML source verbatim on stdout (table
// output), or the server's object (-o json/yaml).
func SourceOf(c *plugin.Context, raw json.RawMessage, source, what string) error {
	if c.Structured() {
		return c.Object(raw)
	}
	if source == "" {
		return cmderr.New(cmderr.Generic, "the %s has no source", what)
	}
	if !strings.HasSuffix(source, "\n") {
		source += "\n"
	}
	_, err := io.WriteString(c.Stdout(), source)
	return err
}
