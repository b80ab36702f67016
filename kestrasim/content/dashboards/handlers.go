package dashboards

import (
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/content/params"
	"github.com/kestractl/kestractl/kestrasim/content/source"
	"github.com/kestractl/kestractl/kestrasim/content/store"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// defaultSource is the built-in default dashboard, served as "_default".
//
//go:embed default.yaml
var defaultSource string

const resource = "DASHBOARD"

// Handlers serves the dashboards API.
type Handlers struct {
	Store    *store.Store[*Dashboard]
	Settings *Settings
	Sources  Sources
	// Tenants are the tenants of the instance (tenant settings routes).
	Tenants []string
	Now     func() time.Time
}

// Routes lists the dashboard routes.
func (h *Handlers) Routes() []rest.Route {
	const p = "/api/v1/{tenant}/dashboards"
	perm := rest.PermissionOn(resource)
	return []rest.Route{
		{Method: "GET", Path: p, Handler: h.search, Perm: perm("LIST")},
		{Method: "POST", Path: p, Handler: h.create, Perm: perm("CREATE")},
		{Method: "POST", Path: p + "/charts/export/to-csv", Handler: h.preview(h.writeCSV), Perm: perm("VIEW")},
		{Method: "POST", Path: p + "/charts/preview", Handler: h.preview(h.writeRows), Perm: perm("VIEW")},
		{Method: "GET", Path: p + "/settings/default-dashboards", Handler: h.defaults, Perm: perm("VIEW")},
		{Method: "POST", Path: p + "/validate", Handler: h.validate, Perm: perm("VIEW")},
		{Method: "POST", Path: p + "/validate/chart", Handler: h.validateChart, Perm: perm("VIEW")},
		{Method: "GET", Path: p + "/{id}", Handler: h.get, Perm: perm("VIEW")},
		{Method: "PUT", Path: p + "/{id}", Handler: h.update, Perm: perm("UPDATE")},
		{Method: "DELETE", Path: p + "/{id}", Handler: h.delete, Perm: perm("DELETE")},
		{Method: "POST", Path: p + "/{id}/charts/{chartId}", Handler: h.stored(h.writeRows), Perm: perm("VIEW")},
		{Method: "POST", Path: p + "/{id}/charts/{chartId}/export/to-csv", Handler: h.stored(h.writeCSV), Perm: perm("VIEW")},
		{Method: "GET", Path: "/api/v1/tenants/{id}/settings/default-dashboards", Handler: h.tenantDefaults, SuperAdmin: true, EEOnly: true},
		{Method: "POST", Path: "/api/v1/tenants/{id}/settings/default-dashboards", Handler: h.setTenantDefaults, SuperAdmin: true, EEOnly: true},
	}
}

// response is DashboardController.DashboardResponse.
type response struct {
	TenantID    string     `json:"tenantId,omitempty"`
	ID          string     `json:"id"`
	Title       string     `json:"title"`
	Description string     `json:"description,omitempty"`
	TimeWindow  TimeWindow `json:"timeWindow"`
	Charts      []any      `json:"charts,omitempty"`
	Deleted     bool       `json:"deleted"`
	Created     *time.Time `json:"created,omitempty"`
	Updated     *time.Time `json:"updated,omitempty"`
	SourceCode  string     `json:"sourceCode,omitempty"`
}

func view(tenant string, d *Dashboard, src string, created, updated *time.Time, deleted bool) response {
	out := response{TenantID: tenant, ID: d.ID, Title: d.Title, Description: d.Description, TimeWindow: d.TimeWindow,
		Deleted: deleted, Created: created, Updated: updated, SourceCode: src}
	for _, c := range d.Charts {
		out.Charts = append(out.Charts, c.Doc)
	}
	return out
}

func itemView(it *store.Item[*Dashboard]) response {
	return view(it.Tenant, it.Value, it.Source, &it.Created, &it.Updated, it.Deleted)
}

// defaultDashboard is the built-in dashboard (Dashboard.defaultDashboard:
// its source gets the reserved id).
func defaultDashboard() (*Dashboard, string) {
	src := "id: " + DefaultID + "\n" + defaultSource
	d, vs := Parse([]byte(src))
	if len(vs) > 0 {
		panic("built-in dashboard: " + vs.Constraints())
	}
	return d, src
}

func notFound(id string) error { return rest.NotFound("Dashboard '%s' not found", id) }

// lookup returns a stored dashboard or the built-in one.
func (h *Handlers) lookup(tenant, id string) (*Dashboard, response, error) {
	if id == DefaultID {
		d, src := defaultDashboard()
		return d, view(tenant, d, src, nil, nil, false), nil
	}
	it, err := h.Store.Get(tenant, id)
	if err != nil {
		return nil, response{}, notFound(id)
	}
	return it.Value, itemView(it), nil
}

func (h *Handlers) parse(src []byte) (*Dashboard, error) {
	d, vs := Parse(src)
	if err := vs.Err(); err != nil {
		return nil, err
	}
	if d.ID == DefaultID {
		return nil, rest.Invalid(rest.Violation{Path: "id", Message: "'" + DefaultID + "' is the reserved id of the default dashboard"})
	}
	return d, nil
}

func (h *Handlers) create(w http.ResponseWriter, r *http.Request) error {
	src, err := params.Source(r)
	if err != nil {
		return err
	}
	d, err := h.parse(src)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	it, err := params.Create(h.Store, a.Tenant, d.ID, d, string(src), "Dashboard")
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, itemView(it))
	return nil
}

