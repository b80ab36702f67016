package testsuites

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/content/params"
	"github.com/kestractl/kestractl/kestrasim/content/source"
	"github.com/kestractl/kestractl/kestrasim/content/store"
	"github.com/kestractl/kestractl/kestrasim/namespaces"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Handlers serves the test suites API (Enterprise).
type Handlers struct {
	Store   *store.Store[*TestSuite]
	Results *Results
	Runner  *Runner
}

const resource = "TESTSUITE"

// Routes lists the test suite routes.
func (h *Handlers) Routes() []rest.Route {
	const p = "/api/v1/{tenant}/tests"
	perm := rest.PermissionOn(resource)
	rs := []rest.Route{
		{Method: "POST", Path: p, Handler: h.create, Perm: perm("CREATE")},
		{Method: "DELETE", Path: p + "/by-ids", Handler: h.deleteByIDs, Perm: perm("DELETE")},
		{Method: "POST", Path: p + "/disable/by-ids", Handler: h.toggleByIDs(true), Perm: perm("UPDATE")},
		{Method: "POST", Path: p + "/enable/by-ids", Handler: h.toggleByIDs(false), Perm: perm("UPDATE")},
		{Method: "GET", Path: p + "/results/search", Handler: h.searchResults, Perm: perm("LIST")},
		{Method: "POST", Path: p + "/results/search/last", Handler: h.lastResults, Perm: perm("LIST")},
		{Method: "GET", Path: p + "/results/{id}", Handler: h.getResult, Perm: perm("VIEW")},
		{Method: "POST", Path: p + "/run", Handler: h.runByQuery, Perm: perm("EXECUTE")},
		{Method: "GET", Path: p + "/search", Handler: h.search, Perm: perm("LIST")},
		{Method: "POST", Path: p + "/validate", Handler: h.validate, Perm: perm("VIEW")},
		{Method: "GET", Path: p + "/{namespace}/{id}", Handler: h.get, Perm: perm("VIEW"), NamespaceParam: "namespace"},
		{Method: "PUT", Path: p + "/{namespace}/{id}", Handler: h.update, Perm: perm("UPDATE"), NamespaceParam: "namespace"},
		{Method: "DELETE", Path: p + "/{namespace}/{id}", Handler: h.delete, Perm: perm("DELETE"), NamespaceParam: "namespace"},
		{Method: "POST", Path: p + "/{namespace}/{id}/run", Handler: h.run, Perm: perm("EXECUTE"), NamespaceParam: "namespace"},
	}
	return rest.EEOnly(rs)
}

func notFound(ns, id string) error {
	return rest.NotFound("TestSuite '%s' not found in namespace '%s'", id, ns)
}

func (h *Handlers) item(tenant, ns, id string) (*store.Item[*TestSuite], error) {
	it, err := h.Store.Get(tenant, Key(ns, id))
	if err != nil {
		return nil, notFound(ns, id)
	}
	return it, nil
}

func view(it *store.Item[*TestSuite]) *TestSuite {
	return it.Value.withSource(it.Tenant, it.Source, it.Deleted)
}

// parse reads and validates a source, including that its flow exists.
func (h *Handlers) parse(tenant string, src []byte) (*TestSuite, source.Violations) {
	ts, vs := Parse(src)
	if len(vs) == 0 {
		if _, err := h.Runner.Flows.Get(tenant, ts.Namespace, ts.FlowID, 0, false); err != nil {
			// TestSuiteValidator: the tested flow must exist.
			vs.Add("", "Invalid TestSuite: Flow with id: '%s' does not exist on Namespace: '%s'.", ts.FlowID, ts.Namespace)
		}
	}
	return ts, vs
}

