package flows

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Change is one stored revision: Old is the revision it follows (nil for a
// brand new flow), New the stored one (New.Deleted for a deletion).
// Listeners (the trigger store) react to changes the way Kestra's scheduler
// reacts to flow events.
type Change struct {
	Old, New *Revision
}

// OnChange registers fn, called after every stored revision, outside the
// store's lock, in the order the revisions were stored.
func (s *Store) OnChange(fn func(Change)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listeners = append(s.listeners, fn)
}

// unlock releases the write lock and hands the operation's changes to the
// listeners.
func (s *Store) unlock() {
	changes := s.pending
	s.pending = nil
	listeners := slices.Clone(s.listeners)
	s.mu.Unlock()
	for _, c := range changes {
		for _, fn := range listeners {
			fn(c)
		}
	}
}

// FlowRef names a flow of a tenant.
type FlowRef struct {
	Namespace string `json:"namespace"`
	ID        string `json:"id"`
}

// disabledLine matches a top-level `disabled:` line holding the value to
// replace, as FlowService.injectDisabled does (kestra-io/kestra
// core/src/main/java/io/kestra/core/services/FlowService.java).
var (
	disabledFalse = regexp.MustCompile(`(?m)^disabled\s*:\s*false\s*`)
	disabledTrue  = regexp.MustCompile(`(?m)^disabled\s*:\s*true\s*`)
)

// InjectDisabled rewrites a source so that it holds `disabled: <v>`,
// replacing an existing top-level line or appending one, exactly as
// Kestra's FlowService.injectDisabled does.
func InjectDisabled(src string, disabled bool) string {
	re := disabledTrue
	if disabled {
		re = disabledFalse
	}
	if re.MatchString(src) {
		return re.ReplaceAllLiteralString(src, fmt.Sprintf("disabled: %t\n", disabled))
	}
	return src + fmt.Sprintf("\ndisabled: %t", disabled)
}

// SetDisabled enables or disables the live flows refs name by storing a new
// revision whose source carries `disabled:`; flows already in that state
// are left alone. It returns how many flows changed. Every ref must exist:
// when one does not, nothing changes and the error names it.
func (s *Store) SetDisabled(tenant string, refs []FlowRef, disabled bool) (int, error) {
	s.mu.Lock()
	defer s.unlock()
	entries, err := s.liveEntries(tenant, refs)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range entries {
		cur := e.latest()
		if cur.Def.Disabled == disabled {
			continue
		}
		src := InjectDisabled(cur.Source, disabled)
		def, err := ParseValid([]byte(src))
		if err != nil {
			return n, err
		}
		s.put(tenant, def, src, false)
		n++
	}
	return n, nil
}

// DeleteMany soft-deletes the live flows refs name. Every ref must exist:
// when one does not, nothing is deleted (kestra-io/kestra #19374 made the
// by-ids delete validate every id first).
func (s *Store) DeleteMany(tenant string, refs []FlowRef) (int, error) {
	s.mu.Lock()
	defer s.unlock()
	entries, err := s.liveEntries(tenant, refs)
	if err != nil {
		return 0, err
	}
	for _, e := range entries {
		s.put(tenant, e.latest().Def, e.latest().Source, true)
	}
	return len(entries), nil
}

// liveEntries resolves refs to live flows, deduplicated, in the given
// order; the caller holds the lock.
func (s *Store) liveEntries(tenant string, refs []FlowRef) ([]*entry, error) {
	var out []*entry
	var missing []string
	seen := map[key]bool{}
	for _, r := range refs {
		k := key{r.Namespace, r.ID}
		e := s.tenants[tenant][k]
		if e == nil || e.latest().Deleted {
			missing = append(missing, r.Namespace+"."+r.ID)
			continue
		}
		if !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	if len(missing) > 0 {
		return nil, rest.NotFound("Flow not found: %s", joinQuoted(missing))
	}
	return out, nil
}

func joinQuoted(items []string) string {
	out := ""
	for i, s := range items {
		if i > 0 {
			out += ", "
		}
		out += "'" + s + "'"
	}
	return out
}

// DeleteRevisions removes stored revisions of a live flow from its history.
// Unknown revision numbers are ignored; the current revision cannot be
// removed (the flow would otherwise change under its users).
func (s *Store) DeleteRevisions(tenant, ns, id string, revisions []int) error {
	s.mu.Lock()
	defer s.unlock()
	e := s.entry(tenant, ns, id)
	if e == nil || e.latest().Deleted {
		return notFound(ns, id)
	}
	cur := e.latest().Revision
	if slices.Contains(revisions, cur) {
		return rest.Invalid(rest.Violation{Path: "revisions",
			Message: fmt.Sprintf("revision %d is the current revision of flow '%s' and cannot be deleted", cur, id)})
	}
	e.revisions = slices.DeleteFunc(e.revisions, func(r *Revision) bool { return slices.Contains(revisions, r.Revision) })
	return nil
}

// Import creates a flow, or updates it (a deleted flow is restored as a new
// revision), as FlowService.importFlow does; an identical live source keeps
// its revision.
func (s *Store) Import(tenant string, def *Definition, src string) *Revision {
	s.mu.Lock()
	defer s.unlock()
	if e := s.entry(tenant, def.Namespace, def.ID); e != nil && !e.latest().Deleted && e.latest().Source == src {
		return e.latest()
	}
	return s.put(tenant, def, src, false)
}