func (h *Handlers) get(w http.ResponseWriter, r *http.Request) error {
	_, resp, err := h.lookup(auth.From(r.Context()).Tenant, r.PathValue("id"))
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, resp)
	return nil
}

func (h *Handlers) update(w http.ResponseWriter, r *http.Request) error {
	src, err := params.Source(r)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	id := r.PathValue("id")
	if _, err := h.Store.Get(a.Tenant, id); err != nil {
		return notFound(id)
	}
	d, err := h.parse(src)
	if err != nil {
		return err
	}
	if d.ID != id {
		return rest.Invalid(rest.Violation{Path: "id", Message: "Illegal dashboard id update"})
	}
	it, err := h.Store.Replace(a.Tenant, id, d, string(src))
	if err != nil {
		return notFound(id)
	}
	rest.WriteJSON(w, http.StatusOK, itemView(it))
	return nil
}

func (h *Handlers) delete(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	id := r.PathValue("id")
	if _, err := h.Store.Delete(a.Tenant, id); err != nil {
		return notFound(id)
	}
	w.WriteHeader(http.StatusOK)
	return nil
}

func (h *Handlers) search(w http.ResponseWriter, r *http.Request) error {
	return params.Search(w, r, 10, func() ([]*store.Item[*Dashboard], error) {
		text := strings.ToLower(r.URL.Query().Get("q"))
		return h.Store.List(auth.From(r.Context()).Tenant, func(it *store.Item[*Dashboard]) bool {
			d := it.Value
			return text == "" || strings.Contains(strings.ToLower(d.ID+" "+d.Title+" "+d.Description), text)
		}), nil
	}, itemView, rest.Comparators[response]{
		"id":      rest.By(func(d response) string { return d.ID }),
		"title":   rest.By(func(d response) string { return d.Title }),
		"created": rest.ByTime(func(d response) time.Time { return *d.Created }),
		"updated": rest.ByTime(func(d response) time.Time { return *d.Updated }),
	})
}

func writeValidation(w http.ResponseWriter, vs source.Violations) {
	v := rest.NewValidation(0)
	v.Constraints = vs.Constraints()
	rest.WriteJSON(w, http.StatusOK, v)
}