func (h *Handlers) create(w http.ResponseWriter, r *http.Request) error {
	src, err := params.Source(r)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	ts, vs := h.parse(a.Tenant, src)
	if err := vs.Err(); err != nil {
		return err
	}
	if err := a.Require(resource, "CREATE", ts.Namespace); err != nil {
		return err
	}
	it, err := params.Create(h.Store, a.Tenant, Key(ts.Namespace, ts.ID), ts, string(src), "TestSuite")
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, view(it))
	return nil
}

func (h *Handlers) get(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	it, err := h.item(a.Tenant, r.PathValue("namespace"), r.PathValue("id"))
	if err != nil {
		return err
	}
	rest.WriteJSON(w, http.StatusOK, view(it))
	return nil
}

func (h *Handlers) update(w http.ResponseWriter, r *http.Request) error {
	src, err := params.Source(r)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	ns, id := r.PathValue("namespace"), r.PathValue("id")
	if _, err := h.item(a.Tenant, ns, id); err != nil {
		return err
	}
	ts, vs := h.parse(a.Tenant, src)
	if err := vs.Err(); err != nil {
		return err
	}
	if ts.Namespace != ns {
		return rest.Invalid(rest.Violation{Path: "namespace", Message: "Illegal namespace update"})
	}
	if ts.ID != id {
		return rest.Invalid(rest.Violation{Path: "id", Message: "Illegal test suite id update"})
	}
	it, err := h.Store.Replace(a.Tenant, Key(ns, id), ts, string(src))
	if err != nil {
		return notFound(ns, id)
	}
	rest.WriteJSON(w, http.StatusOK, view(it))
	return nil
}

func (h *Handlers) delete(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	ns, id := r.PathValue("namespace"), r.PathValue("id")
	if _, err := h.Store.Delete(a.Tenant, Key(ns, id)); err != nil {
		return notFound(ns, id)
	}
	rest.WriteJSON(w, http.StatusOK, map[string]any{})
	return nil
}

func (h *Handlers) validate(w http.ResponseWriter, r *http.Request) error {
	src, err := params.Source(r)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	ts, vs := h.parse(a.Tenant, src)
	out := rest.NewValidation(0)
	if ts != nil {
		out.Namespace, out.Flow = ts.Namespace, ts.FlowID
	}
	out.Constraints = vs.Constraints()
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handlers) search(w http.ResponseWriter, r *http.Request) error {
	return params.Search(w, r, 10, func() ([]*store.Item[*TestSuite], error) {
		children, err := rest.QueryBool(r, "includeChildNamespaces", true)
		if err != nil {
			return nil, err
		}
		a := auth.From(r.Context())
		ns, flowID := r.URL.Query().Get("namespace"), r.URL.Query().Get("flowId")
		return h.Store.List(a.Tenant, func(it *store.Item[*TestSuite]) bool {
			ts := it.Value
			return visible(a, ts.Namespace) && matchNamespace(ts.Namespace, ns, children) && (flowID == "" || ts.FlowID == flowID)
		}), nil
	}, view, rest.Comparators[*TestSuite]{
		"id":        rest.By(func(t *TestSuite) string { return t.ID }),
		"namespace": rest.By(func(t *TestSuite) string { return t.Namespace }),
		"flowId":    rest.By(func(t *TestSuite) string { return t.FlowID }),
	})
}

func visible(a *auth.Request, ns string) bool {
	return a.Allowed(resource, "LIST", ns) || a.Allowed(resource, "VIEW", ns)
}

func matchNamespace(ns, filter string, children bool) bool {
	if filter == "" {
		return true
	}
	if children {
		return namespaces.IsWithin(ns, filter)
	}
	return ns == filter
}

// apiID is TestSuiteController.TestSuiteApiId.
type apiID struct {
	Namespace string `json:"namespace"`
	ID        string `json:"id"`
}

// bulkRequest is TestSuiteController.TestSuiteBulkRequest.
type bulkRequest struct {
	IDs []apiID `json:"ids"`
}

