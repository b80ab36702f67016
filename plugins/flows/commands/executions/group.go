// Package executions is the "executions" command group: run flows and
// look at, follow and act on their executions.
package executions

// Group is "kestractl executions".
type Group struct {
	Run   Run   `cmd:"" aliases:"trigger,execute" help:"Start an execution of a flow, optionally waiting for its end."`
	Get   Get   `cmd:"" aliases:"show,describe,view" help:"Show an execution: state, inputs, task runs, outputs and labels."`
	List  List  `cmd:"" aliases:"ls,search" help:"List executions, newest first, with filters."`
	Logs  Logs  `cmd:"" help:"Print an execution's logs, optionally following them until it ends (as 'logs list')."`
	Watch Watch `cmd:"" aliases:"follow" help:"Follow an execution live (task states and logs) and exit with its final state's code."`

	// One execution.
	Kill             Kill             `cmd:"" aliases:"cancel" help:"Kill a running execution and its subflow executions (asks for confirmation unless --yes)."`
	Restart          Restart          `cmd:"" help:"Restart a failed or paused execution from its failed task."`
	Resume           Resume           `cmd:"" help:"Resume a paused execution, with the resume inputs its Pause task declares."`
	Pause            Pause            `cmd:"" help:"Pause a running execution after its current task."`
	ForceRun         ForceRun         `cmd:"" name:"force-run" help:"Run a created, queued or paused execution now."`
	Unqueue          Unqueue          `cmd:"" help:"Take a queued execution out of its flow's queue (RUNNING, CANCELLED or FAILED)."`
	Replay           Replay           `cmd:"" help:"Replay an ended execution as a new one, from the start or from a task run."`
	ReplayWithInputs ReplayWithInputs `cmd:"" name:"replay-with-inputs" help:"Replay an ended execution as a new one with new inputs."`
	ChangeStatus     ChangeStatus     `cmd:"" name:"change-status" help:"Set an ended execution to another final state."`
	UpdateTaskRun    UpdateTaskRun    `cmd:"" name:"update-taskrun" help:"Change the state of a task run of an ended execution, which runs on from there."`
	SetLabels        SetLabels        `cmd:"" name:"set-labels" help:"Set the labels of an ended execution."`
	Delete           Delete           `cmd:"" aliases:"rm" help:"Delete an execution, and its logs, metrics and files when asked (asks for confirmation)."`

	// Looking.
	Latest         Latest         `cmd:"" help:"Show the execution of each flow that ended last."`
	FlowGraph      FlowGraph      `cmd:"" name:"flow-graph" help:"Show the graph of an execution: its tasks and their task runs."`
	FlowInfo       FlowInfo       `cmd:"" name:"flow-info" help:"Show a flow as its executions see it: inputs, outputs and tasks."`
	FlowInfoByID   FlowInfoByID   `cmd:"" name:"flow-info-by-id" help:"Show the flow revision an execution runs: inputs, outputs and tasks."`
	EvalExpression EvalExpression `cmd:"" name:"eval-expression" help:"Evaluate a Pebble expression against an execution."`
	SearchByFlow   SearchByFlow   `cmd:"" name:"search-by-flow" help:"List the executions of one flow, newest first."`
	DownloadFile   DownloadFile   `cmd:"" name:"download-file" help:"Download a file of an execution (an output file, an uploaded input), streamed."`
	FileMetadata   FileMetadata   `cmd:"" name:"file-metadata" help:"Show the size of a file of an execution."`
	TriggerWebhook TriggerWebhook `cmd:"" name:"trigger-webhook" help:"Start an execution through a flow's Webhook trigger."`

	// Many at once.
	KillBulk            KillBulk            `cmd:"" name:"kill-bulk" help:"Kill executions by id (asks for confirmation)."`
	KillByQuery         KillByQuery         `cmd:"" name:"kill-by-query" help:"Kill the executions the filters match (asks for confirmation naming the count)."`
	DeleteBulk          DeleteBulk          `cmd:"" name:"delete-bulk" help:"Delete executions by id (asks for confirmation)."`
	DeleteByQuery       DeleteByQuery       `cmd:"" name:"delete-by-query" help:"Delete the executions the filters match (asks for confirmation naming the count)."`
	RestartBulk         RestartBulk         `cmd:"" name:"restart-bulk" help:"Restart executions by id (asks for confirmation)."`
	RestartByQuery      RestartByQuery      `cmd:"" name:"restart-by-query" help:"Restart the executions the filters match (asks for confirmation naming the count)."`
	ReplayBulk          ReplayBulk          `cmd:"" name:"replay-bulk" help:"Replay executions by id (asks for confirmation)."`
	ReplayByQuery       ReplayByQuery       `cmd:"" name:"replay-by-query" help:"Replay the executions the filters match (asks for confirmation naming the count)."`
	PauseBulk           PauseBulk           `cmd:"" name:"pause-bulk" help:"Pause executions by id (asks for confirmation)."`
	PauseByQuery        PauseByQuery        `cmd:"" name:"pause-by-query" help:"Pause the executions the filters match (asks for confirmation naming the count)."`
	ResumeBulk          ResumeBulk          `cmd:"" name:"resume-bulk" help:"Resume executions by id (asks for confirmation)."`
	ResumeByQuery       ResumeByQuery       `cmd:"" name:"resume-by-query" help:"Resume the executions the filters match (asks for confirmation naming the count)."`
	ForceRunBulk        ForceRunBulk        `cmd:"" name:"force-run-bulk" help:"Force executions to run by id (asks for confirmation)."`
	ForceRunByQuery     ForceRunByQuery     `cmd:"" name:"force-run-by-query" help:"Force the executions the filters match to run (asks for confirmation naming the count)."`
	UnqueueBulk         UnqueueBulk         `cmd:"" name:"unqueue-bulk" help:"Unqueue executions by id (asks for confirmation)."`
	UnqueueByQuery      UnqueueByQuery      `cmd:"" name:"unqueue-by-query" help:"Unqueue the executions the filters match (asks for confirmation naming the count)."`
	SetLabelsBulk       SetLabelsBulk       `cmd:"" name:"set-labels-bulk" help:"Add labels to executions by id (asks for confirmation)."`
	SetLabelsByQuery    SetLabelsByQuery    `cmd:"" name:"set-labels-by-query" help:"Add labels to the executions the filters match (asks for confirmation naming the count)."`
	ChangeStatusByIDs   ChangeStatusByIDs   `cmd:"" name:"change-status-by-ids" help:"Set ended executions to another final state by id (asks for confirmation)."`
	UpdateStatusByQuery UpdateStatusByQuery `cmd:"" name:"update-status-by-query" help:"Set the ended executions the filters match to another final state (asks for confirmation naming the count)."`
}
