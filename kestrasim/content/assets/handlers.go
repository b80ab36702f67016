package assets

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/content/params"
	"github.com/kestractl/kestractl/kestrasim/content/store"
	"github.com/kestractl/kestractl/kestrasim/flows"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

const resource = "ASSET"

// Handlers serves the assets API (Enterprise).
type Handlers struct {
	Store      *store.Store[*Asset]
	Lineage    *Lineage
	Executions ExecutionLister
	Flows      FlowSource
}

// Routes lists the asset routes.
func (h *Handlers) Routes() []rest.Route {
	const p = "/api/v1/{tenant}/assets"
	perm := rest.PermissionOn(resource)
	rs := []rest.Route{
		{Method: "POST", Path: p, Handler: h.create, Perm: perm("CREATE")},
		{Method: "DELETE", Path: p + "/by-ids", Handler: h.deleteByIDs, Perm: perm("DELETE")},
		{Method: "DELETE", Path: p + "/by-query", Handler: h.deleteByQuery, Perm: perm("DELETE")},
		{Method: "DELETE", Path: p + "/lineage-events/by-query", Handler: h.deleteEvents, Perm: perm("DELETE")},
		{Method: "GET", Path: p + "/lineage-events/search", Handler: h.searchEvents, Perm: perm("LIST")},
		{Method: "GET", Path: p + "/search", Handler: h.search, Perm: perm("LIST")},
		{Method: "DELETE", Path: p + "/usages/by-query", Handler: h.deleteUsages, Perm: perm("DELETE")},
		{Method: "GET", Path: p + "/usages/search", Handler: h.searchUsages, Perm: perm("LIST")},
		{Method: "GET", Path: p + "/{id}", Handler: h.get, Perm: perm("VIEW")},
		{Method: "DELETE", Path: p + "/{id}", Handler: h.delete, Perm: perm("DELETE")},
		{Method: "GET", Path: p + "/{id}/dependencies", Handler: h.dependencies, Perm: perm("VIEW")},
	}
	return rest.EEOnly(rs)
}

// sync brings the lineage (and the assets tasks wrote) up to date with the
// executions that ended.
func (h *Handlers) sync(tenant string) {
	for _, out := range h.Lineage.sync(tenant, h.Executions, h.Flows) {
		h.upsert(tenant, out)
	}
}

func (h *Handlers) upsert(tenant string, a *Asset) *store.Item[*Asset] {
	var prev *Asset
	if cur, err := h.Store.Get(tenant, a.ID); err == nil {
		prev = cur.Value
	}
	merged := a.mergeOver(prev)
	// The stored source is the asset itself: an upsert that changes
	// nothing keeps the item as it was.
	canonical, _ := json.Marshal(merged)
	it, _ := h.Store.Put(tenant, a.ID, merged, string(canonical))
	return it
}

func view(it *store.Item[*Asset]) apiAsset {
	a := it.Value
	md := a.Metadata
	if md == nil {
		md = map[string]any{}
	}
	return apiAsset{Namespace: a.Namespace, ID: a.ID, Type: a.Type, DisplayName: a.DisplayName, Description: a.Description,
		Metadata: md, Created: it.Created, Updated: it.Updated, Deleted: it.Deleted}
}

func notFound(id string) error { return rest.NotFound("Asset '%s' not found", id) }

// allowed reports whether the caller holds the permission on the asset's
// namespace (tenant-wide for assets without one).
func allowed(a *auth.Request, action string, as *Asset) bool {
	return a.Allowed(resource, action, as.Namespace)
}

func (h *Handlers) create(w http.ResponseWriter, r *http.Request) error {
	src, err := params.Source(r)
	if err != nil {
		return err
	}
	as, vs := Parse(src)
	if err := vs.Err(); err != nil {
		return err
	}
	a := auth.From(r.Context())
	if err := a.Require(resource, "CREATE", as.Namespace); err != nil {
		return err
	}
	h.sync(a.Tenant)
	rest.WriteJSON(w, http.StatusOK, view(h.upsert(a.Tenant, as)))
	return nil
}

func (h *Handlers) item(r *http.Request, action string, allowDeleted bool) (*store.Item[*Asset], error) {
	a := auth.From(r.Context())
	h.sync(a.Tenant)
	id := r.PathValue("id")
	get := h.Store.Get
	if allowDeleted {
		get = h.Store.GetAny
	}
	it, err := get(a.Tenant, id)
	if err != nil {
		return nil, notFound(id)
	}
	if err := a.Require(resource, action, it.Value.Namespace); err != nil {
		return nil, err
	}
	return it, nil
}

func (h *Handlers) get(w http.ResponseWriter, r *http.Request) error {
	allowDeleted, err := rest.QueryBool(r, "allowDeleted", false)
	if err != nil {
		return err
	}
	it, err := h.item(r, "VIEW", allowDeleted)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, view(it))
	return nil
}

