// Command kestractl-testing is a test-only plugin used by the e2e tests:
// slow commands for Ctrl-C, a crash, a confirmation, streamed lists, and
// introspection of what a plugin receives (environment, argv,
// credentials). It is never shipped.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// CLI is the grammar.
type CLI struct {
	Testing Testing `cmd:"" help:"Test-only commands (e2e)."`
}

// Testing holds the commands.
type Testing struct {
	Sleep    Sleep    `cmd:"" help:"Sleep until cancelled."`
	Crash    Crash    `cmd:"" help:"Panic."`
	Confirm  Confirm  `cmd:"" help:"Ask for a confirmation."`
	List     List     `cmd:"" help:"Stream records."`
	Self     Self     `cmd:"" help:"Describe what the plugin process received."`
	Fail     Fail     `cmd:"" help:"Fail with an error code."`
	Secret   Secret   `cmd:"" help:"Take a secret flag."`
	Timeout2 Timeout2 `cmd:"" name:"local-timeout" help:"Declares its own --timeout."`
	Late     Late     `cmd:"" help:"Talk to the core for the first time after a while."`
	Binary   Binary   `cmd:"" help:"Write raw content to stdout."`
	Wide     Wide     `cmd:"" help:"Stream a table of wide cells (CJK, emoji, long text)."`
}

// Late makes its first Host call only after a delay: the plugin connects
// to the core lazily, and go-plugin's broker waits at most 5 s for some
// of its steps.
type Late struct {
	For time.Duration `default:"6s"`
}

// Run waits, then renders.
func (l *Late) Run(c *plugin.Context) error {
	select {
	case <-c.Done():
		return c.Err()
	case <-time.After(l.For):
	}
	if err := c.Object(map[string]any{"late": l.For.String()}); err != nil {
		return err
	}
	return c.Success("talked to the core after %s", l.For)
}

// Sleep sleeps until cancelled (or forever with --ignore-cancel).
type Sleep struct {
	For          time.Duration `default:"60s"`
	IgnoreCancel bool          `help:"Do not return on cancellation."`
	Hint         string        `help:"What to tell the user on Ctrl-C (set twice: the last one counts)."`
}

// Run sleeps.
func (s *Sleep) Run(c *plugin.Context) error {
	if s.Hint != "" {
		if err := c.OnInterrupt("an older hint, replaced"); err != nil {
			return err
		}
		if err := c.OnInterrupt(s.Hint); err != nil {
			return err
		}
	}
	_ = c.Info("sleeping")
	// The pid file tells the test the command is under way: the hints
	// above reached the core (each Host call returns once it was handled).
	if f := os.Getenv("KESTRACTL_TESTING_PIDFILE"); f != "" {
		if err := os.WriteFile(f, []byte(fmt.Sprint(os.Getpid())), 0o600); err != nil {
			return err
		}
	}
	if s.IgnoreCancel {
		time.Sleep(s.For)
		return nil
	}
	select {
	case <-c.Done():
		return c.Err()
	case <-time.After(s.For):
		return nil
	}
}

// Crash panics inside a goroutine so the process dies.
type Crash struct{}

// Run crashes.
func (Crash) Run(*plugin.Context) error {
	done := make(chan struct{})
	go func() {
		panic("testing crash: boom")
	}()
	<-done
	return nil
}

// Confirm asks a question.
type Confirm struct{}

// Run asks.
func (Confirm) Run(c *plugin.Context) error {
	ok, err := c.Confirm("Delete everything?")
	if err != nil {
		return err
	}
	if !ok {
		return cmderr.New(cmderr.Cancelled, "aborted")
	}
	return c.Success("confirmed")
}

// List streams n records.
type List struct {
	Count int  `default:"3"`
	Times bool `help:"Add a time column (2026-01-02T03:04:05Z) and an age column (3 minutes ago)."`
}

// Run streams.
func (l *List) Run(c *plugin.Context) error {
	cols := []plugin.Column{plugin.Col("ID", "id"), {Header: "STATE", Path: "state.current", Format: "status"}}
	if l.Times {
		cols = append(cols, plugin.Column{Header: "CREATED", Path: "created", Format: "time"}, plugin.Column{Header: "AGE", Path: "updated", Format: "age"})
	}
	t := c.Table(cols...)
	for i := 0; i < l.Count; i++ {
		rec := map[string]any{"id": fmt.Sprintf("item-%03d", i), "state": map[string]string{"current": "SUCCESS"}, "n": i}
		if l.Times {
			rec["created"] = "2026-01-02T03:04:05Z"
			rec["updated"] = time.Now().Add(-3 * time.Minute).UTC().Format(time.RFC3339)
		}
		if err := t.Add(rec); err != nil {
			return err
		}
	}
	return t.Close(fmt.Sprintf("%d item(s)", l.Count))
}

