// Package flows is the "flows" command group: deploy, validate, list, get,
// delete, and every other flow lifecycle command (enable/disable, bulk and
// by-query actions, export/import, revisions, diffs, graphs, dependencies,
// GitOps syncs, reports).
package flows

// Group is "kestractl flows".
type Group struct {
	List     List     `cmd:"" aliases:"ls" help:"List flows, of every namespace or of one."`
	Get      Get      `cmd:"" aliases:"show,describe" help:"Print a flow: its YAML source as stored (table), or the flow object (json, yaml)."`
	Deploy   Deploy   `cmd:"" aliases:"create,apply" help:"Create or update flows from YAML files, directories or stdin; --prune also deletes what they no longer define."`
	Validate Validate `cmd:"" aliases:"check" help:"Validate flow files on the server; exits 1 if any is invalid."`
	Delete   Delete   `cmd:"" aliases:"rm,del" help:"Delete a flow (asks for confirmation unless --yes)."`
	Diff     Diff     `cmd:"" help:"Unified diff between two revisions of a flow, or a revision and a local file (exit 1 when they differ)."`

	Enable         Enable         `cmd:"" help:"Enable flows of a namespace."`
	Disable        Disable        `cmd:"" help:"Disable flows of a namespace (they keep their definition but run nothing)."`
	EnableBulk     EnableBulk     `cmd:"" name:"enable-bulk" help:"Enable flows given as namespace/id."`
	DisableBulk    DisableBulk    `cmd:"" name:"disable-bulk" help:"Disable flows given as namespace/id (asks, naming the count)."`
	DeleteBulk     DeleteBulk     `cmd:"" name:"delete-bulk" help:"Delete flows given as namespace/id (asks, naming the count)."`
	EnableByQuery  EnableByQuery  `cmd:"" name:"enable-by-query" help:"Enable the flows the filters match."`
	DisableByQuery DisableByQuery `cmd:"" name:"disable-by-query" help:"Disable the flows the filters match (counts, then asks)."`
	DeleteByQuery  DeleteByQuery  `cmd:"" name:"delete-by-query" help:"Delete the flows the filters match (counts, then asks)."`

	Export        Export        `cmd:"" help:"Export flows as a ZIP archive of their sources."`
	ExportByIDs   ExportByIDs   `cmd:"" name:"export-by-ids" help:"Export the given flows (namespace/id) as a ZIP archive."`
	ExportByQuery ExportByQuery `cmd:"" name:"export-by-query" help:"Export the flows the filters match as a ZIP archive."`
	Import        Import        `cmd:"" help:"Import flows from a ZIP archive or a YAML file (create, update or restore each)."`

	NamespaceSync NamespaceSync `cmd:"" name:"namespace-sync" help:"Make a namespace's flows those of a file or directory (server-side; --delete removes the others)."`
	BulkUpdate    BulkUpdate    `cmd:"" name:"bulk-update" help:"Create or update many flows in one request (never deletes without --delete)."`

	ValidateByQuery ValidateByQuery `cmd:"" name:"validate-by-query" help:"Validate the stored flows the filters match (a CI gate: exit 1 when any is invalid)."`
	UsageReport     UsageReport     `cmd:"" name:"usage-report" help:"Report task and trigger types and deprecated features per flow (Markdown or JSON)."`

	Revisions       Revisions       `cmd:"" help:"List the revisions of a flow."`
	DeleteRevisions DeleteRevisions `cmd:"" name:"delete-revisions" help:"Drop revisions from a flow's history."`

	Search                Search                  `cmd:"" help:"Search flows (paged, with filters)."`
	SearchBySource        SearchBySource          `cmd:"" name:"search-by-source" help:"Find the flows whose source contains a text."`
	Namespaces            Namespaces              `cmd:"" help:"List the namespaces that hold flows."`
	ListByNamespace       ListByNamespace         `cmd:"" name:"list-by-namespace" help:"List the flows of one namespace."`
	ListDeprecated        ListDeprecated          `cmd:"" name:"list-deprecated" help:"List the flows that use deprecated tasks."`
	Dependencies          Dependencies            `cmd:"" help:"Show the dependencies of a flow (subflows, flow triggers)."`
	NamespaceDependencies NamespaceDependencies   `cmd:"" name:"namespace-dependencies" help:"Show the dependencies of a namespace's flows."`
	Graph                 Graph                   `cmd:"" help:"Show the graph of a flow (nodes, edges, clusters)."`
	GenerateGraph         GenerateGraphFromSource `cmd:"" name:"generate-graph-from-source" help:"Show the graph of a local flow file."`
	Task                  Task                    `cmd:"" help:"Print one task of a flow."`
	Expressions           Expressions             `cmd:"" help:"List the expressions a task of a flow file can use."`
	ValidateTask          ValidateTask            `cmd:"" name:"validate-task" help:"Validate a task (or trigger) definition."`
	ValidateTrigger       ValidateTrigger         `cmd:"" name:"validate-trigger" help:"Validate a trigger definition."`
	ConcurrencyLimits     ConcurrencyLimits       `cmd:"" name:"concurrency-limits" help:"List the concurrency limits of flows and their running counts."`
	UpdateConcurrency     UpdateConcurrency       `cmd:"" name:"update-concurrency" help:"Set the running count of a flow's concurrency limit."`
}
