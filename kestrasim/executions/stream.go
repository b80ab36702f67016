package executions

import (
	"net/http"
	"time"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

// keepAlive is the interval of SSE comment lines on an idle stream.
const keepAlive = 10 * time.Second

// follow streams the execution: a "start" event with the current state,
// "progress" events on every change, and an "end" event with the
// terminated execution, after which the stream closes.
func (h *Handlers) follow(w http.ResponseWriter, r *http.Request) error {
	e, err := h.execution(r, "VIEW")
	if err != nil {
		return err
	}
	s := rest.NewEventStream(w)
	snap, ch := e.watch()
	if err := s.Send("start", snap); err != nil {
		return nil
	}
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		if Terminal(snap.State.Current) {
			_ = s.Send("end", snap)
			return nil
		}
		select {
		case <-ch:
			snap, ch = e.watch()
			if !Terminal(snap.State.Current) {
				if err := s.Send("progress", snap); err != nil {
					return nil
				}
			}
		case <-tick.C:
			if err := s.Ping(); err != nil {
				return nil
			}
		case <-r.Context().Done():
			return nil
		case <-h.Store.ctx.Done():
			return nil
		}
	}
}