func (h *Handlers) validate(w http.ResponseWriter, r *http.Request) error {
	src, err := params.Source(r)
	if err != nil {
		return err
	}
	_, vs := Parse(src)
	writeValidation(w, vs)
	return nil
}

func (h *Handlers) validateChart(w http.ResponseWriter, r *http.Request) error {
	src, err := params.Source(r)
	if err != nil {
		return err
	}
	_, vs := ParseChart(src)
	writeValidation(w, vs)
	return nil
}

// queryFilter is QueryFilter as a chart request carries it.
type queryFilter struct {
	Field     string `json:"field"`
	Operation string `json:"operation"`
	Value     any    `json:"value"`
}

// overrides is ChartFiltersOverrides.
type overrides struct {
	StartDate  *time.Time        `json:"startDate"`
	EndDate    *time.Time        `json:"endDate"`
	PageSize   int               `json:"pageSize"`
	PageNumber int               `json:"pageNumber"`
	Namespace  string            `json:"namespace"`
	Labels     map[string]string `json:"labels"`
	Filters    []queryFilter     `json:"filters"`
}

// previewRequest is DashboardController.PreviewRequest.
type previewRequest struct {
	Chart        string     `json:"chart"`
	GlobalFilter *overrides `json:"globalFilter"`
}

// filterFields map the QueryFilter fields a chart request may override to
// the data fields they replace (IExecutions.whereWithGlobalFilters).
var filterFields = map[string]string{"namespace": "NAMESPACE", "flowId": "FLOW_ID", "state": "STATE", "labels": "LABELS"}

// filterOps map QueryFilter operations to dashboard filter types.
var filterOps = map[string]string{
	"EQUALS": "EQUAL_TO", "NOT_EQUALS": "NOT_EQUAL_TO", "GREATER_THAN": "GREATER_THAN", "LESS_THAN": "LESS_THAN",
	"GREATER_THAN_OR_EQUAL_TO": "GREATER_THAN_OR_EQUAL_TO", "LESS_THAN_OR_EQUAL_TO": "LESS_THAN_OR_EQUAL_TO",
	"IN": "IN", "NOT_IN": "NOT_IN", "STARTS_WITH": "STARTS_WITH", "ENDS_WITH": "ENDS_WITH", "CONTAINS": "CONTAINS",
	"REGEX": "REGEX", "PREFIX": "PREFIX",
}

// query turns the request's overrides into a Query over window.
func (h *Handlers) query(o *overrides, window time.Duration) (Query, rest.Paging, error) {
	q := Query{End: h.Now().UTC()}
	paging := rest.Paging{Page: 1, Size: 0}
	if o == nil {
		o = &overrides{}
	}
	if o.EndDate != nil {
		q.End, q.EndGiven = o.EndDate.UTC(), true
	}
	q.Start = q.End.Add(-window)
	if o.StartDate != nil {
		q.Start = o.StartDate.UTC()
	}
	if q.Start.After(q.End) {
		return q, paging, rest.Invalid(rest.Violation{Path: "startDate", Message: "must be before endDate"})
	}
	if o.PageNumber < 0 || o.PageSize < 0 {
		return q, paging, rest.Invalid(rest.Violation{Path: "pageNumber", Message: "pageNumber and pageSize must be positive"})
	}
	if o.PageNumber > 0 {
		paging.Page = o.PageNumber
	}
	paging.Size = o.PageSize
	if o.Namespace != "" {
		q.Overrides = append(q.Overrides, Filter{Type: "PREFIX", Field: "NAMESPACE", Value: o.Namespace})
	}
	for k, v := range o.Labels {
		q.Overrides = append(q.Overrides, Filter{Type: "EQUAL_TO", Field: "LABELS", LabelKey: k, Value: v})
	}
	for _, f := range o.Filters {
		field, ok := filterFields[f.Field]
		op, okOp := filterOps[f.Operation]
		if !ok || !okOp {
			return q, paging, rest.Invalid(rest.Violation{Path: "filters", Message: fmt.Sprintf("unsupported chart filter %s %s", f.Field, f.Operation)})
		}
		flt := Filter{Type: op, Field: field, Value: f.Value}
		if list, isList := f.Value.([]any); isList {
			flt.Values = list
		}
		if m, isMap := f.Value.(map[string]any); isMap && field == "LABELS" {
			for k, v := range m {
				q.Overrides = append(q.Overrides, Filter{Type: op, Field: field, LabelKey: k, Value: fmt.Sprint(v)})
			}
			continue
		}
		q.Overrides = append(q.Overrides, flt)
	}
	return q, paging, nil
}

