package cmdutil

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Download is a file the server sends (an export) and where it goes.
type Download struct {
	// Path is the -O/--output-file value as given ("" or "-": stdout).
	Path string
	// What names the content in messages ("ZIP archive", "CSV file").
	What string
	// Binary content is never written to a terminal.
	Binary bool
	// Fetch asks the server and hands the answer to read (possibly more
	// than once, when a dropped connection is retried).
	Fetch func(read func(*http.Response) error) error
	// Verify, when set, checks the complete download before it is put in
	// place (e.g. that a ZIP archive can be read).
	Verify func(f *os.File, size int64) error
}

// Saved says where a download went.
type Saved struct {
	// File is the path written ("" for stdout); Size its bytes.
	File string
	Size int64
}

// Save downloads into a temporary file next to the destination, verifies
// it and renames it into place: the destination never holds a partial
// file, and an existing file is replaced only by a complete download.
// Without a path the content goes to stdout — refused for binary content
// on a terminal.
func Save(c *plugin.Context, d Download) (Saved, error) {
	toStdout := d.Path == "" || d.Path == "-"
	if toStdout && d.Binary && c.Terminal().StdoutTTY {
		return Saved{}, cmderr.Usagef("refusing to write a %s to the terminal", d.What).
			WithHint("use -O/--output-file FILE or redirect stdout to a file")
	}
	dir, final := os.TempDir(), ""
	if !toStdout {
		final = c.Path(d.Path)
		dir = filepath.Dir(final)
		if st, err := os.Stat(final); err == nil && st.IsDir() {
			return Saved{}, cmderr.Usagef("--output-file %q is a directory: give a file name", d.Path)
		}
		if _, err := os.Stat(dir); err != nil {
			return Saved{}, cmderr.Usagef("cannot write %q: directory %q does not exist", d.Path, filepath.Dir(d.Path))
		}
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(final)+".kestractl-*.partial")
	if err != nil {
		return Saved{}, cmderr.Usagef("cannot write into %q: %v", dir, err)
	}
	kept := false
	defer func() {
		tmp.Close()
		if !kept {
			os.Remove(tmp.Name())
		}
	}()
	prog := c.Progress("download", "Downloading "+d.What, 0, "bytes")
	var size int64
	err = d.Fetch(func(resp *http.Response) error {
		// A retried answer starts over.
		if err := tmp.Truncate(0); err != nil {
			return err
		}
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return err
		}
		prog.SetCurrent(0)
		if resp.ContentLength > 0 {
			prog.SetTotal(resp.ContentLength)
		}
		body := &readSide{r: resp.Body}
		n, err := io.Copy(io.MultiWriter(tmp, prog), body)
		size = n
		if body.err != nil {
			// A connection dropped mid-answer: the request is repeated
			// when that is safe, and the file starts over.
			return kestra.ReadError(err)
		}
		return err
	})
	if err != nil {
		prog.Done(err.Error())
		return Saved{}, err
	}
	prog.Done("")
	if d.Verify != nil {
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return Saved{}, err
		}
		if err := d.Verify(tmp, size); err != nil {
			return Saved{}, err
		}
	}
	if toStdout {
		if _, err := tmp.Seek(0, io.SeekStart); err != nil {
			return Saved{}, err
		}
		if _, err := io.Copy(c.Stdout(), tmp); err != nil {
			return Saved{}, fmt.Errorf("write to stdout: %w", err)
		}
		return Saved{Size: size}, nil
	}
	if err := tmp.Chmod(0o644); err != nil {
		return Saved{}, fmt.Errorf("write %s: %w", d.Path, err)
	}
	if err := tmp.Sync(); err != nil {
		return Saved{}, fmt.Errorf("write %s: %w", d.Path, err)
	}
	if err := tmp.Close(); err != nil {
		return Saved{}, fmt.Errorf("write %s: %w", d.Path, err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return Saved{}, fmt.Errorf("write %s: %w", d.Path, err)
	}
	kept = true
	return Saved{File: final, Size: size}, nil
}

// readSide remembers an error of the reader (the answer), to tell it from
// an error writing the file.
type readSide struct {
	r   io.Reader
	err error
}

func (s *readSide) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF {
		s.err = err
	}
	return n, err
}

// ReadAll reads a whole answer of at most limit bytes (what names it in
// the error); a dropped connection is a read error the client retries.
func ReadAll(resp *http.Response, limit int64, what string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, kestra.ReadError(err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s is larger than %d MiB", what, limit>>20)
	}
	return b, nil
}
