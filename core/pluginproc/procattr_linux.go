package pluginproc

import (
	"os/exec"
	"syscall"
)

// setProcAttr asks Linux to kill the plugin if the core dies without
// reaping it (best effort; the SDK's parent watchdog covers the rest).
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
