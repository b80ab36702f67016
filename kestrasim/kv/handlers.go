package kv

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/isoduration"
	"github.com/kestractl/kestractl/kestrasim/namespaces"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// maxValue bounds a value body.
const maxValue = 8 << 20

// Handlers serves the key-value API.
type Handlers struct {
	Store *Store
	// EE makes the tenant-wide listing require a bearer token, as Kestra
	// Enterprise documents.
	EE bool
}

// Routes lists the key-value routes.
func (h *Handlers) Routes() []rest.Route {
	const p = "/api/v1/{tenant}/namespaces/{namespace}/kv"
	perm := rest.PermissionOn("KVSTORE")
	return []rest.Route{
		{Method: "GET", Path: "/api/v1/{tenant}/kv", Handler: h.listAll, Perm: perm("LIST")},
		{Method: "GET", Path: p + "/{key}", Handler: h.get, Perm: perm("VIEW"), NamespaceParam: "namespace"},
		{Method: "PUT", Path: p + "/{key}", Handler: h.put, NamespaceParam: "namespace"},
		{Method: "DELETE", Path: p + "/{key}", Handler: h.delete, Perm: perm("DELETE"), NamespaceParam: "namespace"},
		{Method: "DELETE", Path: p, Handler: h.deleteBulk, Perm: perm("DELETE"), NamespaceParam: "namespace"},
		{Method: "GET", Path: p + "/inheritance", Handler: h.inheritance, Perm: perm("LIST"), NamespaceParam: "namespace"},
	}
}

// entryJSON is KVEntry.
type entryJSON struct {
	Namespace      string     `json:"namespace"`
	Key            string     `json:"key"`
	Revision       int        `json:"revision"`
	Description    *string    `json:"description"`
	CreationDate   time.Time  `json:"creationDate"`
	UpdateDate     time.Time  `json:"updateDate"`
	ExpirationDate *time.Time `json:"expirationDate"`
}

func toJSON(e Entry) entryJSON {
	out := entryJSON{Namespace: e.Namespace, Key: e.Key, Revision: e.Revision,
		CreationDate: e.Created, UpdateDate: e.Updated, ExpirationDate: e.Expires}
	if e.Description != "" {
		d := e.Description
		out.Description = &d
	}
	return out
}

func target(r *http.Request) (string, string, error) {
	ns, key := r.PathValue("namespace"), r.PathValue("key")
	if !namespaces.ValidID(ns) {
		return "", "", rest.BadRequest("Invalid namespace '%s'", ns)
	}
	if key != "" {
		if err := ValidKey(key); err != nil {
			return "", "", err
		}
	}
	return ns, key, nil
}

func keyNotFound(ns, key string) error {
	return rest.NotFound("Key '%s' not found in namespace '%s'", key, ns)
}

func (h *Handlers) get(w http.ResponseWriter, r *http.Request) error {
	ns, key, err := target(r)
	if err != nil {
		return err
	}
	e, ok := h.Store.Get(auth.From(r.Context()).Tenant, ns, key)
	if !ok {
		return keyNotFound(ns, key)
	}
	rest.WriteJSON(w, http.StatusOK, struct {
		Type     string          `json:"type"`
		Value    json.RawMessage `json:"value"`
		Revision int             `json:"revision"`
		Updated  time.Time       `json:"updated"`
	}{e.Value.Type, e.Value.Raw, e.Revision, e.Updated})
	return nil
}

// put stores the body; the "ttl" header (ISO-8601 duration) sets the
// expiry and the "description" header the description, as Kestra reads
// them.
func (h *Handlers) put(w http.ResponseWriter, r *http.Request) error {
	ns, key, err := target(r)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	action := "CREATE"
	if _, exists := h.Store.Get(a.Tenant, ns, key); exists {
		action = "UPDATE"
	}
	if err := a.Require("KVSTORE", action, ns); err != nil {
		return err
	}
	var ttl time.Duration
	hasTTL := false
	if v := strings.TrimSpace(r.Header.Get("ttl")); v != "" {
		d, err := isoduration.Parse(v)
		if err != nil || d < 0 {
			return rest.BadRequest("Invalid ttl header '%s': expected a positive ISO-8601 duration such as PT1H", v)
		}
		ttl, hasTTL = d, true
	}
	body, err := rest.ReadBody(r, maxValue)
	if err != nil {
		return err
	}
	v, err := Infer(body)
	if err != nil {
		return rest.BadRequest("Invalid value for key '%s': %v", key, err)
	}
	h.Store.Put(a.Tenant, ns, key, v, r.Header.Get("description"), ttl, hasTTL)
	w.WriteHeader(http.StatusOK)
	return nil
}

