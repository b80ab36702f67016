package commands

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/kestractl/kestractl/plugins/nsfiles/nsapi"
	"github.com/kestractl/kestractl/plugins/nsfiles/remotepath"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/download"
	"github.com/kestractl/kestractl/sdk/idle"
	"github.com/kestractl/kestractl/sdk/kestra"
	"github.com/kestractl/kestractl/sdk/outfile"
	"github.com/kestractl/kestractl/sdk/plugin"
)

// Get prints or saves a file, lists or downloads a directory.
type Get struct {
	Namespace  string `arg:"" completer:"namespace" help:"Namespace (for example company.team)."`
	Path       string `arg:"" completer:"nsfile-path" help:"File or directory path in the namespace."`
	Revision   int    `help:"Revision to get (default: the latest)." placeholder:"N"`
	OutputFile string `name:"output-file" short:"O" placeholder:"FILE" help:"Save to FILE (or into FILE when it is a directory), written atomically, instead of printing; a directory is downloaded into it. - or /dev/stdout prints."`
}

// Help is the detailed help of nsfiles get.
func (g *Get) Help() string {
	return `A file is streamed to stdout as raw bytes, whatever -o says; binary content
is not written to a terminal (use -O FILE or a redirect). A directory prints
its listing (as nsfiles list).

With -O, the download is a report: a table of results and a summary on
stderr, or with -o json one document
  {"summary": {"total": N, "downloaded": N, "failed": N},
   "results": [{"status", "path", "file", "size", "revision", "error"}]}
Statuses: downloaded (written to file, size bytes), failed (error says why;
the local file is left as it was). path is the file in the namespace, file
the local path; revision is present with --revision.

-O with a directory downloads every file below it: into FILE/<directory
name>/... when FILE is an existing directory, else into FILE (as cp -r).

Each file is written atomically: to a temporary file renamed into place.
A file that is replaced keeps its permissions; a symbolic link is kept and
the file it points to is replaced (inside a downloaded directory, only a
link that stays inside it is followed). A named pipe, a device or a socket
is never replaced: to write through one, redirect stdout instead
(-O - and -O /dev/stdout print, as without -O).`
}

// Examples implements the SDK's Exampler.
func (g *Get) Examples() []string {
	return []string{
		"kestractl nsfiles get company.team scripts/etl.py",
		"# An older revision, saved to a file\nkestractl nsfiles get company.team scripts/etl.py --revision 2 -O etl-v2.py",
		"# A whole directory, into ./backup/resources/...\nkestractl nsfiles get company.team resources -O backup/",
	}
}

// copyBuffer is the size of the buffer content is copied through.
const copyBuffer = 256 << 10

// Statuses of a download result.
const (
	statusDownloaded = "downloaded"
)

// downloadResult is one result of the download report.
type downloadResult struct {
	Status   string `json:"status"`
	Path     string `json:"path"`
	File     string `json:"file,omitempty"`
	Size     int64  `json:"size,omitempty"`
	Revision int    `json:"revision,omitempty"`
	Error    string `json:"error,omitempty"`
}

func downloadColumns() []plugin.Column {
	return []plugin.Column{plugin.Col("PATH", "path"), plugin.Col("FILE", "file"),
		{Header: "SIZE", Path: "size", Format: "bytes"}, {Header: "STATUS", Path: "status", Format: "status"},
		plugin.Col("ERROR", "error")}
}

// Run streams the file to stdout, lists a directory, or downloads.
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
	toStdout := isStdout(g.OutputFile)
	switch {
	case a.IsDir() && toStdout:
		return cmderr.Usagef("'%s' is a directory in namespace '%s': -O %s prints one file", p, g.Namespace, g.OutputFile).
			WithHint("download the directory with -O DIR")
	case a.IsDir() && g.Revision > 0:
		return cmderr.Usagef("'%s' is a directory in namespace '%s': --revision needs a file", p, g.Namespace)
	case a.IsDir() && g.OutputFile != "":
		return g.downloadTree(c, client, p)
	case a.IsDir():
		return c.List(plugin.ListFlags{All: true}, listing(c, client, g.Namespace, p, false))
	case g.OutputFile != "" && !toStdout:
		return g.downloadFile(c, client, p)
	}
	return g.print(c, client, p)
}

// isStdout reports whether -O names standard output: "-" or /dev/stdout,
// the one device -O writes to (the plugin's own /dev/stdout is no
// terminal or pipe of the user's: the content goes through the core).
func isStdout(outputFile string) bool {
	return outputFile == "-" || outputFile == "/dev/stdout"
}

