package wire

// Host capabilities: what the core announces in Invocation.host_capabilities.
// A plugin uses a newer behaviour only when the core announces it, so that
// any 1.x plugin works with any 1.x core.
const (
	// CapTableFooter: the core shows TablePage.footer on stderr.
	CapTableFooter = "render.table.footer"
	// CapSecretFlags: the core keeps secret flags out of argv and hands
	// them over in Credentials.secret_flags.
	CapSecretFlags = "secret-flags"
	// CapExecuteOutput: the core takes the raw output a command still holds
	// when it ends in the ExecuteResponse.
	CapExecuteOutput = "execute.output"
	// CapInterruptHint: the core keeps Level INTERRUPT_HINT messages and
	// shows the last one when the user interrupts the command.
	CapInterruptHint = "interrupt.hint"
)

// HostCapabilities are the capabilities this version of the core serves.
func HostCapabilities() []string {
	return []string{CapTableFooter, CapSecretFlags, CapExecuteOutput, CapInterruptHint}
}
