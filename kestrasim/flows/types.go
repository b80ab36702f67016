package flows

import (
	"regexp"
	"slices"
	"strings"
)

// Task and trigger types the simulator knows. The runner executes Log,
// Sleep, Fail and Return; other known types validate but fail when run.
const (
	TypeLog    = "io.kestra.plugin.core.log.Log"
	TypeSleep  = "io.kestra.plugin.core.flow.Sleep"
	TypeFail   = "io.kestra.plugin.core.execution.Fail"
	TypeReturn = "io.kestra.plugin.core.debug.Return"

	TypeSchedule    = "io.kestra.plugin.core.trigger.Schedule"
	TypeFlowTrigger = "io.kestra.plugin.core.trigger.Flow"
	TypeWebhook     = "io.kestra.plugin.core.trigger.Webhook"
)

// aliases are legacy (pre-0.17) names Kestra still accepts.
var aliases = map[string]string{
	"io.kestra.core.tasks.log.Log":                  TypeLog,
	"io.kestra.core.tasks.debugs.Return":            TypeReturn,
	"io.kestra.core.tasks.executions.Fail":          TypeFail,
	"io.kestra.plugin.core.debug.Echo":              TypeLog,
	"io.kestra.core.tasks.debugs.Echo":              TypeLog,
	"io.kestra.core.tasks.flows.Sleep":              TypeSleep,
	"io.kestra.plugin.core.flow.Pause":              "io.kestra.plugin.core.flow.Pause",
	"io.kestra.core.tasks.flows.Parallel":           "io.kestra.plugin.core.flow.Parallel",
	"io.kestra.core.tasks.flows.Sequential":         "io.kestra.plugin.core.flow.Sequential",
	"io.kestra.core.tasks.flows.Subflow":            "io.kestra.plugin.core.flow.Subflow",
	"io.kestra.core.models.triggers.types.Schedule": "io.kestra.plugin.core.trigger.Schedule",
	"io.kestra.core.models.triggers.types.Flow":     "io.kestra.plugin.core.trigger.Flow",
	"io.kestra.core.models.triggers.types.Webhook":  "io.kestra.plugin.core.trigger.Webhook",
	"io.kestra.core.tasks.flows.Flow":               "io.kestra.plugin.core.flow.Flow",
	"io.kestra.core.tasks.flows.EachSequential":     "io.kestra.plugin.core.flow.EachSequential",
	"io.kestra.core.tasks.flows.EachParallel":       "io.kestra.plugin.core.flow.EachParallel",
	"io.kestra.core.tasks.flows.Template":           "io.kestra.plugin.core.flow.Template",
	"io.kestra.core.tasks.flows.Worker":             "io.kestra.plugin.core.flow.Worker",
	"io.kestra.core.tasks.flows.If":                 "io.kestra.plugin.core.flow.If",
	"io.kestra.core.tasks.flows.Switch":             "io.kestra.plugin.core.flow.Switch",
	"io.kestra.core.tasks.flows.ForEachItem":        "io.kestra.plugin.core.flow.ForEachItem",
	"io.kestra.core.tasks.storages.LocalFiles":      "io.kestra.plugin.core.storage.LocalFiles",
	"io.kestra.core.tasks.states.Set":               "io.kestra.plugin.core.state.Set",
	"io.kestra.core.tasks.states.Get":               "io.kestra.plugin.core.state.Get",
	"io.kestra.core.tasks.states.Delete":            "io.kestra.plugin.core.state.Delete",
}