// print streams the file to stdout; binary content is not sent to a
// terminal, and text sent to one is cleaned of control sequences.
func (g *Get) print(c *plugin.Context, client *kestra.Client, p string) error {
	wd := idle.Start(c, client.Timeout())
	defer wd.Stop()
	resp, err := nsapi.Open(wd.Context(), client, g.Namespace, p, g.Revision)
	if err != nil {
		return fmt.Errorf("get %s from namespace %s: %w", p, g.Namespace, err)
	}
	defer resp.Body.Close()
	body := bufio.NewReaderSize(wd.Reader(resp.Body), copyBuffer)
	if !c.Terminal().StdoutTTY {
		_, err = io.CopyBuffer(c.Stdout(), body, make([]byte, copyBuffer))
		return transferError(wd, err, p)
	}
	head, err := body.Peek(8 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return transferError(wd, err, p)
	}
	if plugin.LooksBinary(head) {
		return cmderr.Usagef("'%s' is binary content: it is not written to a terminal", p).
			WithHint("save it with -O FILE, or redirect stdout: kestractl nsfiles get %s %s > %s",
				g.Namespace, remotepath.Display(p), remotepath.Base(p))
	}
	text := newTextCleaner(c.Stdout())
	_, err = io.CopyBuffer(text, body, make([]byte, copyBuffer))
	if err == nil {
		err = text.Flush()
	}
	return transferError(wd, err, p)
}

// downloadFile saves one file with -O: a report with one result.
func (g *Get) downloadFile(c *plugin.Context, client *kestra.Client, p string) error {
	dst, err := g.create(c, p)
	if err != nil {
		return err
	}
	r := c.Report("files", downloadColumns()...)
	res := downloadResult{Path: p, File: dst.Path(), Revision: g.Revision}
	n, err := fetch(c, client, g.Namespace, p, g.Revision, dst, nil)
	return g.finish(r, res, n, err)
}

// finish adds the result of one download to the report, closes it and
// fails with the download's error.
func (g *Get) finish(r *plugin.Report, res downloadResult, n int64, err error) error {
	res.Status, res.Size = statusDownloaded, n
	if err != nil {
		res.Status, res.Size, res.Error = statusFailed, 0, err.Error()
	}
	if aerr := r.Add(res.Status, res); aerr != nil {
		return aerr
	}
	if cerr := r.Close(); cerr != nil {
		return cerr
	}
	return err
}

// fetch streams a file into dst (sdk/download: a stalled or dropped
// transfer is asked again) and commits it (aborts on failure); bar, when
// set, counts the bytes of several files. It returns the size written.
func fetch(c *plugin.Context, client *kestra.Client, ns, p string, revision int, dst *outfile.File, bar *plugin.Progress) (int64, error) {
	n, err := download.Into(c, download.Download{What: p, Progress: bar, Idle: client.Timeout(),
		Open: func(ctx context.Context, _ int64, _ string) (*http.Response, error) {
			return nsapi.Open(ctx, client, ns, p, revision)
		}}, dst)
	if err != nil {
		dst.Abort()
		return 0, getError(ns, p, err)
	}
	if err := dst.Commit(); err != nil {
		return 0, cmderr.Wrap(cmderr.Generic, err)
	}
	return n, nil
}

// getError explains a failed download of p.
func getError(ns, p string, err error) error {
	var ce *cmderr.Error
	var apiErr *kestra.APIError
	var netErr *kestra.NetworkError
	switch {
	case kestra.IsNotFound(err):
		return notFound(ns, p)
	case errors.As(err, &ce):
		return err
	case errors.As(err, &apiErr) || errors.As(err, &netErr):
		return fmt.Errorf("get %s from namespace %s: %w", p, ns, err)
	}
	return cmderr.New(cmderr.Unavailable, "get %s: %v", p, err)
}

// create opens the atomic writer for --output-file: into it when it is a
// directory (under the remote file's name), else at that path; a symbolic
// link is kept and its target replaced, a special file is refused.
func (g *Get) create(c *plugin.Context, remote string) (*outfile.File, error) {
	target := localPath(c, g.OutputFile)
	if st, err := os.Stat(target); err == nil && st.IsDir() {
		target = filepath.Join(target, remotepath.Base(remote))
	}
	dst, err := outfile.Create(target)
	var special *outfile.NotRegularError
	if errors.As(err, &special) {
		e := cmderr.Usagef("-O %s: %v", g.OutputFile, err)
		if !special.Mode.IsDir() {
			e = e.WithHint("-O writes a new file renamed into place; to write to a pipe or a device, redirect stdout: kestractl nsfiles get %s %s > %s",
				g.Namespace, remotepath.Display(remote), g.OutputFile)
		}
		return nil, e
	}
	if err != nil {
		return nil, cmderr.Usagef("%v", err)
	}
	return dst, nil
}

