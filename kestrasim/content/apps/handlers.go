package apps

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/content/params"
	"github.com/kestractl/kestractl/kestrasim/content/source"
	"github.com/kestractl/kestractl/kestrasim/content/store"
	"github.com/kestractl/kestractl/kestrasim/executions"
	"github.com/kestractl/kestractl/kestrasim/ids"
	"github.com/kestractl/kestractl/kestrasim/logs"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

const resource = "APP"

// ExecutionSource gives the executions (and their stored files) an app
// shows.
type ExecutionSource interface {
	Get(tenant, id string) (*executions.Execution, error)
	StoredFile(tenant, uri string) (io.ReadSeekCloser, int64, error)
}

// LogSource gives the log lines of an execution.
type LogSource interface {
	Execution(tenant, executionID string, keep func(logs.Entry) bool) []logs.Entry
}

// Handlers serves the apps API (Enterprise).
type Handlers struct {
	Store      *store.Store[*App]
	Executions ExecutionSource
	Logs       LogSource
}

// Routes lists the app routes.
func (h *Handlers) Routes() []rest.Route {
	const p = "/api/v1/{tenant}/apps"
	perm := rest.PermissionOn(resource)
	rs := []rest.Route{
		{Method: "POST", Path: p, Handler: h.create, Perm: perm("CREATE")},
		{Method: "DELETE", Path: p, Handler: h.bulk("DELETE", h.deleteOne), Perm: perm("DELETE")},
		{Method: "GET", Path: p + "/catalog", Handler: h.catalog, Perm: perm("VIEW")},
		{Method: "POST", Path: p + "/disable", Handler: h.bulk("UPDATE", h.toggler(true)), Perm: perm("UPDATE")},
		{Method: "POST", Path: p + "/enable", Handler: h.bulk("UPDATE", h.toggler(false)), Perm: perm("UPDATE")},
		{Method: "POST", Path: p + "/export", Handler: h.export, Perm: perm("VIEW")},
		{Method: "POST", Path: p + "/import", Handler: h.importApps, Perm: perm("CREATE")},
		{Method: "GET", Path: p + "/search", Handler: h.search, Perm: perm("LIST")},
		{Method: "GET", Path: p + "/tags", Handler: h.tags, Perm: perm("LIST")},
		{Method: "GET", Path: p + "/view/{id}/file/meta", Handler: h.fileMeta, Perm: perm("VIEW")},
		{Method: "GET", Path: p + "/view/{id}/file/preview", Handler: h.filePreview, Perm: perm("VIEW")},
		{Method: "GET", Path: p + "/view/{uid}/logs/download", Handler: h.logs, Perm: perm("VIEW")},
		{Method: "GET", Path: p + "/{uid}", Handler: h.get, Perm: perm("VIEW")},
		{Method: "PUT", Path: p + "/{uid}", Handler: h.update, Perm: perm("UPDATE")},
		{Method: "DELETE", Path: p + "/{uid}", Handler: h.delete, Perm: perm("DELETE")},
		{Method: "POST", Path: p + "/{uid}/disable", Handler: h.toggle(true), Perm: perm("UPDATE")},
		{Method: "POST", Path: p + "/{uid}/enable", Handler: h.toggle(false), Perm: perm("UPDATE")},
	}
	return rest.EEOnly(rs)
}

// apiApp is AppsController.ApiApp.
type apiApp struct {
	UID       string    `json:"uid"`
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Type      string    `json:"type"`
	Namespace string    `json:"namespace"`
	FlowID    string    `json:"flowId,omitempty"`
	Tags      []string  `json:"tags"`
	Enabled   bool      `json:"enabled"`
	Created   time.Time `json:"created"`
	Updated   time.Time `json:"updated"`
}

// apiAppSource is AppsController.ApiAppSource.
type apiAppSource struct {
	UID       string    `json:"uid"`
	Name      string    `json:"name"`
	Namespace string    `json:"namespace"`
	Tags      []string  `json:"tags"`
	Disabled  bool      `json:"disabled"`
	Source    string    `json:"source"`
	Created   time.Time `json:"created"`
	Updated   time.Time `json:"updated"`
}

func tagsOf(a *App) []string {
	if a.Tags == nil {
		return []string{}
	}
	return a.Tags
}

func appView(it *store.Item[*App]) apiApp {
	a := it.Value
	return apiApp{UID: it.Key, ID: a.ID, Name: a.name(), Type: a.Type, Namespace: a.Namespace, FlowID: a.FlowID,
		Tags: tagsOf(a), Enabled: !a.Disabled, Created: it.Created, Updated: it.Updated}
}

func sourceView(it *store.Item[*App]) apiAppSource {
	a := it.Value
	return apiAppSource{UID: it.Key, Name: a.name(), Namespace: a.Namespace, Tags: tagsOf(a), Disabled: a.Disabled,
		Source: it.Source, Created: it.Created, Updated: it.Updated}
}

