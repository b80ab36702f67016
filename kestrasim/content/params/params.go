// Package params holds what the content areas share beyond package rest:
// reading YAML source bodies, and searching and creating stored items.
package params

import (
	"net/http"

	"github.com/kestractl/kestractl/kestrasim/content/source"
	"github.com/kestractl/kestractl/kestrasim/rest"
)

// Source reads a YAML source body.
func Source(r *http.Request) ([]byte, error) {
	src, err := rest.ReadBody(r, source.MaxSize)
	if err != nil {
		return nil, err
	}
	if len(src) == 0 {
		return nil, rest.BadRequest("Required Body is not specified")
	}
	return src, nil
}
