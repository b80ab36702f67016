package nsfiles

import (
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

// blob is one stored revision of a file.
type blob struct {
	file    string
	size    int64
	created time.Time
}

// node is a file or a directory.
type node struct {
	dir       bool
	created   time.Time
	modified  time.Time
	revisions []blob
}

// Attributes is Kestra's FileAttributes.
type Attributes struct {
	FileName         string `json:"fileName"`
	LastModifiedTime int64  `json:"lastModifiedTime"`
	CreationTime     int64  `json:"creationTime"`
	Type             string `json:"type"`
	Size             int64  `json:"size"`
}

// Store keeps the file tree of each tenant's namespaces in memory and the
// file contents on disk. It is safe for concurrent use.
type Store struct {
	mu    sync.RWMutex
	dir   string
	trees map[string]map[string]map[string]*node // tenant -> namespace -> path -> node
	now   func() time.Time
	touch func(tenant, ns string)
}

// NewStore keeps contents under dir; touch records namespaces that gain
// files.
func NewStore(dir string, now func() time.Time, touch func(tenant, ns string)) (*Store, error) {
	for _, d := range []string{filepath.Join(dir, "blobs"), filepath.Join(dir, "tmp")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, fmt.Errorf("namespace files: %w", err)
		}
	}
	return &Store{dir: dir, trees: map[string]map[string]map[string]*node{}, now: now, touch: touch}, nil
}

func notFound(p, ns string) error {
	return rest.NotFound("File '%s' was not found in namespace '%s'", p, ns)
}

// tree returns the nodes of a namespace; create makes it when missing. The
// caller holds the lock (write lock when create).
func (s *Store) tree(tenant, ns string, create bool) map[string]*node {
	t := s.trees[tenant]
	if t == nil {
		if !create {
			return nil
		}
		t = map[string]map[string]*node{}
		s.trees[tenant] = t
	}
	n := t[ns]
	if n == nil && create {
		n = map[string]*node{}
		t[ns] = n
	}
	return n
}

func (s *Store) lookup(tree map[string]*node, p string) *node {
	if p == "/" {
		return &node{dir: true}
	}
	return tree[p]
}

// Stat returns the attributes of a path.
func (s *Store) Stat(tenant, ns, p string) (Attributes, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := s.lookup(s.tree(tenant, ns, false), p)
	if n == nil {
		return Attributes{}, notFound(p, ns)
	}
	return attributes(base(p), n), nil
}

func attributes(name string, n *node) Attributes {
	a := Attributes{FileName: name, Type: "File", CreationTime: n.created.UnixMilli(), LastModifiedTime: n.modified.UnixMilli()}
	if n.dir {
		a.Type = "Directory"
	} else if len(n.revisions) > 0 {
		a.Size = n.revisions[len(n.revisions)-1].size
	}
	return a
}

// List returns the entries of a directory, sorted by name.
func (s *Store) List(tenant, ns, dir string) ([]Attributes, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	tree := s.tree(tenant, ns, false)
	d := s.lookup(tree, dir)
	if d == nil {
		return nil, notFound(dir, ns)
	}
	if !d.dir {
		return nil, rest.BadRequest("Path '%s' is a file, not a directory", dir)
	}
	out := []Attributes{}
	for p, n := range tree {
		if parent(p) == dir {
			out = append(out, attributes(base(p), n))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].FileName < out[j].FileName })
	return out, nil
}

