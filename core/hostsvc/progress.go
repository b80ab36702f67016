package hostsvc

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/kestractl/kestractl/core/render"
	pb "github.com/kestractl/kestractl/sdk/wire/pb"
)

// Bars draws progress bars on a terminal's stderr: one line per active
// bar, redrawn in place, at most every 100 ms. Off a terminal, progress is
// not drawn at all (plugins print plain per-item lines instead).
type Bars struct {
	mu     sync.Mutex
	w      io.Writer
	width  int
	bars   map[string]*pb.ProgressUpdate
	order  []string
	lines  int
	last   time.Time
	closed bool
}

// NewBars returns a bar display writing to a terminal.
func NewBars(w io.Writer, width int) *Bars {
	if width <= 0 {
		width = 80
	}
	return &Bars{w: w, width: width, bars: map[string]*pb.ProgressUpdate{}}
}

// Update records an update and redraws.
func (b *Bars) Update(u *pb.ProgressUpdate) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	if _, ok := b.bars[u.GetId()]; !ok {
		b.order = append(b.order, u.GetId())
	}
	b.bars[u.GetId()] = u
	if u.GetDone() || time.Since(b.last) >= 100*time.Millisecond {
		b.draw()
	}
}

// Around takes the bars down, runs fn (which prints something else), and
// draws them again below it.
func (b *Bars) Around(fn func() error) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed || b.lines == 0 {
		return fn()
	}
	b.erase()
	err := fn()
	b.draw()
	return err
}

// Close erases the bars.
func (b *Bars) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.erase()
	b.closed = true
}

func (b *Bars) erase() {
	for i := 0; i < b.lines; i++ {
		fmt.Fprint(b.w, "\x1b[1A\x1b[2K")
	}
	b.lines = 0
}

func (b *Bars) draw() {
	b.last = time.Now()
	b.erase()
	// Finished bars leave the display; show at most 8 active ones.
	active := b.order[:0]
	for _, id := range b.order {
		if u := b.bars[id]; u.GetDone() {
			delete(b.bars, id)
			continue
		}
		active = append(active, id)
	}
	b.order = active
	ids := append([]string(nil), active...)
	if len(ids) > 8 {
		ids = ids[len(ids)-8:]
	}
	for _, id := range ids {
		fmt.Fprintln(b.w, b.line(b.bars[id]))
		b.lines++
	}
}

func (b *Bars) line(u *pb.ProgressUpdate) string {
	label := u.GetLabel()
	count := fmt.Sprintf("%d", u.GetCurrent())
	if u.GetUnit() == "bytes" {
		count = render.HumanBytes(u.GetCurrent())
	}
	pct := ""
	bar := ""
	if u.GetTotal() > 0 {
		total := fmt.Sprintf("%d", u.GetTotal())
		if u.GetUnit() == "bytes" {
			total = render.HumanBytes(u.GetTotal())
		}
		count += "/" + total
		frac := float64(u.GetCurrent()) / float64(u.GetTotal())
		frac = min(max(frac, 0), 1)
		const w = 20
		n := int(frac * w)
		bar = "[" + strings.Repeat("=", n) + strings.Repeat(" ", w-n) + "] "
		pct = fmt.Sprintf(" %3.0f%%", frac*100)
	}
	s := bar + count + pct + "  " + label
	if r := []rune(s); len(r) > b.width-1 {
		s = string(r[:b.width-2]) + "…"
	}
	return s
}
