package cmdutil_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kestractl/kestractl/plugins/content/api"
	"github.com/kestractl/kestractl/plugins/content/internal/cmdutil"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
	"github.com/kestractl/kestractl/sdk/plugintest"
)

// thing is a fake resource that records the calls Delete makes.
type thing struct {
	id      string
	findErr error
	delErr  error
	calls   *[]string
}

func (t thing) Check() error {
	*t.calls = append(*t.calls, "check")
	return cmdutil.CheckID("thing id", t.id)
}

func (t thing) Fail(_ *plugin.Context, err error) error {
	return fmt.Errorf("explained: %w", err)
}

func (t thing) Find(context.Context, *api.Client) (string, error) {
	*t.calls = append(*t.calls, "find")
	return "Thing " + t.id, t.findErr
}

func (t thing) Delete(context.Context, *api.Client) error {
	*t.calls = append(*t.calls, "delete")
	return t.delErr
}

type deleteCmd struct{ thing thing }

func (d *deleteCmd) Run(c *plugin.Context) error {
	return cmdutil.Delete(c, d.thing, func(title string) cmdutil.Deletion {
		return cmdutil.Deletion{Question: "Delete " + title + "?", Fields: map[string]string{"id": d.thing.id},
			Done: title + " deleted."}
	})
}

type sourceCmd struct {
	file, id string
	src      *[]byte
}

func (s *sourceCmd) Run(c *plugin.Context) error {
	_, src, err := cmdutil.OpenSource(c, s.file, "thing", cmdutil.CheckID("thing id", s.id))
	*s.src = src
	return err
}

func TestDelete(t *testing.T) {
	errGone := errors.New("gone")
	tests := []struct {
		name      string
		thing     thing
		yes       bool
		confirm   bool
		format    string
		wantCalls []string
		wantCode  cmderr.Code
		wantErr   string
		wantObj   string
		wantMsg   string
		questions int
	}{
		{name: "confirmed", thing: thing{id: "a"}, confirm: true, wantCalls: []string{"check", "find", "delete"},
			wantMsg: "Thing a deleted.", questions: 1},
		{name: "json", thing: thing{id: "a"}, yes: true, format: "json", wantCalls: []string{"check", "find", "delete"},
			wantObj: `{"id":"a","status":"deleted"}`},
		{name: "refused", thing: thing{id: "a"}, confirm: false, wantCalls: []string{"check", "find"},
			wantCode: cmderr.Cancelled, questions: 1},
		{name: "invalid id", thing: thing{id: "a/b"}, yes: true, wantCalls: []string{"check"}, wantCode: cmderr.Usage},
		{name: "missing", thing: thing{id: "a", findErr: errGone}, yes: true, wantCalls: []string{"check", "find"},
			wantErr: "explained: gone"},
		{name: "delete fails", thing: thing{id: "a", delErr: errGone}, yes: true, wantCalls: []string{"check", "find", "delete"},
			wantErr: "explained: gone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls []string
			tt.thing.calls = &calls
			p := plugin.Plugin{Name: "test", New: func() any { return &deleteCLI{Delete: deleteCmd{thing: tt.thing}} }}
			o := plugintest.Options{Server: "http://127.0.0.1:1", AssumeYes: tt.yes, Format: tt.format,
				Confirm: func(string) bool { return tt.confirm }}
			r := plugintest.Run(t, p, o, "delete")
			if !reflect.DeepEqual(calls, tt.wantCalls) {
				t.Errorf("calls %v, want %v", calls, tt.wantCalls)
			}
			if len(r.Confirmations) != tt.questions {
				t.Errorf("questions %v", r.Confirmations)
			}
			if tt.questions > 0 && r.Confirmations[0] != "Delete Thing a?" {
				t.Errorf("question %q", r.Confirmations[0])
			}
			switch {
			case tt.wantCode != 0:
				if r.Code() != tt.wantCode {
					t.Fatalf("code %v (%v), want %v", r.Code(), r.Err, tt.wantCode)
				}
			case tt.wantErr != "":
				if r.Err == nil || r.Err.Error() != tt.wantErr {
					t.Fatalf("error %v, want %q", r.Err, tt.wantErr)
				}
			case r.Err != nil:
				t.Fatalf("error %v", r.Err)
			}
			if tt.wantObj != "" && (len(r.Objects) != 1 || string(r.Objects[0]) != tt.wantObj) {
				t.Errorf("objects %s, want %s", r.Objects, tt.wantObj)
			}
			if tt.wantMsg != "" && !strings.Contains(r.MessageText(), tt.wantMsg) {
				t.Errorf("messages %q, want %q", r.MessageText(), tt.wantMsg)
			}
		})
	}
}

type deleteCLI struct {
	Delete deleteCmd `cmd:""`
}

type sourceCLI struct {
	Save sourceCmd `cmd:""`
}

func TestOpenSource(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "thing.yaml")
	if err := os.WriteFile(file, []byte("id: a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file, id string
		want           string
		code           cmderr.Code
	}{
		{name: "read", file: file, id: "a", want: "id: a\n"},
		// The arguments are checked before the file is read.
		{name: "invalid id first", file: filepath.Join(dir, "missing.yaml"), id: "a/b", code: cmderr.Usage},
		{name: "missing file", file: filepath.Join(dir, "missing.yaml"), id: "a", code: cmderr.Usage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var src []byte
			p := plugin.Plugin{Name: "test", New: func() any { return &sourceCLI{Save: sourceCmd{file: tt.file, id: tt.id, src: &src}} }}
			r := plugintest.Run(t, p, plugintest.Options{Server: "http://127.0.0.1:1"}, "save")
			if r.Code() != tt.code {
				t.Fatalf("code %v (%v), want %v", r.Code(), r.Err, tt.code)
			}
			if tt.code == cmderr.Usage && tt.id == "a/b" && !strings.Contains(r.Err.Error(), "thing id") {
				t.Errorf("error %v: the id is checked first", r.Err)
			}
			if string(src) != tt.want {
				t.Errorf("source %q, want %q", src, tt.want)
			}
		})
	}
}
