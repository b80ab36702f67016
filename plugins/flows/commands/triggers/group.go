// Package triggers is the "triggers" command group: list and search trigger
// states, enable, disable, unlock, restart and delete them (one, by ids or
// by query), run backfills of Schedule triggers and export them as CSV.
package triggers

// Group is "kestractl triggers".
type Group struct {
	List          List          `cmd:"" aliases:"ls" help:"List triggers: next and last dates, disabled, locked, backfill progress."`
	SearchForFlow SearchForFlow `cmd:"" name:"search-for-flow" help:"List the triggers of one flow."`

	Enable  Enable  `cmd:"" help:"Enable a trigger."`
	Disable Disable `cmd:"" help:"Disable a trigger."`
	Update  Update  `cmd:"" help:"Enable or disable a trigger (--disabled=true|false)."`
	Unlock  Unlock  `cmd:"" help:"Unlock a locked trigger."`
	Restart Restart `cmd:"" help:"Reset a trigger: unlocked, next date from now."`
	Delete  Delete  `cmd:"" aliases:"rm" help:"Delete a trigger's state (asks for confirmation)."`

	EnableByIDs    EnableByIDs    `cmd:"" name:"enable-by-ids" help:"Enable triggers given as namespace/flow/trigger."`
	DisableByIDs   DisableByIDs   `cmd:"" name:"disable-by-ids" help:"Disable triggers given as namespace/flow/trigger (asks, naming the count)."`
	UnlockByIDs    UnlockByIDs    `cmd:"" name:"unlock-by-ids" help:"Unlock triggers given as namespace/flow/trigger (asks, naming the count)."`
	DeleteByIDs    DeleteByIDs    `cmd:"" name:"delete-by-ids" help:"Delete the states of triggers given as namespace/flow/trigger (asks, naming the count)."`
	EnableByQuery  EnableByQuery  `cmd:"" name:"enable-by-query" help:"Enable the triggers the filters match."`
	DisableByQuery DisableByQuery `cmd:"" name:"disable-by-query" help:"Disable the triggers the filters match (counts, then asks)."`
	UnlockByQuery  UnlockByQuery  `cmd:"" name:"unlock-by-query" help:"Unlock the locked triggers the filters match (counts, then asks)."`
	DeleteByQuery  DeleteByQuery  `cmd:"" name:"delete-by-query" help:"Delete the states of the triggers the filters match (counts, then asks)."`

	CreateBackfill  CreateBackfill  `cmd:"" name:"create-backfill" help:"Run a Schedule trigger's dates from --start to --end."`
	BackfillPause   BackfillPause   `cmd:"" name:"backfill-pause" aliases:"pause-backfill" help:"Pause a trigger's backfill."`
	BackfillUnpause BackfillUnpause `cmd:"" name:"backfill-unpause" aliases:"unpause-backfill" help:"Resume a trigger's paused backfill."`
	BackfillDelete  BackfillDelete  `cmd:"" name:"backfill-delete" aliases:"delete-backfill" help:"Drop a trigger's backfill (asks for confirmation)."`

	PauseBackfillByIDs     PauseBackfillByIDs     `cmd:"" name:"pause-backfill-by-ids" aliases:"backfill-pause-by-ids" help:"Pause the backfills of triggers given as namespace/flow/trigger."`
	UnpauseBackfillByIDs   UnpauseBackfillByIDs   `cmd:"" name:"unpause-backfill-by-ids" aliases:"backfill-unpause-by-ids" help:"Resume the backfills of triggers given as namespace/flow/trigger."`
	DeleteBackfillByIDs    DeleteBackfillByIDs    `cmd:"" name:"delete-backfill-by-ids" aliases:"backfill-delete-by-ids" help:"Drop the backfills of triggers given as namespace/flow/trigger (asks, naming the count)."`
	PauseBackfillByQuery   PauseBackfillByQuery   `cmd:"" name:"pause-backfill-by-query" aliases:"backfill-pause-by-query" help:"Pause the backfills of the triggers the filters match."`
	UnpauseBackfillByQuery UnpauseBackfillByQuery `cmd:"" name:"unpause-backfill-by-query" aliases:"backfill-unpause-by-query" help:"Resume the backfills of the triggers the filters match."`
	DeleteBackfillByQuery  DeleteBackfillByQuery  `cmd:"" name:"delete-backfill-by-query" aliases:"backfill-delete-by-query" help:"Drop the backfills of the triggers the filters match (counts, then asks)."`

	ExportCSV ExportCSV `cmd:"" name:"export-csv" help:"Export the triggers as CSV."`
}
