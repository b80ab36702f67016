package cmdutil

import (
	"fmt"
	"io"
	"net/http"

	"github.com/kestractl/kestractl/sdk/kestra"
)

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