// Search returns the file paths containing q, sorted.
func (s *Store) Search(tenant, ns, q string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []string{}
	for p, n := range s.tree(tenant, ns, false) {
		if !n.dir && strings.Contains(p, q) {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// Revisions lists the revision numbers of a file.
func (s *Store) Revisions(tenant, ns, p string) ([]int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := s.lookup(s.tree(tenant, ns, false), p)
	if n == nil {
		return nil, notFound(p, ns)
	}
	if n.dir {
		return nil, rest.BadRequest("Path '%s' is a directory", p)
	}
	out := make([]int, len(n.revisions))
	for i := range n.revisions {
		out[i] = i + 1
	}
	return out, nil
}

// Open opens a revision (0: the latest) of a file for reading.
func (s *Store) Open(tenant, ns, p string, revision int) (*os.File, Attributes, error) {
	s.mu.RLock()
	n := s.lookup(s.tree(tenant, ns, false), p)
	if n == nil {
		s.mu.RUnlock()
		return nil, Attributes{}, notFound(p, ns)
	}
	if n.dir {
		s.mu.RUnlock()
		return nil, Attributes{}, rest.BadRequest("Path '%s' is a directory", p)
	}
	if revision < 0 || revision > len(n.revisions) {
		s.mu.RUnlock()
		return nil, Attributes{}, rest.NotFound("Revision %d of file '%s' was not found in namespace '%s'", revision, p, ns)
	}
	b := n.revisions[len(n.revisions)-1]
	if revision > 0 {
		b = n.revisions[revision-1]
	}
	attrs := attributes(base(p), n)
	attrs.Size = b.size
	// Open under the lock: a concurrent delete cannot remove the blob
	// between the lookup and the open (and an open file survives removal).
	f, err := os.Open(b.file)
	s.mu.RUnlock()
	if err != nil {
		return nil, Attributes{}, notFound(p, ns)
	}
	return f, attrs, nil
}

// TempFile creates a file to stream an upload into.
func (s *Store) TempFile() (*os.File, error) {
	f, err := os.CreateTemp(filepath.Join(s.dir, "tmp"), "upload-*")
	if err != nil {
		return nil, fmt.Errorf("namespace files: %w", err)
	}
	return f, nil
}

// Commit makes a complete upload (the temporary file tmp of size bytes) the
// new revision of p, creating parent directories. On error tmp is removed
// and nothing changes.
func (s *Store) Commit(tenant, ns, p, tmp string, size int64) error {
	blobPath := filepath.Join(s.dir, "blobs", rand.Text())
	s.mu.Lock()
	defer s.mu.Unlock()
	tree := s.tree(tenant, ns, true)
	if p == "/" {
		os.Remove(tmp)
		return rest.BadRequest("Cannot write a file at the root path")
	}
	if n := tree[p]; n != nil && n.dir {
		os.Remove(tmp)
		return rest.Conflict("Path '%s' is a directory in namespace '%s'", p, ns)
	}
	if err := s.checkParents(tree, p, ns); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, blobPath); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store %s: %w", p, err)
	}
	now := s.now()
	s.mkdirs(tree, parent(p), now)
	n := tree[p]
	if n == nil {
		n = &node{created: now}
		tree[p] = n
	}
	n.modified = now
	n.revisions = append(n.revisions, blob{file: blobPath, size: size, created: now})
	s.touch(tenant, ns)
	return nil
}

// checkParents fails when an ancestor of p is a file.
func (s *Store) checkParents(tree map[string]*node, p, ns string) error {
	for d := parent(p); d != "/"; d = parent(d) {
		if n := tree[d]; n != nil && !n.dir {
			return rest.Conflict("Path '%s' is a file in namespace '%s', not a directory", d, ns)
		}
	}
	return nil
}

// mkdirs creates dir and its ancestors; the caller holds the write lock and
// checked that none is a file.
func (s *Store) mkdirs(tree map[string]*node, dir string, now time.Time) {
	for d := dir; d != "/"; d = parent(d) {
		if tree[d] != nil {
			return
		}
		tree[d] = &node{dir: true, created: now, modified: now}
	}
}

// Mkdir creates a directory and its parents (no error when it exists).
func (s *Store) Mkdir(tenant, ns, dir string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	tree := s.tree(tenant, ns, true)
	if dir == "/" {
		return nil
	}
	if n := tree[dir]; n != nil && !n.dir {
		return rest.Conflict("Path '%s' is a file in namespace '%s'", dir, ns)
	}
	if err := s.checkParents(tree, dir, ns); err != nil {
		return err
	}
	s.mkdirs(tree, dir, s.now())
	s.touch(tenant, ns)
	return nil
}

// Delete removes a file, or a directory with everything below it.
func (s *Store) Delete(tenant, ns, p string) error {
	if p == "/" {
		return rest.BadRequest("Cannot delete the root directory of namespace '%s'", ns)
	}
	var blobs []string
	s.mu.Lock()
	tree := s.tree(tenant, ns, false)
	if tree[p] == nil {
		s.mu.Unlock()
		return notFound(p, ns)
	}
	for q, n := range tree {
		if within(q, p) {
			for _, b := range n.revisions {
				blobs = append(blobs, b.file)
			}
			delete(tree, q)
		}
	}
	s.mu.Unlock()
	for _, b := range blobs {
		os.Remove(b)
	}
	return nil
}

// Move renames a file or directory (with its content) to a path that does
// not exist yet.
func (s *Store) Move(tenant, ns, from, to string) error {
	if from == "/" || to == "/" {
		return rest.BadRequest("Cannot move the root directory")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tree := s.tree(tenant, ns, false)
	if tree[from] == nil {
		return notFound(from, ns)
	}
	if tree[to] != nil {
		return rest.Conflict("File '%s' already exists in namespace '%s'", to, ns)
	}
	if within(to, from) {
		return rest.BadRequest("Cannot move '%s' into itself", from)
	}
	if err := s.checkParents(tree, to, ns); err != nil {
		return err
	}
	now := s.now()
	s.mkdirs(tree, parent(to), now)
	moved := map[string]*node{}
	for q, n := range tree {
		if within(q, from) {
			moved[to+strings.TrimPrefix(q, from)] = n
			delete(tree, q)
		}
	}
	for q, n := range moved {
		n.modified = now
		tree[q] = n
	}
	return nil
}

// copyTo streams r into f and returns the byte count.
func copyTo(f *os.File, r io.Reader) (int64, error) {
	n, err := io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return n, err
}
