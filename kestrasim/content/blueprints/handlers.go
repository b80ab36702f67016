package blueprints

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/content/params"
	"github.com/kestractl/kestractl/kestrasim/content/store"
	"github.com/kestractl/kestractl/kestrasim/ids"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

const resource = "BLUEPRINT"

// defaultSize is the page size the document gives blueprint lists.
const defaultSize = 1

// Handlers serves the blueprints API: the community catalog (both
// editions) and the tenant's flow blueprints (Enterprise).
type Handlers struct {
	Community *Community
	Store     *store.Store[*Blueprint]
}

// Routes lists the blueprint routes.
func (h *Handlers) Routes() []rest.Route {
	const p = "/api/v1/{tenant}/blueprints"
	perm := rest.PermissionOn(resource)
	ee := []rest.Route{
		{Method: "GET", Path: p + "/custom", Handler: h.searchCustom, Perm: perm("LIST")},
		{Method: "POST", Path: p + "/custom", Handler: h.createCustom, Perm: perm("CREATE")},
		{Method: "GET", Path: p + "/custom/tags", Handler: h.customTags, Perm: perm("LIST")},
		{Method: "GET", Path: p + "/custom/{id}", Handler: h.getFlow, Perm: perm("VIEW")},
		{Method: "PUT", Path: p + "/custom/{id}", Handler: h.updateCustom, Perm: perm("UPDATE")},
		{Method: "DELETE", Path: p + "/custom/{id}", Handler: h.delete, Perm: perm("DELETE")},
		{Method: "GET", Path: p + "/custom/{id}/source", Handler: h.customSource, Perm: perm("VIEW")},
		{Method: "GET", Path: p + "/flow/{id}", Handler: h.getFlow, Perm: perm("VIEW")},
		{Method: "POST", Path: p + "/flows", Handler: h.createFlow, Perm: perm("CREATE")},
		{Method: "GET", Path: p + "/flows/{id}", Handler: h.getFlow, Perm: perm("VIEW")},
		{Method: "PUT", Path: p + "/flows/{id}", Handler: h.updateFlow, Perm: perm("UPDATE")},
		{Method: "DELETE", Path: p + "/flows/{id}", Handler: h.delete, Perm: perm("DELETE")},
		{Method: "POST", Path: p + "/flows/{id}/use-template", Handler: h.useTemplate, Perm: perm("VIEW")},
	}
	return append([]rest.Route{
		{Method: "GET", Path: p + "/community/{kind}", Handler: h.searchCommunity},
		{Method: "GET", Path: p + "/community/{kind}/tags", Handler: h.communityTags},
		{Method: "GET", Path: p + "/community/{kind}/{id}", Handler: h.getCommunity},
		{Method: "GET", Path: p + "/community/{kind}/{id}/graph", Handler: h.communityGraph},
		{Method: "GET", Path: p + "/community/{kind}/{id}/source", Handler: h.communitySource},
	}, rest.EEOnly(ee)...)
}

// kind reads the {kind} path value, one of the Kind enum.
func kind(r *http.Request) (string, error) {
	k := r.PathValue("kind")
	if !slices.Contains(kinds, k) {
		return "", rest.BadRequest("Failed to convert argument [kind] for value [%s]", r.PathValue("kind"))
	}
	return k, nil
}

// listFilter reads the q and tags filters of a blueprint list.
type listFilter struct {
	text string
	tags []string
	fs   rest.Filters
}

func readListFilter(r *http.Request) (listFilter, error) {
	fs, err := rest.ParseFilters(r.URL.Query())
	if err != nil {
		return listFilter{}, err
	}
	f := listFilter{fs: fs}
	f.text, _ = fs.Equals("q")
	if q := r.URL.Query().Get("q"); q != "" {
		f.text = q
	}
	for _, t := range fs.On("tags") {
		f.tags = append(f.tags, t.Values...)
	}
	f.tags = append(f.tags, r.URL.Query()["tags"]...)
	return f, nil
}

func (f listFilter) match(id, title, description string, tags []string) bool {
	if f.text != "" && !strings.Contains(strings.ToLower(id+" "+title+" "+description), strings.ToLower(f.text)) {
		return false
	}
	if len(f.tags) > 0 && !slices.ContainsFunc(f.tags, func(t string) bool { return slices.Contains(tags, t) }) {
		return false
	}
	return true
}

func (b *communityBlueprint) item() item {
	return item{ID: b.ID, Title: b.Title, Description: b.Description, IncludedTasks: b.included, Tags: tagsOf(b.Tags), PublishedAt: b.PublishedAt}
}