// rows computes the data of a chart for a request.
func (h *Handlers) rows(r *http.Request, c *Chart, o *overrides, window time.Duration) ([]map[string]any, rest.Paging, error) {
	if c.Data == nil {
		return nil, rest.Paging{}, rest.Invalid(rest.Violation{Path: "chart", Message: fmt.Sprintf("chart '%s' (%s) has no data", c.ID, c.Kind())})
	}
	q, paging, err := h.query(o, window)
	if err != nil {
		return nil, paging, err
	}
	a := auth.From(r.Context())
	recs := h.Sources.records(a.Tenant, c.Data.Source())
	// Rows of namespaces the caller may not list are left out.
	res := "EXECUTION"
	if c.Data.Source() == "Flows" {
		res = "FLOW"
	}
	recs = slices.DeleteFunc(recs, func(rec record) bool {
		ns, _ := rec["NAMESPACE"].(string)
		return !a.Allowed(res, "LIST", ns) && !a.Allowed(res, "VIEW", ns)
	})
	return Compute(c, recs, q), paging, nil
}

func (h *Handlers) chart(r *http.Request) (*Chart, time.Duration, error) {
	d, _, err := h.lookup(auth.From(r.Context()).Tenant, r.PathValue("id"))
	if err != nil {
		return nil, 0, err
	}
	c, ok := d.Chart(r.PathValue("chartId"))
	if !ok {
		return nil, 0, rest.NotFound("Chart '%s' not found in dashboard '%s'", r.PathValue("chartId"), d.ID)
	}
	return c, d.window(), nil
}

func readOverrides(r *http.Request) (*overrides, error) {
	var o overrides
	if err := rest.DecodeJSON(r, &o); err != nil {
		return nil, err
	}
	return &o, nil
}

// rowsWriter answers the rows of a chart (as JSON pages or as CSV).
type rowsWriter func(w http.ResponseWriter, r *http.Request, c *Chart, o *overrides, window time.Duration) error

// stored serves the rows of a chart of a stored dashboard, the request
// body overriding its filters.
func (h *Handlers) stored(write rowsWriter) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		o, err := readOverrides(r)
		if err != nil {
			return err
		}
		c, window, err := h.chart(r)
		if err != nil {
			return err
		}
		return write(w, r, c, o, window)
	}
}

// preview serves the rows of a chart posted as a source.
func (h *Handlers) preview(write rowsWriter) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		c, o, err := h.previewChart(r)
		if err != nil {
			return err
		}
		return write(w, r, c, o, defaultWindow)
	}
}

func (h *Handlers) writeRows(w http.ResponseWriter, r *http.Request, c *Chart, o *overrides, window time.Duration) error {
	rows, paging, err := h.rows(r, c, o, window)
	if err != nil {
		return err
	}
	if paging.Size == 0 {
		paging.Size = max(len(rows), 1)
	}
	rest.WriteJSON(w, http.StatusOK, rest.Page(rows, paging))
	return nil
}

func (h *Handlers) previewChart(r *http.Request) (*Chart, *overrides, error) {
	var req previewRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return nil, nil, err
	}
	if strings.TrimSpace(req.Chart) == "" {
		return nil, nil, rest.Invalid(rest.Violation{Path: "chart", Message: "must not be blank"})
	}
	c, vs := ParseChart([]byte(req.Chart))
	if err := vs.Err(); err != nil {
		return nil, nil, err
	}
	return c, req.GlobalFilter, nil
}

