// Package flows is the "flows" command group: list, get, deploy, validate
// and delete flows.
package flows

// Group is "kestractl flows".
type Group struct {
	List     List     `cmd:"" aliases:"ls" help:"List flows, of every namespace or of one."`
	Get      Get      `cmd:"" aliases:"show,describe" help:"Print a flow: its YAML source as stored (table), or the flow object (json, yaml)."`
	Deploy   Deploy   `cmd:"" aliases:"create,apply" help:"Create or update flows from YAML files, directories or stdin. Never deletes a flow."`
	Validate Validate `cmd:"" aliases:"check" help:"Validate flow files on the server; exits 1 if any is invalid."`
	Delete   Delete   `cmd:"" aliases:"rm,del" help:"Delete a flow (asks for confirmation unless --yes)."`
}
