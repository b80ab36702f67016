package server

import (
	"archive/zip"
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

const reportFlow = `id: report
namespace: shop.sales
inputs:
  - id: data
    type: FILE
tasks:
  - id: hello
    type: io.kestra.plugin.core.log.Log
    message: got a file
  - id: debug
    type: io.kestra.plugin.core.log.Log
    level: DEBUG
    message: details
`

func appYAML(id string, tags ...string) string {
	src := "id: " + id + `
type: io.kestra.plugin.ee.apps.Execution
displayName: Request a ` + id + ` report
namespace: shop.sales
flowId: report
access:
  type: PRIVATE
`
	if len(tags) > 0 {
		src += "tags:\n"
		for _, t := range tags {
			src += "  - " + t + "\n"
		}
	}
	return src + `layout:
  - on: OPEN
    blocks:
      - type: io.kestra.plugin.ee.apps.core.blocks.Markdown
        content: "## Report"
`
}

type appPage struct {
	Results []map[string]any `json:"results"`
	Total   int              `json:"total"`
}

func TestApps(t *testing.T) {
	s := newSim(t)
	want(t, s.postYAML(t, "/api/v1/main/flows", reportFlow), http.StatusOK)

	r := s.postYAML(t, "/api/v1/main/apps", appYAML("daily", "Reporting", "Sales"))
	want(t, r, http.StatusOK)
	daily := r.Map(t)
	uid := daily["uid"].(string)
	if len(uid) != 22 || daily["name"] != "Request a daily report" || daily["disabled"] != false || daily["source"] != appYAML("daily", "Reporting", "Sales") {
		t.Fatalf("created %s", r.Body)
	}
	want(t, s.postYAML(t, "/api/v1/main/apps", appYAML("daily")), http.StatusUnprocessableEntity)
	r = s.postYAML(t, "/api/v1/main/apps", "id: x\nnamespace: shop\ntype: com.example.Nope\n")
	want(t, r, http.StatusUnprocessableEntity)
	if !strings.Contains(r.Message(t), "type: Invalid type: com.example.Nope") {
		t.Errorf("invalid type: %s", r.Message(t))
	}
	r = s.postYAML(t, "/api/v1/main/apps", appYAML("weekly", "Reporting"))
	want(t, r, http.StatusOK)
	weekly := r.Map(t)["uid"].(string)

	// get, update (the uid stays), enable/disable (the source follows)
	want(t, s.get(t, "/api/v1/main/apps/"+uid), http.StatusOK)
	want(t, s.get(t, "/api/v1/main/apps/nope"), http.StatusNotFound)
	upd := strings.Replace(appYAML("daily", "Reporting", "Sales"), "Request a daily report", "Daily report", 1)
	r = s.putYAML(t, "/api/v1/main/apps/"+uid, upd)
	want(t, r, http.StatusOK)
	if m := r.Map(t); m["uid"] != uid || m["name"] != "Daily report" {
		t.Errorf("update %s", r.Body)
	}
	want(t, s.putYAML(t, "/api/v1/main/apps/"+uid, strings.Replace(upd, "id: daily", "id: other", 1)), http.StatusUnprocessableEntity)
	r = s.postJSON(t, "/api/v1/main/apps/"+uid+"/disable", nil)
	want(t, r, http.StatusOK)
	if m := r.Map(t); m["enabled"] != false || m["id"] != "daily" || m["flowId"] != "report" {
		t.Errorf("disable %s", r.Body)
	}
	if src := s.get(t, "/api/v1/main/apps/"+uid).Map(t)["source"].(string); !strings.HasSuffix(src, "\ndisabled: true") {
		t.Errorf("disabled source %q", src)
	}

	// search, catalog (enabled apps only), tags
	var p appPage
	s.get(t, "/api/v1/main/apps/search?filters[namespace][EQUALS]=shop.sales&sort=id:asc").JSON(t, &p)
	if p.Total != 2 || p.Results[0]["id"] != "daily" || p.Results[1]["enabled"] != true {
		t.Errorf("search %+v", p)
	}
	p = appPage{}
	s.get(t, "/api/v1/main/apps/search?filters[tags][EQUALS]=Sales").JSON(t, &p)
	if p.Total != 1 || p.Results[0]["uid"] != uid {
		t.Errorf("tags filter %+v", p)
	}
	p = appPage{}
	s.get(t, "/api/v1/main/apps/search?filters[q][EQUALS]=weekly").JSON(t, &p)
	if p.Total != 1 || p.Results[0]["uid"] != weekly {
		t.Errorf("q filter %+v", p)
	}
	p = appPage{}
	s.get(t, "/api/v1/main/apps/catalog?page=1&size=10").JSON(t, &p)
	if p.Total != 1 || p.Results[0]["uid"] != weekly || p.Results[0]["type"] != "io.kestra.plugin.ee.apps.Execution" {
		t.Errorf("catalog %+v", p)
	}
	if tags := s.get(t, "/api/v1/main/apps/tags").Map(t)["tags"].([]any); len(tags) != 2 || tags[0] != "Reporting" {
		t.Errorf("tags %v", tags)
	}

	// bulk disable and enable (unknown uids are left out), export, import
	r = s.postJSON(t, "/api/v1/main/apps/disable", map[string]any{"uids": []string{uid, weekly}})
	want(t, r, http.StatusOK)
	if ok := r.Map(t)["success"].([]any); len(ok) != 2 {
		t.Errorf("bulk disable %s", r.Body)
	}
	r = s.postJSON(t, "/api/v1/main/apps/"+weekly+"/enable", nil)
	if m := r.Map(t); m["enabled"] != true {
		t.Errorf("enable %s", r.Body)
	}
	r = s.postJSON(t, "/api/v1/main/apps/enable", map[string]any{"uids": []string{uid, "ghost"}})
	want(t, r, http.StatusOK)
	if ok := r.Map(t)["success"].([]any); len(ok) != 1 || ok[0] != uid {
		t.Errorf("bulk enable %s", r.Body)
	}
	r = s.postJSON(t, "/api/v1/main/apps/export", map[string]any{"uids": []string{uid, weekly}})
	want(t, r, http.StatusOK)
	zr, err := zip.NewReader(bytes.NewReader(r.Body), int64(len(r.Body)))
	if err != nil || len(zr.File) != 2 || zr.File[0].Name != "shop.sales.daily.yml" {
		t.Fatalf("export zip: %v %v", err, zr)
	}
	rc, _ := zr.File[0].Open()
	exported, _ := io.ReadAll(rc)
	if !strings.Contains(string(exported), "Daily report") {
		t.Errorf("exported %q", exported)
	}

	// import: a ZIP re-creates deleted apps; YAML updates and reports bad documents by index
	r = s.sendJSON(t, "DELETE", "/api/v1/main/apps", map[string]any{"uids": []string{uid, weekly}})
	want(t, r, http.StatusOK)
	if ok := r.Map(t)["success"].([]any); len(ok) != 2 {
		t.Errorf("bulk delete %s", r.Body)
	}
	want(t, s.get(t, "/api/v1/main/apps/"+uid), http.StatusNotFound)
	r = s.importApps(t, "apps.zip", zipWith(t, "shop.sales.daily.yml", exported))
	want(t, r, http.StatusOK)
	imp := r.Map(t)
	if len(imp["success"].([]any)) != 1 || len(imp["errors"].([]any)) != 0 {
		t.Errorf("zip import %s", r.Body)
	}
	multi := appYAML("daily", "Imported") + "---\nid: broken\n---\n" + appYAML("monthly")
	r = s.importApps(t, "apps.yaml", []byte(multi))
	want(t, r, http.StatusOK)
	imp = r.Map(t)
	errs := imp["errors"].([]any)
	if len(imp["success"].([]any)) != 2 || len(errs) != 1 || errs[0].(map[string]any)["source"] != "1" {
		t.Errorf("yaml import %s", r.Body)
	}
	p = appPage{}
	s.get(t, "/api/v1/main/apps/search?filters[tags][IN]=Imported").JSON(t, &p)
	if p.Total != 1 {
		t.Errorf("import updated the zip-imported app: %+v", p)
	}

	// files and logs of an execution of the app's flow
	body, ct := multipartBody(t, nil, map[string]string{"data": "id,amount\n1,10\n2,20\n3,30\n"})
	r = s.do(t, req{method: "POST", path: "/api/v1/main/executions/shop.sales/report?wait=true", body: body, contentType: ct})
	want(t, r, http.StatusOK)
	exec := r.Map(t)
	fileURI := exec["inputs"].(map[string]any)["data"].(string)
	s.get(t, "/api/v1/main/apps/search?filters[q][EQUALS]=monthly").JSON(t, &p)
	app := p.Results[0]["uid"].(string)
	r = s.get(t, "/api/v1/main/apps/view/"+app+"/file/meta?path="+fileURI)
	want(t, r, http.StatusOK)
	if r.Map(t)["size"] != 25.0 {
		t.Errorf("meta %s", r.Body)
	}
	r = s.get(t, "/api/v1/main/apps/view/"+app+"/file/preview?maxRows=2&encoding=ISO-8859-1&path="+fileURI)
	want(t, r, http.StatusOK)
	if m := r.Map(t); m["content"] != "id,amount\n1,10" || m["extension"] != "txt" {
		t.Errorf("preview %s", r.Body)
	}
	want(t, s.get(t, "/api/v1/main/apps/view/"+app+"/file/meta?path=kestra:///other/flow/executions/x/f.txt"), http.StatusForbidden)
	want(t, s.get(t, "/api/v1/main/apps/view/"+app+"/file/meta?path=kestra:///shop/sales/report/executions/nope/f.txt"), http.StatusNotFound)
	want(t, s.get(t, "/api/v1/main/apps/view/"+app+"/file/preview?encoding=klingon&path="+fileURI), http.StatusBadRequest)

	id := exec["id"].(string)
	r = s.get(t, "/api/v1/main/apps/view/"+app+"/logs/download?executionId="+id)
	want(t, r, http.StatusOK)
	if lines := strings.Split(strings.TrimSpace(string(r.Body)), "\n"); len(lines) != 2 || !strings.HasSuffix(lines[0], " INFO got a file") {
		t.Errorf("logs %q", r.Body)
	}
	r = s.get(t, "/api/v1/main/apps/view/"+app+"/logs/download?minLevel=INFO&taskIds=hello&executionId="+id)
	if lines := strings.Split(strings.TrimSpace(string(r.Body)), "\n"); len(lines) != 1 {
		t.Errorf("filtered logs %q", r.Body)
	}
	want(t, s.get(t, "/api/v1/main/apps/view/"+app+"/logs/download?executionId=nope"), http.StatusNotFound)

	want(t, s.delete(t, "/api/v1/main/apps/"+app), http.StatusOK)
	want(t, s.delete(t, "/api/v1/main/apps/"+app), http.StatusNotFound)

	oss := newSim(t, func(o *Options) { o.Edition = "oss" })
	want(t, oss.get(t, "/api/v1/main/apps/search"), http.StatusNotFound)
}

// zipWith builds an archive holding one app source and a file that is not
// YAML (which an import skips).
func zipWith(t *testing.T, name string, src []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, _ := zw.Create(name)
	f.Write(src)
	f, _ = zw.Create("README.md")
	f.Write([]byte("not an app"))
	zw.Close()
	return buf.Bytes()
}

func (s *sim) importApps(t *testing.T, name string, data []byte) *resp {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("fileUpload", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	return s.do(t, req{method: "POST", path: "/api/v1/main/apps/import", body: &buf, contentType: mw.FormDataContentType()})
}