func readIDs(r *http.Request) ([]apiID, error) {
	var req bulkRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return nil, err
	}
	if len(req.IDs) == 0 {
		return nil, rest.Invalid(rest.Violation{Path: "ids", Message: "must not be empty"})
	}
	for i, id := range req.IDs {
		if id.Namespace == "" || id.ID == "" {
			return nil, rest.Invalid(rest.Violation{Path: "ids[" + strconv.Itoa(i) + "]", Message: "namespace and id must not be empty"})
		}
	}
	return req.IDs, nil
}

// bulkResponse is BulkResponse.
type bulkResponse struct {
	Count int `json:"count"`
}

func (h *Handlers) deleteByIDs(w http.ResponseWriter, r *http.Request) error {
	ids, err := readIDs(r)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	for _, id := range ids {
		if err := a.Require(resource, "DELETE", id.Namespace); err != nil {
			return err
		}
	}
	n := 0
	for _, id := range ids {
		if _, err := h.Store.Delete(a.Tenant, Key(id.Namespace, id.ID)); err == nil {
			n++
		}
	}
	rest.WriteJSON(w, http.StatusOK, bulkResponse{Count: n})
	return nil
}

// toggleByIDs disables or enables test suites; the source follows
// (TestSuite.toggleDisabledInYamlSource).
func (h *Handlers) toggleByIDs(disable bool) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ids, err := readIDs(r)
		if err != nil {
			return err
		}
		a := auth.From(r.Context())
		for _, id := range ids {
			if err := a.Require(resource, "UPDATE", id.Namespace); err != nil {
				return err
			}
		}
		n := 0
		for _, id := range ids {
			_, err := h.Store.Update(a.Tenant, Key(id.Namespace, id.ID), func(cur *store.Item[*TestSuite]) (*TestSuite, string, error) {
				if cur.Value.Disabled == disable {
					return cur.Value, cur.Source, nil
				}
				c := *cur.Value
				c.Disabled = disable
				return &c, source.ToggleDisabled(cur.Source, disable), nil
			})
			if err == nil {
				n++
			}
		}
		rest.WriteJSON(w, http.StatusOK, bulkResponse{Count: n})
		return nil
	}
}

// runRequest is TestSuiteController.RunRequest.
type runRequest struct {
	TestCases []string `json:"testCases"`
}

func (h *Handlers) run(w http.ResponseWriter, r *http.Request) error {
	var req runRequest
	if r.ContentLength != 0 && r.Body != nil {
		if err := rest.DecodeJSON(r, &req); err != nil && !isEmptyBody(err) {
			return err
		}
	}
	a := auth.From(r.Context())
	ns, id := r.PathValue("namespace"), r.PathValue("id")
	it, err := h.item(a.Tenant, ns, id)
	if err != nil {
		return err
	}
	for _, c := range req.TestCases {
		if !hasCase(it.Value, c) {
			return rest.NotFound("Test case '%s' not found in test suite '%s' of namespace '%s'", c, id, ns)
		}
	}
	res := h.Runner.Run(r.Context(), a.Tenant, rest.BaseURL(r), it.Value, req.TestCases)
	h.Results.Add(a.Tenant, res)
	rest.WriteJSON(w, http.StatusOK, res)
	return nil
}

func isEmptyBody(err error) bool {
	var e *rest.Error
	return errors.As(err, &e) && e.Message == "Required Body is not specified"
}

func hasCase(ts *TestSuite, id string) bool {
	for _, tc := range ts.TestCases {
		if tc.ID == id {
			return true
		}
	}
	return false
}

// queryRequest is TestSuiteService.RunByQueryRequest.
type queryRequest struct {
	Namespace              *string `json:"namespace"`
	FlowID                 *string `json:"flowId"`
	IncludeChildNamespaces *bool   `json:"includeChildNamespaces"`
}

// queryResult is TestSuiteService.TestRunByQueryResult.
type queryResult struct {
	RequestMade               queryRequest `json:"requestMade"`
	TenantID                  string       `json:"tenantId"`
	NumberOfTestSuitesToBeRun int          `json:"numberOfTestSuitesToBeRun"`
	NumberOfTestCasesToBeRun  int          `json:"numberOfTestCasesToBeRun"`
	Results                   []*RunResult `json:"results"`
}

