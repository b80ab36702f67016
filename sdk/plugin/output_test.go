package plugin_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

type outCLI struct {
	Get struct {
		Out outCmd `cmd:""`
	} `cmd:""`
}

type outCmd struct {
	O       string `short:"O"`
	Content string `arg:""`
}

func (g *outCmd) Run(c *plugin.Context) error {
	o, err := c.CreateOutput(g.O)
	if err != nil {
		return err
	}
	if _, err := o.Write([]byte(g.Content)); err != nil {
		o.Abort()
		return err
	}
	return o.Commit()
}

func TestCreateOutput(t *testing.T) {
	p := plugin.Plugin{Name: "out", New: func() any { return &outCLI{} }}
	dir := t.TempDir()
	for _, tc := range []struct {
		name     string
		o        string
		content  string
		tty      bool
		code     cmderr.Code
		stdout   string
		fileWant string
	}{
		{name: "stdout", content: "hello", stdout: "hello"},
		{name: "dash", o: "-", content: "hello", stdout: "hello"},
		{name: "dev stdout is the user's", o: "/dev/stdout", content: "hello", stdout: "hello"},
		{name: "text on a terminal", content: "hello", tty: true, stdout: "hello"},
		{name: "binary on a terminal", content: "\x00\x01bin", tty: true, code: cmderr.Usage},
		{name: "binary to a pipe", content: "\x00\x01bin", stdout: "\x00\x01bin"},
		{name: "binary to a file on a terminal", o: "out.bin", content: "\x00\x01bin", tty: true, fileWant: "\x00\x01bin"},
		{name: "a device is refused", o: "/dev/null", content: "x", code: cmderr.Usage},
		{name: "a missing directory", o: "nope/out.txt", content: "x", code: cmderr.Usage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := plugintest.Run(t, p, plugintest.Options{Cwd: dir, Terminal: &plugin.Terminal{StdoutTTY: tc.tty}}, "get", "out", "-O", tc.o, tc.content)
			if r.Code() != tc.code || r.Stdout != tc.stdout {
				t.Fatalf("code %v (%v), stdout %q", r.Code(), r.Err, r.Stdout)
			}
			if tc.fileWant != "" {
				if b, _ := os.ReadFile(filepath.Join(dir, tc.o)); string(b) != tc.fileWant {
					t.Fatalf("file holds %q", b)
				}
			}
		})
	}
	if r := plugintest.Run(t, p, plugintest.Options{Cwd: dir}, "get", "out", "-O", "/dev/null", "x"); r.Err == nil || !strings.Contains(r.Err.Error(), "/dev/null is a character device, not a regular file") {
		t.Fatalf("device: %v", r.Err)
	}
}
