// Command kestrasim is an in-memory Kestra 2.0 API simulator for tests,
// benchmarks and demos.
package main

import (
	"os"

	"github.com/kestractl/kestractl/kestrasim/app"
)

func main() {
	os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr))
}
