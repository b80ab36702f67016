package plugintest

import (
	"testing"

	"github.com/kestractl/kestractl/sdk/plugin"
)

// Sim runs a plugin's commands against a kestrasim of its own
// (StartKestrasim), as the simulator's super-admin.
type Sim struct {
	T      testing.TB
	URL    string
	Plugin plugin.Plugin
}

// NewSim starts a kestrasim (with the given flags) for p.
func NewSim(t testing.TB, p plugin.Plugin, args ...string) *Sim {
	t.Helper()
	return &Sim{T: t, URL: StartKestrasim(t, args...), Plugin: p}
}

// Options are the options of a command against the simulator: its
// credentials, the output format, --yes.
func (s *Sim) Options(format string) Options {
	return Options{Server: s.URL, Username: SimUser, Password: SimPassword, Format: format, AssumeYes: true}
}

// Run runs argv with o.
func (s *Sim) Run(o Options, argv ...string) *Result {
	s.T.Helper()
	return Run(s.T, s.Plugin, o, argv...)
}

// OK runs argv with -o json and --yes, and fails the test on an error.
func (s *Sim) OK(argv ...string) *Result {
	s.T.Helper()
	r := s.Run(s.Options("json"), argv...)
	if r.Err != nil {
		s.T.Fatalf("%v: %v (hint %q, details %q)", argv, r.Err, r.Err.Hint, r.Err.Details)
	}
	return r
}
