package flows

import (
	"net/http"

	"github.com/kestractl/kestractl/kestrasim/namespaces"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// deprecatedClasses are task classes Kestra 1.x marks @Deprecated and 2.0
// removes, each with the documented way off it (kept here for the usage
// report; the API answers their replacement as null, as Kestra does for a
// deprecated class).
var deprecatedClasses = map[string]string{
	"io.kestra.plugin.core.debug.Echo":          "io.kestra.plugin.core.log.Log",
	"io.kestra.plugin.core.flow.EachSequential": "io.kestra.plugin.core.flow.ForEach",
	"io.kestra.plugin.core.flow.EachParallel":   "io.kestra.plugin.core.flow.ForEach",
	"io.kestra.plugin.core.flow.Flow":           "io.kestra.plugin.core.flow.Subflow",
	"io.kestra.plugin.core.flow.Template":       "io.kestra.plugin.core.flow.Subflow",
	"io.kestra.plugin.core.flow.Worker":         "io.kestra.plugin.core.flow.WorkingDirectory",
	"io.kestra.plugin.core.storage.LocalFiles":  "io.kestra.plugin.core.flow.WorkingDirectory",
	"io.kestra.plugin.core.state.Set":           "io.kestra.plugin.core.kv.Set",
	"io.kestra.plugin.core.state.Get":           "io.kestra.plugin.core.kv.Get",
	"io.kestra.plugin.core.state.Delete":        "io.kestra.plugin.core.kv.Delete",
}

// TaskDeprecation is FlowService.TaskDeprecation.
type TaskDeprecation struct {
	TaskID      string  `json:"taskId"`
	TaskType    string  `json:"taskType"`
	Replacement *string `json:"replacement"`
}

// DeprecatedTasks lists the tasks of a flow that use a deprecated type, as
// FlowService.findDeprecatedTasks does (kestra-io/kestra
// core/.../services/FlowService.java): a legacy alias name is deprecated in
// favour of the class it resolves to (no replacement when that class is
// itself deprecated); a deprecated class has no replacement.
func DeprecatedTasks(def *Definition) []TaskDeprecation {
	out := []TaskDeprecation{}
	walkTasks(def.Doc, func(t map[string]any) {
		typ, _ := t["type"].(string)
		id, _ := t["id"].(string)
		canonical := Canonical(typ)
		_, classDeprecated := deprecatedClasses[canonical]
		switch {
		case typ == "io.kestra.plugin.core.debug.Echo":
			out = append(out, TaskDeprecation{TaskID: id, TaskType: typ})
		case canonical != typ:
			d := TaskDeprecation{TaskID: id, TaskType: typ}
			if !classDeprecated {
				d.Replacement = &canonical
			}
			out = append(out, d)
		case classDeprecated:
			out = append(out, TaskDeprecation{TaskID: id, TaskType: typ})
		}
	})
	return out
}

type flowWithDeprecatedTasks struct {
	Namespace       string            `json:"namespace"`
	FlowID          string            `json:"flowId"`
	Revision        int               `json:"revision"`
	DeprecatedTasks []TaskDeprecation `json:"deprecatedTasks"`
}

// deprecated serves GET /flows/deprecated?namespace=: the live flows (of
// the namespace and its children) holding at least one deprecated task.
func (h *Handlers) deprecated(w http.ResponseWriter, r *http.Request) error {
	prefix := r.URL.Query().Get("namespace")
	out := []flowWithDeprecatedTasks{}
	for _, rev := range h.find(r, query{}) {
		if prefix != "" && !namespaces.IsWithin(rev.Def.Namespace, prefix) {
			continue
		}
		if ds := DeprecatedTasks(rev.Def); len(ds) > 0 {
			out = append(out, flowWithDeprecatedTasks{Namespace: rev.Def.Namespace, FlowID: rev.Def.ID, Revision: rev.Revision, DeprecatedTasks: ds})
		}
	}
	rest.WriteJSON(w, http.StatusOK, out)
	return nil
}
