// Package checksum reads Maven checksum files (.sha256, .sha512, .sha1,
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

// The algorithms.
const (
	SHA256 Algorithm = "sha256"
	SHA512 Algorithm = "sha512"
	SHA1   Algorithm = "sha1"
	MD5    Algorithm = "md5"
)

// Preferred is the order checksum files are looked for in. SHA-256 comes
// first: as strong as needed and hashed by the CPU's SHA extensions on
// current x86 and ARM processors (crypto/sha256 uses them), several times
// faster than SHA-512 there. MD5 comes last and never counts as verified.
func Preferred() []Algorithm { return []Algorithm{SHA256, SHA512, SHA1, MD5} }

// Local is the algorithm of the digest kept for a JAR whose repository
// publishes no checksum (so that a later run can tell it is unchanged).
const Local = SHA256

// Valid reports whether a is a known algorithm.
func (a Algorithm) Valid() bool {
	switch a {
	case SHA512, SHA256, SHA1, MD5:
		return true
	}
	return false
}

// Verifies reports whether a matching digest of this algorithm counts as
// verified. MD5 does not: collisions are cheap to make, so it only catches
// accidents.
func (a Algorithm) Verifies() bool { return a == SHA256 || a == SHA512 || a == SHA1 }

// Title is the algorithm's usual name ("SHA-256").
func (a Algorithm) Title() string {
	switch a {
	case SHA256:
		return "SHA-256"
	case SHA512:
		return "SHA-512"
	case SHA1:
		return "SHA-1"
	case MD5:
		return "MD5"
	}
	return string(a)
}

// Ext is the checksum file's extension (".sha256").
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

// Verifies reports whether a match counts as verified (a published
// SHA-256, SHA-512 or SHA-1).
func (e Expected) Verifies() bool { return e.Algorithm.Verifies() }

// Matches reports whether sum (raw bytes) is the expected digest.
func (e Expected) Matches(sum []byte) bool {
	want, err := hex.DecodeString(e.Hex)
	if err != nil || len(want) != len(sum) {
		return false
	}
	return subtle.ConstantTimeCompare(want, sum) == 1
}

// MaxFile bounds a checksum file: one digest and a file name fit many
// times over; anything longer is not a checksum file.
const MaxFile = 4 << 10

// Parse finds the digest in a checksum file's content. The formats in use
// are "hex", "hex  filename" (sha256sum) and "SHA256 (file) = hex" (BSD):
// the first white-space separated token that is hex of the algorithm's
// length wins, compared case-insensitively. Content longer than MaxFile is
// refused, not cut: the repository publishes something else than a
// checksum file there.
func Parse(a Algorithm, content []byte) (Expected, error) {
	n := a.HexLen()
	if n == 0 {
		return Expected{}, fmt.Errorf("unknown checksum algorithm %q", a)
	}
	if len(content) > MaxFile {
		return Expected{}, fmt.Errorf("the checksum file is larger than %d bytes", MaxFile)
	}
	for _, tok := range strings.Fields(string(content)) {
		if len(tok) == n && isHex(tok) {
			return Expected{Algorithm: a, Hex: strings.ToLower(tok)}, nil
		}
	}
	return Expected{}, fmt.Errorf("no %d-character hex %s digest in the checksum file", n, a.Title())
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
