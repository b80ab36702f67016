// Command tokenprint is the dispatch benchmark's baseline: it prints a
// worker registration token in-process, with the same code the workers
// plugin uses, and nothing else.
package main

import (
	"crypto/rand"
	"fmt"
	"os"

	"github.com/kestractl/kestractl/plugins/workers/token"
)

func main() {
	t, err := token.Generate(rand.Reader)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(t)
}
