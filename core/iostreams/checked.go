package iostreams

import (
	"io"
	"sync"
)

// CheckedWriter is standard output that remembers its first write failure
// (a full disk, a closed file), so that a command whose output was lost
// does not end in success whatever else happened: the core reports it
// (exit 1). A closed pipe is not seen here: writing to it ends the process
// by SIGPIPE, as for any program.
type CheckedWriter struct {
	W io.Writer

	mu  sync.Mutex
	err error
}

// Write writes p, remembering a failure.
func (c *CheckedWriter) Write(p []byte) (int, error) {
	n, err := c.W.Write(p)
	if err != nil {
		c.Fail(err)
	}
	return n, err
}

// ReadFrom lets io.Copy use the underlying writer's ReadFrom (a file takes
// bytes from a socket without copying them). A failure there may be the
// reader's: the caller that knows says so with Fail.
func (c *CheckedWriter) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.W.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c}, r)
}

// Fail records err as the output's failure (the first one wins).
func (c *CheckedWriter) Fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err == nil {
		c.err = err
	}
}

// Err is the first failure, if any.
func (c *CheckedWriter) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}
