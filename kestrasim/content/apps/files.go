package apps

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/logs"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Preview bounds, as Kestra's server.preview settings default them.
const (
	defaultPreviewRows = 100
	maxPreviewRows     = 5000
)

// appFile opens the file the `path` of a file request names: a kestra://
// URI of a file of an execution of the app's flow. It returns the file's
// content and size.
func (h *Handlers) appFile(r *http.Request) (io.ReadSeekCloser, int64, error) {
	it, err := h.app(r, r.PathValue("id"), "VIEW")
	if err != nil {
		return nil, 0, err
	}
	uri := r.URL.Query().Get("path")
	if uri == "" {
		return nil, 0, rest.BadRequest("Required QueryValue [path] not specified")
	}
	if u, err := url.Parse(uri); err != nil || u.Scheme != "kestra" {
		return nil, 0, rest.BadRequest("Invalid path '%s': expected a kestra:// URI", uri)
	}
	app := it.Value
	prefix := "kestra:///" + strings.ReplaceAll(app.Namespace, ".", "/") + "/" + app.FlowID + "/executions/"
	if app.FlowID == "" || !strings.HasPrefix(uri, prefix) {
		return nil, 0, rest.Forbidden("Forbidden: '%s' is not a file of an execution of app '%s'", uri, app.ID)
	}
	return h.Executions.StoredFile(auth.From(r.Context()).Tenant, uri)
}

// fileMetas is FileMetas.
type fileMetas struct {
	Size int64 `json:"size"`
}

func (h *Handlers) fileMeta(w http.ResponseWriter, r *http.Request) error {
	f, size, err := h.appFile(r)
	if err != nil {
		return err
	}
	f.Close()
	rest.WriteJSON(w, http.StatusOK, fileMetas{Size: size})
	return nil
}

// filePreview is Kestra's FileRender for text: the first lines of the
// file, decoded from the requested charset.
type filePreview struct {
	Extension string `json:"extension"`
	Type      string `json:"type"`
	Content   string `json:"content"`
}

func (h *Handlers) filePreview(w http.ResponseWriter, r *http.Request) error {
	maxRows, err := rest.QueryInt(r, "maxRows", 1)
	if err != nil {
		return err
	}
	if maxRows == 0 {
		maxRows = defaultPreviewRows
	}
	maxRows = min(maxRows, maxPreviewRows)
	charset := r.URL.Query().Get("encoding")
	if charset == "" {
		charset = "UTF-8"
	}
	enc, err := htmlindex.Get(charset)
	if err != nil {
		return rest.BadRequest("Unsupported encoding '%s'", charset)
	}
	f, _, err := h.appFile(r)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(enc.NewDecoder().Reader(f))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var lines []string
	for len(lines) < maxRows && sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		return rest.BadRequest("Cannot preview the file: %v", err)
	}
	ext := strings.TrimPrefix(path.Ext(r.URL.Query().Get("path")), ".")
	rest.WriteJSON(w, http.StatusOK, filePreview{Extension: ext, Type: "TEXT", Content: strings.Join(lines, "\n")})
	return nil
}

// logs downloads the logs of an execution of the app's flow, one line per
// entry: timestamp, level, message.
func (h *Handlers) logs(w http.ResponseWriter, r *http.Request) error {
	it, err := h.app(r, r.PathValue("uid"), "VIEW")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	id := q.Get("executionId")
	if id == "" {
		return rest.BadRequest("Required QueryValue [executionId] not specified")
	}
	minLevel := 0
	if l := q.Get("minLevel"); l != "" {
		rank, ok := logs.LevelRank(strings.ToUpper(l))
		if !ok {
			return rest.BadRequest("Failed to convert argument [minLevel] for value [%s]", l)
		}
		minLevel = rank
	}
	var taskIDs []string
	for _, v := range q["taskIds"] {
		for _, t := range strings.Split(v, ",") {
			if t = strings.TrimSpace(t); t != "" {
				taskIDs = append(taskIDs, t)
			}
		}
	}
	a := auth.From(r.Context())
	e, err := h.Executions.Get(a.Tenant, id)
	if err != nil {
		return err
	}
	snap := e.Snapshot()
	if snap.Namespace != it.Value.Namespace || snap.FlowID != it.Value.FlowID {
		return rest.NotFound("Execution '%s' not found for app '%s'", id, it.Value.ID)
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", id+".log"))
	lines := h.Logs.Execution(a.Tenant, id, func(l logs.Entry) bool {
		rank, _ := logs.LevelRank(l.Level)
		return rank >= minLevel && (len(taskIDs) == 0 || slices.Contains(taskIDs, l.TaskID))
	})
	bw := bufio.NewWriter(w)
	for _, l := range lines {
		if _, err := io.WriteString(bw, l.Timestamp.UTC().Format(time.RFC3339Nano)+" "+l.Level+" "+l.Message+"\n"); err != nil {
			return nil
		}
	}
	_ = bw.Flush()
	return nil
}
