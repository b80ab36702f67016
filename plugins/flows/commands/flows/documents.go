package flows

import (
	"fmt"
	"io"
	"os"

	"github.com/kestractl/kestractl/plugins/flows/flowfile"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/yamldoc"
)

// maxStdinFlows bounds the flow documents read from stdin (and from one
// file).
const maxStdinFlows = 64 << 20

// stdinName labels documents read from stdin.
const stdinName = yamldoc.StdinName

// loadDocuments collects the files under each path ("-": one document
// stream on stdin) and splits them into documents. A file that cannot be
// read, or holds no document, becomes a document carrying the error, so it
// is reported in its place.
func loadDocuments(c *plugin.Context, paths []string, recursive bool) ([]*flowfile.Document, error) {
	files, err := yamldoc.ReadFiles(c, paths, yamldoc.ReadOptions{Recursive: recursive, Stdin: true, Limit: maxStdinFlows})
	if err != nil {
		return nil, err
	}
	var docs []*flowfile.Document
	for _, f := range files {
		if f.Err != nil {
			docs = append(docs, flowfile.Failed(f.Name, f.Err))
			continue
		}
		docs = append(docs, parseFile(f.Name, f.Data)...)
	}
	return docs, nil
}

func parseFile(name string, data []byte) []*flowfile.Document {
	parsed := flowfile.Parse(name, data)
	if len(parsed) == 0 {
		return []*flowfile.Document{flowfile.Failed(name, yamldoc.ErrNoDocument)}
	}
	return parsed
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
