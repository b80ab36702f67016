package executions

import (
	"os"
	"strings"

	"github.com/kestractl/kestractl/kestrasim/rest"
)

// fileURI is the kestra:// URI of a file of an execution (rel is e.g.
// "inputs/<input>/<name>"), as the create handler builds it.
func fileURI(ns, flowID, id, rel string) string {
	return "kestra:///" + strings.ReplaceAll(ns, ".", "/") + "/" + flowID + "/executions/" + id + "/" + rel
}

// inputFiles maps the URI of each uploaded input file to its stored path.
func inputFiles(values map[string]formValue, ns, flowID, id string) map[string]string {
	out := map[string]string{}
	for input, v := range values {
		if v.file != "" {
			out[fileURI(ns, flowID, id, "inputs/"+input+"/"+v.fileName)] = v.file
		}
	}
	return out
}

// StoredFile resolves the kestra:// URI of a file an execution of tenant
// stored (an uploaded input, a test file fixture) to its local path. It
// answers 404 for a URI no execution holds.
func (s *Store) StoredFile(tenant, uri string) (string, error) {
	_, rest0, ok := strings.Cut(uri, "/executions/")
	if !ok {
		return "", rest.NotFound("File '%s' not found", uri)
	}
	id, _, _ := strings.Cut(rest0, "/")
	e, err := s.Get(tenant, id)
	if err != nil {
		return "", rest.NotFound("File '%s' not found", uri)
	}
	e.mu.Lock()
	path, ok := e.files[uri]
	e.mu.Unlock()
	if !ok {
		return "", rest.NotFound("File '%s' not found", uri)
	}
	if _, err := os.Stat(path); err != nil {
		return "", rest.NotFound("File '%s' not found", uri)
	}
	return path, nil
}
