//go:build unix

package pluginproc

import (
	"fmt"
	"net"
	"os"
	"syscall"
)

// sideBuffer is the send buffer asked for the plugin's end.
const sideBuffer = 4 << 20

// newSide makes the side channel of a plugin (see wire.SideFD): a connected
// pair of stream sockets, the end the plugin inherits as its fd 3 and the
// core's end. Both are close-on-exec here: os/exec hands the plugin's end
// to the plugin alone.
func newSide() (pluginEnd *os.File, coreEnd net.Conn, err error) {
	syscall.ForkLock.RLock()
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err == nil {
		syscall.CloseOnExec(fds[0])
		syscall.CloseOnExec(fds[1])
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return nil, nil, fmt.Errorf("socketpair: %w", err)
	}
	// The plugin writes in chunks of a few hundred KiB: a send buffer that
	// holds several lets it go on while the core copies (the system caps
	// it at net.core.wmem_max).
	_ = syscall.SetsockoptInt(fds[0], syscall.SOL_SOCKET, syscall.SO_SNDBUF, sideBuffer)
	pluginEnd = os.NewFile(uintptr(fds[0]), "kestractl-side-plugin")
	f := os.NewFile(uintptr(fds[1]), "kestractl-side-core")
	coreEnd, err = net.FileConn(f) // a duplicate: f is closed below
	_ = f.Close()
	if err != nil {
		_ = pluginEnd.Close()
		return nil, nil, fmt.Errorf("side channel: %w", err)
	}
	return pluginEnd, coreEnd, nil
}
