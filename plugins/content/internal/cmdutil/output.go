package cmdutil

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"unicode/utf8"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/outfile"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// WriteFile writes content to path the way every kestractl download does
// (sdk/outfile: a temporary file renamed into place once complete, an
// existing file's mode kept, a link's target replaced, no special file
// overwritten); on any failure the path is left as it was. Missing parent
// directories are created. It returns the number of bytes written.
func WriteFile(path string, content io.Reader) (int64, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return 0, cmderr.Usagef("%s is a directory: give a file name", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return 0, fmt.Errorf("write %s: %w", path, err)
	}
	f, err := outfile.Create(path)
	if err != nil {
		if errors.Is(err, outfile.ErrNotRegular) {
			return 0, cmderr.Usagef("%s: %v", path, err)
		}
		return 0, err
	}
	n, err := io.Copy(f, content)
	if err != nil {
		f.Abort()
		return n, fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Commit(); err != nil {
		return n, err
	}
	return n, nil
}

// Output sends a downloaded content (an export, a CSV, logs) to a local
// file given with --output-file, atomically, with a one-result report; or
// streams it to stdout, except binary content to a terminal (hint says
// how to save it instead).
func Output(c *plugin.Context, file, noun string, body io.Reader, hint string) error {
	if file != "" {
		target := c.Path(file)
		bar := c.Progress("download", "Downloading "+filepath.Base(target), 0, "bytes")
		n, err := WriteFile(target, io.TeeReader(body, bar))
		bar.Done(errText(err))
		if err != nil {
			return err
		}
		r := c.Report(noun, plugin.Col("FILE", "file"), plugin.Column{Header: "SIZE", Path: "size", Format: "bytes"},
			plugin.Column{Header: "STATUS", Path: "status", Format: "status"})
		if err := r.Add("written", struct {
			Status string `json:"status"`
			File   string `json:"file"`
			Size   int64  `json:"size"`
		}{"written", file, n}); err != nil {
			return err
		}
		return r.Close()
	}
	br := bufio.NewReaderSize(body, 8<<10)
	if c.Terminal().StdoutTTY {
		head, err := br.Peek(8 << 10)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
		if IsBinary(head) {
			return cmderr.Usagef("the %s is binary content: it is not written to a terminal", noun).WithHint("%s", hint)
		}
	}
	_, err := io.Copy(c.Stdout(), br)
	return err
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// IsBinary reports whether the beginning of a content looks binary: a NUL
// byte or invalid UTF-8 (a rune cut at the end is not).
func IsBinary(head []byte) bool {
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	for len(head) > 0 {
		r, n := utf8.DecodeRune(head)
		if r == utf8.RuneError && n == 1 {
			return len(head) >= utf8.UTFMax || utf8.FullRune(head)
		}
		head = head[n:]
	}
	return false
}