// writeCSV answers the rows of a chart as CSV: a header of the column
// keys, in the order the chart declares them, then one line per row.
func (h *Handlers) writeCSV(w http.ResponseWriter, r *http.Request, c *Chart, o *overrides, window time.Duration) error {
	rows, paging, err := h.rows(r, c, o, window)
	if err != nil {
		return err
	}
	if paging.Size > 0 {
		rows = rest.Page(rows, paging).Results
	}
	header := []string{"value"}
	if !c.Data.KPI() {
		header = header[:0]
		for _, col := range c.Data.Columns {
			header = append(header, col.Key)
		}
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", c.ID+".csv"))
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return nil
	}
	line := make([]string, len(header))
	for _, row := range rows {
		for i, k := range header {
			line[i] = csvValue(row[k])
		}
		if err := cw.Write(line); err != nil {
			return nil
		}
	}
	cw.Flush()
	return nil
}

func csvValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case map[string]string, map[string]any, []any:
		data, _ := json.Marshal(x)
		return string(data)
	case float64:
		return fmt.Sprint(x)
	}
	return fmt.Sprint(v)
}

// DashboardSettings are a tenant's default dashboards.
type DashboardSettings struct {
	DefaultHomeDashboard              string `json:"defaultHomeDashboard,omitempty"`
	DefaultFlowOverviewDashboard      string `json:"defaultFlowOverviewDashboard,omitempty"`
	DefaultNamespaceOverviewDashboard string `json:"defaultNamespaceOverviewDashboard,omitempty"`
}

// Settings keeps the default dashboards of each tenant.
type Settings struct {
	mu      sync.RWMutex
	tenants map[string]DashboardSettings
}

// NewSettings returns empty settings.
func NewSettings() *Settings { return &Settings{tenants: map[string]DashboardSettings{}} }

// Get returns the settings of tenant.
func (s *Settings) Get(tenant string) DashboardSettings {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.tenants[tenant]
}

// Set replaces the settings of tenant.
func (s *Settings) Set(tenant string, v DashboardSettings) {
	s.mu.Lock()
	s.tenants[tenant] = v
	s.mu.Unlock()
}

func (h *Handlers) defaults(w http.ResponseWriter, r *http.Request) error {
	rest.WriteJSON(w, http.StatusOK, h.Settings.Get(auth.From(r.Context()).Tenant))
	return nil
}

func (h *Handlers) tenant(r *http.Request) (string, error) {
	id := r.PathValue("id")
	if !slices.Contains(h.Tenants, id) {
		return "", rest.NotFound("Tenant '%s' not found", id)
	}
	return id, nil
}

func (h *Handlers) tenantDefaults(w http.ResponseWriter, r *http.Request) error {
	tenant, err := h.tenant(r)
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, h.Settings.Get(tenant))
	return nil
}

func (h *Handlers) setTenantDefaults(w http.ResponseWriter, r *http.Request) error {
	tenant, err := h.tenant(r)
	if err != nil {
		return err
	}
	var req DashboardSettings
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	var vs source.Violations
	for _, f := range []struct{ path, id string }{
		{"defaultHomeDashboard", req.DefaultHomeDashboard},
		{"defaultFlowOverviewDashboard", req.DefaultFlowOverviewDashboard},
		{"defaultNamespaceOverviewDashboard", req.DefaultNamespaceOverviewDashboard},
	} {
		if f.id == "" || f.id == DefaultID {
			continue
		}
		if _, err := h.Store.Get(tenant, f.id); err != nil {
			vs.Add(f.path, "Dashboard '%s' not found in tenant '%s'", f.id, tenant)
		}
	}
	if err := vs.Err(); err != nil {
		return err
	}
	h.Settings.Set(tenant, req)
	rest.WriteJSON(w, http.StatusOK, req)
	return nil
}
