package params

import (
	"errors"
	"net/http"

	"github.com/kestractl/kestractl/kestrasim/content/store"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Search answers a search of stored items: the page the request asks for
// (size items by default) of the items list returns, each shown by view
// and sorted by the request's sort keys, else def (Sort).
func Search[T, V any](w http.ResponseWriter, r *http.Request, size int, list func() ([]*store.Item[T], error),
	view func(*store.Item[T]) V, fields rest.Comparators[V], def ...rest.SortKey) error {
	q := r.URL.Query()
	paging, err := rest.ParsePaging(q, size)
	if err != nil {
		return err
	}
	items, err := list()
	if err != nil {
		return err
	}
	rows := make([]V, len(items))
	for i, it := range items {
		rows[i] = view(it)
	}
	rest.WritePage(w, q, paging, rows, fields, def...)
	return nil
}

// Create stores a new item; a live item with the same key is Kestra's
// 422 "<what> id already exists".
func Create[T any](s *store.Store[T], tenant, key string, value T, source, what string) (*store.Item[T], error) {
	it, err := s.Create(tenant, key, value, source)
	if errors.Is(err, store.ErrExists) {
		return nil, rest.Invalid(rest.Violation{Path: "id", Message: what + " id already exists"})
	}
	return it, err
}
