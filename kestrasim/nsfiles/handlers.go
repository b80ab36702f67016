package nsfiles

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/namespaces"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Handlers serves the namespace files API.
type Handlers struct {
	Store *Store
}

// Routes lists the namespace-file routes.
func (h *Handlers) Routes() []rest.Route {
	const p = "/api/v1/{tenant}/namespaces/{namespace}/files"
	perm := func(action string) rest.Permission {
		return rest.Permission{Resource: "NAMESPACE_FILE", Action: action}
	}
	return []rest.Route{
		{Method: "GET", Path: p, Handler: h.content, Perm: perm("VIEW"), NamespaceParam: "namespace"},
		{Method: "POST", Path: p, Handler: h.upload, Perm: perm("CREATE"), NamespaceParam: "namespace"},
		{Method: "PUT", Path: p, Handler: h.move, Perm: perm("UPDATE"), NamespaceParam: "namespace"},
		{Method: "DELETE", Path: p, Handler: h.delete, Perm: perm("DELETE"), NamespaceParam: "namespace"},
		{Method: "GET", Path: p + "/directory", Handler: h.list, Perm: perm("LIST"), NamespaceParam: "namespace"},
		{Method: "POST", Path: p + "/directory", Handler: h.mkdir, Perm: perm("CREATE"), NamespaceParam: "namespace"},
		{Method: "GET", Path: p + "/stats", Handler: h.stats, Perm: perm("VIEW"), NamespaceParam: "namespace"},
		{Method: "GET", Path: p + "/revisions", Handler: h.revisions, Perm: perm("VIEW"), NamespaceParam: "namespace"},
		{Method: "GET", Path: p + "/search", Handler: h.search, Perm: perm("LIST"), NamespaceParam: "namespace"},
	}
}

// target reads the namespace and a path query parameter.
func target(r *http.Request, param string, required bool) (string, string, error) {
	ns := r.PathValue("namespace")
	if !namespaces.ValidID(ns) {
		return "", "", rest.BadRequest("Invalid namespace '%s'", ns)
	}
	raw, present := r.URL.Query()[param]
	if required && (!present || raw[0] == "") {
		return "", "", rest.BadRequest("Required QueryValue [%s] not specified", param)
	}
	v := ""
	if present {
		v = raw[0]
	}
	p, err := CleanPath(v)
	if err != nil {
		return "", "", rest.BadRequest("%v", err)
	}
	return ns, p, nil
}

func (h *Handlers) stats(w http.ResponseWriter, r *http.Request) error {
	ns, p, err := target(r, "path", false)
	if err != nil {
		return err
	}
	attrs, err := h.Store.Stat(auth.From(r.Context()).Tenant, ns, p)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, attrs)
	return nil
}

func (h *Handlers) list(w http.ResponseWriter, r *http.Request) error {
	ns, p, err := target(r, "path", false)
	if err != nil {
		return err
	}
	entries, err := h.Store.List(auth.From(r.Context()).Tenant, ns, p)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, entries)
	return nil
}

func (h *Handlers) search(w http.ResponseWriter, r *http.Request) error {
	ns := r.PathValue("namespace")
	rest.WriteJSON(w, http.StatusOK, h.Store.Search(auth.From(r.Context()).Tenant, ns, r.URL.Query().Get("q")))
	return nil
}

func (h *Handlers) revisions(w http.ResponseWriter, r *http.Request) error {
	ns, p, err := target(r, "path", true)
	if err != nil {
		return err
	}
	revs, err := h.Store.Revisions(auth.From(r.Context()).Tenant, ns, p)
	if err != nil {
		return err
	}
	type revision struct {
		Revision int `json:"revision"`
	}
	out := make([]revision, len(revs))
	for i, n := range revs {
		out[i] = revision{n}
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

// content streams a file (supporting Range requests).
func (h *Handlers) content(w http.ResponseWriter, r *http.Request) error {
	ns, p, err := target(r, "path", true)
	if err != nil {
		return err
	}
	revision := 0
	if v := r.URL.Query().Get("revision"); v != "" {
		if revision, err = strconv.Atoi(v); err != nil || revision < 1 {
			return rest.BadRequest("Failed to convert argument [revision] for value [%s]", v)
		}
	}
	f, attrs, err := h.Store.Open(auth.From(r.Context()).Tenant, ns, p, revision)
	if err != nil {
		return err
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": attrs.FileName}))
	http.ServeContent(w, r, "", fileTime(attrs), f)
	return nil
}

// upload stores the multipart part fileContent at path. The body is
// streamed to a temporary file; a failed or cut upload changes nothing.
func (h *Handlers) upload(w http.ResponseWriter, r *http.Request) error {
	ns, p, err := target(r, "path", true)
	if err != nil {
		return err
	}
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return rest.Errorf(http.StatusUnsupportedMediaType, "Content Type [%s] not allowed. Allowed types: [multipart/form-data]", r.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(r.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return rest.BadRequest("Required part [fileContent] is not specified")
		}
		if err != nil {
			return rest.BadRequest("cannot read multipart body: %v", err)
		}
		if part.FormName() != "fileContent" {
			continue
		}
		tmp, err := h.Store.TempFile()
		if err != nil {
			return err
		}
		n, err := copyTo(tmp, part)
		if err != nil {
			removeQuietly(tmp.Name())
			return rest.BadRequest("upload of '%s' failed: %v", p, err)
		}
		if err := h.Store.Commit(auth.From(r.Context()).Tenant, ns, p, tmp.Name(), n); err != nil {
			return err
		}
		w.WriteHeader(http.StatusOK)
		return nil
	}
}

func (h *Handlers) mkdir(w http.ResponseWriter, r *http.Request) error {
	ns, p, err := target(r, "path", true)
	if err != nil {
		return err
	}
	if err := h.Store.Mkdir(auth.From(r.Context()).Tenant, ns, p); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (h *Handlers) delete(w http.ResponseWriter, r *http.Request) error {
	ns, p, err := target(r, "path", true)
	if err != nil {
		return err
	}
	if err := h.Store.Delete(auth.From(r.Context()).Tenant, ns, p); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (h *Handlers) move(w http.ResponseWriter, r *http.Request) error {
	ns, from, err := target(r, "from", true)
	if err != nil {
		return err
	}
	_, to, err := target(r, "to", true)
	if err != nil {
		return err
	}
	if err := h.Store.Move(auth.From(r.Context()).Tenant, ns, from, to); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}