func (h *Handlers) runByQuery(w http.ResponseWriter, r *http.Request) error {
	var req queryRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	if req.IncludeChildNamespaces == nil {
		t := true
		req.IncludeChildNamespaces = &t
	}
	a := auth.From(r.Context())
	var ns, flowID string
	if req.Namespace != nil {
		ns = *req.Namespace
	}
	if req.FlowID != nil {
		flowID = *req.FlowID
	}
	items := h.Store.List(a.Tenant, func(it *store.Item[*TestSuite]) bool {
		ts := it.Value
		return a.Allowed(resource, "EXECUTE", ts.Namespace) &&
			matchNamespace(ts.Namespace, ns, *req.IncludeChildNamespaces) && (flowID == "" || ts.FlowID == flowID)
	})
	out := queryResult{RequestMade: req, TenantID: a.Tenant, NumberOfTestSuitesToBeRun: len(items), Results: []*RunResult{}}
	for _, it := range items {
		if !it.Value.Disabled {
			for _, tc := range it.Value.TestCases {
				if !tc.Disabled {
					out.NumberOfTestCasesToBeRun++
				}
			}
		}
	}
	for _, it := range items {
		res := h.Runner.Run(r.Context(), a.Tenant, rest.BaseURL(r), it.Value, nil)
		h.Results.Add(a.Tenant, res)
		out.Results = append(out.Results, res)
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (h *Handlers) getResult(w http.ResponseWriter, r *http.Request) error {
	a := auth.From(r.Context())
	res, ok := h.Results.Get(a.Tenant, r.PathValue("id"))
	if !ok || !a.Allowed(resource, "VIEW", res.Namespace) {
		return rest.NotFound("Test result '%s' not found", r.PathValue("id"))
	}
	rest.WriteJSON(w, http.StatusOK, res)
	return nil
}

func (h *Handlers) searchResults(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	paging, err := rest.ParsePaging(q, 10)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	suiteID, ns, flowID := q.Get("testSuiteId"), q.Get("namespace"), q.Get("flowId")
	var out []*RunResult
	for _, res := range h.Results.All(a.Tenant) {
		if visible(a, res.Namespace) && (suiteID == "" || res.TestSuiteID == suiteID) &&
			matchNamespace(res.Namespace, ns, true) && (flowID == "" || res.FlowID == flowID) {
			out = append(out, res)
		}
	}
	rest.WritePage(w, q, paging, out, rest.Comparators[*RunResult]{
		"startDate":   rest.ByTime(func(r *RunResult) time.Time { return r.StartDate }),
		"endDate":     rest.ByTime(func(r *RunResult) time.Time { return r.EndDate }),
		"testSuiteId": rest.By(func(r *RunResult) string { return r.TestSuiteID }),
		"namespace":   rest.By(func(r *RunResult) string { return r.Namespace }),
		"flowId":      rest.By(func(r *RunResult) string { return r.FlowID }),
		"state":       rest.By(func(r *RunResult) string { return r.State }),
	}, rest.SortKey{Field: "startDate", Desc: true})
	return nil
}

// lastRequest is TestSuiteController.SearchTestsLastResult.
type lastRequest struct {
	TestSuiteIDs []apiID `json:"testSuiteIds"`
}

func (h *Handlers) lastResults(w http.ResponseWriter, r *http.Request) error {
	var req lastRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	a := auth.From(r.Context())
	out := struct {
		Results []*RunResult `json:"results"`
	}{Results: []*RunResult{}}
	for _, id := range req.TestSuiteIDs {
		if res, ok := h.Results.Last(a.Tenant, id.Namespace, id.ID); ok && visible(a, id.Namespace) {
			out.Results = append(out.Results, res)
		}
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}