var coreTypes = []string{
	TypeLog, TypeSleep, TypeFail, TypeReturn,
	"io.kestra.plugin.core.log.Fetch",
	"io.kestra.plugin.core.log.PurgeLogs",
	"io.kestra.plugin.core.output.OutputValues",
	"io.kestra.plugin.core.execution.Exit",
	"io.kestra.plugin.core.execution.Labels",
	"io.kestra.plugin.core.execution.SetVariables",
	"io.kestra.plugin.core.execution.Resume",
	"io.kestra.plugin.core.flow.Parallel",
	"io.kestra.plugin.core.flow.Sequential",
	"io.kestra.plugin.core.flow.If",
	"io.kestra.plugin.core.flow.Switch",
	"io.kestra.plugin.core.flow.ForEach",
	"io.kestra.plugin.core.flow.ForEachItem",
	"io.kestra.plugin.core.flow.Subflow",
	"io.kestra.plugin.core.flow.Pause",
	"io.kestra.plugin.core.flow.WaitFor",
	"io.kestra.plugin.core.flow.Dag",
	"io.kestra.plugin.core.flow.AllowFailure",
	"io.kestra.plugin.core.flow.WorkingDirectory",
	"io.kestra.plugin.core.flow.LoopUntil",
	"io.kestra.plugin.core.http.Request",
	"io.kestra.plugin.core.http.Download",
	"io.kestra.plugin.core.kv.Set",
	"io.kestra.plugin.core.kv.Get",
	"io.kestra.plugin.core.kv.GetKeys",
	"io.kestra.plugin.core.kv.Delete",
	"io.kestra.plugin.core.namespace.UploadFiles",
	"io.kestra.plugin.core.namespace.DownloadFiles",
	"io.kestra.plugin.core.namespace.DeleteFiles",
	"io.kestra.plugin.core.storage.Write",
	"io.kestra.plugin.core.storage.Delete",
	"io.kestra.plugin.core.storage.Size",
	"io.kestra.plugin.core.trigger.Schedule",
	"io.kestra.plugin.core.trigger.Webhook",
	"io.kestra.plugin.core.trigger.Flow",
	"io.kestra.plugin.core.trigger.Toggle",
}

// pluginPackages are the packages of plugins published outside core; any
// class in them is accepted.
var pluginPackages = []string{
	"io.kestra.plugin.scripts.", "io.kestra.plugin.jdbc.", "io.kestra.plugin.aws.",
	"io.kestra.plugin.gcp.", "io.kestra.plugin.azure.", "io.kestra.plugin.kafka.",
	"io.kestra.plugin.notifications.", "io.kestra.plugin.git.", "io.kestra.plugin.docker.",
	"io.kestra.plugin.kubernetes.", "io.kestra.plugin.fs.", "io.kestra.plugin.serdes.",
	"io.kestra.plugin.dbt.", "io.kestra.plugin.ee.", "io.kestra.plugin.mongodb.",
	"io.kestra.plugin.elasticsearch.", "io.kestra.plugin.redis.", "io.kestra.plugin.ansible.",
	"io.kestra.plugin.terraform.", "io.kestra.plugin.transform.", "io.kestra.plugin.airbyte.",
	"io.kestra.plugin.fivetran.", "io.kestra.plugin.spark.", "io.kestra.plugin.databricks.",
	"io.kestra.plugin.snowflake.", "io.kestra.plugin.debezium.", "io.kestra.plugin.mqtt.",
	"io.kestra.plugin.nats.", "io.kestra.plugin.amqp.", "io.kestra.plugin.pulsar.",
	"io.kestra.plugin.openai.", "io.kestra.plugin.ai.", "io.kestra.plugin.github.",
	"io.kestra.plugin.jira.", "io.kestra.plugin.slack.", "io.kestra.plugin.email.",
	"io.kestra.plugin.hightouch.", "io.kestra.plugin.singer.", "io.kestra.plugin.crypto.",
	"io.kestra.plugin.compress.", "io.kestra.plugin.minio.", "io.kestra.plugin.modal.",
}

var className = regexp.MustCompile(`\.[A-Z][A-Za-z0-9_$]*$`)

// Canonical resolves a legacy alias to its current type name.
func Canonical(t string) string {
	if c, ok := aliases[t]; ok {
		return c
	}
	return t
}

// KnownType reports whether t names a task or trigger type Kestra would
// load: a core type (or alias), or a class of a published plugin package.
func KnownType(t string) bool {
	t = Canonical(t)
	if slices.Contains(coreTypes, t) || deprecatedClasses[t] != "" {
		return true
	}
	for _, p := range pluginPackages {
		if strings.HasPrefix(t, p) && className.MatchString(t) {
			return true
		}
	}
	return false
}
