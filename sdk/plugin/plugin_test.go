package plugin_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

type cli struct {
	Things things `cmd:"" aliases:"thing" help:"Manage things."`
}

type things struct {
	List   listCmd   `cmd:"" aliases:"ls" help:"List things."`
	Get    getCmd    `cmd:"" help:"Get a thing."`
	Delete deleteCmd `cmd:"" help:"Delete a thing."`
	Raw    rawCmd    `cmd:"" offline:"" help:"Write raw bytes."`
	Login  loginCmd  `cmd:"" help:"Take a secret."`
	Wait   waitCmd   `cmd:"" help:"Wait for cancellation."`
	Boom   boomCmd   `cmd:"" hidden:"" help:"Panic."`
}

type listCmd struct {
	Namespace string `arg:"" optional:"" completer:"namespace" help:"Namespace."`
	Count     int    `default:"450" help:"How many."`
}

func (l *listCmd) Run(c *plugin.Context) error {
	t := c.Table(plugin.Col("ID", "id"), plugin.Col("NS", "ns"))
	for i := 0; i < l.Count; i++ {
		if err := t.Add(map[string]any{"id": i, "ns": l.Namespace}); err != nil {
			return err
		}
	}
	return t.Close(fmt.Sprintf("%d thing(s)", l.Count))
}

type getCmd struct {
	ID   string `arg:"" help:"Id."`
	Mode string `enum:"a,b" default:"a" help:"Mode."`
}

func (g *getCmd) Run(c *plugin.Context) error {
	if g.ID == "missing" {
		return cmderr.New(cmderr.NotFound, "thing %q not found", g.ID)
	}
	return c.Object(map[string]string{"id": g.ID, "mode": g.Mode})
}

type deleteCmd struct {
	ID string `arg:""`
}

func (d *deleteCmd) Run(c *plugin.Context) error {
	ok, err := c.Confirm("Delete " + d.ID + "?")
	if err != nil {
		return err
	}
	if !ok {
		return cmderr.New(cmderr.Cancelled, "not deleted")
	}
	return c.Success("deleted %s", d.ID)
}

type rawCmd struct{}

func (rawCmd) Run(c *plugin.Context) error {
	if _, err := c.Stdout().Write([]byte(strings.Repeat("x", 1<<20+5))); err != nil {
		return err
	}
	return c.Info("after raw")
}

type loginCmd struct {
	Password string `secret:"" env:"THINGS_PASSWORD" help:"Password."`
}

func (l *loginCmd) Run(c *plugin.Context) error {
	return c.Object(map[string]int{"len": len(l.Password)})
}

type waitCmd struct{}

func (waitCmd) Run(c *plugin.Context) error {
	<-c.Done()
	return c.Err()
}

type boomCmd struct{}

func (boomCmd) Run(*plugin.Context) error { panic("kaboom") }

func testPlugin() plugin.Plugin {
	return plugin.Plugin{Name: "things", Version: "1.2.3", New: func() any { return &cli{} }}
}