func (h *Handlers) searchCommunity(w http.ResponseWriter, r *http.Request) error {
	k, err := kind(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	paging, err := rest.ParsePaging(q, defaultSize)
	if err != nil {
		return err
	}
	f, err := readListFilter(r)
	if err != nil {
		return err
	}
	var rows []item
	for _, b := range h.Community.ofKind(k) {
		if f.match(b.ID, b.Title, b.Description, b.Tags) {
			rows = append(rows, b.item())
		}
	}
	rest.WritePage(w, q, paging, rows, itemFields(func(b item) item { return b }))
	return nil
}

// tagItem is ApiBlueprintTagItem.
type tagItem struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	PublishedAt time.Time `json:"publishedAt"`
}

func (h *Handlers) communityTags(w http.ResponseWriter, r *http.Request) error {
	k, err := kind(r)
	if err != nil {
		return err
	}
	f, err := readListFilter(r)
	if err != nil {
		return err
	}
	f.tags = nil
	out := []tagItem{}
	for _, b := range h.Community.ofKind(k) {
		if !f.match(b.ID, b.Title, b.Description, b.Tags) {
			continue
		}
		for _, t := range b.Tags {
			i := slices.IndexFunc(out, func(x tagItem) bool { return x.Name == t })
			switch {
			case i < 0:
				out = append(out, tagItem{ID: t, Name: t, PublishedAt: b.PublishedAt})
			case b.PublishedAt.Before(out[i].PublishedAt):
				out[i].PublishedAt = b.PublishedAt
			}
		}
	}
	slices.SortFunc(out, func(a, b tagItem) int { return strings.Compare(a.Name, b.Name) })
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handlers) community(r *http.Request) (*communityBlueprint, error) {
	k, err := kind(r)
	if err != nil {
		return nil, err
	}
	b, ok := h.Community.get(k, r.PathValue("id"))
	if !ok {
		return nil, rest.NotFound("Blueprint '%s' not found", r.PathValue("id"))
	}
	return b, nil
}

func (h *Handlers) getCommunity(w http.ResponseWriter, r *http.Request) error {
	b, err := h.community(r)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, itemWithSource{item: b.item(), Source: b.source, Kind: b.Kind})
	return nil
}

func writeYAML(w http.ResponseWriter, src string) {
	w.Header().Set("Content-Type", "application/yaml")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(src))
}

func (h *Handlers) communitySource(w http.ResponseWriter, r *http.Request) error {
	b, err := h.community(r)
	if err != nil {
		return err
	}
	writeYAML(w, b.source)
	return nil
}

func (h *Handlers) communityGraph(w http.ResponseWriter, r *http.Request) error {
	b, err := h.community(r)
	if err != nil {
		return err
	}
	if b.Kind != "FLOW" {
		return rest.NotFound("Blueprint '%s' is a %s blueprint: only flow blueprints have a graph", b.ID, b.Kind)
	}
	g, err := graph(b.source)
	if err != nil {
		return rest.Invalid(rest.Violation{Path: "source", Message: err.Error()})
	}
	rest.WriteJSON(w, http.StatusOK, g)
	return nil
}

// tenant blueprints

func notFound(id string) error { return rest.NotFound("Blueprint '%s' not found", id) }

func (h *Handlers) item(r *http.Request) (*store.Item[*Blueprint], error) {
	it, err := h.Store.Get(auth.From(r.Context()).Tenant, r.PathValue("id"))
	if err != nil {
		return nil, notFound(r.PathValue("id"))
	}
	return it, nil
}

func flowView(it *store.Item[*Blueprint]) flowBlueprint {
	return flowBlueprint{item: itemOf(it), Source: it.Source, Template: templateOf(it.Source)}
}

func blueprintView(it *store.Item[*Blueprint], withSource bool) blueprintJSON {
	out := blueprintJSON{item: itemOf(it), Deleted: it.Deleted, Template: templateOf(it.Source)}
	if withSource {
		out.Flow = it.Source
	}
	return out
}

// flowRequest is BlueprintController.FlowBlueprintCreateOrUpdate.
type flowRequest struct {
	Title       string   `json:"title"`
	Source      string   `json:"source"`
	Description string   `json:"description"`
	Tags        []string `json:"tags"`
}

// customRequest is ApiBlueprintItemWithSource as a request.
type customRequest struct {
	flowRequest
	Kind string `json:"kind"`
}

func readFlowRequest(r *http.Request) (*Blueprint, string, error) {
	var req flowRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return nil, "", err
	}
	if err := validate(req.Title, req.Source); err != nil {
		return nil, "", err
	}
	return &Blueprint{Title: req.Title, Description: req.Description, Tags: req.Tags, Kind: "FLOW"}, req.Source, nil
}

