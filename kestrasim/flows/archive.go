package flows

import (
	"archive/zip"
	"bytes"
	"io"
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
	entries := make([]rest.ZipEntry, len(revs))
	for i, rev := range revs {
		entries[i] = rest.ZipEntry{Name: name(rev), Content: rev.Source}
	}
	return rest.WriteZip(w, "flows.zip", entries)
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

// readImport reads the sources of the fileUpload part of a multipart body.
func readImport(r *http.Request) ([]namedSource, error) {
	data, fileName, err := rest.ReadUpload(r, "fileUpload", maxImport)
	if err != nil {
		return nil, err
	}
	return splitImport(fileName, data)
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