func TestRun(t *testing.T) {
	p := testPlugin()
	tests := []struct {
		name     string
		opts     plugintest.Options
		argv     []string
		wantCode cmderr.Code
		check    func(t *testing.T, r *plugintest.Result)
	}{
		{
			name: "list streams every record and the footer", argv: []string{"things", "ls", "prod"},
			check: func(t *testing.T, r *plugintest.Result) {
				if len(r.Records) != 450 || r.Footer != "450 thing(s)" || r.Columns[1].Header != "NS" {
					t.Fatalf("records=%d footer=%q", len(r.Records), r.Footer)
				}
				if r.Records[449]["id"].(json.Number) != "449" || r.Records[0]["ns"] != "prod" {
					t.Fatalf("record = %v", r.Records[449])
				}
			},
		},
		{
			name: "empty list", argv: []string{"things", "list", "--count", "0"},
			check: func(t *testing.T, r *plugintest.Result) {
				if len(r.Records) != 0 || r.Footer != "0 thing(s)" {
					t.Fatalf("records=%d footer=%q", len(r.Records), r.Footer)
				}
			},
		},
		{
			name: "object", argv: []string{"thing", "get", "x", "--mode", "b"},
			check: func(t *testing.T, r *plugintest.Result) {
				if len(r.Objects) != 1 || string(r.Objects[0]) != `{"id":"x","mode":"b"}` {
					t.Fatalf("objects = %s", r.Objects)
				}
			},
		},
		{name: "coded error", argv: []string{"things", "get", "missing"}, wantCode: cmderr.NotFound},
		{
			name: "unknown flag is a usage error pointing at help", argv: []string{"things", "get", "x", "--nope"}, wantCode: cmderr.Usage,
			check: func(t *testing.T, r *plugintest.Result) {
				if !strings.HasPrefix(r.Err.Message, "unknown flag --nope") || r.Err.Hint != "see 'kestractl things get --help'" {
					t.Fatalf("err = %+v", r.Err)
				}
			},
		},
		{name: "bad enum", argv: []string{"things", "get", "x", "--mode", "c"}, wantCode: cmderr.Usage},
		{name: "missing arg", argv: []string{"things", "get"}, wantCode: cmderr.Usage},
		{
			name: "unknown subcommand suggests", argv: []string{"things", "lst"}, wantCode: cmderr.Usage,
			check: func(t *testing.T, r *plugintest.Result) {
				if !strings.Contains(r.Err.Message, "lst") {
					t.Fatalf("err = %+v", r.Err)
				}
			},
		},
		{
			name: "help is written raw", argv: []string{"things", "get", "--help"},
			check: func(t *testing.T, r *plugintest.Result) {
				if !strings.Contains(r.Stdout, "Usage: kestractl things (thing) get <id>") {
					t.Fatalf("stdout = %q", r.Stdout)
				}
			},
		},
		{name: "confirmation refused without a terminal", argv: []string{"things", "delete", "a"}, wantCode: cmderr.Usage},
		{
			name: "confirmation declined", argv: []string{"things", "delete", "a"}, wantCode: cmderr.Cancelled,
			opts: plugintest.Options{Confirm: func(string) bool { return false }},
		},
		{
			name: "--yes confirms without asking", argv: []string{"things", "delete", "a"}, opts: plugintest.Options{AssumeYes: true},
			check: func(t *testing.T, r *plugintest.Result) {
				if len(r.Confirmations) != 0 || r.MessageText() != "deleted a\n" {
					t.Fatalf("confirmations=%v messages=%q", r.Confirmations, r.MessageText())
				}
			},
		},
		{
			name: "raw bytes are chunked and ordered before later messages", argv: []string{"things", "raw"},
			check: func(t *testing.T, r *plugintest.Result) {
				if len(r.Stdout) != 1<<20+5 || r.MessageText() != "after raw\n" {
					t.Fatalf("stdout=%d messages=%q", len(r.Stdout), r.MessageText())
				}
			},
		},
		{
			name: "secret flag comes from the host", argv: []string{"things", "login"}, opts: plugintest.Options{Secrets: map[string]string{"password": "hunter22"}},
			check: func(t *testing.T, r *plugintest.Result) {
				if string(r.Objects[0]) != `{"len":8}` {
					t.Fatalf("objects = %s", r.Objects)
				}
			},
		},
		{
			name: "panic becomes an internal error", argv: []string{"things", "boom"}, wantCode: cmderr.Internal,
			check: func(t *testing.T, r *plugintest.Result) {
				if !strings.Contains(r.Err.Message, "kaboom") {
					t.Fatalf("err = %+v", r.Err)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := plugintest.Run(t, p, tt.opts, tt.argv...)
			if r.Code() != tt.wantCode {
				t.Fatalf("code = %v (%v), want %v", r.Code(), r.Err, tt.wantCode)
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

func TestCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	r := plugintest.Run(t, testPlugin(), plugintest.Options{Context: ctx}, "things", "wait")
	if r.Code() != cmderr.Cancelled {
		t.Fatalf("code = %v", r.Code())
	}
}

func TestManifest(t *testing.T) {
	m, err := testPlugin().Describe()
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "things" || m.Version != "1.2.3" || m.SDKVersion != plugin.SDKVersion {
		t.Fatalf("manifest header = %v", m)
	}
	g := m.Find("thing")
	if g == nil || g.Name != "things" || g.Help != "Manage things." {
		t.Fatalf("group by alias = %v", g)
	}
	list := m.Find("things", "ls")
	if list == nil || list.Args[0].Completer != "namespace" || list.Args[0].Required {
		t.Fatalf("list = %v", list)
	}
	if f := list.Flags[0]; f.Name != "count" || f.Type != "int" || f.Default != "450" {
		t.Fatalf("count flag = %v", f)
	}
	get := m.Find("things", "get")
	if f := get.Flags[0]; strings.Join(f.Enum, ",") != "a,b" {
		t.Fatalf("enum = %v", f)
	}
	if !m.Find("things", "raw").Offline {
		t.Fatal("offline tag lost")
	}
	login := m.Find("things", "login").Flags[0]
	if !login.Secret || login.Env[0] != "THINGS_PASSWORD" {
		t.Fatalf("secret flag = %v", login)
	}
	if !m.Find("things", "boom").Hidden {
		t.Fatal("hidden lost")
	}
}

func TestValidate(t *testing.T) {
	bad := []plugin.Plugin{
		{Name: "Bad", New: func() any { return &cli{} }},
		{Name: "x--y", New: func() any { return &cli{} }},
		{Name: "ok"},
		{Name: "ok", New: func() any {
			return &struct {
				A chan int `arg:""`
			}{}
		}},
	}
	for _, p := range bad {
		if err := p.Validate(); err == nil {
			t.Errorf("Validate(%q) accepted", p.Name)
		}
	}
	if err := testPlugin().Validate(); err != nil {
		t.Fatal(err)
	}
	var e *cmderr.Error
	if !errors.As(cmderr.From(errors.New("x")), &e) || e.Code != cmderr.Generic {
		t.Fatal("From")
	}
}
