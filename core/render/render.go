// Package render prints what plugins send: lists of records (streamed as
// pages arrive), single objects and messages, as a table, JSON or YAML. Data
// goes to stdout, messages to stderr; JSON output is exactly one document.
package render

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/itchyny/gojq"

	"github.com/kestractl/kestractl/sdk/display"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Options configure a Renderer.
type Options struct {
	Format    string // table, json, yaml
	NoHeaders bool
	// JQ filters JSON output (--jq); Format must be json.
	JQ      *gojq.Code
	Color   bool // colour statuses (stdout is a TTY and colour is allowed)
	Verbose bool // show DEBUG messages
	// Width of the terminal tables fit (0: stdout is not a terminal,
	// nothing is cut).
	Width int
	// Context bounds the --jq program (an endless program stops when the
	// command is interrupted); nil: never.
	Context context.Context
}

// Renderer prints one command's output. It is safe for concurrent use.
type Renderer struct {
	out  io.Writer
	err  io.Writer
	opts Options

	mu sync.Mutex
	// documents counts data documents started (JSON/YAML allow one).
	documents int
	list      *listState
	jq        *jqState
	// hint is the last INTERRUPT_HINT message: what to tell the user if
	// they interrupt the command.
	hint string
}

// ErrSecondDocument is returned when a plugin tries to print a second data
// document in JSON or YAML mode.
var ErrSecondDocument = errors.New("the plugin sent a second output document; JSON and YAML output hold exactly one")

// New returns a renderer writing data to out and messages to errOut.
func New(out, errOut io.Writer, opts Options) *Renderer {
	if opts.Format == "" {
		opts.Format = "table"
	}
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	r := &Renderer{out: out, err: errOut, opts: opts}
	if opts.JQ != nil {
		r.opts.Format = "json"
		r.jq = &jqState{code: opts.JQ}
	}
	return r
}

// Format is the output format.
func (r *Renderer) Format() string { return r.opts.Format }

type listState struct {
	view []*pb.Column
	// widths are fixed once the first rows are laid out (nil before).
	widths []int
	// held are rows waiting for the layout; heldSince is when the first
	// arrived.
	held      [][]string
	heldSince time.Time
	rows      int
	final     bool
	started   bool
	// stream: a live stream of records (NDJSON with -o json, --jq per
	// record, no footer).
	stream bool
}

// Render handles one request from a plugin.
func (r *Renderer) Render(req *pb.RenderRequest) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch k := req.GetKind().(type) {
	case *pb.RenderRequest_Table:
		return r.page(k.Table)
	case *pb.RenderRequest_Object:
		return r.object(k.Object)
	case *pb.RenderRequest_Message:
		r.message(k.Message)
		return nil
	}
	return fmt.Errorf("empty render request")
}

func (r *Renderer) page(p *pb.TablePage) error {
	if r.list == nil || r.list.final {
		if err := r.startDocument(); err != nil {
			return err
		}
		r.list = &listState{}
		if p.GetView() != nil {
			r.list.view = p.GetView().GetColumns()
			r.list.stream = p.GetView().GetStream()
		}
	}
	l := r.list
	var err error
	switch {
	case r.jq != nil:
		err = r.jqPage(l, p)
	case r.opts.Format == "json":
		err = r.jsonPage(l, p)
	case r.opts.Format == "yaml":
		err = r.yamlPage(l, p)
	default:
		err = r.tablePage(l, p)
	}
	if err != nil {
		return err
	}
	if p.GetFinal() {
		l.final = true
		if r.opts.Format == "table" {
			switch {
			case p.GetFooter() != "":
				fmt.Fprintln(r.err, p.GetFooter())
			case l.rows == 0 && !l.stream:
				fmt.Fprintln(r.err, "No results.")
			}
		}
	}
	return nil
}

func (r *Renderer) startDocument() error {
	if r.opts.Format != "table" && r.documents > 0 {
		return ErrSecondDocument
	}
	r.documents++
	return nil
}

func (r *Renderer) object(o *pb.Object) error {
	if err := r.startDocument(); err != nil {
		return err
	}
	if r.jq != nil {
		v, err := decodeNumber(o.GetJson())
		if err != nil {
			return err
		}
		return runJQ(r.opts.Context, r.out, r.jq.code, v)
	}
	switch r.opts.Format {
	case "json":
		var buf bytes.Buffer
		if err := json.Indent(&buf, o.GetJson(), "", "  "); err != nil {
			return fmt.Errorf("plugin sent invalid JSON: %w", err)
		}
		buf.WriteByte('\n')
		_, err := r.out.Write(buf.Bytes())
		return err
	case "yaml":
		return writeYAML(r.out, o.GetJson())
	}
	return r.tableObject(o)
}

// Finish completes the output once the command returned: an unfinished
// list is closed so JSON stays one valid document.
func (r *Renderer) Finish() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.list != nil && !r.list.final {
		return r.page(&pb.TablePage{Final: true})
	}
	return nil
}

// Documents reports how many data documents were printed.
func (r *Renderer) Documents() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.documents
}

func (r *Renderer) message(m *pb.Message) {
	text := display.SanitizeText(m.GetText())
	switch m.GetLevel() {
	case pb.Level_INTERRUPT_HINT:
		// Kept, not shown: "" clears it.
		r.hint = text
	case pb.Level_DEBUG:
		if !r.opts.Verbose {
			return
		}
		fmt.Fprintln(r.err, text)
	case pb.Level_WARNING:
		fmt.Fprintln(r.err, "Warning: "+text)
	case pb.Level_ERROR:
		fmt.Fprintln(r.err, "Error: "+text)
	default:
		fmt.Fprintln(r.err, text)
	}
}

// InterruptHint is what the plugin asked to tell the user if they
// interrupt the command ("" when nothing).
func (r *Renderer) InterruptHint() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.hint
}

// Errorf prints an error message (core's own).
func (r *Renderer) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	fmt.Fprintf(r.err, format, args...)
}
