// Package executions is the "executions" command group: run flows and
// look at, follow and act on their executions.
package executions

// Group is "kestractl executions".
type Group struct {
	Run   Run   `cmd:"" aliases:"trigger,execute" help:"Start an execution of a flow, optionally waiting for its end."`
	Get   Get   `cmd:"" aliases:"show,describe,view" help:"Show an execution: state, inputs, task runs, outputs and labels."`
	List  List  `cmd:"" aliases:"ls,search" help:"List executions, newest first, with filters."`
	Logs  Logs  `cmd:"" help:"Print an execution's logs, optionally following them until it ends."`
	Watch Watch `cmd:"" aliases:"follow" help:"Follow an execution live (task states and logs) and exit with its final state's code."`
	Kill  Kill  `cmd:"" aliases:"cancel" help:"Kill a running execution (asks for confirmation unless --yes)."`
}
