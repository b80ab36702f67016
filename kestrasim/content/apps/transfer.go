package apps

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/content/source"
	"github.com/kestractl/kestractl/kestrasim/content/store"
	"github.com/kestractl/kestractl/kestrasim/ids"
	"github.com/kestractl/kestractl/kestrasim/rest"
	"github.com/kestractl/kestractl/kestrasim/yamldoc"
)

// maxImport bounds an import upload.
const maxImport = 64 << 20

// export answers a ZIP archive holding the source of each requested app,
// as <namespace>.<id>.yml; unknown uids are left out.
func (h *Handlers) export(w http.ResponseWriter, r *http.Request) error {
	uids, err := readUIDs(r)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	var items []*store.Item[*App]
	for _, uid := range uids {
		it, err := h.Store.Get(a.Tenant, uid)
		if err != nil {
			continue
		}
		if err := a.Require(resource, "VIEW", it.Value.Namespace); err != nil {
			return err
		}
		items = append(items, it)
	}
	entries := make([]rest.ZipEntry, len(items))
	for i, it := range items {
		entries[i] = rest.ZipEntry{Name: it.Value.Namespace + "." + it.Value.ID + ".yml", Content: it.Source}
	}
	return rest.WriteZip(w, "apps.zip", entries)
}

// importError is AppsController.ApiBulkImportResponse.Error.
type importError struct {
	Source  string `json:"source"`
	Message string `json:"message"`
}

// importResponse is AppsController.ApiBulkImportResponse.
type importResponse struct {
	Success []string      `json:"success"`
	Errors  []importError `json:"errors"`
}

// importApps creates or updates (matched by namespace and id) the apps of
// an uploaded ZIP archive of YAML files or multi-document YAML file. Each
// source that fails is reported by file name (ZIP) or index (YAML); the
// others are imported.
func (h *Handlers) importApps(w http.ResponseWriter, r *http.Request) error {
	data, _, err := rest.ReadUpload(r, "fileUpload", maxImport)
	if err != nil {
		return err
	}
	out := importResponse{Success: []string{}, Errors: []importError{}}
	add := func(name string, src []byte) {
		it, err := h.upsert(r, src)
		if err != nil {
			out.Errors = append(out.Errors, importError{Source: name, Message: rest.AsError(err).Message})
			return
		}
		out.Success = append(out.Success, it.Key)
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06")) {
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return rest.BadRequest("Invalid ZIP archive: %v", err)
		}
		for _, f := range zr.File {
			ext := strings.ToLower(path.Ext(f.Name))
			if f.FileInfo().IsDir() || (ext != ".yml" && ext != ".yaml") {
				continue
			}
			src, err := readZipFile(f)
			if err != nil {
				out.Errors = append(out.Errors, importError{Source: f.Name, Message: err.Error()})
				continue
			}
			add(f.Name, src)
		}
	} else {
		for i, doc := range yamldoc.SplitDocuments(data) {
			add(strconv.Itoa(i), doc)
		}
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

func readZipFile(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > source.MaxSize {
		return nil, fmt.Errorf("file is larger than %d bytes", source.MaxSize)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("cannot read file: %w", err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, source.MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read file: %w", err)
	}
	return data, nil
}

// upsert creates an app, or updates the one with the same namespace and
// id.
func (h *Handlers) upsert(r *http.Request, src []byte) (*store.Item[*App], error) {
	app, err := parse(src)
	if err != nil {
		return nil, err
	}
	a := auth.From(r.Context())
	cur, exists := h.byIdentity(a.Tenant, app.Namespace, app.ID)
	if !exists {
		if err := a.Require(resource, "CREATE", app.Namespace); err != nil {
			return nil, err
		}
		return h.Store.Create(a.Tenant, ids.New(), app, string(src))
	}
	if err := a.Require(resource, "UPDATE", app.Namespace); err != nil {
		return nil, err
	}
	return h.Store.Replace(a.Tenant, cur.Key, app, string(src))
}
