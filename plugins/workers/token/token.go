// Package token generates and validates Kestra worker registration tokens:
// kwreg_<payload>_<checksum>, where payload is 32 random bytes in lower-case
// unpadded base32 (52 characters a-z2-7) and checksum is the low 24 bits of
// the IEEE CRC-32 of "kwreg_<payload>" as 6 lower-case hex digits.
package token

import (
	"encoding/base32"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
)

// Prefix starts every token.
const Prefix = "kwreg_"

const (
	payloadBytes = 32
	payloadLen   = 52
	checksumLen  = 6
	// Len is the length of a token.
	Len = len(Prefix) + payloadLen + 1 + checksumLen
)

// encoding is RFC 4648 base32 with the lower-case alphabet, unpadded.
func encoding() *base32.Encoding {
	return base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)
}

// FromBytes builds the token of a 32-byte payload.
func FromBytes(b [payloadBytes]byte) string {
	head := Prefix + encoding().EncodeToString(b[:])
	return head + "_" + checksum(head)
}

// Generate reads 32 bytes from rand (crypto/rand.Reader in production) and
// returns a token.
func Generate(rand io.Reader) (string, error) {
	var b [payloadBytes]byte
	if _, err := io.ReadFull(rand, b[:]); err != nil {
		return "", fmt.Errorf("failed to generate random bytes: %w", err)
	}
	return FromBytes(b), nil
}

func checksum(head string) string {
	return fmt.Sprintf("%06x", crc32.ChecksumIEEE([]byte(head))&0xFFFFFF)
}

// Validate returns nil for a well-formed token with a correct checksum, or
// an error saying what is wrong.
func Validate(tok string) error {
	if !strings.HasPrefix(tok, Prefix) {
		return fmt.Errorf("token must start with %q", Prefix)
	}
	if len(tok) != Len {
		return fmt.Errorf("token must be %d characters long, got %d", Len, len(tok))
	}
	payload := tok[len(Prefix) : len(Prefix)+payloadLen]
	if tok[len(Prefix)+payloadLen] != '_' {
		return fmt.Errorf("token must have '_' between the payload and the checksum")
	}
	for i, r := range payload {
		if !(r >= 'a' && r <= 'z' || r >= '2' && r <= '7') {
			return fmt.Errorf("payload character %d (%q) is not in the base32 alphabet a-z2-7", i+1, r)
		}
	}
	// 256 bits in 52 characters: the last character holds one data bit.
	if last := payload[payloadLen-1]; last != 'a' && last != 'q' {
		return fmt.Errorf("payload does not encode 32 bytes (last character %q must be 'a' or 'q')", last)
	}
	sum := tok[len(tok)-checksumLen:]
	for _, r := range sum {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f') {
			return fmt.Errorf("checksum %q must be 6 lower-case hex digits", sum)
		}
	}
	if want := checksum(tok[:len(Prefix)+payloadLen]); sum != want {
		return fmt.Errorf("checksum mismatch: the token says %s but its payload gives %s (mistyped or truncated?)", sum, want)
	}
	return nil
}
