// Package session sets up what a benchmark of kestractl against kestrasim
// runs in: a temporary directory, the binaries (or a private copy of
// them), a kestrasim, and the environment kestractl runs with.
package session

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/kestractl/kestractl/bench/internal/sim"
)

// Session is one benchmark's setting.
type Session struct {
	// Tmp is the session's directory, removed by Close.
	Tmp string
	// Bin holds the binaries the session runs.
	Bin string
	Sim *sim.Server
	// Env is kestractl's environment: its own home, cache and data
	// directories, the simulator and its credentials.
	Env []string
}

// Options choose what a session sets up.
type Options struct {
	// Private lists the binaries copied out of bin into the session, which
	// then runs the copies: the manifest cache stays warm even if bin/ is
	// rebuilt meanwhile, and no other plugin is described. Empty: the
	// session runs bin itself.
	Private []string
	// SimArgs are extra flags of kestrasim.
	SimArgs []string
	// Tools must be on PATH (curl for the baselines).
	Tools []string
}

// Start sets up the session of the benchmark name for the binaries in bin.
func Start(name, bin string, o Options) (*Session, error) {
	bin, err := filepath.Abs(bin)
	if err != nil {
		return nil, err
	}
	for _, tool := range o.Tools {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, fmt.Errorf("the baselines need %s on PATH: %w", tool, err)
		}
	}
	tmp, err := os.MkdirTemp("", "kestractl-bench-"+name+"-")
	if err != nil {
		return nil, err
	}
	s := &Session{Tmp: tmp, Bin: bin}
	if len(o.Private) > 0 {
		s.Bin = filepath.Join(tmp, "bin")
		for _, name := range o.Private {
			if err := copyFile(filepath.Join(bin, name), filepath.Join(s.Bin, name)); err != nil {
				os.RemoveAll(tmp)
				return nil, err
			}
		}
	}
	if s.Sim, err = sim.Start(s.Bin, o.SimArgs...); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	s.Env = append(Env(tmp), "KESTRACTL_HOST="+s.Sim.URL, "KESTRACTL_USERNAME="+sim.User, "KESTRACTL_PASSWORD="+sim.Password)
	return s, nil
}

// Env is the environment of kestractl runs kept in dir: PATH, and a home,
// cache and data directory of their own.
func Env(dir string) []string {
	return []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(dir, "home"),
		"XDG_CACHE_HOME=" + filepath.Join(dir, "cache"),
		"XDG_DATA_HOME=" + filepath.Join(dir, "data"),
	}
}

// Close stops kestrasim and removes the session's directory.
func (s *Session) Close() {
	s.Sim.Stop()
	_ = os.RemoveAll(s.Tmp)
}

// Kestractl is a kestractl command of the session.
func (s *Session) Kestractl(args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(s.Bin, "kestractl"), args...)
	cmd.Env = s.Env
	return cmd
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("%w (run make build first)", err)
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
