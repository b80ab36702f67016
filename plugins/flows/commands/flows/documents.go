package flows

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kestractl/kestractl/plugins/flows/flowfile"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// maxStdinFlows bounds the flow documents read from stdin.
const maxStdinFlows = 64 << 20

// stdinName labels documents read from stdin.
const stdinName = "<stdin>"

// loadDocuments collects the files under each path ("-": one document
// stream on stdin) and splits them into documents. A file that cannot be
// read, or holds no document, becomes a document carrying the error, so it
// is reported in its place.
func loadDocuments(c *plugin.Context, paths []string, recursive bool) ([]*flowfile.Document, error) {
	var docs []*flowfile.Document
	seen := map[string]bool{}
	for _, p := range paths {
		if p == "-" {
			if seen[stdinName] {
				return nil, cmderr.Usagef("stdin (-) can be given once")
			}
			seen[stdinName] = true
			data, err := io.ReadAll(io.LimitReader(c.Stdin(), maxStdinFlows+1))
			if err != nil {
				return nil, fmt.Errorf("read flows from stdin: %w", err)
			}
			if len(data) > maxStdinFlows {
				return nil, cmderr.Usagef("the flows on stdin are larger than %d MiB", maxStdinFlows>>20)
			}
			docs = append(docs, parseFile(stdinName, data)...)
			continue
		}
		abs := c.Path(p)
		files, err := flowfile.Collect(abs, recursive)
		if err != nil {
			// Name the path as the user gave it.
			return nil, cmderr.Usagef("%s", strings.ReplaceAll(err.Error(), strconv.Quote(abs), strconv.Quote(p)))
		}
		for _, f := range files {
			if seen[f] {
				continue // a file named twice (a directory and a file in it)
			}
			seen[f] = true
			name := displayName(c, p, f)
			data, err := os.ReadFile(f)
			if err != nil {
				docs = append(docs, &flowfile.Document{File: name, Count: 1, Err: fmt.Errorf("cannot read the file: %w", err)})
				continue
			}
			docs = append(docs, parseFile(name, data)...)
		}
	}
	return docs, nil
}

// displayName names a file in reports as the user gave it: relative to the
// working directory when the path on the command line was relative.
func displayName(c *plugin.Context, given, file string) string {
	if filepath.IsAbs(given) || c.Cwd() == "" {
		return file
	}
	if rel, err := filepath.Rel(c.Cwd(), file); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return file
}

func parseFile(name string, data []byte) []*flowfile.Document {
	parsed := flowfile.Parse(name, data)
	if len(parsed) == 0 {
		return []*flowfile.Document{{File: name, Count: 1, Err: flowfile.ErrNoDocument}}
	}
	return parsed
}

func docNumber(d *flowfile.Document) int {
	if d.Count > 1 {
		return d.Index + 1
	}
	return 0
}

// readFileArg reads a --file value: a local file, or stdin for "-". It
// returns the content and the name to show.
func readFileArg(c *plugin.Context, flag, path string) ([]byte, string, error) {
	if path == "-" {
		data, err := io.ReadAll(io.LimitReader(c.Stdin(), maxStdinFlows+1))
		if err != nil {
			return nil, stdinName, fmt.Errorf("read %s from stdin: %w", flag, err)
		}
		if len(data) > maxStdinFlows {
			return nil, stdinName, cmderr.Usagef("%s on stdin is larger than %d MiB", flag, maxStdinFlows>>20)
		}
		return data, stdinName, nil
	}
	p := c.Path(path)
	st, err := os.Stat(p)
	switch {
	case err != nil:
		return nil, path, cmderr.Usagef("cannot read %s %q: %v", flag, path, errText(err))
	case st.IsDir():
		return nil, path, cmderr.Usagef("%s %q is a directory: give a file", flag, path)
	case st.Size() > maxStdinFlows:
		return nil, path, cmderr.Usagef("%s %q is larger than %d MiB", flag, path, maxStdinFlows>>20)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, path, cmderr.Usagef("cannot read %s %q: %v", flag, path, errText(err))
	}
	return data, path, nil
}
