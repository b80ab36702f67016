package pluginproc

import (
	"os/exec"
	"syscall"
)

// setProcAttr starts the plugin in a process group of its own (so that
// whatever it starts can be killed with it, and a terminal's Ctrl-C reaches
// the core only) and asks Linux to kill it if the core dies without reaping
// it (best effort; the SDK's parent watchdog covers the rest).
func setProcAttr(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
}

// killGroup kills the plugin's process group: the plugin and any process
// it left behind holding its output.
func killGroup(pid int) {
	if pid > 0 {
		_ = syscall.Kill(-pid, syscall.SIGKILL)
	}
}
