//go:build unix

package plugin

import (
	"io"
	"os"
	"strconv"
	"syscall"

	"github.com/kestractl/kestractl/sdk/wire"
)

// openSide returns the side channel the core passed (wire.SideFD), or nil.
// The descriptor is made close-on-exec (a process the plugin starts does
// not get it) and the variable naming it is removed.
func openSide() io.Writer {
	if os.Getenv(wire.SideEnv) != strconv.Itoa(wire.SideFD) {
		return nil
	}
	_ = os.Unsetenv(wire.SideEnv)
	var st syscall.Stat_t
	if err := syscall.Fstat(wire.SideFD, &st); err != nil || st.Mode&syscall.S_IFMT != syscall.S_IFSOCK {
		return nil
	}
	syscall.CloseOnExec(wire.SideFD)
	return os.NewFile(wire.SideFD, "kestractl-side")
}
