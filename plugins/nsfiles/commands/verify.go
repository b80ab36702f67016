package commands

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"

	"github.com/kestractl/kestractl/plugins/nsfiles/nsapi"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/idle"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// readBackLimit bounds the files whose content is read back to check an
// upload whose outcome is unknown; a larger file is only compared by size,
// which does not prove it was stored.
const readBackLimit = 16 << 20

// ambiguous reports whether a failed upload may nonetheless have been
// stored: the connection broke or timed out once the request could have
// reached the server, or a gateway answered that the server did not
// answer in time (502, 504). A refused connection or an unknown host sent
// nothing.
func ambiguous(err error) bool {
	var dns *net.DNSError
	var ne *kestra.NetworkError
	switch {
	case kestra.IsStatus(err, 502, 504), cmderr.CodeOf(err) == cmderr.Timeout:
		return true
	case !errors.As(err, &ne):
		return false
	case errors.Is(err, syscall.ECONNREFUSED), errors.As(err, &dns):
		return false
	}
	return true
}

// verify checks whether the remote file p holds the local content (size
// bytes from open): the same size and, up to readBackLimit, the same bytes
// read back. note says what was found, for the report.
func verify(c *plugin.Context, client *kestra.Client, ns, p string, size int64, open func() (*os.File, error)) (held bool, note string) {
	a, err := nsapi.Stat(c, client, ns, p)
	switch {
	case err != nil:
		return false, ""
	case a.IsDir() || a.Size != size:
		return false, "the server does not hold the new content"
	case size > readBackLimit:
		return false, fmt.Sprintf("the server holds a file of the same size, not compared: it is larger than %d MiB; check it or upload again", readBackLimit>>20)
	}
	local, err := open()
	if err != nil {
		return false, ""
	}
	defer local.Close()
	wd := idle.Start(c, client.Timeout())
	defer wd.Stop()
	resp, err := nsapi.Open(wd.Context(), client, ns, p, 0)
	if err != nil {
		return false, ""
	}
	defer resp.Body.Close()
	same, err := sameContent(io.LimitReader(wd.Reader(resp.Body), size+1), local)
	switch {
	case err != nil:
		return false, ""
	case !same:
		return false, "the server does not hold the new content"
	}
	return true, "the server holds the new content (size and content checked)"
}

// sameContent compares two streams to their ends.
func sameContent(a, b io.Reader) (bool, error) {
	bufA, bufB := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		na, errA := io.ReadFull(a, bufA)
		nb, errB := io.ReadFull(b, bufB)
		if !bytes.Equal(bufA[:na], bufB[:nb]) {
			return false, nil
		}
		endA := errors.Is(errA, io.EOF) || errors.Is(errA, io.ErrUnexpectedEOF)
		endB := errors.Is(errB, io.EOF) || errors.Is(errB, io.ErrUnexpectedEOF)
		switch {
		case errA != nil && !endA:
			return false, errA
		case errB != nil && !endB:
			return false, errB
		case endA || endB:
			return endA == endB, nil
		}
	}
}
