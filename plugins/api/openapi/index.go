package openapi

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

//go:generate go run ./gen -in kestra-openapi.yaml -out operations.json

// operationsJSON is the index generated from kestra-openapi.yaml.
//
//go:embed operations.json
var operationsJSON []byte

// Encode renders operations as the index file: a JSON array, one operation
// per line, so that a change of the document reads as a small diff.
func Encode(ops []Operation) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, o := range ops {
		line, err := json.Marshal(o)
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", o.ID, err)
		}
		b.Write(line)
		if i < len(ops)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]\n")
	return b.Bytes(), nil
}

// Index is the set of operations, looked up by operationId and by path.
type Index struct {
	ops  []Operation
	byID map[string]*Operation
	// byLowerID finds an operationId typed in another case.
	byLowerID map[string]*Operation
	routes    *router
}

// NewIndex indexes ops.
func NewIndex(ops []Operation) *Index {
	ix := &Index{ops: ops, byID: make(map[string]*Operation, len(ops)), byLowerID: make(map[string]*Operation, len(ops))}
	for i := range ix.ops {
		o := &ix.ops[i]
		ix.byID[o.ID] = o
		ix.byLowerID[strings.ToLower(o.ID)] = o
	}
	ix.routes = newRouter(ix.ops)
	return ix
}

// Operations are every operation, sorted by path and method.
func (ix *Index) Operations() []Operation { return ix.ops }

// ByID returns the operation with that operationId (exact, or in another
// case when only one matches), nil when none.
func (ix *Index) ByID(id string) *Operation {
	if o := ix.byID[id]; o != nil {
		return o
	}
	return ix.byLowerID[strings.ToLower(id)]
}

// Catalog decodes the embedded index on first use. It is safe for
// concurrent use; the zero value is not: use NewCatalog.
type Catalog struct {
	data []byte
	once sync.Once
	ix   *Index
	err  error
}

// NewCatalog returns the catalog of the embedded index.
func NewCatalog() *Catalog { return &Catalog{data: operationsJSON} }

// CatalogOf returns a catalog of an index file's content (tests).
func CatalogOf(data []byte) *Catalog { return &Catalog{data: data} }

// Index decodes the index once and returns it.
func (c *Catalog) Index() (*Index, error) {
	c.once.Do(func() {
		var ops []Operation
		if err := json.Unmarshal(c.data, &ops); err != nil {
			c.err = fmt.Errorf("the embedded OpenAPI index is damaged: %w", err)
			return
		}
		c.ix = NewIndex(ops)
	})
	return c.ix, c.err
}
