package fetch

import (
	"hash"

	"github.com/kestractl/kestractl/plugins/artifacts/checksum"
	"github.com/kestractl/kestractl/plugins/artifacts/mbsha512"
)

// hashes makes the digests of one run: the SHA-512 ones of concurrent
// transfers are computed side by side (mbsha512), the others one by one.
type hashes struct {
	sha512 *mbsha512.Hasher // nil: crypto/sha512
}

func newHashes(concurrency int) hashes {
	return hashes{sha512: mbsha512.NewHasher(concurrency)}
}

func (h hashes) new(a checksum.Algorithm) hash.Hash {
	if a == checksum.SHA512 {
		return h.sha512.New()
	}
	return a.New()
}

func (h hashes) close() { h.sha512.Close() }
