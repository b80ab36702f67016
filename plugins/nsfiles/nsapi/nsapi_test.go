package nsapi

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

// failingReader yields n bytes, then fails.
type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, errors.New("disk error")
	}
	k := min(len(p), r.n)
	for i := range p[:k] {
		p[i] = 'x'
	}
	r.n -= k
	return k, nil
}

func (r *failingReader) Close() error { return nil }

func read(t *testing.T, c *kestra.Client, p string) string {
	t.Helper()
	resp, err := Open(context.Background(), c, "ns", p, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// TestFailedReplaceKeepsTheFile is the --override guarantee: the new
// content goes straight to the destination, which the server swaps in only
// once complete; a cut upload leaves the old file whole.
func TestFailedReplaceKeepsTheFile(t *testing.T) {
	url := plugintest.StartKestrasim(t)
	c, err := kestra.New(kestra.Config{BaseURL: url, Tenant: "main", MaxAttempts: 1,
		Credentials: kestra.StaticCredentials{Username: plugintest.SimUser, Password: plugintest.SimPassword}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	old := "the old content"
	if err := Upload(ctx, c, "ns", "/dir/f.txt", "f.txt", int64(len(old)), func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(old)), nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, size := range []int64{1 << 20, -1} {
		err := Upload(ctx, c, "ns", "/dir/f.txt", "f.txt", size, func() (io.ReadCloser, error) {
			return &failingReader{n: 300 << 10}, nil
		})
		if err == nil {
			t.Fatalf("size %d: the cut upload succeeded", size)
		}
		if got := read(t, c, "/dir/f.txt"); got != old {
			t.Fatalf("size %d: after a failed replace the file holds %d bytes", size, len(got))
		}
	}
	a, err := Stat(ctx, c, "ns", "/dir/f.txt")
	if err != nil || a.Size != int64(len(old)) || a.IsDir() {
		t.Fatalf("stat = %+v, %v", a, err)
	}
	entries, err := List(ctx, c, "ns", "/dir")
	if err != nil || len(entries) != 1 {
		t.Fatalf("list = %+v, %v", entries, err)
	}
	if ok, err := c.NamespaceExists(ctx, "ns"); !ok || err != nil {
		t.Fatalf("namespace: %v %v", ok, err)
	}
	if ok, err := c.NamespaceExists(ctx, "nope"); ok || err != nil {
		t.Fatalf("missing namespace: %v %v", ok, err)
	}
}
