package commands

import "fmt"

// Vars are the kong variables the grammar uses.
func Vars() map[string]string {
	return map[string]string{"max_concurrency": fmt.Sprint(maxConcurrency)}
}