func notFound(uid string) error { return rest.NotFound("App '%s' not found", uid) }

// app returns a live app the caller may act on.
func (h *Handlers) app(r *http.Request, uid, action string) (*store.Item[*App], error) {
	a := auth.From(r.Context())
	it, err := h.Store.Get(a.Tenant, uid)
	if err != nil {
		return nil, notFound(uid)
	}
	if err := a.Require(resource, action, it.Value.Namespace); err != nil {
		return nil, err
	}
	return it, nil
}

// byIdentity finds the live app with namespace and id.
func (h *Handlers) byIdentity(tenant, ns, id string) (*store.Item[*App], bool) {
	items := h.Store.List(tenant, func(it *store.Item[*App]) bool {
		return it.Value.Namespace == ns && it.Value.ID == id
	})
	if len(items) == 0 {
		return nil, false
	}
	return items[0], true
}

func parse(src []byte) (*App, error) {
	app, vs := Parse(src)
	if err := vs.Err(); err != nil {
		return nil, err
	}
	return app, nil
}

func (h *Handlers) create(w http.ResponseWriter, r *http.Request) error {
	src, err := params.Source(r)
	if err != nil {
		return err
	}
	app, err := parse(src)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	if err := a.Require(resource, "CREATE", app.Namespace); err != nil {
		return err
	}
	if _, exists := h.byIdentity(a.Tenant, app.Namespace, app.ID); exists {
		return rest.Invalid(rest.Violation{Path: "id", Message: "App id already exists"})
	}
	it, err := h.Store.Create(a.Tenant, ids.New(), app, string(src))
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, sourceView(it))
	return nil
}

func (h *Handlers) get(w http.ResponseWriter, r *http.Request) error {
	it, err := h.app(r, r.PathValue("uid"), "VIEW")
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, sourceView(it))
	return nil
}

func (h *Handlers) update(w http.ResponseWriter, r *http.Request) error {
	src, err := params.Source(r)
	if err != nil {
		return err
	}
	uid := r.PathValue("uid")
	cur, err := h.app(r, uid, "UPDATE")
	if err != nil {
		return err
	}
	app, err := parse(src)
	if err != nil {
		return err
	}
	if app.Namespace != cur.Value.Namespace {
		return rest.Invalid(rest.Violation{Path: "namespace", Message: "Illegal namespace update"})
	}
	if app.ID != cur.Value.ID {
		return rest.Invalid(rest.Violation{Path: "id", Message: "Illegal app id update"})
	}
	a := auth.From(r.Context())
	it, err := h.Store.Replace(a.Tenant, uid, app, string(src))
	if err != nil {
		return notFound(uid)
	}
	rest.WriteJSON(w, http.StatusOK, sourceView(it))
	return nil
}

func (h *Handlers) deleteOne(r *http.Request, uid string) error {
	if _, err := h.app(r, uid, "DELETE"); err != nil {
		return err
	}
	if _, err := h.Store.Delete(auth.From(r.Context()).Tenant, uid); err != nil {
		return notFound(uid)
	}
	return nil
}

func (h *Handlers) delete(w http.ResponseWriter, r *http.Request) error {
	if err := h.deleteOne(r, r.PathValue("uid")); err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, map[string]any{})
	return nil
}

// setDisabled enables or disables an app; its source follows.
func (h *Handlers) setDisabled(r *http.Request, uid string, disabled bool) (*store.Item[*App], error) {
	if _, err := h.app(r, uid, "UPDATE"); err != nil {
		return nil, err
	}
	it, err := h.Store.Update(auth.From(r.Context()).Tenant, uid, func(cur *store.Item[*App]) (*App, string, error) {
		if cur.Value.Disabled == disabled {
			return cur.Value, cur.Source, nil
		}
		c := *cur.Value
		c.Disabled = disabled
		return &c, source.ToggleDisabled(cur.Source, disabled), nil
	})
	if err != nil {
		return nil, notFound(uid)
	}
	return it, nil
}

func (h *Handlers) toggle(disabled bool) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		it, err := h.setDisabled(r, r.PathValue("uid"), disabled)
		if err != nil {
			return err
		}
		rest.WriteJSON(w, http.StatusOK, appView(it))
		return nil
	}
}

func (h *Handlers) toggler(disabled bool) func(*http.Request, string) error {
	return func(r *http.Request, uid string) error {
		_, err := h.setDisabled(r, uid, disabled)
		return err
	}
}

// bulkRequest is AppsController.ApiBulkOperationRequest.
type bulkRequest struct {
	UIDs []string `json:"uids"`
}

// bulkResponse is AppsController.ApiBulkOperationResponse: the uids the
// operation succeeded on.
type bulkResponse struct {
	Success []string `json:"success"`
}

func readUIDs(r *http.Request) ([]string, error) {
	var req bulkRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return nil, err
	}
	if len(req.UIDs) == 0 {
		return nil, rest.Invalid(rest.Violation{Path: "uids", Message: "must not be empty"})
	}
	return req.UIDs, nil
}

