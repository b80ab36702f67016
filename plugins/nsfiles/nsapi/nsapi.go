// Package nsapi calls the namespace and namespace-file endpoints of the
// Kestra API. Paths given to it are clean ("/a/b.txt", see remotepath).
package nsapi

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kestractl/kestractl/sdk/kestra"
)

// File types of FileAttributes.
const (
	TypeFile      = "File"
	TypeDirectory = "Directory"
)

// Attributes is Kestra's FileAttributes.
type Attributes struct {
	FileName         string `json:"fileName"`
	Type             string `json:"type"`
	Size             int64  `json:"size"`
	LastModifiedTime int64  `json:"lastModifiedTime"`
	CreationTime     int64  `json:"creationTime"`
}

// IsDir reports whether the entry is a directory.
func (a Attributes) IsDir() bool { return a.Type == TypeDirectory }

func filesPath(c *kestra.Client, ns string, sub ...string) string {
	return c.TenantPath(append([]string{"namespaces", ns, "files"}, sub...)...)
}

func pathQuery(p string) url.Values { return url.Values{"path": {p}} }

// Stat returns a path's attributes (GET .../files/stats).
func Stat(ctx context.Context, c *kestra.Client, ns, p string) (Attributes, error) {
	var a Attributes
	err := c.Get(ctx, filesPath(c, ns, "stats"), pathQuery(p), &a)
	return a, err
}

// List returns a directory's entries (GET .../files/directory).
func List(ctx context.Context, c *kestra.Client, ns, dir string) ([]Attributes, error) {
	var out []Attributes
	err := c.Get(ctx, filesPath(c, ns, "directory"), pathQuery(dir), &out)
	return out, err
}

// StatRaw returns a path's FileAttributes as the server sent them.
func StatRaw(ctx context.Context, c *kestra.Client, ns, p string) (json.RawMessage, error) {
	var raw json.RawMessage
	err := c.Get(ctx, filesPath(c, ns, "stats"), pathQuery(p), &raw)
	return raw, err
}

// ListRaw returns a directory's entries as the server sent them.
func ListRaw(ctx context.Context, c *kestra.Client, ns, dir string) ([]json.RawMessage, error) {
	var out []json.RawMessage
	err := c.Get(ctx, filesPath(c, ns, "directory"), pathQuery(dir), &out)
	return out, err
}

// Open streams a file's content (GET .../files, octet-stream); revision 0
// is the latest. The caller closes the body.
func Open(ctx context.Context, c *kestra.Client, ns, p string, revision int) (*http.Response, error) {
	q := pathQuery(p)
	if revision > 0 {
		q.Set("revision", strconv.Itoa(revision))
	}
	return c.Do(ctx, &kestra.Request{Method: http.MethodGet, Path: filesPath(c, ns), Query: q,
		Accept: "application/octet-stream", Stream: true})
}

// Upload stores content at p (POST .../files, multipart part fileContent),
// streamed: open is called once per attempt and size is its exact length.
// The server replaces an existing file only once the new content is
// complete (a new revision), so a failed upload leaves it intact.
func Upload(ctx context.Context, c *kestra.Client, ns, p, fileName string, size int64, open func() (io.ReadCloser, error)) error {
	req := &kestra.Request{Method: http.MethodPost, Path: filesPath(c, ns), Query: pathQuery(p), Stream: true,
		// Storing the same content at the same path again is harmless.
		Idempotent: true}
	if err := req.SetMultipartFile(kestra.FilePart{Field: "fileContent", FileName: fileName, Size: size, Open: open}); err != nil {
		return err
	}
	return c.JSON(ctx, req, nil)
}

// Mkdir creates a directory and its parents (POST .../files/directory).
func Mkdir(ctx context.Context, c *kestra.Client, ns, dir string) error {
	return c.JSON(ctx, &kestra.Request{Method: http.MethodPost, Path: filesPath(c, ns, "directory"), Query: pathQuery(dir), Idempotent: true}, nil)
}

// Delete removes a file, or a directory with its content (DELETE .../files).
func Delete(ctx context.Context, c *kestra.Client, ns, p string) error {
	return c.JSON(ctx, &kestra.Request{Method: http.MethodDelete, Path: filesPath(c, ns), Query: pathQuery(p)}, nil)
}
