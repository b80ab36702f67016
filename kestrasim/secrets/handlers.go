package secrets

import (
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/namespaces"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Handlers serves the secrets API. In the OSS edition secrets come from
// the server's environment, which the simulator has none of: the listing
// is empty and read-only, and the write routes do not exist.
type Handlers struct {
	Store *Store
	// EE enables the internal secret backend.
	EE bool
	// ReadOnly, when set, tells whether a tenant's secret backend is
	// read-only (Tenant.secretReadOnly).
	ReadOnly func(tenant string) bool
}

// Routes lists the secret routes.
func (h *Handlers) Routes() []rest.Route {
	const p = "/api/v1/{tenant}/namespaces/{namespace}"
	perm := rest.PermissionOn("SECRET")
	return []rest.Route{
		{Method: "GET", Path: "/api/v1/{tenant}/secrets", Handler: h.list, Perm: perm("LIST")},
		{Method: "GET", Path: p + "/inherited-secrets", Handler: h.inherited, Perm: perm("LIST"), NamespaceParam: "namespace"},
		{Method: "PUT", Path: p + "/secrets", Handler: h.put, NamespaceParam: "namespace", EEOnly: true},
		{Method: "PATCH", Path: p + "/secrets/{key}", Handler: h.patch, Perm: perm("UPDATE"), NamespaceParam: "namespace", EEOnly: true},
		{Method: "DELETE", Path: p + "/secrets/{key}", Handler: h.delete, Perm: perm("DELETE"), NamespaceParam: "namespace", EEOnly: true},
	}
}

// keyPattern bounds secret keys to what every secret backend accepts.
var keyPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]*$`)

func validKey(key string) error {
	if len(key) > 255 || !keyPattern.MatchString(key) {
		return rest.Invalid(rest.Violation{Path: "key", Message: "must match ^[a-zA-Z0-9][a-zA-Z0-9._-]*$"})
	}
	return nil
}

func namespaceOf(r *http.Request) (string, error) {
	ns := r.PathValue("namespace")
	if !namespaces.ValidID(ns) {
		return "", rest.BadRequest("Invalid namespace '%s'", ns)
	}
	return ns, nil
}

func (h *Handlers) readOnly(tenant string) bool {
	return !h.EE || (h.ReadOnly != nil && h.ReadOnly(tenant))
}

// writable refuses writes to a read-only secret backend.
func (h *Handlers) writable(tenant string) error {
	if h.readOnly(tenant) {
		return rest.Conflict("Illegal state: the secret backend of tenant '%s' is read-only", tenant)
	}
	return nil
}

// listJSON is ApiSecretListResponse.
type listJSON struct {
	ReadOnly bool   `json:"readOnly"`
	Results  []Meta `json:"results"`
	Total    int64  `json:"total"`
}

// list serves GET {tenant}/secrets: the secrets of every namespace the
// caller may list, filtered by filters[namespace][...] and q (the key),
// paged and sorted by namespace then key (sort=key:desc reverses).
func (h *Handlers) list(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	paging, filters, err := rest.ParseSearch(q, 10)
	if err != nil {
		return err
	}
	text, _ := filters.Equals("q")
	text = strings.ToLower(text)
	a := auth.From(r.Context())
	metas := h.Store.List(a.Tenant, func(m Meta) bool {
		return (a.Allowed("SECRET", "LIST", m.Namespace) || a.Allowed("SECRET", "VIEW", m.Namespace)) &&
			filters.Match("namespace", m.Namespace) &&
			(text == "" || strings.Contains(strings.ToLower(m.Key), text))
	})
	for _, k := range rest.ParseSort(q) {
		if k.Desc && (k.Field == "key" || k.Field == "namespace") {
			slices.Reverse(metas)
		}
	}
	page := rest.Page(metas, paging)
	rest.WriteJSON(w, http.StatusOK, listJSON{ReadOnly: h.readOnly(a.Tenant), Results: page.Results, Total: page.Total})
	return nil
}

// inherited serves GET .../inherited-secrets: the secret keys the
// namespace sees, by namespace (its own and its parents'). Names only.
func (h *Handlers) inherited(w http.ResponseWriter, r *http.Request) error {
	ns, err := namespaceOf(r)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, h.Store.Inherited(auth.From(r.Context()).Tenant, ns))
	return nil
}

// put serves PUT .../secrets (ApiSecretValue): it creates or replaces a
// secret and answers its metadata. SECRET:CREATE is needed for a new key,
// SECRET:UPDATE for an existing one.
func (h *Handlers) put(w http.ResponseWriter, r *http.Request) error {
	ns, err := namespaceOf(r)
	if err != nil {
		return err
	}
	var body struct {
		Key         string `json:"key"`
		Value       string `json:"value"`
		Description string `json:"description"`
		Tags        []Tag  `json:"tags"`
	}
	if err := rest.DecodeJSON(r, &body); err != nil {
		return err
	}
	var vs []rest.Violation
	if err := validKey(body.Key); err != nil {
		vs = append(vs, rest.Violation{Path: "key", Message: "must match ^[a-zA-Z0-9][a-zA-Z0-9._-]*$"})
	}
	if body.Value == "" {
		vs = append(vs, rest.Violation{Path: "value", Message: "must not be empty"})
	}
	vs = append(vs, validTags(body.Tags)...)
	if len(vs) > 0 {
		return rest.Invalid(vs...)
	}
	a := auth.From(r.Context())
	if err := h.writable(a.Tenant); err != nil {
		return err
	}
	action := "CREATE"
	if h.exists(a.Tenant, ns, body.Key) {
		action = "UPDATE"
	}
	if err := a.Require("SECRET", action, ns); err != nil {
		return err
	}
	meta := h.Store.Put(a.Tenant, ns, body.Key, body.Value, body.Description, body.Tags)
	rest.WriteJSON(w, http.StatusOK, []Meta{meta})
	return nil
}

func (h *Handlers) exists(tenant, ns, key string) bool {
	return len(h.Store.List(tenant, func(m Meta) bool { return m.Namespace == ns && m.Key == key })) > 0
}

func validTags(tags []Tag) []rest.Violation {
	var vs []rest.Violation
	for _, t := range tags {
		if t.Key == "" {
			vs = append(vs, rest.Violation{Path: "tags", Message: "a tag key must not be empty"})
		}
	}
	return vs
}

// patch serves PATCH .../secrets/{key} (ApiSecretMetaEE): it changes the
// description and tags, never the value.
func (h *Handlers) patch(w http.ResponseWriter, r *http.Request) error {
	ns, err := namespaceOf(r)
	if err != nil {
		return err
	}
	key := r.PathValue("key")
	var body struct {
		Key         string  `json:"key"`
		Description *string `json:"description"`
		Tags        []Tag   `json:"tags"`
	}
	if err := rest.DecodeJSON(r, &body); err != nil {
		return err
	}
	if body.Key != "" && body.Key != key {
		return rest.Invalid(rest.Violation{Path: "key", Message: "Illegal secret key update"})
	}
	if vs := validTags(body.Tags); len(vs) > 0 {
		return rest.Invalid(vs...)
	}
	a := auth.From(r.Context())
	if err := h.writable(a.Tenant); err != nil {
		return err
	}
	meta, ok := h.Store.Patch(a.Tenant, ns, key, body.Description, body.Tags)
	if !ok {
		return NotFound(key)
	}
	rest.WriteJSON(w, http.StatusOK, []Meta{meta})
	return nil
}

func (h *Handlers) delete(w http.ResponseWriter, r *http.Request) error {
	ns, err := namespaceOf(r)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	if err := h.writable(a.Tenant); err != nil {
		return err
	}
	if !h.Store.Delete(a.Tenant, ns, r.PathValue("key")) {
		return NotFound(r.PathValue("key"))
	}
	w.WriteHeader(http.StatusOK)
	return nil
}
