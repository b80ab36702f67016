package executions

import (
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/kestractl/kestractl/kestrasim/maven"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// outputFile is one file of an execution's internal storage: a file on disk
// (inputs, Write content) or generated data (Write size).
type outputFile struct {
	path string
	gen  *maven.Content
}

// generatedFile is size bytes of the AES-CTR keystream the Maven repository
// uses, keyed by the file's URI: deterministic, seekable, never held in
// memory.
func generatedFile(uri string, size int64) *outputFile {
	return &outputFile{gen: maven.NewContent("kestrasim-output:"+uri, size)}
}

// open returns the file's content and size.
func (f *outputFile) open() (io.ReadSeeker, int64, func(), error) {
	if f.gen != nil {
		return f.gen.Reader(), f.gen.Size(), func() {}, nil
	}
	fh, err := os.Open(f.path)
	if err != nil {
		return nil, 0, nil, err
	}
	st, err := fh.Stat()
	if err != nil {
		fh.Close()
		return nil, 0, nil, err
	}
	return fh, st.Size(), func() { fh.Close() }, nil
}

// executionPath matches the storage path of an execution's files:
// /<namespace as path>/<flow>/executions/<id>/... (StorageContext).
var executionPath = regexp.MustCompile(`^/.+/executions/([a-zA-Z0-9]+)(/.*)?$`)

// resolveFile finds the file a path query parameter names, as
// ExecutionController.validateFile does: it must be in the execution's
// storage; a file of another execution of the same flow redirects there
// (301, Micronaut's HttpResponse.redirect); anything else is refused.
func (h *Handlers) resolveFile(w http.ResponseWriter, r *http.Request, e *Execution, suffix string) (*outputFile, bool, error) {
	raw := r.URL.Query().Get("path")
	if raw == "" {
		return nil, false, rest.BadRequest("Required QueryValue [path] not specified")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, false, rest.BadRequest("Failed to convert argument [path] for value [%s]", raw)
	}
	if u.Scheme != "kestra" {
		return nil, false, rest.Errorf(http.StatusUnprocessableEntity, "Illegal argument: Scheme not supported: %s", u.Scheme)
	}
	uri := canonicalURI(u)
	prefix := strings.TrimPrefix(e.storagePrefix(), "kestra://")
	if !strings.HasPrefix(u.Path, prefix+"/") {
		if m := executionPath.FindStringSubmatch(u.Path); m != nil && m[1] != e.id {
			target := "/api/v1/" + e.tenant + "/executions/" + m[1] + suffix + "?path=" + url.QueryEscape(raw)
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return nil, true, nil
		}
		return nil, false, rest.Errorf(http.StatusUnprocessableEntity, "Illegal argument: Invalid prefix path")
	}
	f := e.file(uri)
	if f == nil {
		return nil, false, rest.NotFound("Not Found: Unable to find file at '%s'", uri)
	}
	return f, false, nil
}

// canonicalURI is the kestra:// URI of a parsed path, cleaned.
func canonicalURI(u *url.URL) string {
	return "kestra://" + u.Host + path.Clean("/"+u.Path)
}

// file returns the file e stored at a canonical URI (nil when none).
func (e *Execution) file(uri string) *outputFile {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.files[uri]
}

// StoredFile opens a file an execution of tenant stored (an uploaded
// input, a test file fixture, a Write task's output), named by its
// kestra:// URI, and returns its content and size. It answers 404 for a
// URI no execution of tenant holds.
func (s *Store) StoredFile(tenant, raw string) (io.ReadSeekCloser, int64, error) {
	notFound := rest.NotFound("File '%s' not found", raw)
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "kestra" {
		return nil, 0, notFound
	}
	m := executionPath.FindStringSubmatch(u.Path)
	if m == nil {
		return nil, 0, notFound
	}
	e, err := s.Get(tenant, m[1])
	if err != nil {
		return nil, 0, notFound
	}
	f := e.file(canonicalURI(u))
	if f == nil {
		return nil, 0, notFound
	}
	content, size, closeFn, err := f.open()
	if err != nil {
		return nil, 0, notFound
	}
	return readSeekCloser{content, closeFn}, size, nil
}

// readSeekCloser closes an opened file with its close function.
type readSeekCloser struct {
	io.ReadSeeker
	closeFn func()
}

func (r readSeekCloser) Close() error {
	r.closeFn()
	return nil
}

// downloadFile streams a file of the execution (application/octet-stream,
// attachment named after the file, Range requests honoured).
func (h *Handlers) downloadFile(w http.ResponseWriter, r *http.Request) error {
	e, err := h.execution(r, "ACCESS_FILES")
	if err != nil {
		return err
	}
	if f := r.URL.Query().Get("format"); f != "" && f != "RAW" && f != "JSONL" {
		return rest.BadRequest("Failed to convert argument [format] for value [%s]", f)
	}
	f, redirected, err := h.resolveFile(w, r, e, "/file")
	if err != nil || redirected {
		return err
	}
	content, _, closeFn, err := f.open()
	if err != nil {
		return rest.NotFound("Not Found: %v", err)
	}
	defer closeFn()
	name := path.Base(r.URL.Query().Get("path"))
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	if f.gen != nil {
		w.Header().Set("ETag", f.gen.ETag())
	}
	http.ServeContent(w, r, "", time.Time{}, content)
	return nil
}

// fileMetas answers {size} of a file of the execution.
func (h *Handlers) fileMetas(w http.ResponseWriter, r *http.Request) error {
	e, err := h.execution(r, "ACCESS_FILES")
	if err != nil {
		return err
	}
	f, redirected, err := h.resolveFile(w, r, e, "/file/metas")
	if err != nil || redirected {
		return err
	}
	_, size, closeFn, err := f.open()
	if err != nil {
		return rest.NotFound("Not Found: %v", err)
	}
	closeFn()
	rest.WriteJSON(w, http.StatusOK, map[string]int64{"size": size})
	return nil
}
