package executions

import (
	"context"
	"time"

	"github.com/kestractl/kestractl/plugins/flows/api"
)

// replayDeadline bounds how long the replays of a bulk replay are looked
// for (Kestra makes them asynchronously).
const replayDeadline = 30 * time.Second

// snapshot records, before a batch is replayed, each execution's flow and
// the replays it already has, so that the new ones can be told apart.
func (r *bulkRun) snapshot(ctx context.Context, ids []string) error {
	byFlow := map[api.FlowFilter]map[string]bool{}
	for _, id := range ids {
		e, err := r.cl.GetExecution(ctx, id)
		if err != nil {
			continue // the action reports it
		}
		f := api.FlowFilter{Namespace: e.Namespace, ID: e.FlowID}
		r.flowOf[id] = f
		if byFlow[f] == nil {
			byFlow[f] = map[string]bool{}
		}
		byFlow[f][id] = true
	}
	for f, of := range byFlow {
		existing, err := r.cl.ReplaysOf(ctx, f.Namespace, f.ID, of)
		if err != nil {
			return err
		}
		for id := range of {
			r.before[id] = map[string]bool{}
			for _, child := range existing[id] {
				r.before[id][child] = true
			}
		}
	}
	return nil
}

// findReplays returns the replay each replayed execution got, in order;
// an execution whose replay does not show up in time is left out, with a
// warning.
func (r *bulkRun) findReplays() ([]string, error) {
	found := map[string]string{}
	deadline := time.Now().Add(replayDeadline)
	for {
		byFlow := map[api.FlowFilter]map[string]bool{}
		for _, id := range r.acted {
			if _, ok := found[id]; ok {
				continue
			}
			if f, ok := r.flowOf[id]; ok {
				if byFlow[f] == nil {
					byFlow[f] = map[string]bool{}
				}
				byFlow[f][id] = true
			}
		}
		if len(byFlow) == 0 {
			break
		}
		for f, of := range byFlow {
			replays, err := r.cl.ReplaysOf(r.c, f.Namespace, f.ID, of)
			if err != nil {
				return nil, err
			}
			for id, children := range replays {
				for _, child := range children {
					if !r.before[id][child] {
						found[id] = child
						break
					}
				}
			}
		}
		if time.Now().After(deadline) {
			break
		}
		if len(found) < len(r.acted) {
			select {
			case <-r.c.Done():
				return nil, r.c.Err()
			case <-time.After(pollInterval):
			}
		}
	}
	out := make([]string, 0, len(found))
	for _, id := range r.acted {
		if child, ok := found[id]; ok {
			out = append(out, child)
		} else {
			_ = r.c.Warn("the replay of execution %s did not show up within %s; not waiting for it", id, replayDeadline)
		}
	}
	return out, nil
}
