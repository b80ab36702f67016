package store

import "crypto/rand"

// NewID returns a 22-character base62 id, like Kestra's IdUtils.create()
// (the uid of an app, the id of a blueprint or of a test run).
func NewID() string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	var b [22]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:])
}
