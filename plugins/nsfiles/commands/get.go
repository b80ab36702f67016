package commands

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/kestractl/kestractl/plugins/nsfiles/localfile"
	"github.com/kestractl/kestractl/plugins/nsfiles/nsapi"
	"github.com/kestractl/kestractl/plugins/nsfiles/remotepath"
	"github.com/kestractl/kestractl/plugins/nsfiles/watchdog"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Get prints or saves a file.
type Get struct {
	Namespace  string `arg:"" help:"Namespace (for example company.team)."`
	Path       string `arg:"" help:"File path in the namespace."`
	Revision   int    `help:"Revision to get (default: the latest)." placeholder:"N"`
	OutputFile string `name:"output-file" short:"O" placeholder:"FILE" help:"Save to FILE (or into FILE when it is a directory), written atomically, instead of printing."`
}

// copyBuffer is the size of the buffer content is copied through.
const copyBuffer = 256 << 10

// Run streams the file to stdout or to the output file.
func (g *Get) Run(c *plugin.Context) error {
	if err := checkNamespace(g.Namespace); err != nil {
		return err
	}
	p, err := cleanRemote(g.Path)
	if err != nil {
		return err
	}
	if g.Revision < 0 {
		return cmderr.Usagef("invalid --revision %d: revisions start at 1", g.Revision)
	}
	client, err := c.Kestra()
	if err != nil {
		return err
	}
	a, err := stat(c, client, g.Namespace, p)
	if err != nil {
		return err
	}
	if a.IsDir() {
		if g.OutputFile != "" {
			return cmderr.Usagef("'%s' is a directory in namespace '%s': --output-file needs a file", p, g.Namespace)
		}
		t := c.Table(listColumns()...)
		n, err := listDir(c, client, t, g.Namespace, p, false)
		if err != nil {
			return err
		}
		return t.Close(fmt.Sprintf("%d entr%s", n, map[bool]string{true: "y", false: "ies"}[n == 1]))
	}
	var dst *localfile.Pending
	if g.OutputFile != "" {
		if dst, err = g.create(c, p); err != nil {
			return err
		}
	}
	wd := watchdog.Start(c, client.Timeout())
	defer wd.Stop()
	resp, err := nsapi.Open(wd.Context(), client, g.Namespace, p, g.Revision)
	if err != nil {
		if dst != nil {
			_ = dst.Abort()
		}
		return fmt.Errorf("get %s from namespace %s: %w", p, g.Namespace, err)
	}
	defer resp.Body.Close()
	body := wd.Reader(resp.Body)
	if dst == nil {
		_, err := io.CopyBuffer(c.Stdout(), body, make([]byte, copyBuffer))
		return transferError(wd, err, p)
	}
	total := resp.ContentLength
	bar := c.Progress("get", "Downloading "+remotepath.Base(p), max(total, 0), "bytes")
	_, err = io.CopyBuffer(io.MultiWriter(dst, bar), body, make([]byte, copyBuffer))
	if err == nil && total >= 0 && dst.Written() != total {
		err = fmt.Errorf("got %d bytes, the server announced %d", dst.Written(), total)
	}
	if err != nil {
		bar.Done(err.Error())
		_ = dst.Abort()
		return transferError(wd, err, p)
	}
	if err := dst.Commit(); err != nil {
		bar.Done(err.Error())
		return cmderr.Wrap(cmderr.Generic, err)
	}
	bar.Done("")
	if c.Format() == plugin.FormatTable {
		return c.Success("Saved %s (%d bytes) to %s", p, dst.Written(), dst.Path())
	}
	return c.Object(struct {
		Namespace string `json:"namespace"`
		Path      string `json:"path"`
		File      string `json:"file"`
		Size      int64  `json:"size"`
		Revision  int    `json:"revision,omitempty"`
	}{g.Namespace, p, dst.Path(), dst.Written(), g.Revision})
}

// create opens the atomic writer for --output-file: into it when it is a
// directory (under the remote file's name), else at that path.
func (g *Get) create(c *plugin.Context, remote string) (*localfile.Pending, error) {
	target := localPath(c, g.OutputFile)
	dir, name := filepath.Dir(target), filepath.Base(target)
	if st, err := os.Stat(target); err == nil && st.IsDir() {
		dir, name = target, remotepath.Base(remote)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, cmderr.Usagef("cannot write %s: directory %s does not exist", target, dir)
	}
	dst, err := localfile.Create(dir, name)
	if err != nil {
		return nil, cmderr.Usagef("cannot write %s: %v", target, err)
	}
	return dst, nil
}

// transferError explains a failed transfer, a stall first.
func transferError(wd *watchdog.Watchdog, err error, p string) error {
	if err == nil {
		return nil
	}
	if s := wd.Stalled(); s != nil {
		return cmderr.New(cmderr.Timeout, "get %s: %v", p, s)
	}
	var ce *cmderr.Error
	if errors.As(err, &ce) {
		return err
	}
	return cmderr.New(cmderr.Unavailable, "get %s: %v", p, err)
}
