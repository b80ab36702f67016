package flows

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/rest"
	"github.com/kestractl/kestractl/kestrasim/yamldoc"
)

// Export and import follow FlowController.exportFlowsByQuery/ByIds and
// importFlows with HasSource.asZipFile/readSourceFile (kestra-io/kestra
// webserver/.../FlowController.java, core/.../models/HasSource.java): one
// ZIP entry per flow holding its source verbatim, named
// "<namespace>-<id>.yml" by query and "<namespace>.<id>.yaml" by ids.

// maxImport bounds an uploaded archive or YAML file.
const maxImport = 64 << 20

// writeZip answers a ZIP of the sources of revs.
func writeZip(w http.ResponseWriter, revs []*Revision, name func(*Revision) string) error {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, rev := range revs {
		f, err := zw.Create(name(rev))
		if err != nil {
			return fmt.Errorf("zip %s: %w", name(rev), err)
		}
		if _, err := io.WriteString(f, rev.Source); err != nil {
			return fmt.Errorf("zip %s: %w", name(rev), err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("zip: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", `attachment; filename="flows.zip"`)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
	return nil
}

func (h *Handlers) exportByQuery(w http.ResponseWriter, r *http.Request) error {
	fq, err := parseQuery(r)
	if err != nil {
		return err
	}
	return writeZip(w, h.find(r, fq), func(rev *Revision) string {
		return rev.Def.Namespace + "-" + rev.Def.ID + ".yml"
	})
}

func (h *Handlers) exportByIDs(w http.ResponseWriter, r *http.Request) error {
	refs, err := readRefs(r)
	if err != nil {
		return err
	}
	if err := requireEach(r, refs, "VIEW"); err != nil {
		return err
	}
	a := auth.From(r.Context())
	revs := make([]*Revision, 0, len(refs))
	for _, ref := range refs {
		rev, err := h.Store.Get(a.Tenant, ref.Namespace, ref.ID, 0, false)
		if err != nil {
			return err
		}
		revs = append(revs, rev)
	}
	return writeZip(w, revs, func(rev *Revision) string {
		return rev.Def.Namespace + "." + rev.Def.ID + ".yaml"
	})
}

func isYAMLName(name string) bool {
	name = strings.ToLower(name)
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
}

// namedSource is one flow source of an import, named by its ZIP entry or
// its index in a YAML file.
type namedSource struct {
	name string
	src  []byte
}

// readImport reads the fileUpload part of a multipart body.
func readImport(r *http.Request) ([]namedSource, error) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		return nil, rest.Errorf(http.StatusUnsupportedMediaType, "Unsupported Media Type: %s (want multipart/form-data with a fileUpload part)", mt)
	}
	mr := multipartReader(r, params["boundary"])
	if mr == nil {
		return nil, rest.BadRequest("multipart body without boundary")
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, rest.BadRequest("Required argument [CompletedFileUpload fileUpload] not specified")
		}
		if err != nil {
			return nil, rest.BadRequest("cannot read multipart body: %v", err)
		}
		if part.FormName() != "fileUpload" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, maxImport+1))
		if err != nil {
			return nil, rest.BadRequest("cannot read fileUpload: %v", err)
		}
		if len(data) > maxImport {
			return nil, rest.Errorf(http.StatusRequestEntityTooLarge, "fileUpload is larger than %d bytes", maxImport)
		}
		return splitImport(part.FileName(), data)
	}
}

// splitImport turns an uploaded file into sources: a ZIP's YAML entries
// (others are skipped), or a YAML file's documents named by index.
func splitImport(fileName string, data []byte) ([]namedSource, error) {
	lower := strings.ToLower(fileName)
	switch {
	case isYAMLName(lower):
		var out []namedSource
		for i, doc := range yamldoc.SplitDocuments(data) {
			out = append(out, namedSource{name: strconv.Itoa(i), src: doc})
		}
		return out, nil
	case strings.HasSuffix(lower, ".zip"):
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil, rest.BadRequest("cannot read ZIP archive %s: %v", fileName, err)
		}
		var out []namedSource
		for _, f := range zr.File {
			if f.FileInfo().IsDir() || !isYAMLName(f.Name) {
				continue
			}
			rc, err := f.Open()
			if err != nil {
				return nil, rest.BadRequest("cannot read %s in %s: %v", f.Name, fileName, err)
			}
			src, err := io.ReadAll(io.LimitReader(rc, maxSource+1))
			rc.Close()
			if err != nil || len(src) > maxSource {
				return nil, rest.BadRequest("cannot read %s in %s", f.Name, fileName)
			}
			out = append(out, namedSource{name: f.Name, src: src})
		}
		return out, nil
	}
	return nil, rest.Errorf(http.StatusUnprocessableEntity, "Illegal argument: Cannot import file of type %s", path.Ext(lower))
}

// importFlows serves POST /flows/import: every valid source is created or
// updated (a deleted flow is restored); the answer lists the entries that
// could not be imported. With failOnError, invalid entries make it a 422
// naming them — the valid ones are imported all the same, as in Kestra.
func (h *Handlers) importFlows(w http.ResponseWriter, r *http.Request) error {
	failOnError, err := rest.QueryBool(r, "failOnError", false)
	if err != nil {
		return err
	}
	sources, err := readImport(r)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	wrong := []string{}
	for _, s := range sources {
		def, vs := Parse(s.src)
		if len(vs) > 0 {
			wrong = append(wrong, s.name)
			continue
		}
		action := "CREATE"
		if _, err := h.Store.Get(a.Tenant, def.Namespace, def.ID, 0, true); err == nil {
			action = "UPDATE"
		}
		if !a.Allowed("FLOW", action, def.Namespace) {
			wrong = append(wrong, s.name)
			continue
		}
		h.Store.Import(a.Tenant, def, string(s.src))
	}
	if failOnError && len(wrong) > 0 {
		return rest.Errorf(http.StatusUnprocessableEntity, "Illegal argument: Following invalid flows were not imported: %s", strings.Join(wrong, ", "))
	}
	rest.WriteJSON(w, http.StatusOK, wrong)
	return nil
}
