//go:build !unix

package pluginproc

import (
	"errors"
	"net"
	"os"
)

// newSide: no side channel here (os/exec passes no extra files on this
// system); raw output goes in Write messages.
func newSide() (*os.File, net.Conn, error) { return nil, nil, errors.ErrUnsupported }
