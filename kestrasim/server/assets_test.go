package server

import (
	"net/http"
	"testing"
)

const lineageFlow = `id: load_orders
namespace: shop.data
tasks:
  - id: extract
    type: io.kestra.plugin.core.log.Log
    message: extracting
    assets:
      inputs:
        - id: raw_orders
      outputs:
        - id: staging_orders
          type: TABLE
          system: postgres
          metadata:
            owner: data-team
  - id: load
    type: io.kestra.plugin.core.log.Log
    message: loading
    assets:
      inputs:
        - id: staging_orders
      outputs:
        - id: orders
          type: TABLE
`

type assetPage struct {
	Results []map[string]any `json:"results"`
	Total   int              `json:"total"`
}

func TestAssetsAndLineage(t *testing.T) {
	s := newSim(t)
	r := s.postYAML(t, "/api/v1/main/assets", "id: raw_orders\nnamespace: shop\ntype: EXTERNAL\ndisplayName: Raw orders\nurl: https://example.com/orders\n")
	want(t, r, http.StatusOK)
	if m := r.Map(t); m["displayName"] != "Raw orders" || m["metadata"].(map[string]any)["url"] != "https://example.com/orders" {
		t.Fatalf("create %s", r.Body)
	}
	want(t, s.postYAML(t, "/api/v1/main/assets", "id: bad id\ntype: X\n"), http.StatusUnprocessableEntity)
	want(t, s.postYAML(t, "/api/v1/main/flows", lineageFlow), http.StatusOK)
	if ex := s.run(t, "/api/v1/main/executions/shop.data/load_orders?wait=true", nil).Map(t); stateOf(ex) != "SUCCESS" {
		t.Fatalf("run %v", ex)
	}

	// the outputs of the tasks became assets
	var p assetPage
	s.get(t, "/api/v1/main/assets/search?sort=id:asc").JSON(t, &p)
	if p.Total != 3 || p.Results[0]["id"] != "orders" || p.Results[2]["id"] != "staging_orders" {
		t.Fatalf("search %+v", p)
	}
	st := s.get(t, "/api/v1/main/assets/staging_orders").Map(t)
	if md := st["metadata"].(map[string]any); st["namespace"] != "shop.data" || st["type"] != "TABLE" || md["system"] != "postgres" || md["owner"] != "data-team" {
		t.Errorf("staging asset %v", st)
	}
	p = assetPage{}
	s.get(t, "/api/v1/main/assets/search?filters[namespace][EQUALS]=shop&filters[type][EQUALS]=EXTERNAL").JSON(t, &p)
	if p.Total != 1 {
		t.Errorf("filters %+v", p)
	}

	// an upsert merges: the display name stays, metadata merge, null removes
	r = s.postYAML(t, "/api/v1/main/assets", "id: raw_orders\ntype: EXTERNAL\ndescription: from the shop\nmetadata:\n  url: null\n  format: csv\n")
	want(t, r, http.StatusOK)
	if m := r.Map(t); m["displayName"] != "Raw orders" || m["namespace"] != "shop" || m["metadata"].(map[string]any)["format"] != "csv" || m["metadata"].(map[string]any)["url"] != nil {
		t.Errorf("merge %s", r.Body)
	}

	// lineage events and usages
	p = assetPage{}
	s.get(t, "/api/v1/main/assets/lineage-events/search?filters[flowId][EQUALS]=load_orders").JSON(t, &p)
	if p.Total != 2 {
		t.Fatalf("events %+v", p)
	}
	p = assetPage{}
	s.get(t, "/api/v1/main/assets/lineage-events/search?filters[assetId][EQUALS]=raw_orders").JSON(t, &p)
	if p.Total != 1 || p.Results[0]["taskId"] != "extract" || p.Results[0]["state"] != "SUCCESS" {
		t.Errorf("events by asset %+v", p)
	}
	p = assetPage{}
	s.get(t, "/api/v1/main/assets/usages/search?filters[assetId][EQUALS]=staging_orders").JSON(t, &p)
	if p.Total != 2 {
		t.Errorf("usages %+v", p)
	}

	// dependencies
	var g struct {
		Nodes []map[string]any `json:"nodes"`
		Edges []map[string]any `json:"edges"`
	}
	s.get(t, "/api/v1/main/assets/staging_orders/dependencies").JSON(t, &g)
	if len(g.Nodes) != 2 || len(g.Edges) != 2 || g.Nodes[1]["type"] != "FLOW" || g.Nodes[1]["uid"] != "main_shop.data_load_orders" {
		t.Errorf("direct dependencies %+v", g)
	}
	g.Nodes, g.Edges = nil, nil
	s.get(t, "/api/v1/main/assets/raw_orders/dependencies?expandAll=true&destinationOnly=true").JSON(t, &g)
	if len(g.Nodes) != 4 || g.Edges[0]["relation"] != "USED_BY" {
		t.Errorf("expanded dependencies %+v", g)
	}
	want(t, s.get(t, "/api/v1/main/assets/ghost/dependencies"), http.StatusNotFound)

	// deletes
	want(t, s.delete(t, "/api/v1/main/assets/orders"), http.StatusOK)
	want(t, s.get(t, "/api/v1/main/assets/orders"), http.StatusNotFound)
	if m := s.get(t, "/api/v1/main/assets/orders?allowDeleted=true").Map(t); m["deleted"] != true {
		t.Errorf("deleted asset %v", m)
	}
	r = s.sendJSON(t, "DELETE", "/api/v1/main/assets/by-ids", []string{"raw_orders", "ghost"})
	want(t, r, http.StatusBadRequest)
	want(t, s.get(t, "/api/v1/main/assets/raw_orders"), http.StatusOK)
	r = s.sendJSON(t, "DELETE", "/api/v1/main/assets/by-ids", []string{"raw_orders"})
	want(t, r, http.StatusOK)
	if r.Map(t)["count"] != 1.0 {
		t.Errorf("by ids %s", r.Body)
	}
	want(t, s.delete(t, "/api/v1/main/assets/by-query"), http.StatusBadRequest)
	r = s.delete(t, "/api/v1/main/assets/by-query?purge=true&filters[namespace][EQUALS]=shop.data")
	want(t, r, http.StatusOK)
	if r.Map(t)["count"] != 2.0 {
		t.Errorf("purge by query %s", r.Body)
	}
	want(t, s.get(t, "/api/v1/main/assets/orders?allowDeleted=true"), http.StatusNotFound)

	r = s.delete(t, "/api/v1/main/assets/lineage-events/by-query?filters[taskId][EQUALS]=load")
	want(t, r, http.StatusOK)
	if r.Map(t)["count"] != 1.0 {
		t.Errorf("events by query %s", r.Body)
	}
	r = s.delete(t, "/api/v1/main/assets/usages/by-query?filters[flowId][EQUALS]=load_orders")
	if r.Map(t)["count"] != 4.0 {
		t.Errorf("usages by query %s", r.Body)
	}
	p = assetPage{}
	s.get(t, "/api/v1/main/assets/lineage-events/search").JSON(t, &p)
	if p.Total != 1 {
		t.Errorf("events left %+v", p)
	}

	oss := newSim(t, func(o *Options) { o.Edition = "oss" })
	want(t, oss.get(t, "/api/v1/main/assets/search"), http.StatusNotFound)
}