// bulk applies op to each app of the request; apps that are missing are
// left out of the answer, a missing permission fails the request.
func (h *Handlers) bulk(action string, op func(*http.Request, string) error) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		uids, err := readUIDs(r)
		if err != nil {
			return err
		}
		a := auth.From(r.Context())
		for _, uid := range uids {
			if it, err := h.Store.Get(a.Tenant, uid); err == nil {
				if err := a.Require(resource, action, it.Value.Namespace); err != nil {
					return err
				}
			}
		}
		out := bulkResponse{Success: []string{}}
		for _, uid := range uids {
			if err := op(r, uid); err == nil {
				out.Success = append(out.Success, uid)
			}
		}
		rest.WriteJSON(w, http.StatusOK, out)
		return nil
	}
}

// matchTags applies a tags filter: EQUALS/IN keep apps with one of the
// values, NOT_EQUALS/NOT_IN apps with none of them.
func matchTags(fs rest.Filters, tags []string) bool {
	for _, f := range fs.On("tags") {
		has := slices.ContainsFunc(f.Values, func(v string) bool { return slices.Contains(tags, v) })
		switch f.Op {
		case "NOT_EQUALS", "NOT_IN":
			if has {
				return false
			}
		default:
			if !has {
				return false
			}
		}
	}
	return true
}

// matching lists the live apps the caller may see that pass the filters.
func (h *Handlers) matching(r *http.Request, extra func(*App) bool) ([]*store.Item[*App], error) {
	fs, err := rest.ParseFilters(r.URL.Query())
	if err != nil {
		return nil, err
	}
	a := auth.From(r.Context())
	text, _ := fs.Equals("q")
	if t := r.URL.Query().Get("q"); t != "" {
		text = t
	}
	text = strings.ToLower(text)
	return h.Store.List(a.Tenant, func(it *store.Item[*App]) bool {
		app := it.Value
		return (a.Allowed(resource, "LIST", app.Namespace) || a.Allowed(resource, "VIEW", app.Namespace)) &&
			(text == "" || strings.Contains(strings.ToLower(app.ID+" "+app.DisplayName+" "+app.Description+" "+app.Namespace), text)) &&
			fs.Match("namespace", app.Namespace) && fs.Match("flowId", app.FlowID) && fs.Match("id", app.ID) &&
			matchTags(fs, app.Tags) && (extra == nil || extra(app))
	}), nil
}

func (h *Handlers) search(w http.ResponseWriter, r *http.Request) error {
	return params.Search(w, r, 10, func() ([]*store.Item[*App], error) { return h.matching(r, nil) }, appView, rest.Comparators[apiApp]{
		"id":        rest.By(func(a apiApp) string { return a.ID }),
		"name":      rest.By(func(a apiApp) string { return a.Name }),
		"namespace": rest.By(func(a apiApp) string { return a.Namespace }),
		"flowId":    rest.By(func(a apiApp) string { return a.FlowID }),
		"created":   rest.ByTime(func(a apiApp) time.Time { return a.Created }),
		"updated":   rest.ByTime(func(a apiApp) time.Time { return a.Updated }),
	})
}

// catalogItem is AppsController.ApiAppCatalogItem.
type catalogItem struct {
	UID         string   `json:"uid"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	Type        string   `json:"type"`
	Tags        []string `json:"tags"`
	Thumbnail   string   `json:"thumbnail,omitempty"`
}

// catalog lists the enabled apps (a disabled app is not in the catalog).
func (h *Handlers) catalog(w http.ResponseWriter, r *http.Request) error {
	paging, err := rest.ParsePaging(r.URL.Query(), 10)
	if err != nil {
		return err
	}
	items, err := h.matching(r, func(a *App) bool { return !a.Disabled })
	if err != nil {
		return err
	}
	rows := make([]catalogItem, len(items))
	for i, it := range items {
		a := it.Value
		rows[i] = catalogItem{UID: it.Key, Name: a.name(), Description: a.Description, Type: a.Type, Tags: tagsOf(a), Thumbnail: a.Thumbnail}
	}
	slices.SortStableFunc(rows, func(a, b catalogItem) int { return strings.Compare(a.Name, b.Name) })
	rest.WriteJSON(w, http.StatusOK, rest.Page(rows, paging))
	return nil
}

func (h *Handlers) tags(w http.ResponseWriter, r *http.Request) error {
	items, err := h.matching(r, nil)
	if err != nil {
		return err
	}
	tags := []string{}
	for _, it := range items {
		for _, t := range it.Value.Tags {
			if !slices.Contains(tags, t) {
				tags = append(tags, t)
			}
		}
	}
	slices.Sort(tags)
	rest.WriteJSON(w, http.StatusOK, map[string][]string{"tags": tags})
	return nil
}
