package flows

import (
	"net/http"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/namespaces"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// systemNamespace is the namespace Kestra's SYSTEM flow scope designates.
const systemNamespace = "system"

// query selects flows from `filters[...]` parameters plus the legacy q,
// namespace (a prefix) and labels (key:value) parameters Kestra still maps
// onto filters (RequestUtils.getFiltersOrDefaultToLegacyMapping).
type query struct {
	filters  rest.Filters
	text     string
	legacyNS string
}

func parseQuery(r *http.Request) (query, error) {
	q := r.URL.Query()
	filters, err := rest.ParseFilters(q)
	if err != nil {
		return query{}, err
	}
	out := query{filters: filters, legacyNS: q.Get("namespace")}
	out.text, _ = filters.Equals("q")
	if v := q.Get("q"); v != "" {
		out.text = v
	}
	for _, l := range q["labels"] {
		k, v, ok := strings.Cut(l, ":")
		if !ok || k == "" {
			return query{}, rest.BadRequest("Invalid label '%s': labels must be given as key:value", l)
		}
		out.filters = append(out.filters, rest.Filter{Field: "labels", Op: "EQUALS", Labels: map[string]string{k: v}})
	}
	for _, s := range q["scope"] {
		out.filters = append(out.filters, rest.Filter{Field: "scope", Op: "IN", Values: strings.Split(s, ",")})
	}
	return out, nil
}

// match reports whether a flow matches the query.
func (fq query) match(d *Definition) bool {
	if fq.legacyNS != "" && !namespaces.IsWithin(d.Namespace, fq.legacyNS) {
		return false
	}
	if fq.text != "" && !containsFold(d.ID, fq.text) && !containsFold(d.Namespace, fq.text) && !containsFold(d.Description, fq.text) {
		return false
	}
	scope := "USER"
	if namespaces.IsWithin(d.Namespace, systemNamespace) {
		scope = "SYSTEM"
	}
	if !fq.filters.Match("namespace", d.Namespace) || !fq.filters.Match("id", d.ID) ||
		!fq.filters.Match("flowId", d.ID) || !fq.filters.Match("scope", scope) {
		return false
	}
	return fq.filters.MatchLabels(labelMap(d.Labels))
}

// find returns the latest live revision of every flow the caller may list
// and the query matches.
func (h *Handlers) find(r *http.Request, fq query) []*Revision {
	a := auth.From(r.Context())
	return h.Store.Latest(a.Tenant, func(rev *Revision) bool {
		ns := rev.Def.Namespace
		if !a.Allowed("FLOW", "LIST", ns) && !a.Allowed("FLOW", "VIEW", ns) {
			return false
		}
		return fq.match(rev.Def)
	})
}
