package store

import (
	"errors"
	"testing"
	"time"
)

func TestStoreRevisions(t *testing.T) {
	clock := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Second); return clock }
	for _, keep := range []bool{true, false} {
		s := New[string](Options{Revisions: keep}, now)
		if _, err := s.Get("main", "a"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("empty store: %v", err)
		}
		it, err := s.Create("main", "a", "v1", "src1")
		if err != nil || it.Revision != 1 {
			t.Fatalf("create: %v %+v", err, it)
		}
		if _, err := s.Create("main", "a", "v1", "src1"); !errors.Is(err, ErrExists) {
			t.Fatalf("duplicate create: %v", err)
		}
		if _, err := s.Get("other", "a"); !errors.Is(err, ErrNotFound) {
			t.Fatal("tenants are not isolated")
		}
		same, created := s.Put("main", "a", "v1", "src1")
		if created || same.Revision != 1 {
			t.Fatalf("identical put stored a revision: %+v", same)
		}
		up, err := s.Update("main", "a", func(cur *Item[string]) (string, string, error) { return "v2", "src2", nil })
		if err != nil || up.Revision != 2 || up.Created != it.Created || !up.Updated.After(it.Updated) {
			t.Fatalf("update: %v %+v", err, up)
		}
		revs, _ := s.Revisions("main", "a")
		if want := map[bool]int{true: 2, false: 1}[keep]; len(revs) != want {
			t.Fatalf("revisions=%v: %d, want %d", keep, len(revs), want)
		}
		if _, err := s.GetRevision("main", "a", 1); keep != (err == nil) {
			t.Fatalf("revision 1 with revisions=%v: %v", keep, err)
		}
		if _, err := s.Delete("main", "a"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get("main", "a"); !errors.Is(err, ErrNotFound) {
			t.Fatal("deleted item still served")
		}
		if d, err := s.GetAny("main", "a"); err != nil || !d.Deleted {
			t.Fatalf("GetAny after delete: %v %+v", err, d)
		}
		if len(s.List("main", nil)) != 0 || len(s.ListAll("main", nil)) != 1 {
			t.Fatal("list after delete")
		}
		again, err := s.Create("main", "a", "v3", "src3")
		if err != nil || again.Revision != 4 {
			t.Fatalf("re-create continues numbering: %v %+v", err, again)
		}
		if !s.Purge("main", "a") || s.Purge("main", "a") {
			t.Fatal("purge")
		}
	}
}

func TestReplace(t *testing.T) {
	s := New[string](Options{}, nil)
	if _, err := s.Replace("main", "a", "x", "x"); err != ErrNotFound {
		t.Fatalf("replace of a missing item: %v", err)
	}
	if _, err := s.Create("main", "a", "v1", "src1"); err != nil {
		t.Fatal(err)
	}
	it, err := s.Replace("main", "a", "v2", "src2")
	if err != nil || it.Value != "v2" || it.Source != "src2" || it.Revision != 2 {
		t.Fatalf("replace: %+v %v", it, err)
	}
	if same, _ := s.Replace("main", "a", "v3", "src2"); same.Revision != 2 || same.Value != "v2" {
		t.Errorf("a byte-identical source made a revision: %+v", same)
	}
}
