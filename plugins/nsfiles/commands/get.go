package commands

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/kestractl/kestractl/plugins/nsfiles/localfile"
	"github.com/kestractl/kestractl/plugins/nsfiles/nsapi"
	"github.com/kestractl/kestractl/plugins/nsfiles/remotepath"
	"github.com/kestractl/kestractl/plugins/nsfiles/watchdog"
	"github.com/kestractl/kestractl/sdk/cmderr"
	"github.com/kestractl/kestractl/sdk/kestra"
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
	wd := watchdog.Start(c, client.Timeout())
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
	if binary(head) {
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

// binary reports whether the beginning of a content looks binary: a NUL
// byte or invalid UTF-8 (a rune cut at the end is not).
func binary(head []byte) bool {
	if bytes.IndexByte(head, 0) >= 0 {
		return true
	}
	for len(head) > 0 {
		r, n := utf8.DecodeRune(head)
		if r == utf8.RuneError && n == 1 {
			return len(head) >= utf8.UTFMax || utf8.FullRune(head)
		}
		head = head[n:]
	}
	return false
}

// downloadFile saves one file with -O: a report with one result.
func (g *Get) downloadFile(c *plugin.Context, client *kestra.Client, p string) error {
	dst, err := g.create(c, p)
	if err != nil {
		return err
	}
	r := c.Report("files", downloadColumns()...)
	bar := c.Progress("get", "Downloading "+remotepath.Base(p), 0, "bytes")
	res := downloadResult{Path: p, File: dst.Path(), Revision: g.Revision}
	n, err := fetch(c, client, g.Namespace, p, g.Revision, dst, bar)
	bar.Done(errText(err))
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

// fetch streams a file into dst and commits it (aborts on failure); bar
// counts the bytes. It returns the size written.
func fetch(c *plugin.Context, client *kestra.Client, ns, p string, revision int, dst *localfile.Pending, bar *plugin.Progress) (int64, error) {
	wd := watchdog.Start(c, client.Timeout())
	defer wd.Stop()
	resp, err := nsapi.Open(wd.Context(), client, ns, p, revision)
	if err != nil {
		_ = dst.Abort()
		if kestra.IsNotFound(err) {
			return 0, notFound(ns, p)
		}
		return 0, fmt.Errorf("get %s from namespace %s: %w", p, ns, err)
	}
	defer resp.Body.Close()
	total := resp.ContentLength
	if total > 0 {
		bar.SetTotal(total)
	}
	_, err = io.CopyBuffer(io.MultiWriter(dst, bar), wd.Reader(resp.Body), make([]byte, copyBuffer))
	if err == nil && total >= 0 && dst.Written() != total {
		err = fmt.Errorf("got %d bytes, the server announced %d", dst.Written(), total)
	}
	if err != nil {
		_ = dst.Abort()
		return 0, transferError(wd, err, p)
	}
	if err := dst.Commit(); err != nil {
		return 0, cmderr.Wrap(cmderr.Generic, err)
	}
	return dst.Written(), nil
}

// create opens the atomic writer for --output-file: into it when it is a
// directory (under the remote file's name), else at that path; a symbolic
// link is kept and its target replaced, a special file is refused.
func (g *Get) create(c *plugin.Context, remote string) (*localfile.Pending, error) {
	target := localPath(c, g.OutputFile)
	if st, err := os.Stat(target); err == nil && st.IsDir() {
		target = filepath.Join(target, remotepath.Base(remote))
	}
	real, err := localfile.Target(target)
	var special *localfile.NotRegularError
	if errors.As(err, &special) {
		e := cmderr.Usagef("-O %s: %v", g.OutputFile, err)
		if !special.Mode.IsDir() {
			e = e.WithHint("-O writes a new file renamed into place; to write to a pipe or a device, redirect stdout: kestractl nsfiles get %s %s > %s",
				g.Namespace, remotepath.Display(remote), g.OutputFile)
		}
		return nil, e
	}
	if err != nil {
		return nil, cmderr.Usagef("cannot write %s: %v", target, err)
	}
	dir, name := filepath.Dir(real), filepath.Base(real)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, cmderr.Usagef("cannot write %s: directory %s does not exist", target, dir)
	}
	dst, err := localfile.Create(dir, name)
	if err != nil {
		return nil, cmderr.Usagef("cannot write %s: %v", target, err)
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
	lines := make([]string, len(failed))
	for i, e := range failed {
		lines[i] = e.Error()
	}
	return cmderr.New(codeOf(failed[0]), "download completed with %d error(s)", len(failed)).WithDetails(lines...)
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
	path := filepath.Join(target, rel)
	if st, err := root.Lstat(rel); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		real, err := linkInside(target, path)
		if err != nil {
			return 0, cmderr.Usagef("cannot write %s: %v", path, err)
		}
		path = real
	}
	dst, err := localfile.Create(filepath.Dir(path), filepath.Base(path))
	if errors.Is(err, localfile.ErrNotRegular) {
		return 0, cmderr.Usagef("%v", err)
	}
	if err != nil {
		return 0, cmderr.Usagef("cannot write %s: %v", path, err)
	}
	return fetch(c, client, g.Namespace, remote, 0, dst, bar)
}

// linkInside resolves the symbolic link at path, below dir, to the file it
// points to, which must be inside dir and a regular file (or absent).
func linkInside(dir, path string) (string, error) {
	real, err := localfile.Target(path)
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
	if rel, err := filepath.Rel(realDir, realParent); err != nil || !filepath.IsLocal(rel) && rel != "." {
		return "", fmt.Errorf("it is a symbolic link leaving %s (to %s): not followed", dir, real)
	}
	return filepath.Join(realParent, filepath.Base(real)), nil
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

// errText is an error's text, "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
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
