// Package checksum reads Maven checksum files (.sha512, .sha256, .sha1,
// .md5) and compares digests.
package checksum

import (
	"crypto/md5" //nolint:gosec // MD5 is only a last-resort integrity check, and said so
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
)

// Algorithm names a digest algorithm by its Maven file extension.
type Algorithm string

// The algorithms, strongest first.
const (
	SHA512 Algorithm = "sha512"
	SHA256 Algorithm = "sha256"
	SHA1   Algorithm = "sha1"
	MD5    Algorithm = "md5"
)

// Preferred is the order checksum files are looked for in: the strongest
// first. MD5 only proves integrity against accidents and is used last.
var Preferred = []Algorithm{SHA512, SHA256, SHA1, MD5}

// Valid reports whether a is a known algorithm.
func (a Algorithm) Valid() bool {
	switch a {
	case SHA512, SHA256, SHA1, MD5:
		return true
	}
	return false
}

// Ext is the checksum file's extension (".sha512").
func (a Algorithm) Ext() string { return "." + string(a) }

// New returns a hash of the algorithm (nil for an unknown one).
func (a Algorithm) New() hash.Hash {
	switch a {
	case SHA512:
		return sha512.New()
	case SHA256:
		return sha256.New()
	case SHA1:
		return sha1.New() //nolint:gosec // the repository publishes it
	case MD5:
		return md5.New() //nolint:gosec // last resort, with a warning
	}
	return nil
}

// HexLen is the length of the algorithm's hex digest.
func (a Algorithm) HexLen() int {
	switch a {
	case SHA512:
		return 128
	case SHA256:
		return 64
	case SHA1:
		return 40
	case MD5:
		return 32
	}
	return 0
}

// Expected is a published digest. The zero value means none was published.
type Expected struct {
	Algorithm Algorithm
	// Hex is the lower-case hex digest.
	Hex string
}

// None reports whether no checksum was published.
func (e Expected) None() bool { return e.Algorithm == "" }

// Matches reports whether sum (raw bytes) is the expected digest.
func (e Expected) Matches(sum []byte) bool {
	want, err := hex.DecodeString(e.Hex)
	if err != nil || len(want) != len(sum) {
		return false
	}
	return subtle.ConstantTimeCompare(want, sum) == 1
}

// MaxFile bounds how much of a checksum file is read.
const MaxFile = 4 << 10

// Parse finds the digest in a checksum file's content. The formats in use
// are "hex", "hex  filename" (sha512sum) and "SHA512 (file) = hex" (BSD):
// the first white-space separated token that is hex of the algorithm's
// length wins, compared case-insensitively.
func Parse(a Algorithm, content []byte) (Expected, error) {
	n := a.HexLen()
	if n == 0 {
		return Expected{}, fmt.Errorf("unknown checksum algorithm %q", a)
	}
	if len(content) > MaxFile {
		content = content[:MaxFile]
	}
	for _, tok := range strings.Fields(string(content)) {
		if len(tok) == n && isHex(tok) {
			return Expected{Algorithm: a, Hex: strings.ToLower(tok)}, nil
		}
	}
	return Expected{}, fmt.Errorf("no %d-character hex %s digest in the checksum file", n, strings.ToUpper(string(a)))
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}
