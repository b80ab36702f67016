package hostsvc

import (
	"bytes"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/mattn/go-runewidth"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Progress display limits.
const (
	// refreshRate is how often mpb redraws the bars: every bar, the overall
	// one included, shows its latest value within that time.
	refreshRate = 100 * time.Millisecond
	// maxBars is how many bars are drawn at once.
	maxBars = 8
)

// Bars draws progress bars on a terminal's stderr with mpb: one line per
// active bar with its label, counts, percentage, rate and ETA (a spinner
// when the total is unknown). Finished bars leave the display. Anything
// else printed while bars are up (messages, prompts, table rows) goes
// through Around, which takes the bars down and draws them again below it.
// Off a terminal, progress is not drawn at all (plugins print plain
// per-item lines instead).
type Bars struct {
	mu     sync.Mutex
	term   *termWriter
	p      *mpb.Progress
	width  int
	bars   map[string]*mpb.Bar
	closed bool
}

// NewBars returns a bar display writing to a terminal of the given width.
func NewBars(w io.Writer, width int) *Bars {
	if width <= 0 {
		width = 80
	}
	t := &termWriter{out: w, width: width}
	p := mpb.New(mpb.WithConsoleWriter(t), mpb.WithRefreshRate(refreshRate), mpb.WithWidth(width))
	return &Bars{term: t, p: p, width: width, bars: map[string]*mpb.Bar{}}
}

// Update records an update; mpb draws it at its next refresh.
func (b *Bars) Update(u *pb.ProgressUpdate) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	bar, ok := b.bars[u.GetId()]
	if !ok {
		if u.GetDone() {
			return
		}
		bar = b.add(u)
		b.bars[u.GetId()] = bar
	}
	if u.GetTotal() > 0 {
		bar.SetTotal(u.GetTotal(), false)
	}
	bar.SetCurrent(u.GetCurrent())
	if u.GetDone() {
		delete(b.bars, u.GetId())
		if u.GetError() != "" {
			bar.Abort(true)
			return
		}
		// Complete it now, whatever the total said.
		bar.SetTotal(-1, true)
	}
}

// add creates the bar of a new id.
func (b *Bars) add(u *pb.ProgressUpdate) *mpb.Bar {
	label := runewidth.Truncate(u.GetLabel(), max(b.width/3, 12), "…")
	var unit any
	counts, rate := decor.CountersNoUnit("%d / %d", decor.WCSyncSpace), decor.AverageSpeed(0, "%.1f/s", decor.WCSyncSpace)
	current := decor.CurrentNoUnit("%d", decor.WCSyncSpace)
	if u.GetUnit() == "bytes" {
		unit = decor.SizeB1024(0)
		counts = decor.Counters(unit, "% .1f / % .1f", decor.WCSyncSpace)
		rate = decor.AverageSpeed(unit, "% .1f", decor.WCSyncSpace)
		current = decor.Current(unit, "% .1f", decor.WCSyncSpace)
	}
	opts := []mpb.BarOption{
		mpb.BarRemoveOnComplete(),
		mpb.BarFillerClearOnAbort(),
		mpb.PrependDecorators(decor.Name(label, decor.WCSyncSpaceR)),
	}
	if u.GetTotal() <= 0 {
		opts = append(opts, mpb.BarWidth(1), mpb.AppendDecorators(current, rate))
		return b.p.New(0, mpb.SpinnerStyle(), opts...)
	}
	opts = append(opts, mpb.BarWidth(24), mpb.AppendDecorators(counts, decor.Percentage(decor.WCSyncSpace), rate,
		decor.Name("  ETA "), decor.AverageETA(decor.ET_STYLE_GO)))
	return b.p.New(u.GetTotal(), mpb.BarStyle(), opts...)
}

// Around takes the bars down, runs fn (which prints something else), and
// draws them again below it.
func (b *Bars) Around(fn func() error) error {
	return b.term.around(fn)
}

// Close takes the bars down for good.
func (b *Bars) Close() {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	b.closed = true
	b.mu.Unlock()
	b.p.Shutdown()
	b.term.clear()
}

// termWriter is mpb's console: it draws each frame over the previous one
// and remembers it, so that output printed above the bars (Around) can
// take them down and put them back.
type termWriter struct {
	// Buffer receives the frame mpb is rendering (only mpb's goroutine
	// writes it).
	bytes.Buffer

	mu    sync.Mutex
	out   io.Writer
	width int
	lines int    // lines of the frame on the screen
	frame []byte // the frame on the screen
	done  bool
}

// IsTerminal is true: bars are only made for a terminal.
func (t *termWriter) IsTerminal() bool { return true }

// GetTermSize is the width the core already knows (no terminal query) and
// room for maxBars bars.
func (t *termWriter) GetTermSize() (int, int, error) { return t.width, maxBars, nil }

// Flush draws the rendered frame over the previous one.
func (t *termWriter) Flush(lines int) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	frame := append([]byte(nil), t.Buffer.Bytes()...)
	t.Buffer.Reset()
	if t.done {
		return nil
	}
	t.erase()
	t.frame = frame
	t.lines = lines
	_, err := t.out.Write(frame)
	return err
}

// erase takes the frame off the screen (the cursor is below it).
func (t *termWriter) erase() {
	if t.lines > 0 {
		fmt.Fprintf(t.out, "\x1b[%dA\x1b[J", t.lines)
	}
	t.lines = 0
}

func (t *termWriter) around(fn func() error) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := t.lines
	t.erase()
	err := fn()
	if n > 0 && !t.done {
		_, _ = t.out.Write(t.frame)
		t.lines = n
	}
	return err
}

// clear erases the bars and draws no more.
func (t *termWriter) clear() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.erase()
	t.done = true
}