func readCustomRequest(r *http.Request) (*Blueprint, string, error) {
	var req customRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return nil, "", err
	}
	if err := validate(req.Title, req.Source); err != nil {
		return nil, "", err
	}
	k := strings.ToUpper(req.Kind)
	if k == "" {
		k = "FLOW"
	}
	if !slices.Contains(kinds, k) {
		return nil, "", invalid("kind", "Invalid kind '%s', allowed values: %s", req.Kind, strings.Join(kinds, ", "))
	}
	return &Blueprint{Title: req.Title, Description: req.Description, Tags: req.Tags, Kind: k}, req.Source, nil
}

func (h *Handlers) createFlow(w http.ResponseWriter, r *http.Request) error {
	b, src, err := readFlowRequest(r)
	if err != nil {
		return err
	}
	it, err := h.Store.Create(auth.From(r.Context()).Tenant, ids.New(), b, src)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, flowView(it))
	return nil
}

func (h *Handlers) createCustom(w http.ResponseWriter, r *http.Request) error {
	b, src, err := readCustomRequest(r)
	if err != nil {
		return err
	}
	it, err := h.Store.Create(auth.From(r.Context()).Tenant, ids.New(), b, src)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, itemWithSource{item: itemOf(it), Source: src, Kind: b.Kind})
	return nil
}

func (h *Handlers) getFlow(w http.ResponseWriter, r *http.Request) error {
	it, err := h.item(r)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, flowView(it))
	return nil
}

func (h *Handlers) replace(r *http.Request, b *Blueprint, src string) (*store.Item[*Blueprint], error) {
	it, err := h.Store.Replace(auth.From(r.Context()).Tenant, r.PathValue("id"), b, src)
	if err != nil {
		return nil, notFound(r.PathValue("id"))
	}
	return it, nil
}

func (h *Handlers) updateFlow(w http.ResponseWriter, r *http.Request) error {
	b, src, err := readFlowRequest(r)
	if err != nil {
		return err
	}
	it, err := h.replace(r, b, src)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, flowView(it))
	return nil
}

func (h *Handlers) updateCustom(w http.ResponseWriter, r *http.Request) error {
	b, src, err := readCustomRequest(r)
	if err != nil {
		return err
	}
	it, err := h.replace(r, b, src)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, blueprintView(it, true))
	return nil
}

func (h *Handlers) delete(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.Store.Delete(auth.From(r.Context()).Tenant, r.PathValue("id")); err != nil {
		return notFound(r.PathValue("id"))
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (h *Handlers) customSource(w http.ResponseWriter, r *http.Request) error {
	it, err := h.item(r)
	if err != nil {
		return err
	}
	writeYAML(w, it.Source)
	return nil
}

func (h *Handlers) searchCustom(w http.ResponseWriter, r *http.Request) error {
	withSource, err := rest.QueryBool(r, "source", false)
	if err != nil {
		return err
	}
	return params.Search(w, r, defaultSize, func() ([]*store.Item[*Blueprint], error) {
		f, err := readListFilter(r)
		if err != nil {
			return nil, err
		}
		return h.Store.List(auth.From(r.Context()).Tenant, func(it *store.Item[*Blueprint]) bool {
			b := it.Value
			return f.match(it.Key, b.Title, b.Description, b.Tags)
		}), nil
	}, func(it *store.Item[*Blueprint]) blueprintJSON { return blueprintView(it, withSource) },
		itemFields(func(b blueprintJSON) item { return b.item }), rest.SortKey{Field: "title"})
}

func (h *Handlers) customTags(w http.ResponseWriter, r *http.Request) error {
	f, err := readListFilter(r)
	if err != nil {
		return err
	}
	f.tags = nil
	tags := []string{}
	for _, it := range h.Store.List(auth.From(r.Context()).Tenant, nil) {
		b := it.Value
		if !f.match(it.Key, b.Title, b.Description, b.Tags) {
			continue
		}
		for _, t := range b.Tags {
			if !slices.Contains(tags, t) {
				tags = append(tags, t)
			}
		}
	}
	slices.Sort(tags)
	rest.WriteJSON(w, http.StatusOK, tags)
	return nil
}

// templateRequest is UseBlueprintTemplateRequest.
type templateRequest struct {
	TemplateArgumentsInputs map[string]any `json:"templateArgumentsInputs"`
}

func (h *Handlers) useTemplate(w http.ResponseWriter, r *http.Request) error {
	var req templateRequest
	if r.ContentLength != 0 {
		if err := rest.DecodeJSON(r, &req); err != nil {
			return err
		}
	}
	it, err := h.item(r)
	if err != nil {
		return err
	}
	given := make(map[string]any, len(req.TemplateArgumentsInputs))
	for k, v := range req.TemplateArgumentsInputs {
		if n, ok := v.(json.Number); ok {
			if i, err := n.Int64(); err == nil {
				v = i
			} else if f, err := n.Float64(); err == nil {
				v = f
			}
		}
		given[k] = v
	}
	out, err := Generate(it.Source, given)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, map[string]string{"generatedFlowSource": out})
	return nil
}
