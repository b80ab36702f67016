package e2e

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/mattn/go-runewidth"
)

// session is kestractl run on a pseudo-terminal: stdin, stdout and stderr
// are the terminal, as when a person types the command.
type session struct {
	t      *testing.T
	cmd    *exec.Cmd
	tty    *os.File
	screen chan string // what the terminal shows, as it comes
	all    strings.Builder
}

func onTerminal(t *testing.T, cols uint16, env []string, args ...string) *session {
	t.Helper()
	cmd := exec.Command(filepath.Join(binDir, "kestractl"), args...)
	cmd.Env = env
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: cols})
	if err != nil {
		t.Fatal(err)
	}
	s := &session{t: t, cmd: cmd, tty: tty, screen: make(chan string, 1000)}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			if n > 0 {
				s.screen <- string(buf[:n])
			}
			if err != nil {
				close(s.screen)
				return
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = tty.Close()
	})
	return s
}

// waitFor reads the terminal until it shows text (a prompt has no line
// end: it is read by the byte).
func (s *session) waitFor(text string) {
	s.t.Helper()
	deadline := time.After(15 * time.Second)
	for !strings.Contains(s.all.String(), text) {
		select {
		case line, ok := <-s.screen:
			if !ok {
				s.t.Fatalf("the terminal closed without showing %q:\n%s", text, s.all.String())
			}
			s.all.WriteString(line)
		case <-deadline:
			s.t.Fatalf("the terminal never showed %q:\n%s", text, s.all.String())
		}
	}
}

// end waits for the command and returns its exit code and everything the
// terminal showed.
func (s *session) end() (int, string) {
	s.t.Helper()
	err := s.cmd.Wait()
	for line := range s.screen {
		s.all.WriteString(line)
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		s.t.Fatal(err)
	}
	return code, strings.ReplaceAll(s.all.String(), "\r\n", "\n")
}

func TestTerminalTablesFit(t *testing.T) {
	env := isolatedEnv(t, noServer, "NO_COLOR=1")
	s := onTerminal(t, 60, env, "testing", "wide", "--count", "3")
	code, out := s.end()
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[0], "ID       NAME      STATE    DESCRIPTION") || lines[4] != "3 row(s)" {
		t.Fatalf("table:\n%s", out)
	}
	for _, l := range lines[:4] {
		if w := runewidth.StringWidth(l); w > 60 {
			t.Fatalf("a row of %d cells on a terminal of 60 (it wraps): %q", w, l)
		}
	}
	// The free-text column is cut with an ellipsis; the others are whole.
	if !strings.HasSuffix(lines[2], "…") || !strings.HasPrefix(lines[2], "id-0001  emoji 🚀  SUCCESS  a long") {
		t.Fatalf("row 2 = %q", lines[2])
	}

	// COLUMNS wins over the terminal's size.
	s = onTerminal(t, 200, append(env, "COLUMNS=50"), "testing", "wide", "--count", "3")
	_, out = s.end()
	for _, l := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if w := runewidth.StringWidth(l); w > 50 {
			t.Fatalf("a row of %d cells with COLUMNS=50: %q", w, l)
		}
	}

	// Colour on a terminal; NO_COLOR turns it off (above).
	s = onTerminal(t, 100, isolatedEnv(t, noServer), "testing", "list", "--count", "1")
	if _, out = s.end(); !strings.Contains(out, "\x1b[32mSUCCESS\x1b[0m") {
		t.Fatalf("no colour on a terminal:\n%q", out)
	}
}

func TestTerminalRefusesBinaryContent(t *testing.T) {
	env := isolatedEnv(t, noServer)
	s := onTerminal(t, 100, env, "testing", "binary")
	code, out := s.end()
	want := "Error: the output is binary content; it is not written to a terminal (write it to a file with --output-file FILE (-O) or redirect stdout)\n"
	if code != 2 || out != want {
		t.Fatalf("exit %d, terminal:\n%q\nwant exit 2 and\n%q", code, out, want)
	}
	s = onTerminal(t, 100, env, "testing", "binary", "--text")
	if code, out = s.end(); code != 0 || out != "héllo, 世界\n" {
		t.Fatalf("text: exit %d %q", code, out)
	}
}

func TestTerminalConfirmationNamesContextAndHost(t *testing.T) {
	env := isolatedEnv(t)
	add := exec.Command(filepath.Join(binDir, "kestractl"), "config", "add", "prod", "https://kestra.example.com", "production", "--token", "t")
	add.Env = env
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("config add: %v\n%s", err, out)
	}
	for _, tt := range []struct {
		answer string
		code   int
		says   string
	}{
		{"n\n", 3, "Error: aborted"},
		{"y\n", 0, "confirmed"},
	} {
		s := onTerminal(t, 100, env, "testing", "confirm")
		s.waitFor("Delete everything on prod (https://kestra.example.com)? [y/N]: ")
		if _, err := io.WriteString(s.tty, tt.answer); err != nil {
			t.Fatal(err)
		}
		code, out := s.end()
		if code != tt.code || !strings.Contains(out, tt.says) {
			t.Fatalf("answer %q: exit %d\n%s", tt.answer, code, out)
		}
	}

	// The core's own prompts name the context and the host too.
	s := onTerminal(t, 100, env, "config", "remove", "prod")
	s.waitFor("Remove context 'prod' (https://kestra.example.com) from ")
	if _, err := io.WriteString(s.tty, "\n"); err != nil {
		t.Fatal(err)
	}
	if code, out := s.end(); code != 3 || !strings.Contains(out, "cancelled: nothing was changed") {
		t.Fatalf("config remove, no: exit %d\n%s", code, out)
	}
}