func (h *Handlers) delete(w http.ResponseWriter, r *http.Request) error {
	ns, key, err := target(r)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, h.Store.Delete(auth.From(r.Context()).Tenant, ns, key))
	return nil
}

func (h *Handlers) deleteBulk(w http.ResponseWriter, r *http.Request) error {
	ns, _, err := target(r)
	if err != nil {
		return err
	}
	var body struct {
		Keys []string `json:"keys"`
	}
	if err := rest.DecodeJSON(r, &body); err != nil {
		return err
	}
	deleted := []string{}
	for _, k := range body.Keys {
		if h.Store.Delete(auth.From(r.Context()).Tenant, ns, k) {
			deleted = append(deleted, k)
		}
	}
	rest.WriteJSON(w, http.StatusOK, map[string][]string{"keys": deleted})
	return nil
}

// listAll is the tenant-wide listing. In Enterprise it answers 401 to
// basic auth (Kestra documents that it needs an API token) unless the
// listing is restricted to one namespace with filters[namespace][EQUALS].
func (h *Handlers) listAll(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	q := r.URL.Query()
	paging, filters, err := rest.ParseSearch(q, 10)
	if err != nil {
		return err
	}
	if _, oneNamespace := filters.Equals("namespace"); h.EE && !a.Principal.Bearer && !oneNamespace {
		return rest.Unauthorized("Unauthorized: listing the key-value pairs of every namespace requires an API token (bearer authentication); basic authentication can only list one namespace (filters[namespace][EQUALS]=<namespace>)")
	}
	text, _ := filters.Equals("q")
	entries := h.Store.List(a.Tenant, func(e *Entry) bool {
		if !a.Allowed("KVSTORE", "LIST", e.Namespace) && !a.Allowed("KVSTORE", "VIEW", e.Namespace) {
			return false
		}
		if text != "" && !strings.Contains(strings.ToLower(e.Key), strings.ToLower(text)) {
			return false
		}
		return filters.Match("namespace", e.Namespace) && filters.Match("id", e.Key)
	})
	for _, k := range rest.ParseSort(q) {
		desc := k.Desc
		switch k.Field {
		case "key":
			slices.SortStableFunc(entries, func(x, y Entry) int { return cmp(strings.Compare(x.Key, y.Key), desc) })
		case "description":
			slices.SortStableFunc(entries, func(x, y Entry) int { return cmp(strings.Compare(x.Description, y.Description), desc) })
		case "updateDate", "updated":
			slices.SortStableFunc(entries, func(x, y Entry) int { return cmp(x.Updated.Compare(y.Updated), desc) })
		}
	}
	out := make([]entryJSON, len(entries))
	for i, e := range entries {
		out[i] = toJSON(e)
	}
	rest.WriteJSON(w, http.StatusOK, rest.Page(out, paging))
	return nil
}

func cmp(c int, desc bool) int {
	if desc {
		return -c
	}
	return c
}

// inheritance lists the keys a namespace inherits: those of its parent
// namespaces (not its own), the nearest parent winning for a key, as
// KVController.listKeysWithInheritence does in kestra-io/kestra
// (webserver/.../controllers/api/KVController.java).
func (h *Handlers) inheritance(w http.ResponseWriter, r *http.Request) error {
	ns, _, err := target(r)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	parents := namespaces.Parents(ns)
	parents = parents[:len(parents)-1]
	out := []entryJSON{}
	seen := map[string]bool{}
	for i := len(parents) - 1; i >= 0; i-- {
		p := parents[i]
		for _, e := range h.Store.List(a.Tenant, func(e *Entry) bool { return e.Namespace == p }) {
			if !seen[e.Key] {
				seen[e.Key] = true
				out = append(out, toJSON(e))
			}
		}
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}
