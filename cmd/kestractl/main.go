// Command kestractl is the kestractl core binary. It links the core only;
// every command group lives in a plugin binary.
package main

import (
	"io"
	"log"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	"github.com/kestractl/kestractl/core/app"
	"github.com/kestractl/kestractl/core/discovery"
	"github.com/kestractl/kestractl/core/iostreams"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	// go-plugin reports some harmless shutdown races through the standard
	// logger; the core's diagnostics go through hclog (--log-level).
	log.SetOutput(io.Discard)
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	stdinTTY := term.IsTerminal(int(os.Stdin.Fd()))
	stdoutTTY := term.IsTerminal(int(os.Stdout.Fd()))
	// One size query: the terminal tables are written to, else the one
	// progress and messages go to.
	sized := os.Stderr
	if stdoutTTY {
		sized = os.Stdout
	}
	width := 0
	if w, _, err := term.GetSize(int(sized.Fd())); err == nil {
		width = w
	}
	stdio := iostreams.IO{
		Stdin:     os.Stdin,
		Stdout:    os.Stdout,
		Stderr:    os.Stderr,
		StdinTTY:  stdinTTY,
		StdoutTTY: stdoutTTY,
		StderrTTY: term.IsTerminal(int(os.Stderr.Fd())),
		Width:     width,
		ReadSecret: func() (string, error) {
			b, err := term.ReadPassword(int(os.Stdin.Fd()))
			return string(b), err
		},
	}
	os.Exit(app.Main(os.Args[1:], app.Options{
		Version:    version,
		IO:         stdio,
		Environ:    os.Environ(),
		Executable: discovery.Executable(),
		Signals:    sig,
	}))
}