// Self reports what the process received.
type Self struct{}

// Run reports.
func (Self) Run(c *plugin.Context) error {
	cmdline, _ := os.ReadFile("/proc/self/cmdline")
	creds, err := c.Credentials(c, false)
	if err != nil {
		return err
	}
	inv := c.Invocation()
	return c.Object(map[string]any{
		"argv":        strings.Split(strings.TrimRight(string(cmdline), "\x00"), "\x00"),
		"environ":     os.Environ(),
		"host":        inv.Server.URL,
		"tenant":      inv.Server.Tenant,
		"headers":     headerList(inv.Server.Headers),
		"auth":        authKind(creds.Token, creds.Username),
		"auth_error":  creds.AuthError,
		"format":      c.Format(),
		"assume_yes":  inv.AssumeYes,
		"context":     inv.ContextName,
		"timeout_ms":  inv.Server.RequestTimeout.Milliseconds(),
		"stdin_tty":   inv.Terminal.StdinTTY,
		"pid":         os.Getpid(),
		"protected":   c.Protected(),
		"caps":        inv.HostCapabilities,
		"sensitive_n": len(creds.Headers),
	})
}

// headerList shows headers as the protocol carries them.
func headerList(hs []kestra.Header) []map[string]string {
	out := []map[string]string{}
	for _, h := range hs {
		out = append(out, map[string]string{"name": h.Name, "value": h.Value})
	}
	return out
}

func authKind(token, user string) string {
	switch {
	case token != "":
		return "token"
	case user != "":
		return "basic"
	}
	return "none"
}

// Fail returns an error with the given code.
type Fail struct {
	Code int    `arg:"" help:"cmderr code."`
	Msg  string `default:"failed on purpose"`
}

// Run fails.
func (f *Fail) Run(*plugin.Context) error {
	return cmderr.New(cmderr.Code(f.Code), "%s", f.Msg).WithHint("this is a test")
}

// Secret takes a secret flag.
type Secret struct {
	Key string `secret:"" env:"KESTRACTL_TESTING_KEY" help:"A secret."`
}

// Run reports the secret's length and what argv held.
func (s *Secret) Run(c *plugin.Context) error {
	cmdline, _ := os.ReadFile("/proc/self/cmdline")
	b, _ := json.Marshal(map[string]any{"len": len(s.Key), "in_argv": strings.Contains(string(cmdline), s.Key) && s.Key != ""})
	return c.Object(json.RawMessage(b))
}

// Timeout2 declares --timeout itself: the core must leave it alone.
type Timeout2 struct {
	Timeout time.Duration `default:"1s"`
}

// Run prints the flag.
func (t *Timeout2) Run(c *plugin.Context) error {
	return c.Object(map[string]string{"timeout": t.Timeout.String(), "request_timeout_ms": fmt.Sprint(c.Server().RequestTimeout.Milliseconds())})
}

// Binary writes raw bytes to stdout: binary content, or text.
type Binary struct {
	Text bool `help:"Write UTF-8 text instead."`
}

// Run writes.
func (b *Binary) Run(c *plugin.Context) error {
	data := []byte{0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0xff}
	if b.Text {
		data = []byte("héllo, 世界\n")
	}
	_, err := c.Stdout().Write(data)
	return err
}

// Wide streams rows with CJK, emoji and long free text, in pages.
type Wide struct {
	Count  int  `default:"5"`
	LongAt int  `help:"Give the item at this index a longer id." default:"-1"`
	Stream bool `help:"A live stream: each row is shown at once."`
}

// Run streams.
func (w *Wide) Run(c *plugin.Context) error {
	cols := []plugin.Column{plugin.Col("ID", "id"), plugin.Col("NAME", "name"), plugin.Column{Header: "STATE", Path: "state", Format: "status"}, plugin.Col("DESCRIPTION", "description")}
	t := c.Table(cols...)
	if w.Stream {
		t = c.Stream(cols...)
	}
	names := []string{"日本語", "emoji 🚀", "plain", "Ünïcödé"}
	for i := 0; i < w.Count; i++ {
		id := fmt.Sprintf("id-%04d", i)
		if i == w.LongAt {
			id = "a-much-longer-id-" + id
		}
		if err := t.Add(map[string]any{"id": id, "name": names[i%len(names)], "state": "SUCCESS",
			"description": strings.Repeat("a long free-text description ", 1+i%3)}); err != nil {
			return err
		}
	}
	return t.Close(fmt.Sprintf("%d row(s)", w.Count))
}

func main() {
	plugin.Serve(plugin.Plugin{Name: "testing", Version: "0.0.0-test", New: func() any { return &CLI{} }})
}
