// Command gen writes the api plugin's operation index (operations.json)
// from the Kestra OpenAPI document: go generate ./openapi.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/kestractl/kestractl/plugins/api/openapi"
	"github.com/kestractl/kestractl/plugins/api/openapi/spec"
)

func main() {
	in := flag.String("in", "kestra-openapi.yaml", "the OpenAPI document")
	out := flag.String("out", "operations.json", "the index to write")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	doc, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	ops, err := spec.Operations(doc)
	if err != nil {
		return err
	}
	b, err := openapi.Encode(ops)
	if err != nil {
		return err
	}
	return os.WriteFile(out, b, 0o644)
}