// downloadTree saves every file below the remote directory dir with -O,
// one result per file; failures do not stop the others.
func (g *Get) downloadTree(c *plugin.Context, client *kestra.Client, dir string) error {
	target := localPath(c, g.OutputFile)
	if st, err := os.Stat(target); err == nil {
		if !st.IsDir() {
			return cmderr.Usagef("'%s' is a directory in namespace '%s': -O %s must be a directory", dir, g.Namespace, g.OutputFile)
		}
		target = filepath.Join(target, remotepath.Base(dir))
	} else if st, err := os.Stat(filepath.Dir(target)); err != nil || !st.IsDir() {
		return cmderr.Usagef("cannot write %s: directory %s does not exist", target, filepath.Dir(target))
	}
	files, err := treeFiles(c, client, g.Namespace, dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(target, 0o755); err != nil {
		return cmderr.Usagef("cannot create %s: %v", target, reason(err))
	}
	root, err := os.OpenRoot(target)
	if err != nil {
		return cmderr.Usagef("cannot open %s: %v", target, reason(err))
	}
	defer root.Close()
	var total int64
	for _, f := range files {
		total += f.size
	}
	bar := c.Progress("get", fmt.Sprintf("Downloading %d file(s) from %s", len(files), g.Namespace), total, "bytes")
	r := c.Report("files", downloadColumns()...)
	var failed []error
	for _, f := range files {
		rel := filepath.FromSlash(f.rel)
		res := downloadResult{Path: f.path, File: filepath.Join(target, rel)}
		n, err := g.fetchInto(c, client, root, target, rel, f.path, bar)
		res.Status, res.Size = statusDownloaded, n
		if err != nil {
			res.Status, res.Size, res.Error = statusFailed, 0, err.Error()
			failed = append(failed, fmt.Errorf("%s: %w", f.path, err))
		}
		if err := r.Add(res.Status, res); err != nil {
			return err
		}
		if err := r.Flush(); err != nil {
			return err
		}
	}
	bar.Done("")
	if err := r.Close(); err != nil {
		return err
	}
	if len(failed) == 0 {
		return nil
	}
	codes := make([]cmderr.Code, len(failed))
	lines := make([]string, len(failed))
	for i, e := range failed {
		codes[i], lines[i] = cmderr.CodeOf(e), e.Error()
	}
	return cmderr.New(cmderr.Common(codes...), "download completed with %d error(s)", len(failed)).WithDetails(lines...)
}

// fetchInto downloads remote to rel below target (created inside root). An
// existing symbolic link is kept and the file it points to replaced when
// that file is inside target; a special file is refused.
func (g *Get) fetchInto(c *plugin.Context, client *kestra.Client, root *os.Root, target, rel, remote string, bar *plugin.Progress) (int64, error) {
	if d := filepath.Dir(rel); d != "." {
		if err := root.MkdirAll(d, 0o755); err != nil {
			return 0, cmderr.Usagef("cannot create %s: %v", filepath.Join(target, d), reason(err))
		}
	}
	name := rel
	if st, err := root.Lstat(rel); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		inside, err := linkInside(target, filepath.Join(target, rel))
		if err != nil {
			return 0, cmderr.Usagef("cannot write %s: %v", filepath.Join(target, rel), err)
		}
		name = inside
	}
	dst, err := outfile.CreateIn(root, name)
	if err != nil {
		return 0, cmderr.Usagef("%v", err)
	}
	return fetch(c, client, g.Namespace, remote, 0, dst, bar)
}

// linkInside resolves the symbolic link at path, below dir, to the file it
// points to, which must be inside dir and a regular file (or absent); it
// returns that file's path relative to dir.
func linkInside(dir, path string) (string, error) {
	real, err := outfile.Target(path)
	if err != nil {
		return "", err
	}
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", fmt.Errorf("resolve %s: %w", dir, err)
	}
	realParent, err := filepath.EvalSymlinks(filepath.Dir(real))
	if err != nil {
		return "", fmt.Errorf("it is a symbolic link to %s: %w", real, err)
	}
	rel, err := filepath.Rel(realDir, realParent)
	if err != nil || !filepath.IsLocal(rel) && rel != "." {
		return "", fmt.Errorf("it is a symbolic link leaving %s (to %s): not followed", dir, real)
	}
	return filepath.Join(rel, filepath.Base(real)), nil
}

// treeFile is one file below a downloaded directory.
type treeFile struct {
	path string // clean remote path
	rel  string // /-separated path below the directory
	size int64
}

// treeFiles lists the files below dir, depth first, sorted by name.
func treeFiles(c *plugin.Context, client *kestra.Client, ns, dir string) ([]treeFile, error) {
	var out []treeFile
	var walk func(dir, rel string) error
	walk = func(d, rel string) error {
		entries, err := nsapi.List(c, client, ns, d)
		if kestra.IsNotFound(err) {
			return notFound(ns, d)
		}
		if err != nil {
			return fmt.Errorf("list %s in namespace %s: %w", d, ns, err)
		}
		sortAttributes(entries)
		for _, a := range entries {
			p := remotepath.Join(d, a.FileName)
			if clean, err := remotepath.Clean(p); err != nil || clean != p || strings.Contains(a.FileName, "/") {
				_ = c.Warn("skipped an entry of %s with an invalid name %q", d, a.FileName)
				continue
			}
			if a.IsDir() {
				if err := walk(p, rel+a.FileName+"/"); err != nil {
					return err
				}
				continue
			}
			out = append(out, treeFile{path: p, rel: rel + a.FileName, size: a.Size})
		}
		return nil
	}
	return out, walk(dir, "")
}

// transferError explains a failed transfer, a stall first.
func transferError(wd *idle.Watchdog, err error, p string) error {
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
