package iam

import (
	"net/http"
	"slices"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/auth"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// kind describes one plain CRUD resource of the IAM API — where its objects
// live, how they are named, shown and removed — so that get, search,
// autocomplete, lookup by ids and delete are written once for users,
// service accounts, groups, roles, bindings and invitations.
type kind[T any] struct {
	// noun names the resource in errors: "Group 'x' not found".
	noun string
	// instanceLevel objects live outside tenants (users, service
	// accounts); the others belong to the tenant of the request.
	instanceLevel bool
	table         func(*Store) table[T]
	// key sorts listings; text is what search and autocomplete match
	// (case-insensitively).
	key  func(*T) string
	text func(*Store, *T) string
	// show renders one object; summary renders it in listings (show when
	// nil). Both run under the Store's lock.
	show    func(s *Store, scope string, v *T) any
	summary func(s *Store, scope string, v *T) any
	// cascade removes what refers to a deleted object; the caller holds
	// the write lock.
	cascade func(s *Store, scope string, v *T)
	// deleted is the status of a successful delete.
	deleted int
}

func (k kind[T]) notFound(id string) error { return rest.NotFound("%s '%s' not found", k.noun, id) }

// scope is the scope of the request: its tenant, or the instance.
func (k kind[T]) scope(r *http.Request) string {
	if k.instanceLevel {
		return instance
	}
	return auth.From(r.Context()).Tenant
}

// lookup finds the object named by the {id} path value; the caller holds
// the lock.
func (k kind[T]) lookup(s *Store, r *http.Request) (string, *T, error) {
	scope, id := k.scope(r), r.PathValue("id")
	v := k.table(s).Get(scope, id)
	if v == nil {
		return scope, nil, k.notFound(id)
	}
	return scope, v, nil
}

// view runs fn on the object named by the {id} path value under the
// Store's read lock.
func (k kind[T]) view(s *Store, r *http.Request, fn func(scope string, v *T) error) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	scope, v, err := k.lookup(s, r)
	if err != nil {
		return err
	}
	return fn(scope, v)
}

// change runs fn on the object named by the {id} path value under the
// Store's write lock.
func (k kind[T]) change(s *Store, r *http.Request, fn func(scope string, v *T) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	scope, v, err := k.lookup(s, r)
	if err != nil {
		return err
	}
	return fn(scope, v)
}

func (k kind[T]) listed(s *Store, scope string, v *T) any {
	if k.summary != nil {
		return k.summary(s, scope, v)
	}
	return k.show(s, scope, v)
}

// matching returns the rendered objects whose text contains q.
func (k kind[T]) matching(s *Store, scope, q string) []any {
	q = strings.ToLower(q)
	out := []any{}
	for _, v := range k.table(s).Sorted(scope, k.key) {
		if q == "" || strings.Contains(strings.ToLower(k.text(s, v)), q) {
			out = append(out, k.listed(s, scope, v))
		}
	}
	return out
}

// get serves GET .../{id}.
func (k kind[T]) get(s *Store) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return k.view(s, r, func(scope string, v *T) error {
			rest.WriteJSON(w, http.StatusOK, k.show(s, scope, v))
			return nil
		})
	}
}

// search serves a paged listing filtered by q (query parameter or
// filters[q][EQUALS]).
func (k kind[T]) search(s *Store) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		paging, err := rest.ParsePaging(r.URL.Query(), 10)
		if err != nil {
			return err
		}
		text, err := queryText(r)
		if err != nil {
			return err
		}
		s.mu.RLock()
		out := k.matching(s, k.scope(r), text)
		s.mu.RUnlock()
		for _, sk := range rest.ParseSort(r.URL.Query()) {
			if sk.Desc && (sk.Field == "name" || sk.Field == "username") {
				slices.Reverse(out)
			}
		}
		rest.WriteJSON(w, http.StatusOK, rest.Page(out, paging))
		return nil
	}
}

// autocompleteRequest is ApiAutocomplete.
type autocompleteRequest struct {
	Q            *string  `json:"q"`
	IDs          []string `json:"ids"`
	ExistingOnly bool     `json:"existingOnly"`
}

// autocompleteLimit is how many suggestions Kestra returns (its
// AUTOCOMPLETE_PAGEABLE: page 1, size 50, in NamespaceController of
// kestra-io/kestra).
const autocompleteLimit = 50

// autocomplete serves POST .../autocomplete: the objects matching q, plus
// the ones named in ids, at most autocompleteLimit.
func (k kind[T]) autocomplete(s *Store) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var req autocompleteRequest
		if err := rest.DecodeJSON(r, &req); err != nil {
			return err
		}
		q := ""
		if req.Q != nil {
			q = *req.Q
		}
		s.mu.RLock()
		defer s.mu.RUnlock()
		scope := k.scope(r)
		out := k.matching(s, scope, q)
		if len(out) > autocompleteLimit {
			out = out[:autocompleteLimit]
		}
		for _, id := range req.IDs {
			if v := k.table(s).Get(scope, id); v != nil && !strings.Contains(strings.ToLower(k.text(s, v)), strings.ToLower(q)) {
				out = append(out, k.listed(s, scope, v))
			}
		}
		rest.WriteJSON(w, http.StatusOK, out)
		return nil
	}
}

// byIDs serves POST .../ids: the objects named in ids, in that order,
// unknown ids skipped.
func (k kind[T]) byIDs(s *Store, render func(s *Store, scope string, v *T) any) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var req autocompleteRequest
		if err := rest.DecodeJSON(r, &req); err != nil {
			return err
		}
		s.mu.RLock()
		defer s.mu.RUnlock()
		scope := k.scope(r)
		out := []any{}
		for _, id := range req.IDs {
			if v := k.table(s).Get(scope, id); v != nil {
				out = append(out, render(s, scope, v))
			}
		}
		rest.WriteJSON(w, http.StatusOK, out)
		return nil
	}
}

// remove serves DELETE .../{id}.
func (k kind[T]) remove(s *Store) rest.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		return k.change(s, r, func(scope string, v *T) error {
			k.table(s).Remove(scope, r.PathValue("id"))
			if k.cascade != nil {
				k.cascade(s, scope, v)
			}
			w.WriteHeader(k.deleted)
			return nil
		})
	}
}

func queryText(r *http.Request) (string, error) {
	filters, err := rest.ParseFilters(r.URL.Query())
	if err != nil {
		return "", err
	}
	text := r.URL.Query().Get("q")
	if v, ok := filters.Equals("q"); ok {
		text = v
	}
	return strings.ToLower(text), nil
}
