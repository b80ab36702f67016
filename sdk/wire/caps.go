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
	// CapWriteSide: raw stdout may go through the side channel (SideFD),
	// announced by WriteChunk.side. The core announces it per command,
	// only when the plugin process has the side channel and stdout is not
	// a terminal.
	CapWriteSide = "write.side"
)

// SideFD is the plugin's file descriptor of the side channel, a stream
// socket to the core, when SideEnv says it is there. Large raw output goes
// through it instead of gRPC messages: the bytes still pass through the
// core (and in order with every other Host call), without being framed,
// copied into messages and collected.
const SideFD = 3

// SideEnv is set (to "3") in the environment of a plugin started with the
// side channel.
const SideEnv = "KESTRACTL_SIDE_FD"

// HostCapabilities are the capabilities this version of the core serves.
func HostCapabilities() []string {
	return []string{CapTableFooter, CapSecretFlags, CapExecuteOutput, CapInterruptHint}
}
