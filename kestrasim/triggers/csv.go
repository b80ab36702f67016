package triggers

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// csvColumns are the trigger state fields of the CSV export, in the order
// Kestra's objectMapper writes a TriggerState (CSVUtils.toCSVFlux takes
// the header from the first row).
var csvColumns = []string{
	"tenantId", "namespace", "flowId", "triggerId", "updatedAt", "evaluatedAt", "nextEvaluationDate",
	"backfill", "stopAfter", "disabled", "locked", "type", "lastTriggeredDate", "executionId",
}

func formatDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// exportCSV serves GET /triggers/export/by-query/csv: one row per trigger
// the filters select, as an attachment triggers.csv.
func (h *Handlers) exportCSV(w http.ResponseWriter, r *http.Request) error {
	match, err := filterOf(r)
	if err != nil {
		return err
	}
	a := auth.From(r.Context())
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	_ = cw.Write(csvColumns)
	for _, st := range h.visible(r, match) {
		backfill, stopAfter := "", ""
		if st.Backfill != nil {
			b, _ := json.Marshal(st.api().Backfill)
			backfill = string(b)
		}
		if len(st.StopAfter) > 0 {
			b, _ := json.Marshal(st.StopAfter)
			stopAfter = string(b)
		}
		updated := st.UpdatedAt
		_ = cw.Write([]string{
			a.Tenant, st.Namespace, st.FlowID, st.TriggerID, formatDate(&updated), formatDate(st.EvaluatedAt),
			formatDate(st.NextEvaluationDate), backfill, stopAfter, strconv.FormatBool(st.Disabled),
			strconv.FormatBool(st.Locked), st.Kind, formatDate(st.LastTriggeredDate), st.ExecutionID,
		})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return rest.AsError(err)
	}
	hd := w.Header()
	hd.Set("Content-Type", "text/csv")
	hd.Set("Content-Disposition", "attachment; filename=triggers.csv")
	hd.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
	return nil
}
