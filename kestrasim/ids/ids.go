// Package ids makes the random identifiers the simulator hands out, as
// Kestra's IdUtils.create() does: base62 strings.
package ids

import "crypto/rand"

// New returns a 22-character base62 id (an execution, an app, a
// blueprint, a test run, an IAM object).
func New() string { return Random(22) }

// Random returns n random base62 characters (ids, generated secrets).
func Random(n int) string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
