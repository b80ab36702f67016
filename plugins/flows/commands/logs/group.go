// Package logs is the "logs" command group: the logs of executions, to
// read, search, download and delete.
package logs

// Group is "kestractl logs".
type Group struct {
	List       List       `cmd:"" aliases:"ls" help:"Print an execution's logs, optionally following them until it ends."`
	Search     Search     `cmd:"" help:"Search logs across executions, with filters."`
	Download   Download   `cmd:"" help:"Download an execution's logs as text, streamed."`
	Delete     Delete     `cmd:"" aliases:"rm" help:"Delete an execution's logs (asks for confirmation)."`
	DeleteFlow DeleteFlow `cmd:"" name:"delete-flow" help:"Delete the logs a flow's trigger wrote (asks for confirmation)."`
}
