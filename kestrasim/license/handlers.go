// Package license is what the simulated Enterprise instance says about its
// license (MiscController.licenseInfo) and the usage reports it generates
// for it (GET {tenant}/stats/generate-reports).
package license

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Usage counts what a usage report holds.
type Usage interface {
	// Flows counts the live flows of a tenant and the namespaces they
	// are in.
	Flows(tenant string) (flows, namespaces int)
	// Executions returns the start date and current state of every
	// execution of a tenant.
	Executions(tenant string) []Execution
}

// Execution is one execution as a report counts it.
type Execution struct {
	Start time.Time
	State string
}

// Handlers serves the license routes (Enterprise-only).
type Handlers struct {
	Usage Usage
	// Started is when the instance started: the license runs a year from
	// it.
	Started time.Time
	// UUID identifies the instance in reports.
	UUID    string
	Version string
	Now     func() time.Time
}

// Routes lists the license routes.
func (h *Handlers) Routes() []rest.Route {
	return []rest.Route{
		{Method: "GET", Path: "/api/v1/license-info", Handler: h.info, EEOnly: true},
		{Method: "GET", Path: "/api/v1/{tenant}/stats/generate-reports", Handler: h.report, EEOnly: true, SuperAdmin: true},
	}
}

// infoJSON is MiscController.LicenseInfo.
type infoJSON struct {
	Type         string    `json:"type"`
	Expiry       time.Time `json:"expiry"`
	Expired      bool      `json:"expired"`
	MaxServers   int       `json:"maxServers"`
	Standalone   bool      `json:"standalone"`
	WorkerGroups bool      `json:"workerGroups"`
	Online       bool      `json:"online"`
}

// licenseTerm is how long the simulated license runs.
const licenseTerm = 365 * 24 * time.Hour

func (h *Handlers) info(w http.ResponseWriter, r *http.Request) error {
	expiry := h.Started.UTC().Add(licenseTerm).Truncate(24 * time.Hour)
	rest.WriteJSON(w, http.StatusOK, infoJSON{
		Type: "ENTERPRISE", Expiry: expiry, Expired: !h.Now().Before(expiry), MaxServers: 0,
		Standalone: true, WorkerGroups: true, Online: false,
	})
	return nil
}

// defaultPeriod is how far back a report goes without a from date.
const defaultPeriod = 30 * 24 * time.Hour

// dailyJSON is DailyExecutionStatistics (start date and counts by state).
type dailyJSON struct {
	StartDate       time.Time        `json:"startDate"`
	ExecutionCounts map[string]int64 `json:"executionCounts"`
}

// reportJSON is the usage report: the UsageEE counts of the tenant since
// from, with what identifies the instance.
type reportJSON struct {
	UUID        string    `json:"uuid"`
	Version     string    `json:"version"`
	Tenant      string    `json:"tenant"`
	From        string    `json:"from"`
	To          string    `json:"to"`
	GeneratedAt time.Time `json:"generatedAt"`
	Flows       struct {
		Count           int64 `json:"count"`
		NamespacesCount int64 `json:"namespacesCount"`
	} `json:"flows"`
	Executions struct {
		DailyExecutionsCount []dailyJSON `json:"dailyExecutionsCount"`
	} `json:"executions"`
}

// report serves GET {tenant}/stats/generate-reports?from=DATE: a usage
// report from that day (30 days back by default) to today, as a file
// (application/octet-stream). The document only says "bytes"; the
// simulator's report is JSON.
func (h *Handlers) report(w http.ResponseWriter, r *http.Request) error {
	now := h.Now().UTC()
	from := now.Add(-defaultPeriod).Truncate(24 * time.Hour)
	if v := r.URL.Query().Get("from"); v != "" {
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return rest.BadRequest("Failed to convert argument [from] for value [%s] due to: expected a date such as 2025-01-31", v)
		}
		if d.After(now) {
			return rest.Errorf(http.StatusUnprocessableEntity, "Illegal argument: from (%s) is in the future", v)
		}
		from = d
	}
	tenant := auth.From(r.Context()).Tenant
	var rep reportJSON
	rep.UUID, rep.Version, rep.Tenant = h.UUID, h.Version, tenant
	rep.From, rep.To, rep.GeneratedAt = from.Format(time.DateOnly), now.Format(time.DateOnly), now
	f, ns := h.Usage.Flows(tenant)
	rep.Flows.Count, rep.Flows.NamespacesCount = int64(f), int64(ns)
	days := map[time.Time]map[string]int64{}
	for _, e := range h.Usage.Executions(tenant) {
		if e.Start.Before(from) {
			continue
		}
		day := e.Start.UTC().Truncate(24 * time.Hour)
		if days[day] == nil {
			days[day] = map[string]int64{}
		}
		days[day][e.State]++
	}
	rep.Executions.DailyExecutionsCount = []dailyJSON{}
	for day, counts := range days {
		rep.Executions.DailyExecutionsCount = append(rep.Executions.DailyExecutionsCount, dailyJSON{StartDate: day, ExecutionCounts: counts})
	}
	slices.SortFunc(rep.Executions.DailyExecutionsCount, func(a, b dailyJSON) int { return a.StartDate.Compare(b.StartDate) })
	data, err := rest.Marshal(rep)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="kestra-usage-%s-%s.json"`, tenant, rep.From))
	w.Header().Set("Content-Length", fmt.Sprint(len(data)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(data)
	return nil
}
