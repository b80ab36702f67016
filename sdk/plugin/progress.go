package plugin

import "sync"

// Progress reports the progress of one task. The core draws bars only when
// stderr is a terminal; updates are coalesced on the way.
type Progress struct {
	c     *Context
	id    string
	label string
	unit  string

	mu      sync.Mutex
	current int64
	total   int64
}

// Progress starts a bar. total may be 0 when unknown; unit is "bytes" or ""
// (items).
func (c *Context) Progress(id, label string, total int64, unit string) *Progress {
	return &Progress{c: c, id: id, label: label, total: total, unit: unit}
}

// Add advances the bar by n.
func (p *Progress) Add(n int64) {
	p.mu.Lock()
	p.current += n
	cur, tot := p.current, p.total
	p.mu.Unlock()
	p.send(cur, tot, false, "")
}

// SetLabel changes the label (e.g. the state of what is followed).
func (p *Progress) SetLabel(label string) {
	p.mu.Lock()
	p.label = label
	cur, tot := p.current, p.total
	p.mu.Unlock()
	p.send(cur, tot, false, "")
}

// SetCurrent sets the progress to n.
func (p *Progress) SetCurrent(n int64) {
	p.mu.Lock()
	p.current = n
	cur, tot := p.current, p.total
	p.mu.Unlock()
	p.send(cur, tot, false, "")
}

// SetTotal changes the total.
func (p *Progress) SetTotal(total int64) {
	p.mu.Lock()
	p.total = total
	p.mu.Unlock()
}

// Write lets a Progress count bytes passing through an io.Writer chain.
func (p *Progress) Write(b []byte) (int, error) {
	p.Add(int64(len(b)))
	return len(b), nil
}

// Done ends the bar, with an error text when it failed.
func (p *Progress) Done(failure string) {
	p.mu.Lock()
	cur, tot := p.current, p.total
	p.mu.Unlock()
	p.send(cur, tot, true, failure)
}

func (p *Progress) send(cur, tot int64, done bool, failure string) {
	p.mu.Lock()
	label := p.label
	p.mu.Unlock()
	// Progress is best effort: a failed update never fails the command.
	_ = p.c.host.Progress(p.c, ProgressUpdate{
		ID: p.id, Label: label, Current: cur, Total: tot, Done: done, Unit: p.unit, Error: failure,
	})
}