func (h *Handlers) delete(w http.ResponseWriter, r *http.Request) error {
	it, err := h.item(r, "DELETE", false)
	if err != nil {
		return err
	}
	if _, err := h.Store.Delete(it.Tenant, it.Key); err != nil {
		return notFound(it.Key)
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

// bulkResponse is BulkResponse.
type bulkResponse struct {
	Count int `json:"count"`
}

// bulkError is BulkErrorResponse.
type bulkError struct {
	Message  string         `json:"message"`
	Invalids map[string]any `json:"invalids"`
}

func (h *Handlers) deleteByIDs(w http.ResponseWriter, r *http.Request) error {
	var ids []string
	if err := rest.DecodeJSON(r, &ids); err != nil {
		return err
	}
	a := auth.From(r.Context())
	h.sync(a.Tenant)
	var missing []string
	var items []*store.Item[*Asset]
	for _, id := range ids {
		it, err := h.Store.Get(a.Tenant, id)
		if err != nil {
			missing = append(missing, id)
			continue
		}
		if err := a.Require(resource, "DELETE", it.Value.Namespace); err != nil {
			return err
		}
		items = append(items, it)
	}
	if len(missing) > 0 {
		// Nothing is deleted when one id is unknown.
		rest.WriteJSON(w, http.StatusBadRequest, bulkError{
			Message:  "Invalid bulk delete: " + strings.Join(missing, ", ") + " not found",
			Invalids: map[string]any{"notFound": missing},
		})
		return nil
	}
	n := 0
	for _, it := range items {
		if _, err := h.Store.Delete(a.Tenant, it.Key); err == nil {
			n++
		}
	}
	rest.WriteJSON(w, http.StatusOK, bulkResponse{Count: n})
	return nil
}

// query reads the filters of a search or a delete by query (which needs at
// least one) and brings the caller's lineage up to date.
func (h *Handlers) query(r *http.Request, required bool) (*auth.Request, rest.Filters, error) {
	fs, err := rest.ParseFilters(r.URL.Query())
	if err != nil {
		return nil, nil, err
	}
	if required && len(fs) == 0 {
		return nil, nil, rest.BadRequest("Required QueryValue [filters] not specified: a delete by query needs at least one filter")
	}
	a := auth.From(r.Context())
	h.sync(a.Tenant)
	return a, fs, nil
}

func matchText(fs rest.Filters, parts ...string) bool {
	text, ok := fs.Equals("q")
	if !ok {
		for _, f := range fs.On("q") {
			if len(f.Values) > 0 {
				text = f.Values[0]
			}
		}
	}
	if text == "" {
		return true
	}
	return strings.Contains(strings.ToLower(strings.Join(parts, " ")), strings.ToLower(text))
}

func (h *Handlers) matchAsset(a *auth.Request, fs rest.Filters) func(*store.Item[*Asset]) bool {
	return func(it *store.Item[*Asset]) bool {
		as := it.Value
		return (allowed(a, "LIST", as) || allowed(a, "VIEW", as)) &&
			matchText(fs, as.ID, as.DisplayName, as.Description) &&
			fs.Match("namespace", as.Namespace) && fs.Match("id", as.ID) && fs.Match("assetId", as.ID) && fs.Match("type", as.Type)
	}
}

func (h *Handlers) search(w http.ResponseWriter, r *http.Request) error {
	return params.Search(w, r, 10, func() ([]*store.Item[*Asset], error) {
		a, fs, err := h.query(r, false)
		if err != nil {
			return nil, err
		}
		return h.Store.List(a.Tenant, h.matchAsset(a, fs)), nil
	}, view, rest.Comparators[apiAsset]{
		"id":        rest.By(func(a apiAsset) string { return a.ID }),
		"namespace": rest.By(func(a apiAsset) string { return a.Namespace }),
		"type":      rest.By(func(a apiAsset) string { return a.Type }),
		"created":   rest.ByTime(func(a apiAsset) time.Time { return a.Created }),
		"updated":   rest.ByTime(func(a apiAsset) time.Time { return a.Updated }),
	})
}

func (h *Handlers) deleteByQuery(w http.ResponseWriter, r *http.Request) error {
	purge, err := rest.QueryBool(r, "purge", false)
	if err != nil {
		return err
	}
	a, fs, err := h.query(r, true)
	if err != nil {
		return err
	}
	match := h.matchAsset(a, fs)
	list := h.Store.List
	if purge {
		list = h.Store.ListAll
	}
	n := 0
	for _, it := range list(a.Tenant, match) {
		if err := a.Require(resource, "DELETE", it.Value.Namespace); err != nil {
			return err
		}
		if purge {
			if h.Store.Purge(a.Tenant, it.Key) {
				n++
			}
		} else if _, err := h.Store.Delete(a.Tenant, it.Key); err == nil {
			n++
		}
	}
	rest.WriteJSON(w, http.StatusOK, bulkResponse{Count: n})
	return nil
}

// matchRun applies the filters of lineage events and usages.
func matchRun(fs rest.Filters, ns, flowID, executionID, taskID string, assetIDs []string) bool {
	if !fs.Match("namespace", ns) || !fs.Match("flowId", flowID) || !fs.Match("executionId", executionID) || !fs.Match("taskId", taskID) {
		return false
	}
	for _, f := range fs.On("assetId") {
		if !slices.ContainsFunc(assetIDs, f.MatchString) {
			return false
		}
	}
	return true
}

func (h *Handlers) matchEvent(a *auth.Request, fs rest.Filters) func(*event) bool {
	return func(e *event) bool {
		var ids []string
		for _, x := range append(slices.Clone(e.Inputs), e.Outputs...) {
			ids = append(ids, x.ID)
		}
		return a.Allowed(resource, "LIST", e.Namespace) && matchRun(fs, e.Namespace, e.FlowID, e.ExecutionID, e.TaskID, ids) &&
			fs.Match("state", e.State)
	}
}

func (h *Handlers) searchEvents(w http.ResponseWriter, r *http.Request) error {
	return searchLineage(h, w, r, h.Lineage.events, h.matchEvent, rest.Comparators[*event]{
		"created":     rest.ByTime(func(e *event) time.Time { return e.Created }),
		"namespace":   rest.By(func(e *event) string { return e.Namespace }),
		"flowId":      rest.By(func(e *event) string { return e.FlowID }),
		"executionId": rest.By(func(e *event) string { return e.ExecutionID }),
	})
}

func (h *Handlers) deleteEvents(w http.ResponseWriter, r *http.Request) error {
	return deleteLineage(h, w, r, h.Lineage.purgeEvents, h.matchEvent)
}

func (h *Handlers) matchUsage(a *auth.Request, fs rest.Filters) func(*usage) bool {
	return func(u *usage) bool {
		return a.Allowed(resource, "LIST", u.Namespace) && matchRun(fs, u.Namespace, u.FlowID, u.ExecutionID, u.TaskID, []string{u.AssetID})
	}
}

func (h *Handlers) searchUsages(w http.ResponseWriter, r *http.Request) error {
	return searchLineage(h, w, r, h.Lineage.usages, h.matchUsage, rest.Comparators[*usage]{
		"created":   rest.ByTime(func(u *usage) time.Time { return u.Created }),
		"assetId":   rest.By(func(u *usage) string { return u.AssetID }),
		"namespace": rest.By(func(u *usage) string { return u.Namespace }),
		"flowId":    rest.By(func(u *usage) string { return u.FlowID }),
	})
}

func (h *Handlers) deleteUsages(w http.ResponseWriter, r *http.Request) error {
	return deleteLineage(h, w, r, h.Lineage.purgeUsages, h.matchUsage)
}

// searchLineage answers a page of the lineage records (events or usages)
// of the caller's tenant that the request's filters match, newest first
// unless it sorts them otherwise.
func searchLineage[T any](h *Handlers, w http.ResponseWriter, r *http.Request, records func(tenant string, keep func(T) bool) []T,
	match func(*auth.Request, rest.Filters) func(T) bool, fields rest.Comparators[T]) error {
	q := r.URL.Query()
	paging, err := rest.ParsePaging(q, 10)
	if err != nil {
		return err
	}
	a, fs, err := h.query(r, false)
	if err != nil {
		return err
	}
	rest.WritePage(w, q, paging, records(a.Tenant, match(a, fs)), fields, rest.SortKey{Field: "created", Desc: true})
	return nil
}

// deleteLineage deletes the lineage records (events or usages) the
// request's filters match and answers how many.
func deleteLineage[T any](h *Handlers, w http.ResponseWriter, r *http.Request, remove func(tenant string, match func(T) bool) int,
	match func(*auth.Request, rest.Filters) func(T) bool) error {
	a, fs, err := h.query(r, true)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, bulkResponse{Count: remove(a.Tenant, match(a, fs))})
	return nil
}

func (h *Handlers) dependencies(w http.ResponseWriter, r *http.Request) error {
	dq, err := flows.ReadDependencyQuery(r)
	if err != nil {
		return err
	}
	it, err := h.item(r, "VIEW", false)
	if err != nil {
		return err
	}
	namespaceOf := func(id string) string {
		if cur, err := h.Store.GetAny(it.Tenant, id); err == nil {
			return cur.Value.Namespace
		}
		return ""
	}
	rest.WriteJSON(w, http.StatusOK, h.Lineage.dependencies(it.Tenant, it.Value, namespaceOf, dq.DestinationOnly, dq.ExpandAll))
	return nil
}
