package flows

import "time"

// JSON renders a revision the way Kestra answers it (Flow / FlowWithSource):
// the source's keys, plus the stored attributes. Labels are answered as a
// list of {key, value}.
func (r *Revision) JSON(withSource bool) map[string]any {
	out := make(map[string]any, len(r.Def.Doc)+8)
	for k, v := range r.Def.Doc {
		out[k] = v
	}
	out["id"] = r.Def.ID
	out["namespace"] = r.Def.Namespace
	out["tenantId"] = r.Tenant
	out["revision"] = r.Revision
	out["disabled"] = r.Def.Disabled
	out["deleted"] = r.Deleted
	out["draft"] = false
	out["updated"] = r.Updated.Format(time.RFC3339Nano)
	if len(r.Def.Labels) > 0 {
		out["labels"] = r.Def.Labels
	} else {
		delete(out, "labels")
	}
	if withSource {
		out["source"] = r.Source
	}
	return out
}
