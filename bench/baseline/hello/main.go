// Command hello is the dispatch benchmark's baseline: Go's hello world,
// built static (CGO_ENABLED=0) and installed like kestractl, so that the
// ratio shows what a command costs beyond starting a Go process.
package main

import "fmt"

func main() { fmt.Println("hello, world") }
