package yamldoc

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// StdinName names what was read from standard input.
const StdinName = "<stdin>"

// File is one file of the paths given, read.
type File struct {
	// Name is the file as the user gave it: relative to the working
	// directory when the path on the command line was relative, StdinName
	// for standard input.
	Name string
	Data []byte
	// Err says why the file could not be read (it is reported in its
	// place, the other files go on).
	Err error
}

// ReadOptions say how ReadFiles reads.
type ReadOptions struct {
	// Recursive searches the subdirectories of a directory.
	Recursive bool
	// Stdin lets "-" stand for standard input (once).
	Stdin bool
	// Limit bounds one file (and standard input), in bytes.
	Limit int64
}

// ReadFiles collects the YAML files of each path (Collect) and reads them,
// each once (a directory and a file in it may both be given). A path
// without YAML files is a usage error naming it as given.
func ReadFiles(c *plugin.Context, paths []string, o ReadOptions) ([]File, error) {
	var out []File
	seen := map[string]bool{}
	for _, p := range paths {
		if p == "-" && o.Stdin {
			if seen[StdinName] {
				return nil, cmderr.Usagef("standard input (-) can be given once")
			}
			seen[StdinName] = true
			data, err := readLimited(c.Stdin(), o.Limit)
			if err != nil {
				return nil, cmderr.Usagef("read standard input: %v", err)
			}
			out = append(out, File{Name: StdinName, Data: data})
			continue
		}
		abs := c.Path(p)
		files, err := Collect(abs, o.Recursive)
		if err != nil {
			// Name the path as the user gave it.
			return nil, cmderr.Usagef("%s", strings.ReplaceAll(err.Error(), strconv.Quote(abs), strconv.Quote(p)))
		}
		for _, f := range files {
			if seen[f] {
				continue
			}
			seen[f] = true
			file := File{Name: DisplayName(c, p, f)}
			if file.Data, file.Err = readFile(f, o.Limit); file.Err != nil {
				file.Err = fmt.Errorf("cannot read the file: %w", file.Err)
			}
			out = append(out, file)
		}
	}
	return out, nil
}

// DisplayName names a file found under the path given as the user would:
// relative to the working directory when given was relative.
func DisplayName(c *plugin.Context, given, file string) string {
	if filepath.IsAbs(given) || c.Cwd() == "" {
		return file
	}
	if rel, err := filepath.Rel(c.Cwd(), file); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return file
}

func readFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readLimited(f, limit)
}

func readLimited(r io.Reader, limit int64) ([]byte, error) {
	if limit <= 0 {
		return io.ReadAll(r)
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("larger than %s", plugin.Bytes(limit))
	}
	return b, nil
}
